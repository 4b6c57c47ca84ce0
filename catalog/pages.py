"""The body of a document page: paragraphs with footnote markers, and safe note links.

Everything is escaped with ``format_html``/``escape``; nothing from the
database is ever marked safe as it is.  A footnote's anchor is (1-based
paragraph, character offset in that paragraph); its marker is a superscript link
``#note-N`` with the id ``ref-N`` that the note links back to.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

__all__ = ["Note", "Paragraph", "body_paragraphs", "notes", "safe_link"]

SAFE_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True, slots=True)
class Paragraph:
    number: int  # 1-based, as footnote anchors count
    html: SafeString
    opens_section: bool


@dataclass(frozen=True, slots=True)
class Note:
    number: int
    text: str
    links: list[tuple[str, bool]]  # (url, is a safe http(s) link)
    has_marker: bool


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


def body_paragraphs(record: dict[str, Any]) -> list[Paragraph]:
    """The paragraphs of ``record["text"]`` (split on blank lines) with their note markers."""
    markers: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for note in record.get("footnotes", []):
        anchor = note.get("anchor")
        if anchor and anchor.get("paragraph"):
            markers[anchor["paragraph"]].append((anchor.get("offset") or 0, note["number"]))
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
