"""The benchmark's renderers (bench/formats.py) against the archive's own readers.

Each format of a document must read like its plain-text rendering: the same
title, author names, date and notes anchored in the same paragraphs.  So this
is a test of the readers as much as of the renderers: a reader that loses a
byline or a note marker in one format fails here.  Small documents, no database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from archive.ingest import ParsedDocument, parse_document, sniff_format
from archive.ingest.readers.bibliographic import read_records
from bench.corpus import Author, Note, SyntheticDocument, catalog
from bench.formats import DOCUMENT_FORMATS, RECORD_FORMATS, Format, render_text_bytes

STRUCTURED = [f for f in DOCUMENT_FORMATS if f.name != "text"]

# "{n}" is where note n's marker stands (glued after the punctuation, as printed).
BODY = [
    "Tidal turbines arrived in the fjord villages faster than anyone expected.{1} Local "
    "councils approved three pilot arrays within a single year, and the harbour of "
    "Vardholm now hosts the largest of them.",
    "Fishermen worry that the turbines disturb the spawning grounds of cod and herring.{2} "
    "Engineers answer that the blades turn slowly (лопасти вращаются медленно) and that "
    "monitoring shows no change so far.",
    "The next decade will decide whether the two industries can share the same water.{3}",
    "Some of the harbours already sell the power back to the mainland grid.",
]
NOTES = [
    "Regional Planning Office, “Tidal Pilot Approvals 2022,” https://example.org/tidal/approvals",
    "Interview with the Fishermen’s Association of Vardholm, March 3, 2023.",
    "Nordic Marine Institute, “Shared Waters,” 2023, https://example.org/shared-waters",
]


def _article() -> SyntheticDocument:
    """An invented article built by hand, independent of the generator's randomness."""
    paragraphs, raw, notes = [], [], []
    for p, marked in enumerate(BODY, 1):
        clean, printed = "", ""
        for piece in re.split(r"(\{\d\})", marked):
            if piece.startswith("{"):
                number = int(piece[1:-1])
                notes.append(Note(number, NOTES[number - 1], (), p, len(clean)))
                printed += str(number)
            else:
                clean += piece
                printed += piece
        paragraphs.append(clean)
        raw.append(printed)
    return SyntheticDocument(
        index=1,
        status="published",
        title="Tidal Power and the Fishing Towns of the North Coast",
        kind="opinion",
        published=dt.date(2023, 6, 14),
        published_raw="June 14, 2023",
        publisher="Harbour Review",
        authors=[
            Author(
                "Ingrid Solvang",
                "Dr.",
                (("Nordic Marine Institute", "a senior researcher", "Bergen, Norway"),),
            ),
            Author("Tomas Achebe", None, ()),
        ],
        disclaimer="The views expressed in this article are the author’s own and do not "
        "necessarily reflect those of the Baltic Energy Council.",
        disclaims="Baltic Energy Council",
        paragraphs=paragraphs,
        raw_paragraphs=raw,
        section_starts=[0, 3],
        notes=notes,
        repairs=[],
    )


def _reading(doc: ParsedDocument, anchors: bool = True) -> dict[str, object]:
    return {
        "title": doc.title,
        "authors": [a.name for a in doc.authors],
        "published": doc.published,
        "notes": [(n.number, n.paragraph if anchors else None) for n in doc.footnotes],
    }


def _truth(doc: SyntheticDocument) -> dict[str, object]:
    return {
        "title": doc.title,
        "authors": [a.name for a in doc.authors],
        "published": doc.published,
        "notes": [(n.number, n.paragraph) for n in doc.notes],
    }


def _parse(fmt: Format, doc: SyntheticDocument) -> ParsedDocument:
    assert fmt.render is not None
    data = fmt.render(doc)
    name = f"doc-{doc.index}{fmt.suffix}"
    assert sniff_format(data, name) == fmt.name
    return parse_document(data, name)


@pytest.fixture(scope="module")
def generated() -> list[SyntheticDocument]:
    """Small generated documents whose plain-text rendering reads exactly as generated.

    The plain-text reading is the reference, so documents it misreads (a title that
    begins with "By", a dateline after a disclaimer it does not recognise, a person
    named twice in one byline) are left out: those are the text reader's business.
    """
    generator = catalog(9, 4.0)
    candidates = [generator.document(i, raw=True) for i in range(30_000_000, 30_000_016)]
    usable = [
        doc
        for doc in candidates
        if len({a.name for a in doc.authors}) == len(doc.authors)
        and _reading(_parse(DOCUMENT_FORMATS[0], doc)) == _truth(doc)
    ]
    assert len(usable) >= 8, f"only {len(usable)} of 16 generated documents read as written"
    assert any(doc.notes for doc in usable[:6]) and any(len(doc.authors) > 1 for doc in usable[:6])
    return usable[:6]


def test_plain_text_of_the_article_reads_as_written() -> None:
    article = _article()
    parsed = _parse(DOCUMENT_FORMATS[0], article)
    assert _reading(parsed) == _truth(article)
    assert parsed.problems == []
    assert parsed.disclaimer is not None and parsed.disclaimer.disclaims == "Baltic Energy Council"


@pytest.mark.parametrize("fmt", STRUCTURED, ids=lambda f: f.name)
def test_article_reads_like_its_plain_text(fmt: Format) -> None:
    article = _article()
    expected = _parse(DOCUMENT_FORMATS[0], article)
    parsed = _parse(fmt, article)
    assert _reading(parsed) == _reading(expected)
    assert parsed.problems == []
    assert parsed.disclaimer is not None and parsed.disclaimer.disclaims == "Baltic Energy Council"
    assert [a.affiliations for a in parsed.authors] == [a.affiliations for a in expected.authors]


@pytest.mark.parametrize("fmt", STRUCTURED, ids=lambda f: f.name)
def test_generated_documents_read_like_their_plain_text(
    fmt: Format, generated: list[SyntheticDocument]
) -> None:
    # A paragraph that ends at the foot of a PDF page and the next one at its head are
    # one paragraph to the reader (a page break is a line break): in a PDF only the
    # notes' numbers are compared, not the paragraphs their markers stand in.
    anchors = fmt.name != "pdf"
    for doc in generated:
        expected = _reading(_parse(DOCUMENT_FORMATS[0], doc), anchors)
        assert _reading(_parse(fmt, doc), anchors) == expected, doc.index


@pytest.mark.parametrize("fmt", DOCUMENT_FORMATS, ids=lambda f: f.name)
def test_renderers_are_deterministic(fmt: Format) -> None:
    assert fmt.render is not None
    article = _article()
    assert fmt.render(article) == fmt.render(replace(article))
    assert render_text_bytes(article).startswith(article.title.encode())


@pytest.mark.parametrize("fmt", RECORD_FORMATS, ids=lambda f: f.name)
def test_bibliographic_files_hold_every_entry(fmt: Format) -> None:
    generator = catalog(9, 4.0)
    docs = [generator.document(i) for i in range(31_000_000, 31_000_012)]
    assert fmt.render_many is not None
    data = fmt.render_many(docs)
    assert data == fmt.render_many(docs)
    assert sniff_format(data, f"library{fmt.suffix}") == fmt.name
    read = read_records(data, f"library{fmt.suffix}", fmt.name)
    assert read.skipped == []
    assert [(r.title, r.authors, r.published) for r in read.records] == [
        (d.title, [a.name for a in d.authors], d.published) for d in docs
    ]
    assert sum(1 for r in read.records if r.doi) == sum(1 for d in docs if d.index % 3 == 0)
