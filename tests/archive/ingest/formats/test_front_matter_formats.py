"""Front matter in every format: titles starting with "By", disclaimers in new wordings,
ambiguous numeric dates."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from archive.ingest.pipeline import parse_document

BODY = "The ferries stopped at every island twice a week."
DISCLAIMER = (
    "This analysis reflects the personal views of the authors, not the official position of "
    "the Lagoon Research Council."
)


def docx(title: str, paragraphs: list[str]) -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(title, style="Title")
    for text in paragraphs:
        document.add_paragraph(text)
    saved = io.BytesIO()
    document.save(saved)
    return saved.getvalue()


def html(title: str, paragraphs: list[str], head: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head>{head}</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def markdown(title: str, paragraphs: list[str]) -> bytes:
    return (f'---\ntitle: "{title}"\n---\n\n' + "\n\n".join(paragraphs) + "\n").encode()


def text(title: str, paragraphs: list[str]) -> bytes:
    return ("\n\n".join([title, *paragraphs]) + "\n").encode()


WRITERS = {
    "text": (text, "x.txt"),
    "html": (html, "x.html"),
    "markdown": (markdown, "x.md"),
    "docx": (docx, "x.docx"),
}


# -- titles that start with "By" --------------------------------------------------------


@pytest.mark.parametrize("format", ["html", "markdown", "docx"])
def test_stated_title_starting_with_by_is_the_title(format: str) -> None:
    """<h1>, front-matter title, the Title style: a title, whatever it reads like."""
    write, name = WRITERS[format]
    doc = parse_document(write("By Grace Alone", ["By Ann Lee", "12 June 2020", BODY]), name)
    assert doc.title == "By Grace Alone"
    assert [a.name for a in doc.authors] == ["Ann Lee"]
    assert doc.published == dt.date(2020, 6, 12)
    assert doc.paragraphs == [BODY]
    assert doc.problems == []


def test_html_page_title_starting_with_by_without_h1() -> None:
    page = (
        b"<html><head><title>By Any Means Necessary</title></head><body><main>"
        b"<p>By Ann Lee</p><p>12 June 2020</p><p>" + BODY.encode() + b"</p></main></body></html>"
    )
    doc = parse_document(page, "x.html")
    assert (doc.title, [a.name for a in doc.authors]) == ("By Any Means Necessary", ["Ann Lee"])
    assert doc.problems == []


@pytest.mark.parametrize(
    "title", ["By Land and Sea: A History of the Ferries", "By Any Means Necessary", "By Design"]
)
def test_plain_text_title_starting_with_by(title: str) -> None:
    doc = parse_document(text(title, ["By Ann Lee", "12 June 2020", BODY]), "x.txt")
    head, _, tail = title.partition(": ")  # after a colon: the subtitle
    assert (doc.title, doc.subtitle) == (head, tail or None)
    assert [a.name for a in doc.authors] == ["Ann Lee"]
    assert doc.published == dt.date(2020, 6, 12)
    assert doc.problems == []


def test_plain_text_title_reading_like_a_byline_before_the_byline() -> None:
    """ "By Grace Alone" could be a name: the byline after it says it is the title."""
    doc = parse_document(text("By Grace Alone", ["By Ann Lee", "12 June 2020", BODY]), "x.txt")
    assert (doc.title, [a.name for a in doc.authors]) == ("By Grace Alone", ["Ann Lee"])
    assert doc.problems == []


# -- disclaimers in a wording not seen before -------------------------------------------


@pytest.mark.parametrize("format", sorted(WRITERS))
def test_new_disclaimer_wording_before_the_date(format: str) -> None:
    write, name = WRITERS[format]
    doc = parse_document(
        write("Ferry Lines", ["By Ann Lee", DISCLAIMER, "Posted on June 12, 2020", BODY]), name
    )
    assert doc.disclaimer is not None and doc.disclaimer.text == DISCLAIMER
    assert doc.disclaimer.disclaims == "Lagoon Research Council"
    assert doc.published == dt.date(2020, 6, 12)
    assert doc.paragraphs == [BODY]
    assert doc.problems == []


# -- ambiguous numeric dates ------------------------------------------------------------


def test_ambiguous_numeric_date_is_reported_in_plain_text() -> None:
    doc = parse_document(text("Ferry Lines", ["By Ann Lee", "Posted on 03/04/2015", BODY]), "x.txt")
    assert doc.published == dt.date(2015, 3, 4)
    (problem,) = doc.problems
    assert (problem.stage, problem.field) == ("date", "published")
    assert "2015-04-03" in problem.reason


@pytest.mark.parametrize("stated", ["2015-04-03", "2015-03-04"])
def test_ambiguous_numeric_date_is_settled_by_the_page_metadata(stated: str) -> None:
    head = f'<meta name="citation_publication_date" content="{stated}">'
    doc = parse_document(
        html("Ferry Lines", ["By Ann Lee", "Posted on 03/04/2015", BODY], head), "x.html"
    )
    assert doc.published == dt.date.fromisoformat(stated)
    assert doc.published_raw == "03/04/2015"
    assert doc.problems == []


def test_unambiguous_numeric_dates_are_not_reported() -> None:
    for line, date in (("17/05/2021", dt.date(2021, 5, 17)), ("05/05/2021", dt.date(2021, 5, 5))):
        doc = parse_document(text("Ferry Lines", ["By Ann Lee", line, BODY]), "x.txt")
        assert doc.published == date and doc.problems == []


def test_markdown_notes_typed_as_a_numbered_list_under_a_notes_heading() -> None:
    from archive.ingest.pipeline import parse_document

    text = (
        "# Tides\n\nThe tide rose twice a day [1]. Boats waited in the harbour.(2)\n\n"
        "Steps:\n\n1. Look.\n2. Row.\n\nFishermen knew the tables by heart.\n\n"
        "## Notes\n\n1) Harbour records, 1901.\n2) Tide tables, 1902.\n"
    )
    doc = parse_document(text.encode(), "tides.md")
    # A numbered list in the body keeps its numbers, as printed.
    assert doc.paragraphs == [
        "The tide rose twice a day. Boats waited in the harbour.",
        "Steps:", "1. Look.", "2. Row.", "Fishermen knew the tables by heart.",
    ]
    assert [(n.number, n.text, n.paragraph) for n in doc.footnotes] == [
        (1, "Harbour records, 1901.", 1), (2, "Tide tables, 1902.", 1)]


def test_a_pandoc_title_block_is_front_matter() -> None:
    text = ("% Ferry Lines of the Outer Islands\n% Maren Holt; Ivo Brandt\n% May 5, 2019\n\n"
            f"{BODY}\n")
    doc = parse_document(text.encode(), "ferries.md")
    assert doc.title == "Ferry Lines of the Outer Islands"
    assert [a.name for a in doc.authors] == ["Maren Holt", "Ivo Brandt"]
    assert doc.published == dt.date(2019, 5, 5)
    assert not doc.paragraphs[0].startswith("%")


def test_a_name_alone_under_a_markdown_title_is_the_byline() -> None:
    text = f"Ferry Lines of the Outer Islands\n=====\n\nMaren Holt\n\n{BODY}\n"
    assert [a.name for a in parse_document(text.encode(), "ferries.md").authors] == [
        "Maren Holt"]
    # Under a front matter naming the authors, the front matter decides.
    text = f"---\nauthor: Ivo Brandt\n---\n# Ferry Lines\n\nMaren Holt\n\n{BODY}\n"
    assert [a.name for a in parse_document(text.encode(), "ferries.md").authors] == [
        "Ivo Brandt"]


def test_a_label_above_a_word_title_is_no_subtitle_and_the_name_under_it_the_byline() -> None:
    from docx import Document

    document = Document()
    document.core_properties.author = "Administrator"  # the account, not an author
    document.add_paragraph("WORKING PAPER")
    document.add_paragraph("Ferry Lines of the Outer Islands", style="Title")
    document.add_paragraph("Maren Holt")
    document.add_paragraph(BODY * 3)
    saved = io.BytesIO()
    document.save(saved)
    doc = parse_document(saved.getvalue(), "ferries.docx")
    assert doc.title == "Ferry Lines of the Outer Islands"
    assert doc.subtitle is None
    assert [a.name for a in doc.authors] == ["Maren Holt"]
    assert doc.kind == "working-paper"
