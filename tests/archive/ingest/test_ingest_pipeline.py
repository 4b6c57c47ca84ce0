"""End-to-end on invented documents: the pipeline must generalise beyond the seed."""

import datetime as dt

import orjson
import pytest

from archive.ingest import (
    DEFAULT_STAGES,
    DecodeError,
    ParsedDocument,
    Stage,
    parse_text,
)

COLUMN = """\
Water Rights on the Upper Nile: A Shared Future?

By Prof. Amara Okafor and Dr Lukas Brenner

The views expressed in this commentary are the author’s own and do not necessarily \
reflect the views of the Nile Basin Policy Forum.

25 November 2019

Prof. Okafor is a professor of hydrology at Makerere University in Kampala, Uganda; \
Dr Brenner is a research fellow at the Institute for Water Studies.


The dispute over the dam erupt ed in 2011, when construction began.1 Since then, rainfall \
has fallen by 12.5 percent across the basin, and the reservoir held 74.3 billion cubic \
metres by 2020.2 How ever, negotiations continued.

Three resolutions (101, 205, and 317) were adopted in 2015.3 The riv er authority may be \
reformed, and some times it meets twice a year.


A second section begins here, and the irri- gation schemes of the 1990s expand.4

1 J. Smith, The Nile (Cairo: River Press, 2012), 45-67. See also the report of
12, 2019, pp. 4-9.
2 “Reservoir levels,” Water Monitor, March 3, 2020, \
https://www.watermonitor. org/reports/2020/levels.
3 UN Doc. A/RES/70/1.
4 Interview with a farmer, 2019.
"""

ARTICLE = """\
Harbour Cranes Return to Leith

A century-old industry finds a second life

By Morag Fraser

2019-11-25

The last crane left the docks in 1984. This spring, 3 new ones arrived, and the port \
expects 40 percent more traffic by 2025.

Local firms say a lot has changed since then.
"""


WRAPPED = """\
Fishing Quotas After Brexit:
Who Gains, Who Loses?

By Fiona MacLeod, Peter Jansen, and Dr. Aoife Byrne

Published on 2 February 2021

Fiona MacLeod is a reporter with the Shetland Times; Peter Jansen is an
economist at Wageningen University in Wageningen, Netherlands; and Dr. Byrne is
a lecturer at University College Cork.


The agreement reached in December left many fishing communities disappoint-
ed. Catches of mackerel fell by 8.5 percent in the first quarter,1 and the
inter- national quota system remained contentious.2 Fishers said the deal was
“a betrayal.”3

Processors, however, reported higher margins. Exports to France rose to
1.2 billion euros in 2021.4 The govern ment has promised support.


Coastal towns in 2022 will test these promises.5

Notes

1 Marine Management Organisation, Monthly Landings (London: MMO, 2021),
table 4.
2 See “Quota Shares,” Fisheries Review 12, no. 3 (2021): 44–59,
https://www.fisheriesreview. eu/articles/quota-shares.
3 Interview, Lerwick harbour, 14 January 2021.
4 Eurostat, Trade Data, 2022, trade/fish-exports-2021.
5 Ibid.
"""


def parse(text: str, name: str = "sample.txt") -> ParsedDocument:
    return parse_text(text.encode("utf-8"), name)


def test_opinion_column_front_matter() -> None:
    doc = parse(COLUMN)
    assert doc.title == "Water Rights on the Upper Nile: A Shared Future?"
    assert doc.kind == "opinion" and doc.language == "en"
    assert (doc.published, doc.published_raw) == (dt.date(2019, 11, 25), "25 November 2019")
    assert doc.publisher == "Nile Basin Policy Forum"
    assert doc.disclaimer is not None and doc.disclaimer.disclaims == "Nile Basin Policy Forum"
    assert [(a.name, a.honorific, a.position) for a in doc.authors] == [
        ("Amara Okafor", "Prof.", 1),
        ("Lukas Brenner", "Dr.", 2),
    ]
    okafor, brenner = doc.authors
    assert [(a.title, a.organization, a.place) for a in okafor.affiliations] == [
        ("professor of hydrology", "Makerere University", "Kampala, Uganda")
    ]
    assert [(a.title, a.organization) for a in brenner.affiliations] == [
        ("research fellow", "Institute for Water Studies")
    ]


