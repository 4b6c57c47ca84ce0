"""The six verbs of /oai and every error condition; each response validated against the schemas."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from archive import schema
from catalog.oai import views

from .conftest import OAI, REPOSITORY, deleted, errors, ids, utc

DC = "{http://purl.org/dc/elements/1.1/}"
MODS = "{http://www.loc.gov/mods/v3}"
IDENTIFIER = "{http://www.openarchives.org/OAI/2.0/oai-identifier}"


def oai_id(pk: int) -> str:
    return f"oai:{REPOSITORY}:{pk}"


def test_identify_describes_the_repository(oai: Any, create: Any, clock: Any) -> None:
    """Name, base URL, version, admin e-mails, earliest datestamp, deleted records, granularity."""
    create("Later", at=utc(2024, 5, 1, 12))
    create("Earliest", at=utc(2024, 3, 1, 8, 30, 15))
    create("A draft before them all", status="draft", at=utc(2020, 1, 1))
    root = oai.get(verb="Identify")
    body = root.find(f"{OAI}Identify")
    assert body.findtext(f"{OAI}repositoryName") == "Test archive"
    assert body.findtext(f"{OAI}baseURL") == "http://testserver/oai"
    assert body.findtext(f"{OAI}protocolVersion") == "2.0"
    assert [e.text for e in body.findall(f"{OAI}adminEmail")] == [
        "curator@archive.example.org", "second@archive.example.org"]
    assert body.findtext(f"{OAI}earliestDatestamp") == "2024-03-01T08:30:15Z"
    assert body.findtext(f"{OAI}deletedRecord") == "persistent"
    assert body.findtext(f"{OAI}granularity") == "YYYY-MM-DDThh:mm:ssZ"
    description = body.find(f"{OAI}description/{IDENTIFIER}oai-identifier")
    assert description.findtext(f"{IDENTIFIER}repositoryIdentifier") == REPOSITORY
    assert description.findtext(f"{IDENTIFIER}sampleIdentifier") == oai_id(1)
    assert root.findtext(f"{OAI}responseDate") == "2025-01-01T00:00:00Z"
    assert root.find(f"{OAI}request").attrib == {"verb": "Identify"}


def test_an_empty_repository_still_identifies_itself(oai: Any) -> None:
    body = oai.get(verb="Identify").find(f"{OAI}Identify")
    assert body.findtext(f"{OAI}earliestDatestamp") == "1970-01-01T00:00:00Z"


@pytest.mark.parametrize("params, message", [
    ({}, "no verb"),
    ({"verb": "Harvest"}, "is not a verb"),
    ({"verb": ["Identify", "Identify"]}, "repeated"),
    ({"verb": "identify"}, "is not a verb"),
])
def test_bad_verbs(oai: Any, params: dict[str, Any], message: str) -> None:
    """badVerb, with only the base URL in <request> (no attributes)."""
    root = oai.get(**params)
    assert errors(root) == ["badVerb"]
    assert message in root.findtext(f"{OAI}error")
    assert root.find(f"{OAI}request").attrib == {}


@pytest.mark.parametrize("params, message", [
    ({"verb": "Identify", "metadataPrefix": "oai_dc"}, "takes no argument 'metadataPrefix'"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "requires the argument identifier"),
    ({"verb": "GetRecord", "identifier": oai_id(1)}, "requires the argument metadataPrefix"),
    ({"verb": "ListRecords"}, "requires the argument metadataPrefix"),
    ({"verb": "ListIdentifiers", "metadataPrefix": ["oai_dc", "mods"]}, "repeated"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"}, "exclusive"),
    ({"verb": "ListSets", "set": "kind"}, "takes no argument 'set'"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-01-01T00:00:00"},
     "neither a day"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "2024-02-30"},
     "not a valid date"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-01-01",
      "until": "2024-02-01T00:00:00Z"}, "same granularity"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "kind:"}, "is not a setSpec"),
    ({"verb": "ListRecords", "metadataPrefix": "oai dc"}, "metadataPrefix holds"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21", "from": "garbage"}, "neither a day"),
])
def test_bad_arguments(oai: Any, params: dict[str, Any], message: str) -> None:
    """badArgument, with only the base URL in <request>."""
    root = oai.get(**params)
    assert errors(root) == ["badArgument"]
    assert message in root.findtext(f"{OAI}error")
    assert root.find(f"{OAI}request").attrib == {}


def test_list_metadata_formats(oai: Any, create: Any) -> None:
    """oai_dc and MODS, for the repository and for any record; unknown identifiers refused."""
    published = create("Published")
    draft = create("Draft", status="draft")
    for root in (oai.get(verb="ListMetadataFormats"),
                 oai.get(verb="ListMetadataFormats", identifier=oai_id(published))):
        formats = {f.findtext(f"{OAI}metadataPrefix"): (f.findtext(f"{OAI}schema"),
                                                        f.findtext(f"{OAI}metadataNamespace"))
                   for f in root.iter(f"{OAI}metadataFormat")}
        assert formats == {
            "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
                       "http://www.openarchives.org/OAI/2.0/oai_dc/"),
            "mods": ("http://www.loc.gov/standards/mods/v3/mods-3-6.xsd",
                     "http://www.loc.gov/mods/v3"),
        }
    for unknown in (oai_id(draft), oai_id(999), f"oai:elsewhere.org:{published}", "not an id",
                    "oai:archive.example.org:1 2"):
        root = oai.get(verb="ListMetadataFormats", identifier=unknown)
        assert errors(root) == ["idDoesNotExist"], unknown


def test_get_record_in_oai_dc(oai: Any, create: Any, factories: Any) -> None:
    """A published record, mapped to Dublin Core with the disclaimer verbatim in dc:description."""
    pk = create("Title", subtitle="Sub", authors=["Ada Example", "Bo Second"],
                disclaimer="Views are the authors' own.", doi="10.1/x",
                notes=[factories.Note("One.", ["https://cited.example/1", "ftp://x.example/f"])],
                at=utc(2024, 1, 2, 3, 4, 5))
    root = oai.get(verb="GetRecord", identifier=oai_id(pk), metadataPrefix="oai_dc")
    record = root.find(f"{OAI}GetRecord/{OAI}record")
    assert record.findtext(f"{OAI}header/{OAI}identifier") == oai_id(pk)
    assert record.findtext(f"{OAI}header/{OAI}datestamp") == "2024-01-02T03:04:05Z"
    dc = record.find(f"{OAI}metadata/{{http://www.openarchives.org/OAI/2.0/oai_dc/}}dc")
    values = [(e.tag.removeprefix(DC), e.text) for e in dc]
    assert values == [
        ("title", "Title: Sub"), ("creator", "Ada Example"), ("creator", "Bo Second"),
        ("date", "2021-03-22"), ("publisher", "Example Press"), ("type", "Text"),
        ("type", "Opinion column"), ("language", "en"),
        ("description",
         "Stance disclaimer (verbatim, as printed with the document): Views are the authors' own."),
        ("identifier", f"http://testserver/documents/{pk}/"), ("identifier", "https://doi.org/10.1/x"),
        ("relation", "https://cited.example/1"),
        ("rights", "Rights in this document remain with its authors and publisher; "
                   "the archive reproduces it as published."),
    ]
    assert root.find(f"{OAI}request").attrib == {
        "verb": "GetRecord", "identifier": oai_id(pk), "metadataPrefix": "oai_dc"}


def test_get_record_in_mods(oai: Any, create: Any) -> None:
    pk = create("Title", affiliation="Example University")
    root = oai.get(verb="GetRecord", identifier=oai_id(pk), metadataPrefix="mods")
    mods = root.find(f"{OAI}GetRecord/{OAI}record/{OAI}metadata/{MODS}mods")
    assert mods.findtext(f"{MODS}titleInfo/{MODS}title") == "Title"
    assert mods.findtext(f"{MODS}name/{MODS}affiliation") == "Professor, Example University"
    assert mods.findtext(f"{MODS}note[@type='disclaimer']") == "The views are the authors' own."
    assert mods.findtext(f"{MODS}recordInfo/{MODS}recordIdentifier") == oai_id(pk)


def test_get_record_errors_and_deleted_records(oai: Any, create: Any, change: Any) -> None:
    """Drafts do not exist; a withdrawn document is a deleted header; unknown formats refused."""
    published = create("Published")
    draft = create("Draft", status="draft")
    withdrawn = create("Withdrawn", at=utc(2024, 1, 1))
    change(schema.Document, withdrawn, utc(2024, 2, 1), status="withdrawn",
           withdrawn_reason="court order")
    assert errors(oai.get(verb="GetRecord", identifier=oai_id(draft),
                          metadataPrefix="oai_dc")) == ["idDoesNotExist"]
    root = oai.get(verb="GetRecord", identifier=oai_id(published), metadataPrefix="marc21")
    assert errors(root) == ["cannotDisseminateFormat"]
    assert root.find(f"{OAI}request").get("metadataPrefix") == "marc21"
    root = oai.get(verb="GetRecord", identifier=oai_id(withdrawn), metadataPrefix="mods")
    record = root.find(f"{OAI}GetRecord/{OAI}record")
    assert record.find(f"{OAI}header").get("status") == "deleted"
    assert record.findtext(f"{OAI}header/{OAI}datestamp") == "2024-02-01T00:00:00Z"
    assert record.find(f"{OAI}metadata") is None
    assert b"court order" not in record_xml(oai, withdrawn)


def record_xml(oai: Any, pk: int) -> bytes:
    from lxml import etree

    return etree.tostring(oai.get(verb="GetRecord", identifier=oai_id(pk), metadataPrefix="oai_dc"))


def test_list_sets(oai: Any, create: Any) -> None:
    """Parents and one set per kind, language and publisher of the records; drafts' left out."""
    first = create("One", kind="opinion", language="en", publisher="Example Press")
    create("Two", kind="report", language="fr", publisher="Other House")
    create("Draft", status="draft", kind="book", language="de", publisher="Secret Press")
    root = oai.get(verb="ListSets")
    sets = {s.findtext(f"{OAI}setSpec"): s.findtext(f"{OAI}setName")
            for s in root.iter(f"{OAI}set")}
    header = oai.get(verb="GetRecord", identifier=oai_id(first), metadataPrefix="oai_dc")
    publisher = [s.text for s in header.iter(f"{OAI}setSpec") if s.text.startswith("publisher:")]
    assert sets[publisher[0]] == "Publisher: Example Press"
    assert {spec for spec in sets if not spec.startswith("publisher:")} == {
        "kind", "language", "publisher", "kind:opinion", "kind:report", "language:en",
        "language:fr"}
    assert sets["kind:report"] == "Kind: Report"
    assert "Secret Press" not in sets.values() and len(sets) == 9
    assert root.find(f".//{OAI}resumptionToken") is None


