"""End-to-end: the seed opinion column (plain text extracted from a PDF)."""

import datetime as dt
import re
from functools import cache
from pathlib import Path

import pytest

from archive.ingest import ParsedDocument, parse_text

SEED = Path(__file__).parents[3] / "seeds" / "second-karabakh-war-russia-vs-turkey.txt"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="seed file not present")


@cache
def parsed() -> ParsedDocument:
    return parse_text(SEED.read_bytes(), SEED.name)


def raw_text() -> str:
    return SEED.read_text(encoding="utf-8")


def test_front_matter() -> None:
    doc = parsed()
    assert doc.title == "The Second Karabakh War: Russia vs. Turkey?"
    assert doc.subtitle is None
    assert doc.published == dt.date(2021, 3, 22)
    assert doc.published_raw == "March 22, 2021"
    assert doc.kind == "opinion"
    assert doc.language == "en"


def test_authors_and_affiliations() -> None:
    first, second = parsed().authors
    assert (first.name, first.honorific, first.position, first.role) == (
        "Hakan Yavuz",
        "Dr.",
        1,
        "author",
    )
    assert (second.name, second.honorific, second.position) == ("Vasif Huseynov", "Dr.", 2)
    assert [(a.organization, a.title, a.place) for a in first.affiliations] == [
        ("University of Utah", "professor", None)
    ]
    assert [(a.organization, a.title, a.place) for a in second.affiliations] == [
        ("Center for Analysis of International Relations", "senior fellow", None),
        ("Khazar University", "adjunct lecturer", "Baku, Azerbaijan"),
    ]


def test_disclaimer_verbatim_and_publisher() -> None:
    doc = parsed()
    source_line = raw_text().splitlines()[4]
    assert doc.disclaimer is not None
    assert doc.disclaimer.text == source_line
    assert doc.disclaimer.disclaims == "Ten Thousand Turks Campaign"
    assert doc.publisher == "Ten Thousand Turks Campaign"


def test_body_structure() -> None:
    doc = parsed()
    assert doc.paragraphs[0].startswith("The Karabakh region and surrounding territories")
    assert doc.paragraphs[-1].startswith("The final peace treaty for Karabakh")
    assert doc.section_starts[0] == 0
    assert len(doc.section_starts) > 1 and doc.section_starts == sorted(doc.section_starts)
    assert "Posted on" not in doc.text and "Dr. Yavuz is a professor" not in doc.text
    assert doc.text == "\n\n".join(doc.paragraphs)


def test_exactly_43_notes_with_full_text() -> None:
    notes = parsed().footnotes
    assert [n.number for n in notes] == list(range(1, 44))
    first = notes[0]
    assert first.text.startswith("For a comprehensive book on the demographic changes")
    assert "fund 2000, record 1, volume 6593, page 14)" in first.text
    assert first.text.endswith("Salt Lake City, 2018, p. 19.")
    assert notes[13].text.startswith("“Secret Talks between the envoys")
    assert "Тайные переговоры между эмиссарами" in notes[13].text
    assert notes[13].url_fragments == ["news/190193"]
    assert notes[20].text.endswith("Jamestown Foundation, July 14, 2020,")
    assert "Thinking a Way Out of Karabakh,” Middle East Policy" in notes[9].text
    assert notes[4].text.count("has written on the conflict") == 1


def test_note_urls_and_fragments() -> None:
    notes = {n.number: n for n in parsed().footnotes}
    assert notes[20].urls == [
        "http://asbarez.com/178701/new-territories-in-the-event-of-new-war-says-defense-minister/"
    ]
    assert notes[29].urls == ["https://www.gfsis.org/publications/view/2684"]
    assert notes[15].url_fragments == ["https://eur"]
    assert notes[16].url_fragments == ["madrid-principles/"]
    assert notes[43].url_fragments == ["conflict/reducing-human-cost-new-nagorno-karabakh-war"]
    assert all(not n.urls for k, n in notes.items() if k not in (20, 29))


def test_every_marker_anchored_as_in_source() -> None:
    doc, source = parsed(), raw_text()
    for note in doc.footnotes:
        assert note.paragraph is not None and note.offset is not None, note.number
        paragraph = doc.paragraphs[note.paragraph - 1]
        before = paragraph[note.offset - 1]
        assert before.isalpha() or before in '.,;:!?”’")', (note.number, before)
        # The words before the anchor, then the marker, stand like that in the source.
        assert paragraph[max(0, note.offset - 15) : note.offset] + str(note.number) in source
    anchors = [(n.paragraph, n.offset) for n in doc.footnotes]
    assert anchors == sorted(anchors)  # markers run in reading order


def test_split_words_repaired_everywhere() -> None:
    doc = parsed()
    everything = doc.text + "\n".join(n.text for n in doc.footnotes)
    for split in [
        "erupt ed",
        "ex amines",
        "How ever",
        "how ever",
        "Azerbai jan",
        "in dependent",
        "Autono mous",
        "writ ten",
        "Kara bakh",
        "pe riodic",
        "mountain- dwelling",
    ]:
        assert split not in everything, split
    for kept in [
        "erupted",
        "examines",
        "However",
        "Azerbaijan",
        "independent",
        "Autonomous",
        "mountain-dwelling",
        "per cent",
        "each other",
        "44-day",
    ]:
        assert kept in everything, kept
    assert "written" in doc.footnotes[4].text and "Karabakh" in doc.footnotes[9].text


def test_numbers_that_are_not_markers_stay() -> None:
    text = parsed().text
    for number in [
        "145,450 (76.92 percent)",
        "40,688 (21.52 per cent)",
        "resolutions (822, 853, 874, and 884)",
        "the 1989 Soviet census",
        "Treaty of Lausanne of 1923.",
        "1877–78, and 1914–17. Yet",
    ]:
        assert number in text, number
    assert not re.search(r"(?<!\d)[a-z.,”’]\d{1,3}(?=\s|$)", text)  # no marker left behind


def test_repairs_are_recorded_where_they_are() -> None:
    doc = parsed()
    notes = {f"footnote:{n.number}": n.text for n in doc.footnotes}
    originals = {r.original for r in doc.repairs}
    assert {"erupt ed", "How ever", "Azerbai jan", "writ ten", "Kara bakh"} <= originals
    for repair in doc.repairs:
        target = (
            doc.paragraphs[repair.paragraph - 1]
            if repair.where == "text"
            else (notes[repair.where])
        )
        assert target[repair.offset : repair.offset + len(repair.repaired)] == repair.repaired


def test_no_problems() -> None:
    assert parsed().problems == []
