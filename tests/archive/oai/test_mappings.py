"""A canonical public record as oai_dc and as MODS: the mapping, escaping, and the schemas."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from lxml import etree

from archive.kinds import KINDS
from archive.oai.context import RecordContext
from archive.oai.dc import DISCLAIMER_PREFIX, dcmi_type, oai_dc
from archive.oai.mods import mods
from archive.oai.validation import response_schema

DC = "{http://purl.org/dc/elements/1.1/}"
MODS = "{http://www.loc.gov/mods/v3}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

RECORD: dict[str, Any] = {
    "id": 7, "status": "published", "version": 3, "title": "A title", "subtitle": "and more",
    "kind": "opinion", "language": "en", "published": "2021-03-22",
    "published_raw": "22 March 2021",
    "publisher": {"id": 4, "name": "Example Press"}, "doi": "10.1234/abc", "url": "https://example.org/a",
    "authors": [
        {"person_id": 1, "name": "Ada Example", "honorific": "Dr.", "role": "author", "position": 1,
         "affiliations": [{"organization": {"id": 9, "name": "Example University"},
                           "title": "Professor", "place": "Baku", "position": 1}]},
        {"person_id": 2, "name": "Bo Second", "honorific": None, "role": "author", "position": 2,
         "affiliations": []},
    ],
    "disclaimer": {"text": "The views are the authors' own.", "disclaims": "Example Press",
                   "organization": {"id": 4, "name": "Example Press"}},
    "footnotes": [
        {"number": 1, "text": "See https://one.example/x.", "anchor": None,
         "urls": ["https://one.example/x", "javascript:alert(1)"], "url_fragments": []},
        {"number": 2, "text": "Ibid.", "anchor": None, "urls": ["https://one.example/x"],
         "url_fragments": []},
        {"number": 3, "text": "ftp only", "anchor": None, "urls": ["ftp://files.example/y"],
         "url_fragments": []},
    ],
    "text": "Body.", "section_starts": [0], "repairs": [], "source": None,
    "changed_by": "test", "changed_at": "2026-01-01T00:00:00Z",
    "created_at": "2026-01-01T00:00:00Z",
}
CONTEXT = RecordContext(
    page_url="https://archive.example.org/documents/7/",
    oai_identifier="oai:archive.example.org:7",
    datestamp=dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC),
    repository_name="Archive catalog",
    rights="Rights stay with the authors.",
)


def valid(element: etree._Element) -> etree._Element:
    schema = response_schema()
    assert schema.validate(element), schema.error_log
    return element


def dc_values(element: etree._Element) -> list[tuple[str, str]]:
    return [(child.tag.removeprefix(DC), child.text) for child in element]


def test_oai_dc_maps_every_field() -> None:
    """Title, creators, date, publisher, types, language, disclaimer, identifiers, links, rights."""
    element = valid(oai_dc(RECORD, CONTEXT))
    assert dc_values(element) == [
        ("title", "A title: and more"),
        ("creator", "Ada Example"),
        ("creator", "Bo Second"),
        ("date", "2021-03-22"),
        ("publisher", "Example Press"),
        ("type", "Text"),
        ("type", "Opinion column"),
        ("language", "en"),
        ("description", DISCLAIMER_PREFIX + "The views are the authors' own."),
        ("identifier", "https://archive.example.org/documents/7/"),
        ("identifier", "https://doi.org/10.1234/abc"),
        ("identifier", "https://example.org/a"),
        ("relation", "https://one.example/x"),
        ("rights", "Rights stay with the authors."),
    ]
    assert element.find(f"{DC}title").get(XML_LANG) == "en"


def test_the_disclaimer_is_recorded_verbatim_with_a_clear_prefix() -> None:
    """Whatever the disclaimer says, it is quoted whole and marked as the document's words."""
    record = copy.deepcopy(RECORD)
    record["disclaimer"]["text"] = "  Odd   spacing, “quotes” & <tags>\nkept.  "
    (description,) = oai_dc(record, CONTEXT).findall(f"{DC}description")
    assert description.text == DISCLAIMER_PREFIX + "  Odd   spacing, “quotes” & <tags>\nkept.  "
    assert b"&amp; &lt;tags&gt;" in etree.tostring(description)


def test_a_minimal_record_gives_valid_minimal_metadata() -> None:
    """No subtitle, authors, date, publisher, disclaimer, notes, rights: nothing invented."""
    record = {**RECORD, "subtitle": None, "authors": [], "published": None, "published_raw": None,
              "publisher": None, "disclaimer": None, "footnotes": [], "doi": None, "url": None,
              "language": "und"}
    context = RecordContext(CONTEXT.page_url, CONTEXT.oai_identifier, CONTEXT.datestamp,
                            "Archive catalog", None)
    assert dc_values(valid(oai_dc(record, context))) == [
        ("title", "A title"), ("type", "Text"), ("type", "Opinion column"), ("language", "und"),
        ("identifier", "https://archive.example.org/documents/7/"),
    ]
    element = valid(mods(record, context))
    assert element.find(f"{MODS}originInfo") is None
    assert element.find(f"{MODS}name") is None