def test_list_sets_in_pages(oai: Any, create: Any, monkeypatch: Any) -> None:
    for number in range(4):
        create(f"Doc {number}", publisher=f"Publisher {number}")
    monkeypatch.setattr("catalog.oai.config.SETS_PER_PAGE", 3)
    pages = oai.harvest("ListSets")
    specs = [s.text for page in pages for s in page.iter(f"{OAI}setSpec")]
    assert len(pages) == 3 and len(specs) == len(set(specs)) == 3 + 1 + 1 + 4
    tokens = [p.find(f".//{OAI}resumptionToken") for p in pages]
    assert [(t.get("cursor"), t.get("completeListSize")) for t in tokens] == [
        ("0", "9"), ("3", "9"), ("6", "9")]
    assert tokens[-1].text is None


def test_selective_harvesting_by_date(oai: Any, create: Any, clock: Any) -> None:
    """from/until are inclusive, to the second or the day, and give exactly that window."""
    a = create("A", at=utc(2024, 1, 1, 23, 59, 59))
    b = create("B", at=utc(2024, 1, 2, 0, 0, 0))
    c = create("C", at=utc(2024, 1, 2, 12, 0, 0))
    d = create("D", at=utc(2024, 1, 3, 0, 0, 0))

    def window(**bounds: str) -> list[int]:
        return ids(oai.harvest("ListIdentifiers", metadataPrefix="oai_dc", **bounds))

    assert window() == [a, b, c, d]
    assert window(**{"from": "2024-01-02"}) == [b, c, d]
    assert window(until="2024-01-02") == [a, b, c]
    assert window(**{"from": "2024-01-02", "until": "2024-01-02"}) == [b, c]
    assert window(**{"from": "2024-01-02T00:00:00Z", "until": "2024-01-02T12:00:00Z"}) == [b, c]
    assert window(**{"from": "2024-01-02T00:00:01Z", "until": "2024-01-02T11:59:59Z"}) == []
    assert window(**{"from": "2024-01-01T23:59:59Z", "until": "2024-01-01T23:59:59Z"}) == [a]


