"""The seed article in every rendering reads as the exact seed record.

Each rendering is written here from the seed text with the tool its format is
written with (python-docx, fpdf2, HTML and Markdown as editors save them), the
way that format carries notes: ``<sup>`` links, ``[^n]``, Word's native
footnotes, notes typed as paragraphs with raised markers, a PDF with raised
markers and its notes under a heading.  The text keeps the seed's split-word
artefacts ("erupt ed"), so each rendering must repair them too.  The reference
is the plain-text reading, itself checked field by field in
tests/archive/ingest/test_ingest_seed.py.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from archive.ingest import ParsedDocument
from archive.ingest.pipeline import parse_document

from .conftest import with_footnotes

SEED = Path(__file__).parents[4] / "seeds" / "second-karabakh-war-russia-vs-turkey.txt"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian: fonts-dejavu-core
BOLD_FONT = FONT.with_name("DejaVuSans-Bold.ttf")
NOTE_COUNT = 43


@dataclass(frozen=True)
class Seed:
    title: str
    blocks: list[str]  # front matter and body paragraphs after the title, as printed
    notes: list[str]  # note n is notes[n - 1]
    # Each block as pieces: text, and note numbers where a marker stands (glued in the source).
    pieces: list[list[str | int]]


@cache
def seed() -> Seed:
    """The seed text taken apart: title, blocks, the numbered notes and where markers stand."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    first_note = next(i for i, line in enumerate(lines) if line.startswith("1 For a"))
    notes: list[str] = []
    for line in lines[first_note:]:
        if not line.strip():
            continue
        opening = re.match(rf"{len(notes) + 1},? ", line)  # "14, “Secret Talks …"
        if opening:
            notes.append(line[opening.end() :])
        else:
            notes[-1] += " " + line
    assert len(notes) == NOTE_COUNT
    blocks = [b.strip() for b in "\n".join(lines[:first_note]).split("\n\n") if b.strip()]
    title, blocks = blocks[0], blocks[1:]
    pieces: list[list[str | int]] = []
    number = 1
    for block in blocks:
        parts: list[str | int] = []
        rest = block
        while number <= NOTE_COUNT:
            # The marker: the number glued after a word or punctuation, before a space or the end.
            found = re.search(rf"(?<=[^\s\d]){number}(?=\s|$)", rest)
            if not found:
                break
            parts += [rest[: found.start()], number]
            rest = rest[found.end() :]
            number += 1
        parts.append(rest)
        pieces.append(parts)
    assert number == NOTE_COUNT + 1, f"marker {number} not found"
    return Seed(title, blocks, notes, pieces)


def marked(parts: list[str | int], marker: str) -> str:
    """A block with each marker written as ``marker`` ("{n}" is the number)."""
    return "".join(marker.replace("{n}", str(p)) if isinstance(p, int) else p for p in parts)


# -- the renderings -----------------------------------------------------------------------


def plain_text() -> bytes:
    return SEED.read_bytes()


def utf16_crlf() -> bytes:
    return SEED.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-16")


def html_page() -> bytes:
    s = seed()
    sup = '<sup><a href="#fn{n}" id="ref{n}">{n}</a></sup>'
    body = "\n".join(
        f"<p>{marked([html.escape(p) if isinstance(p, str) else p for p in parts], sup)}</p>"
        for parts in s.pieces
    )
    notes = "\n".join(
        f'<li id="fn{n}">{html.escape(text)} <a href="#ref{n}">↩</a></li>'
        for n, text in enumerate(s.notes, 1)
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(s.title)}</title></head><body><article>"
        f"<h1>{html.escape(s.title)}</h1>\n{body}\n"
        f'<section class="footnotes"><ol>\n{notes}\n</ol></section></article></body></html>'
    ).encode()


def markdown() -> bytes:
    s = seed()
    body = "\n\n".join(marked(parts, "[^{n}]") for parts in s.pieces)
    notes = "\n".join(f"[^{n}]: {text}" for n, text in enumerate(s.notes, 1))
    return f"# {s.title}\n\n{body}\n\n{notes}\n".encode()


def _word(native: bool) -> bytes:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    s = seed()
    document = Document()
    document.add_paragraph(s.title, style="Title")
    for parts in s.pieces:
        paragraph = document.add_paragraph()
        for part in parts:
            if isinstance(part, str):
                if part:
                    paragraph.add_run(part)
            elif native:
                reference = OxmlElement("w:footnoteReference")
                reference.set(qn("w:id"), str(part))
                paragraph.add_run()._r.append(reference)
            else:
                paragraph.add_run(str(part)).font.superscript = True  # typed, raised
    if not native:
        for n, text in enumerate(s.notes, 1):
            document.add_paragraph(f"{n} {text}")
    saved = io.BytesIO()
    document.save(saved)
    return with_footnotes(saved.getvalue(), s.notes) if native else saved.getvalue()