def test_opinion_column_body_and_notes() -> None:
    doc = parse(COLUMN)
    assert len(doc.paragraphs) == 3 and doc.section_starts == [0, 2]
    assert "erupted in 2011, when construction began. Since then" in doc.paragraphs[0]
    assert "12.5 percent" in doc.text and "74.3 billion" in doc.text
    assert "(101, 205, and 317)" in doc.text
    assert "However, negotiations" in doc.text and "river authority" in doc.text
    assert "may be reformed" in doc.text and "some times it meets" in doc.text
    assert "irrigation schemes" in doc.text
    assert [n.number for n in doc.footnotes] == [1, 2, 3, 4]
    assert doc.footnotes[0].text.endswith("report of 12, 2019, pp. 4-9.")
    assert doc.footnotes[1].urls == ["https://www.watermonitor.org/reports/2020/levels"]
    assert doc.footnotes[2].url_fragments == []
    anchors = [
        (n.paragraph, doc.paragraphs[n.paragraph - 1][: n.offset][-6:])
        for n in doc.footnotes
        if n.paragraph
    ]
    assert anchors == [(1, "began."), (1, " 2020."), (2, " 2015."), (3, "xpand.")]
    assert doc.problems == []


def test_article_without_notes_or_disclaimer() -> None:
    doc = parse(ARTICLE)
    assert doc.title == "Harbour Cranes Return to Leith"
    assert doc.subtitle == "A century-old industry finds a second life"
    assert [(a.name, a.honorific) for a in doc.authors] == [("Morag Fraser", None)]
    assert doc.published == dt.date(2019, 11, 25) and doc.published_raw == "2019-11-25"
    assert doc.kind == "article" and doc.disclaimer is None and doc.publisher is None
    assert doc.footnotes == [] and doc.repairs == [] and doc.problems == []
    assert "3 new ones arrived" in doc.text and "a lot has changed" in doc.text


def test_hard_wrapped_document_with_notes_heading() -> None:
    doc = parse(WRAPPED)
    assert doc.title == "Fishing Quotas After Brexit: Who Gains, Who Loses?"
    assert [(a.name, a.honorific) for a in doc.authors] == [
        ("Fiona MacLeod", None),
        ("Peter Jansen", None),
        ("Aoife Byrne", "Dr."),
    ]
    assert [[(f.title, f.organization, f.place) for f in a.affiliations] for a in doc.authors] == [
        [("reporter", "Shetland Times", None)],
        [("economist", "Wageningen University", "Wageningen, Netherlands")],
        [("lecturer", "University College Cork", None)],
    ]
    assert doc.kind == "article" and doc.published == dt.date(2021, 2, 2)
    assert doc.section_starts == [0, 2] and len(doc.paragraphs) == 3
    assert doc.paragraphs[0].startswith("The agreement reached in December left many")
    assert "communities disappointed. Catches" in doc.paragraphs[0]
    assert "the international quota system" in doc.paragraphs[0]
    assert "1.2 billion euros in 2021. The government" in doc.paragraphs[1]
    assert "Notes" not in doc.text
    assert [n.text for n in doc.footnotes][0].endswith("(London: MMO, 2021), table 4.")
    assert doc.footnotes[1].urls == ["https://www.fisheriesreview.eu/articles/quota-shares"]
    assert doc.footnotes[3].url_fragments == ["trade/fish-exports-2021"]
    assert [(n.paragraph, n.offset is not None) for n in doc.footnotes] == [
        (1, True),
        (1, True),
        (1, True),
        (2, True),
        (3, True),
    ]
    assert doc.problems == []


def test_missing_byline_and_date_are_problems() -> None:
    doc = parse("A Title Alone\n\nJust one paragraph of body text, nothing else at all.\n")
    assert doc.title == "A Title Alone"
    assert {(p.stage, p.field) for p in doc.problems} == {
        ("byline", "authors"),
        ("date", "published"),
    }
    assert doc.paragraphs == ["Just one paragraph of body text, nothing else at all."]