def test_empty_lists_are_no_records_match(oai: Any, create: Any, clock: Any) -> None:
    create("A", at=utc(2024, 1, 1))
    for params in ({"from": "2024-06-01"}, {"until": "2023-12-31"}, {"set": "kind:book"},
                   {"set": "colour:red"}, {"set": "publisher:999"},
                   {"from": "2024-02-01", "until": "2024-01-01"}):
        for verb in ("ListRecords", "ListIdentifiers"):
            root = oai.get(verb=verb, metadataPrefix="mods", **params)
            assert errors(root) == ["noRecordsMatch"], (verb, params)
    assert errors(oai.get(verb="ListRecords", metadataPrefix="x")) == ["cannotDisseminateFormat"]


def test_records_from_the_future_wait_for_their_moment(oai: Any, create: Any, clock: Any) -> None:
    """A list never holds a change dated after its response (until is capped at now)."""
    past = create("Past", at=utc(2024, 12, 31))
    create("Future", at=utc(2025, 6, 1))
    assert ids(oai.harvest(metadataPrefix="oai_dc", until="2030-01-01")) == [past]


def test_selective_harvesting_by_set(oai: Any, create: Any) -> None:
    op = create("Op-ed", kind="opinion", language="en", publisher="Example Press")
    report = create("Report", kind="report", language="fr", publisher="Other House")
    anonymous = create("No publisher", kind="report", language="en", publisher=None)

    def members(spec: str) -> set[int]:
        return set(ids(oai.harvest("ListIdentifiers", metadataPrefix="oai_dc", set=spec)))

    assert members("kind:report") == {report, anonymous}
    assert members("kind") == members("language") == {op, report, anonymous}
    assert members("language:fr") == {report}
    assert members("publisher") == {op, report}
    publisher = next(s.text for s in oai.get(
        verb="GetRecord", identifier=oai_id(op), metadataPrefix="oai_dc").iter(f"{OAI}setSpec")
        if s.text.startswith("publisher:"))
    assert members(publisher) == {op}


