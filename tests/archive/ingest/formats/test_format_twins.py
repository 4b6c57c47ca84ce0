"""An article in each format reads exactly like its plain-text twin."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.ingest import ParsedDocument
from archive.ingest.pipeline import parse_document
from archive.ingest.sniff import sniff_format

from .conftest import AUTHORS, TITLE, latin, plain_text


def _reading(doc: ParsedDocument) -> dict[str, object]:
    return {
        "title": doc.title,
        "authors": [
            (a.honorific, a.name, [(x.organization, x.title, x.place) for x in a.affiliations])
            for a in doc.authors
        ],
        "published": doc.published,
        "disclaimer": doc.disclaimer,
        "publisher": doc.publisher,
        "footnotes": [(n.number, n.text, n.paragraph, n.offset, n.urls) for n in doc.footnotes],
        "paragraphs": doc.paragraphs,
        "kind": doc.kind,
        "language": doc.language,
    }


def test_plain_text_twin_reads_as_written(twins) -> None:
    """The reference reading: the invented article parses cleanly as plain text."""
    doc = parse_document(twins["text"][1], twins["text"][0])
    assert doc.problems == []
    assert doc.title == TITLE
    assert [(a.honorific, a.name) for a in doc.authors] == AUTHORS
    assert doc.published == dt.date(2023, 6, 14)
    assert doc.disclaimer is not None and doc.disclaimer.disclaims == "Baltic Energy Council"
    assert [(n.number, n.paragraph) for n in doc.footnotes] == [(1, 1), (2, 2), (3, 3)]


@pytest.mark.parametrize("format", ["html", "markdown", "docx", "pdf", "cp1252", "utf16"])
def test_format_reads_like_its_plain_text_twin(twins, format: str) -> None:
    """Title, authors, date, disclaimer, footnotes (with anchors) and body all agree."""
    name, data = twins[format]
    doc = parse_document(data, name)
    reference = plain_text()
    if format == "pdf":  # written with a Latin-1 core font: ASCII quotes
        reference = latin(reference)
    expected = parse_document(reference.encode(), "twin.txt")
    assert _reading(doc) == _reading(expected)
    assert doc.problems == []


@pytest.mark.parametrize(
    ("format", "expected"),
    [
        ("html", "html"),
        ("markdown", "markdown"),
        ("docx", "docx"),
        ("pdf", "pdf"),
        ("text", "text"),
        ("cp1252", "text"),
        ("utf16", "text"),
    ],
)
def test_format_is_found_from_the_content(twins, format: str, expected: str) -> None:
    """The content decides, whatever the name says."""
    _, data = twins[format]
    assert sniff_format(data, "misnamed.txt" if expected != "markdown" else "notes.md") == expected
    if expected in ("html", "pdf", "docx"):
        assert sniff_format(data, "no-extension") == expected


def test_html_metadata_and_boilerplate(twins) -> None:
    """The page's URL comes from its metadata; navigation, share box and comments stay out."""
    doc = parse_document(twins["html"][1], "page.html")
    assert doc.url == "https://harbour.example/tidal-power"
    assert not any("Share this" in p or "Great piece" in p or "Home" in p for p in doc.paragraphs)


def test_html_metadata_fills_what_the_page_text_lacks() -> None:
    """No visible byline or date: <meta> and JSON-LD supply them, with no problem left."""
    page = b"""<html><head><title>Salt Roads</title>
    <meta name="citation_author" content="Okonkwo, Adaeze">
    <meta name="citation_publication_date" content="2021/04/09">
    <meta name="citation_doi" content="10.5555/SALT.2021.7">
    <meta name="citation_publisher" content="Caravan Studies Press"></head>
    <body><main><h1>Salt Roads</h1><p>Caravans carried salt across the desert for centuries.</p>
    </main></body></html>"""
    doc = parse_document(page, "salt.htm")
    assert [a.name for a in doc.authors] == ["Adaeze Okonkwo"]
    assert doc.published == dt.date(2021, 4, 9)
    assert doc.doi == "10.5555/salt.2021.7"
    assert doc.publisher == "Caravan Studies Press"
    assert not [p for p in doc.problems if p.field in ("authors", "published")]


def test_html_metadata_that_contradicts_the_text_is_a_problem() -> None:
    """The visible byline wins; the disagreement is left for a librarian."""
    page = b"""<html><head><meta name="author" content="Someone Else"></head><body>
    <h1>River Ice</h1><p>By Marta Kowalczyk</p><p>March 2, 2020</p><p>Ice came early.</p>
    </body></html>"""
    doc = parse_document(page, "ice.html")
    assert [a.name for a in doc.authors] == ["Marta Kowalczyk"]
    assert [p.field for p in doc.problems if p.stage == "metadata"] == ["authors"]


def test_markdown_toml_front_matter_and_unreferenced_note() -> None:
    """TOML front matter is read; a note defined but never referenced is reported."""
    text = (
        '+++\ntitle = "Night Trains"\nauthor = "Lena Vogt"\ndate = 2019-10-01\n'
        'doi = "https://doi.org/10.1234/NT.9"\n+++\n\n'
        "Sleeper services are back.[^a]\n\n[^a]: Timetable 2019.\n"
    )
    doc = parse_document(text.encode(), "trains.md")
    assert (doc.title, [a.name for a in doc.authors]) == ("Night Trains", ["Lena Vogt"])
    assert doc.published == dt.date(2019, 10, 1) and doc.doi == "10.1234/nt.9"
    assert [(n.number, n.text, n.paragraph) for n in doc.footnotes] == [(1, "Timetable 2019.", 1)]


def test_markdown_broken_front_matter_is_a_problem_not_a_failure() -> None:
    """YAML that does not parse is reported; the body is still read."""
    doc = parse_document(b"---\ntitle: [unclosed\n---\n\n# Dust\n\nText here.\n", "dust.md")
    assert doc.title == "Dust"
    assert any(p.stage == "front matter" for p in doc.problems)