def word_native_footnotes() -> bytes:
    return _word(native=True)


def word_typed_notes() -> bytes:
    return _word(native=False)


def pdf() -> bytes:
    """fpdf2, DejaVu Sans: a larger bold title, raised markers, the notes under a heading."""
    from fpdf import FPDF

    assert FONT.is_file(), f"{FONT} is needed (Debian package fonts-dejavu-core)"
    s = seed()
    document = FPDF(format="A4")
    document.set_creation_date(dt.datetime(2021, 3, 22, tzinfo=dt.UTC))
    document.add_font("body", "", str(FONT))
    document.add_font("body", "B", str(BOLD_FONT))
    document.set_margins(25, 25, 25)
    document.set_auto_page_break(True, margin=25)
    document.add_page()
    document.set_font("body", "B", 16)
    document.multi_cell(0, 8, s.title, new_x="LMARGIN", new_y="NEXT")
    document.ln(4)
    document.set_font("body", "", 10)
    for parts in s.pieces:
        for part in parts:
            if isinstance(part, int):
                document.char_vpos = "SUP"
                document.write(5, str(part))
                document.char_vpos = "LINE"
            elif part:
                document.write(5, part)
        document.ln(5)
        document.ln(4)  # the paragraph gap
    document.ln(6)
    document.set_font("body", "B", 12)
    document.write(6, "Notes")
    document.ln(8)
    document.set_font("body", "", 8)
    for n, text in enumerate(s.notes, 1):
        document.write(4, f"{n} {text}")
        document.ln(4)
    return bytes(document.output())


RENDERINGS = {
    "plain text": ("seed.txt", plain_text),
    "UTF-16 with CRLF": ("seed-utf16.txt", utf16_crlf),
    "HTML with <sup> notes": ("seed.html", html_page),
    "Markdown with [^n]": ("seed.md", markdown),
    "Word with native footnotes": ("seed.docx", word_native_footnotes),
    "Word with notes typed as paragraphs": ("seed-typed-notes.docx", word_typed_notes),
    "PDF": ("seed.pdf", pdf),
}


def record(doc: ParsedDocument) -> dict[str, object]:
    """The seed record: every cataloged field, each note with its anchor, the body."""
    return {
        "title": doc.title,
        "subtitle": doc.subtitle,
        "authors": [
            (a.honorific, a.name, [(x.organization, x.title, x.place) for x in a.affiliations])
            for a in doc.authors
        ],
        "published": doc.published,
        "publisher": doc.publisher,
        "disclaimer": doc.disclaimer,
        "kind": doc.kind,
        "language": doc.language,
        "notes": [(n.number, n.text, n.paragraph, n.offset, n.urls) for n in doc.footnotes],
        "paragraphs": doc.paragraphs,
    }


@cache
def reference() -> ParsedDocument:
    return parse_document(plain_text(), "seed.txt")


def test_the_reference_is_the_seed_record() -> None:
    """What every rendering is compared with: 2 authors, the date, 43 anchored notes."""
    doc = reference()
    assert [(a.honorific, a.name) for a in doc.authors] == [
        ("Dr.", "Hakan Yavuz"),
        ("Dr.", "Vasif Huseynov"),
    ]
    assert all(a.affiliations for a in doc.authors)
    assert doc.published == dt.date(2021, 3, 22)
    assert doc.publisher == "Ten Thousand Turks Campaign"
    assert doc.disclaimer is not None
    assert [n.number for n in doc.footnotes] == list(range(1, NOTE_COUNT + 1))
    assert all(n.paragraph is not None for n in doc.footnotes)
    assert {"erupt ed", "Azerbai jan", "mountain- dwelling"} <= {r.original for r in doc.repairs}
    assert doc.problems == []


@pytest.mark.parametrize("rendering", list(RENDERINGS))
def test_every_rendering_gives_the_seed_record(rendering: str) -> None:
    name, write = RENDERINGS[rendering]
    doc = parse_document(write(), name)
    assert record(doc) == record(reference())
    everything = doc.text + " ".join(n.text for n in doc.footnotes)
    for split in ("erupt ed", "Azerbai jan", "mountain- dwelling", "How ever"):
        assert split not in everything
    assert {"erupt ed", "Azerbai jan"} <= {r.original for r in doc.repairs}
    assert doc.problems == []