def test_resumption_tokens_walk_the_whole_list(oai: Any, create: Any, settings: Any) -> None:
    """Pages with completeListSize and cursor; the last page ends with an empty token."""
    settings.OAI_RECORDS_PER_PAGE = 2
    made = [create(f"Doc {n}", at=utc(2024, 1, 1 + n % 3, n)) for n in range(7)]
    pages = oai.harvest(metadataPrefix="mods")
    assert sorted(ids(pages)) == sorted(made) and len(ids(pages)) == 7
    tokens = [page.find(f".//{OAI}resumptionToken") for page in pages]
    assert [(t.get("cursor"), t.get("completeListSize")) for t in tokens] == [
        ("0", "7"), ("2", "7"), ("4", "7"), ("6", "7")]
    assert all(t.get("expirationDate") for t in tokens[:-1])
    assert tokens[-1].text is None and tokens[-1].get("expirationDate") is None
    identifier_pages = oai.harvest("ListIdentifiers", metadataPrefix="mods")
    assert len(identifier_pages) == 1 and ids(identifier_pages) == ids(pages)


def test_bad_resumption_tokens(oai: Any, create: Any, settings: Any, clock: Any) -> None:
    """Altered, foreign, for another verb, expired: badResumptionToken, saying why."""
    from archive.oai.tokens import decode_token, encode_token
    from catalog.oai.config import token_key

    settings.OAI_RECORDS_PER_PAGE = 1
    for n in range(3):
        create(f"Doc {n}", at=utc(2024, 1, 1, n))
    first = oai.get(verb="ListRecords", metadataPrefix="oai_dc")
    token = first.findtext(f".//{OAI}resumptionToken")

    def refused(verb: str, value: str) -> str:
        root = oai.get(verb=verb, resumptionToken=value)
        assert errors(root) == ["badResumptionToken"]
        assert root.find(f"{OAI}request").get("resumptionToken") == value
        return root.findtext(f"{OAI}error")

    assert "altered" in refused("ListRecords", token[:-2] + "AA")
    assert "not one this repository issues" in refused("ListRecords", "garbage")
    assert "not a ListIdentifiers list" in refused("ListIdentifiers", token)
    state = decode_token(token, token_key(), clock.moment)
    expired = encode_token(type(state)(*[*vars_of(state)[:-1], utc(2024, 12, 31)]), token_key())
    assert "expired at 2024-12-31T00:00:00Z" in refused("ListRecords", expired)
    clock.moment = utc(2025, 1, 2, 0, 0, 1)  # the 24 hours of the real token are over too
    assert "expired" in refused("ListRecords", token)


