"""Front matter: title, subtitle, repeated title, where the body starts."""

import datetime as dt

from archive.ingest import parse_document, parse_text


def parse(text: str):  # noqa: ANN201 - test helper
    return parse_text(text.encode(), "front.txt")


def test_repeated_title_and_wrapped_title() -> None:
    doc = parse(
        "Rivers and Borders:\nA Long History\n\nBy Ann Lee\n\n1 June 2020\n\n"
        "Rivers and Borders: A Long History\n\nThe body starts here.\n"
    )
    # The part after the colon is the subtitle (tests/corpus/README.md's rule).
    assert (doc.title, doc.subtitle) == ("Rivers and Borders", "A Long History")
    assert doc.paragraphs == ["The body starts here."]


def test_subtitle_only_when_front_matter_follows() -> None:
    doc = parse("Main Title\n\nA short dek line\n\nBy Ann Lee\n\nBody.\n")
    assert (doc.title, doc.subtitle) == ("Main Title", "A short dek line")
    doc = parse("Main Title\n\nThe first paragraph of the body.\n\nThe second paragraph.\n")
    assert doc.subtitle is None
    assert doc.paragraphs == ["The first paragraph of the body.", "The second paragraph."]


def test_document_starting_with_prose_has_no_title() -> None:
    """No title line: the title is derived from the file name (never empty), for review."""
    long_paragraph = "This document has no title line. " * 20
    doc = parse(long_paragraph + "\n\nMore text.\n")
    assert doc.title == "front"
    assert any(p.stage == "front" and p.field == "title" and p.line == 1 for p in doc.problems)
    assert any(p.stage == "untitled" and p.field == "title" for p in doc.problems)
    assert len(doc.paragraphs) == 2


def test_byline_without_title_is_still_read() -> None:
    doc = parse("By Ann Lee\n\n2 June 2020\n\nBody.\n")
    assert [a.name for a in doc.authors] == ["Ann Lee"]
    assert any(p.field == "title" for p in doc.problems)


def test_unrecognised_short_paragraph_does_not_end_the_search_for_the_date() -> None:
    """An unknown short paragraph (not a disclaimer, not a byline) stands between the byline
    and the date: the date, the repeated title and the author note are still front matter,
    and the paragraph is reported, not silently dropped or made body text."""
    doc = parse(
        "Harbour Lights\n\nBy Ann Lee\n\nFirst printed in the spring issue, revised.\n\n"
        "12 June 2020\n\nHarbour Lights\n\nAnn Lee is a historian at the Maritime Museum.\n\n\n"
        "The lighthouses went dark in 1960.\n\nThe keepers moved inland.\n"
    )
    assert doc.published == dt.date(2020, 6, 12)
    assert doc.authors[0].affiliations[0].organization == "Maritime Museum"
    assert doc.paragraphs == ["The lighthouses went dark in 1960.", "The keepers moved inland."]
    (problem,) = doc.problems
    assert (problem.stage, problem.line, problem.raw) == (
        "front",
        5,
        "First printed in the spring issue, revised.",
    )


def test_new_disclaimer_wording_keeps_the_date_after_it() -> None:
    doc = parse(
        "Harbour Lights\n\nBy Ann Lee\n\n"
        "This essay reflects the personal views of the author, not the official position "
        "of the Coastal Heritage Board.\n\nPosted on June 12, 2020\n\n"
        "The lighthouses went dark in 1960.\n"
    )
    assert doc.disclaimer is not None and doc.disclaimer.disclaims == "Coastal Heritage Board"
    assert doc.published == dt.date(2020, 6, 12)
    assert doc.paragraphs == ["The lighthouses went dark in 1960."]
    assert doc.problems == []


def test_short_body_paragraph_without_front_matter_after_it_stays_body() -> None:
    doc = parse(
        "Harbour Lights\n\nBy Ann Lee\n\n12 June 2020\n\nIt was cold.\n\n"
        "The lighthouses went dark in 1960.\n\nBy then the keepers had gone.\n"
    )
    assert doc.paragraphs == [
        "It was cold.",
        "The lighthouses went dark in 1960.",
        "By then the keepers had gone.",
    ]
    assert doc.problems == []


def test_a_section_label_under_the_title_is_not_the_subtitle() -> None:
    body = "The harbour at Leith has changed more in ten years than in the century before.\n"
    doc = parse_document(f"Tides of Leith\n\nNEWS\n\nMay 5, 2019\n\nBy Ann Lee\n\n{body}"
                         .encode(), "tides.txt")
    assert doc.subtitle is None
    assert doc.paragraphs == [body.strip()]
    assert not any(p.stage == "front" for p in doc.problems)
    assert [a.name for a in doc.authors] == ["Ann Lee"]
    doc = parse_document(f"Tides of Leith\n\nNews from the harbour\n\nMay 5, 2019\n\n"
                         f"By Ann Lee\n\n{body}".encode(), "tides.txt")
    assert doc.subtitle == "News from the harbour"
