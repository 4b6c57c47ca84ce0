"""The body of a document page: paragraphs with footnote markers, and safe note links.

Everything is escaped with ``format_html``/``escape``; nothing from the
database is ever marked safe as it is.  A footnote's anchor is (1-based
paragraph, character offset in that paragraph); its marker is a superscript link
``#note-N`` with the id ``ref-N`` that the note links back to.  A long body is
shown in pages of about :data:`PAGE_CHARS` characters (``?page=N``), each with
the notes whose markers stand on it, so no document page grows without bound.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

__all__ = [
    "PAGE_CHARS",
    "BodyPage",
    "Note",
    "Paragraph",
    "body_page",
    "body_paragraphs",
    "notes",
    "safe_link",
]

SAFE_SCHEMES = frozenset({"http", "https"})


# Characters of body text on one page: a long document is read in parts, so its
# page stays small and quick (a 51 MB text once made a 68 MB page; issue 14).
PAGE_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class Paragraph:
    number: int  # 1-based, as footnote anchors count
    html: SafeString
    opens_section: bool
    continued: bool = False  # a later part of a paragraph longer than a page


@dataclass(frozen=True, slots=True)
class Note:
    number: int
    text: str
    links: list[tuple[str, bool]]  # (url, is a safe http(s) link)
    has_marker: bool


@dataclass(frozen=True, slots=True)
class BodyPage:
    """One part of a document's body, with the notes whose markers stand in it."""

    paragraphs: list[Paragraph]
    notes: list[Note]
    number: int  # 1-based
    count: int


@dataclass(frozen=True, slots=True)
class _Piece:
    index: int  # 0-based paragraph
    start: int
    end: int


def safe_link(url: str) -> bool:
    """Only absolute http(s) URLs with a host become links (never ``javascript:``, ``data:``)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in SAFE_SCHEMES and bool(parts.netloc) and url == url.strip()


def _marker(number: int) -> SafeString:
    return format_html('<sup><a id="ref-{0}" href="#note-{0}">{0}</a></sup>', number)


def _with_markers(text: str, markers: list[tuple[int, int]]) -> SafeString:
    """``text`` escaped, with a marker link at each (offset, number), offsets clamped."""
    pieces: list[str] = []
    at = 0
    for offset, number in sorted(markers):
        offset = max(at, min(offset, len(text)))
        pieces += [escape(text[at:offset]), _marker(number)]
        at = offset
    pieces.append(escape(text[at:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped or format_html


def _markers(record: dict[str, Any]) -> dict[int, list[tuple[int, int]]]:
    """(offset, note number) of each marker, by 1-based paragraph."""
    markers: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for note in record.get("footnotes", []):
        anchor = note.get("anchor")
        if anchor and anchor.get("paragraph"):
            markers[anchor["paragraph"]].append((anchor.get("offset") or 0, note["number"]))
    return markers


def _pages(texts: list[str], page_chars: int) -> list[list[_Piece]]:
    """The body cut into pages of about ``page_chars``: whole paragraphs, and a paragraph
    longer than a page in page-sized pieces."""
    pages: list[list[_Piece]] = [[]]
    size = 0
    for index, text in enumerate(texts):
        for start in range(0, max(len(text), 1), page_chars):
            piece = _Piece(index, start, min(start + page_chars, len(text)))
            length = piece.end - piece.start
            if pages[-1] and size + length > page_chars:
                pages.append([])
                size = 0
            pages[-1].append(piece)
            size += length
    return pages


def body_page(record: dict[str, Any], number: int = 1, page_chars: int = PAGE_CHARS) -> BodyPage:
    """Page ``number`` (clamped) of the body of ``record``, split on blank lines, with its
    note markers, and the notes marked on it (unmarked notes come with the last page)."""
    texts = (record.get("text") or "").split("\n\n")
    markers = _markers(record)
    starts = set(record.get("section_starts") or [])
    pages = _pages(texts, page_chars)
    number = min(max(number, 1), len(pages))
    paragraphs: list[Paragraph] = []
    marked: set[int] = set()
    for piece in pages[number - 1]:
        text = texts[piece.index]
        last = piece.end == len(text)
        here = [
            (offset - piece.start, n)
            for offset, n in markers[piece.index + 1]
            if piece.start <= offset < piece.end or (last and offset >= piece.end)
        ]
        marked.update(n for _, n in here)
        if text[piece.start : piece.end].strip() or here:
            paragraphs.append(Paragraph(
                piece.index + 1,
                _with_markers(text[piece.start : piece.end], here),
                piece.start == 0 and piece.index in starts and piece.index > 0,
                piece.start > 0,
            ))
    notes_here = [
        note for note in notes(record)
        if note.number in marked or (not note.has_marker and number == len(pages))
    ]
    return BodyPage(paragraphs, notes_here, number, len(pages))


def body_paragraphs(record: dict[str, Any]) -> list[Paragraph]:
    """Every paragraph of ``record["text"]`` (split on blank lines) with its note markers."""
    markers = _markers(record)
    starts = set(record.get("section_starts") or [])
    paragraphs = (record.get("text") or "").split("\n\n")
    return [
        Paragraph(index + 1, _with_markers(text, markers[index + 1]), index in starts and index > 0)
        for index, text in enumerate(paragraphs)
        if text.strip() or markers[index + 1]
    ]


def notes(record: dict[str, Any]) -> list[Note]:
    """The notes, each with its URLs and whether the body has a marker to link back to."""
    count = len((record.get("text") or "").split("\n\n"))
    marked = {
        n["number"] for n in record.get("footnotes", [])
        if n.get("anchor") and 1 <= (n["anchor"].get("paragraph") or 0) <= count
    }
    return [
        Note(n["number"], n["text"], [(url, safe_link(url)) for url in n.get("urls", [])],
             n["number"] in marked)
        for n in record.get("footnotes", [])
    ]