def test_incomplete_date_is_kept_raw_and_reported() -> None:
    doc = parse("Title\n\nBy Ann Lee\n\nPublished: March 2021\n\nBody text here.\n")
    assert doc.published is None and doc.published_raw == "March 2021"
    [problem] = doc.problems
    assert (problem.stage, problem.field, problem.line) == ("date", "published", 5)
    assert problem.raw == "Published: March 2021" and "day" in problem.reason


def test_note_problems_are_reported_with_lines() -> None:
    text = (
        "Title\n\nBy Ann Lee\n\n3 February 2020\n\n"
        "First claim.1 Second claim.2 Third claim.4\n\n"
        "1 Note one.\n3 Note three.\n4 Note four.\n"
    )
    doc = parse(text)
    reasons = sorted((p.stage, p.line, p.reason) for p in doc.problems)
    assert reasons == [
        ("footnotes", 10, "note numbering gap: no note 2"),
        ("markers", 7, "marker 2 has no note"),
        ("markers", 10, "note 3 has no marker in the text"),
    ]
    assert [(n.number, n.paragraph) for n in doc.footnotes] == [(1, 1), (3, None), (4, 1)]


def test_empty_and_blank_documents_do_not_raise() -> None:
    for data in (b"", b"\n\n  \n"):
        doc = parse_text(data, "empty.txt")
        assert doc.title == "" and doc.paragraphs == []
        assert any(p.field == "title" for p in doc.problems)


def test_other_language_detected_and_left_unrepaired() -> None:
    text = (
        "Die Zukunft der Windkraft\n\nVon Anna Schmidt\n\n12.03.2021\n\n"
        "Die Windkraft ist in Deutschland eine der wichtigsten Energiequellen. "
        "Im vergangenen Jahr wurden viele neue Anlagen gebaut, und die Regierung "
        "möchte den Ausbau weiter beschleunigen.\n"
    )
    doc = parse(text)
    assert doc.language == "de"
    assert doc.published == dt.date(2021, 3, 12)  # dotted dates are day first


def test_decoding_rules() -> None:
    assert parse_text(b"\xef\xbb\xbfTitle\r\n\r\nBody.\r\n", "bom.txt").title == "Title"
    with pytest.raises(DecodeError) as raised:
        parse_text("Caf\u00e9".encode("latin-1"), "latin1.txt")
    assert raised.value.filename == "latin1.txt" and raised.value.position == 3
    with pytest.raises(DecodeError):
        parse_text(b"PK\x03\x04\x00\x00binary", "archive.zip")


def test_failing_stage_becomes_a_problem() -> None:
    def explode(doc: object) -> None:
        raise RuntimeError("boom")

    stages = [*DEFAULT_STAGES[:4], Stage("exploding", explode), *DEFAULT_STAGES[4:]]
    doc = parse_text(COLUMN.encode(), "x.txt", stages)
    assert [(p.stage, p.reason) for p in doc.problems] == [
        ("exploding", "stage failed: RuntimeError: boom")
    ]
    assert len(doc.footnotes) == 4


def test_to_dict_is_json_ready() -> None:
    data = parse(COLUMN).to_dict()
    decoded = orjson.loads(orjson.dumps(data))
    assert decoded["published"] == "2019-11-25"
    assert decoded["authors"][0]["affiliations"][0]["organization"] == "Makerere University"
    assert decoded["text"].startswith("The dispute over the dam erupted")


def test_repairs_point_into_the_final_text() -> None:
    for text in (COLUMN, ARTICLE, WRAPPED):
        doc = parse(text)
        notes = {f"footnote:{n.number}": n.text for n in doc.footnotes}
        for repair in doc.repairs:
            target = (
                doc.paragraphs[repair.paragraph - 1]
                if repair.where == "text"
                else notes.get(repair.where, doc.title)
            )
            assert target[repair.offset : repair.offset + len(repair.repaired)] == repair.repaired