def test_text_that_xml_cannot_carry_is_dropped_and_markup_is_escaped() -> None:
    record = {**RECORD, "title": "Bad\x00\x07 title <script>&amp;\ud800"}
    for build in (oai_dc, mods):
        xml = etree.tostring(valid(build(record, CONTEXT)))
        assert b"Bad title &lt;script&gt;&amp;amp;" in xml


def test_every_kind_is_a_dcmi_text_with_its_label() -> None:
    for kind in KINDS:
        element = oai_dc({**RECORD, "kind": kind.code}, CONTEXT)
        types = [e.text for e in element.findall(f"{DC}type")]
        assert types == [dcmi_type(kind.code), kind.label] == ["Text", kind.label]


def test_mods_keeps_byline_details_disclaimer_and_notes() -> None:
    element = valid(mods(RECORD, CONTEXT))
    assert element.get("version") == "3.6"
    assert element.findtext(f"{MODS}titleInfo/{MODS}title") == "A title"
    assert element.findtext(f"{MODS}titleInfo/{MODS}subTitle") == "and more"
    first, second = element.findall(f"{MODS}name")
    assert first.get("usage") == "primary" and second.get("usage") is None
    assert [(p.get("type"), p.text) for p in first.findall(f"{MODS}namePart")] == [
        (None, "Ada Example"), ("termsOfAddress", "Dr.")]
    assert first.findtext(f"{MODS}affiliation") == "Professor, Example University, Baku"
    assert [t.text for t in first.findall(f"{MODS}role/{MODS}roleTerm")] == ["author", "aut"]
    assert element.findtext(f"{MODS}typeOfResource") == "text"
    assert element.findtext(f"{MODS}genre") == "Opinion column"
    date = element.find(f"{MODS}originInfo/{MODS}dateIssued")
    assert (date.text, date.get("encoding"), date.get("keyDate")) == ("2021-03-22", "w3cdtf", "yes")
    assert element.findtext(f"{MODS}originInfo/{MODS}publisher") == "Example Press"
    term = element.find(f"{MODS}language/{MODS}languageTerm")
    assert (term.text, term.get("authority")) == ("en", "rfc5646")
    note = element.find(f"{MODS}note[@type='disclaimer']")
    assert note.text == "The views are the authors' own."
    assert "verbatim" in note.get("displayLabel")
    identifiers = {i.get("type"): i.text for i in element.findall(f"{MODS}identifier")}
    assert identifiers == {"uri": CONTEXT.page_url, "doi": "10.1234/abc"}
    notes = element.findall(f"{MODS}relatedItem[@type='references']")
    assert [n.get("displayLabel") for n in notes] == ["Footnote 1", "Footnote 2", "Footnote 3"]
    assert notes[0].findtext(f"{MODS}note") == "See https://one.example/x."
    assert [u.text for u in notes[0].findall(f"{MODS}location/{MODS}url")] == [
        "https://one.example/x"]  # javascript: never linked
    assert notes[2].find(f"{MODS}location") is None  # ftp: not linked either
    assert element.findtext(f"{MODS}accessCondition") == "Rights stay with the authors."
    assert element.findtext(f"{MODS}recordInfo/{MODS}recordIdentifier") == CONTEXT.oai_identifier
    assert element.findtext(f"{MODS}recordInfo/{MODS}recordChangeDate") == "2026-11-25T10:00:00Z"


def test_a_date_known_only_as_printed_is_kept_unencoded() -> None:
    element = valid(mods({**RECORD, "published": None}, CONTEXT))
    date = element.find(f"{MODS}originInfo/{MODS}dateIssued")
    assert (date.text, date.get("encoding")) == ("22 March 2021", None)


@pytest.mark.parametrize("language", ["en", "pt-BR", "und", "not a tag", ""])
def test_any_stored_language_gives_valid_metadata(language: str) -> None:
    record = {**RECORD, "language": language}
    valid(oai_dc(record, CONTEXT))
    valid(mods(record, CONTEXT))


def test_the_container_is_the_dc_source_and_the_mods_host() -> None:
    """The journal an article appears in: ``dc:source``, MODS ``relatedItem[@type=host]``."""
    record = {**RECORD, "container_title": "Caucasus Survey"}
    assert ("source", "Caucasus Survey") in dc_values(valid(oai_dc(record, CONTEXT)))
    element = valid(mods(record, CONTEXT))
    (host,) = element.findall(f"{MODS}relatedItem[@type='host']")
    assert host.findtext(f"{MODS}titleInfo/{MODS}title") == "Caucasus Survey"
    assert not valid(mods(RECORD, CONTEXT)).findall(f"{MODS}relatedItem[@type='host']")