def vars_of(state: Any) -> list[Any]:
    return [getattr(state, name) for name in state.__slots__]


def test_post_is_answered_like_get(oai: Any, create: Any) -> None:
    pk = create("Posted")
    root = oai.post(verb="GetRecord", identifier=oai_id(pk), metadataPrefix="oai_dc")
    assert ids(root) == [pk]
    assert errors(oai.post(verb="Nothing")) == ["badVerb"]


def test_other_methods_are_refused(client: Any, archive_db: None) -> None:
    assert client.put("/oai?verb=Identify").status_code == 405
    assert client.head("/oai?verb=Identify").status_code == 200


def test_drafts_never_appear(oai: Any, create: Any, change: Any, clock: Any) -> None:
    """A draft is in no list; a document published then set back to draft is a deleted record."""
    draft = create("Draft", status="draft", at=utc(2024, 1, 1))
    published = create("Published", at=utc(2024, 1, 2))
    unpublished = create("Unpublished", at=utc(2024, 1, 3))
    change(schema.Document, unpublished, utc(2024, 1, 4), status="draft")
    change(schema.Document, unpublished, utc(2024, 1, 5), title="Edited while a draft")
    change(schema.Document, draft, utc(2024, 1, 6), title="Still a draft")
    pages = oai.harvest(metadataPrefix="oai_dc")
    assert ids(pages) == [published, unpublished]
    assert deleted(pages) == {unpublished}
    assert "Edited while a draft" not in str(b"".join(map(_xml, pages)))
    stamp = [h.findtext(f"{OAI}datestamp") for h in pages[0].iter(f"{OAI}header")]
    assert stamp == ["2024-01-02T00:00:00Z", "2024-01-04T00:00:00Z"]


def _xml(element: Any) -> bytes:
    from lxml import etree

    return etree.tostring(element)


def test_public_pages_link_the_endpoint(client: Any, archive_db: None) -> None:
    """A <link> in the head of every public page leads harvesters to /oai."""
    html = client.get("/").content.decode()
    head = html.split("</head>")[0]
    assert ('<link rel="alternate" type="text/xml" title="OAI-PMH 2.0 (metadata harvesting)" '
            'href="/oai?verb=Identify">') in head


def test_the_deploy_check_wants_a_repository_identifier(settings: Any) -> None:
    from catalog.oai.checks import oai_admin_emails, oai_repository_identifier

    settings.OAI_REPOSITORY_IDENTIFIER = "archive.localhost"
    assert [w.id for w in oai_repository_identifier()] == ["catalog.W101"]
    settings.OAI_REPOSITORY_IDENTIFIER = REPOSITORY
    assert oai_repository_identifier() == []
    settings.OAI_ADMIN_EMAILS = ["not an address"]
    assert [e.id for e in oai_admin_emails()] == ["catalog.E101"]
    settings.OAI_ADMIN_EMAILS = []
    assert [e.id for e in oai_admin_emails()] == ["catalog.E101"]


def test_responses_say_when_they_were_made(oai: Any, clock: Any) -> None:
    clock.moment = dt.datetime(2025, 3, 4, 5, 6, 7, 890_000, tzinfo=dt.UTC)
    assert oai.get(verb="Identify").findtext(f"{OAI}responseDate") == "2025-03-04T05:06:07Z"
    assert views.now is clock
