"""What the structured readers share: rendering blocks into the pipeline's text layout.

A structured reader (HTML, Markdown, DOCX) does not hand the stages its own
data structure: it renders what it found into the layout the plain-text stages
read (blocks separated by a blank line, two blank lines before a new section,
the notes last under a "Notes" heading, one note a line), with note markers
placed exactly (``MARK_OPEN n MARK_CLOSE``), and puts the metadata it found in
``doc.hints``.  So byline, date, disclaimer, affiliations, notes and URL
stages work on every format, and nothing about notes is guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from dateutil import parser as date_parser

from archive.ingest.names import ORGANISATION
from archive.ingest.stages.blocks import split_blocks
from archive.ingest.stages.markers import find_markers
from archive.ingest.stages.notes_split import find_notes, headed_notes
from archive.ingest.working import MARK_CLOSE, MARK_OPEN, Hints, WorkingDocument

__all__ = ["Rendered", "mark", "parse_date", "render", "split_names", "squash", "typed_notes"]

_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """One line: runs of whitespace (newlines included) become one space."""
    return _SPACE.sub(" ", text).strip()


def mark(number: int) -> str:
    return f"{MARK_OPEN}{number}{MARK_CLOSE}"


@dataclass(slots=True)
class Rendered:
    """Blocks of text (each one line) and where sections start, plus numbered notes."""

    title: str | None = None
    subtitle: str | None = None  # set apart by the markup (a subtitle class, a <br>)
    blocks: list[str] = field(default_factory=list)  # a block's lines joined by "\n"
    section_before: set[int] = field(default_factory=set)  # block indexes
    headings: set[int] = field(default_factory=set)  # block indexes the format marks so
    notes: list[str] = field(default_factory=list)  # note n is notes[n - 1]
    # The number the document prints on its first note (a book chapter's notes
    # may run on from an earlier chapter: 22, 23 …); markers and notes are shifted.
    first_number: int = 1

    def add(self, text: str, new_section: bool = False) -> None:
        self.add_lines([text], new_section)

    def add_lines(self, lines: Iterable[str], new_section: bool = False) -> None:
        """A block whose line breaks the format states (a Word line break): kept, so
        the stages can tell a signature's name from the affiliation under it."""
        kept = [line for line in map(squash, lines) if line]
        if not kept or "".join(kept) in (MARK_OPEN, MARK_CLOSE):
            return
        if new_section:
            self.headings.add(len(self.blocks))
        if new_section and self.blocks:
            self.section_before.add(len(self.blocks))
        self.blocks.append("\n".join(kept))


def render(
    rendered: Rendered, data: bytes, filename: str, format: str, hints: Hints
) -> WorkingDocument:
    """The working document for the stages, from what a structured reader found."""
    lines: list[str] = []
    title = rendered.title or hints.title
    if title and not (rendered.blocks and squash(rendered.blocks[0]) == squash(title)):
        lines += [squash(title), ""]
    shift = rendered.first_number - 1
    headings: set[int] = set()
    for index, block in enumerate(rendered.blocks):
        if index in rendered.section_before:
            lines.append("")
        if index in rendered.headings:
            headings.add(len(lines) + 1)
        lines += [*_shift_marks(block, shift).split("\n"), ""]
    heading = None
    if rendered.notes:
        heading = len(lines) + 1
        lines.append("Notes")
        lines += [
            f"{n}. {squash(text) or '(empty note)'}"
            for n, text in enumerate(rendered.notes, rendered.first_number)
        ]
    doc = WorkingDocument(data=data, filename=filename)
    doc.text = "\n".join(lines)
    doc.decoded = True
    doc.format = format
    doc.hints = hints
    doc.exact_markers = True
    doc.notes_heading_line = heading
    doc.heading_lines = frozenset(headings)
    doc.first_note = rendered.first_number
    if rendered.subtitle:
        doc.subtitle = squash(rendered.subtitle)
    doc.explicit_title = squash(title) if title else None
    return doc


_MARK = re.compile(f"{MARK_OPEN}(\\d+){MARK_CLOSE}")


def _shift_marks(text: str, shift: int) -> str:
    if not shift:
        return text
    return _MARK.sub(lambda m: mark(int(m.group(1)) + shift), text)


def parse_date(value: object) -> tuple[dt.date | None, str | None]:
    """(date, raw) from an ISO date/datetime, a date object, or [y, m, d] parts."""
    if isinstance(value, dt.datetime):
        return value.date(), value.date().isoformat()
    if isinstance(value, dt.date):
        return value, value.isoformat()
    if isinstance(value, list | tuple) and value and all(isinstance(v, int) for v in value):
        parts = list(value)[:3]
        try:
            if len(parts) == 3:
                return dt.date(*parts), dt.date(*parts).isoformat()
            return None, "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))
        except (ValueError, OverflowError):
            return None, None
    if not isinstance(value, str | int) or not str(value).strip():
        return None, None
    raw = str(value).strip()[:200]
    if re.fullmatch(r"\d{4}", raw):
        return None, raw
    if re.fullmatch(r"\d{4}-\d{2}", raw):
        return None, raw
    try:
        parsed = date_parser.isoparse(raw)
    except (ValueError, OverflowError):
        try:
            parsed = date_parser.parse(raw, ignoretz=True)
        except (ValueError, OverflowError, date_parser.ParserError):
            return None, None
    return parsed.date(), raw


def _comma_list(text: str) -> list[str]:
    """ "Ann Lee, Bo Chen" (whole names on both sides of each comma, as a meta tag
    lists authors) -> the names; "Lee, Ann" or "de Jong, Michiel B." (a surname, a
    comma, the given names) stays one name."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    whole = [len(p.split()) >= 2 and p[:1].isupper() and not re.fullmatch(
        r"(?:[A-Z][\w'’-]*\s+)?(?:[A-Z]\.\s*)+", p) for p in parts]
    if len(parts) >= 2 and all(whole):
        return parts
    return [text]


def split_names(values: Iterable[object]) -> list[str]:
    """Author names from strings (";"-separated lists too) or {"name": …} objects, unique."""
    names: list[str] = []
    for value in values:
        if isinstance(value, dict):
            value = value.get("name") or " ".join(
                str(value[k]) for k in ("given", "family") if isinstance(value.get(k), str)
            )
        if not isinstance(value, str):
            continue
        # "Ann Lee (https://x.org/ann)", "Ann Lee <ann@x.org>": the name without the address.
        value = re.sub(r"\s*[(<][^()<>]*(?:https?:|@)[^()<>]*[)>]", "", value)
        parts = [_natural(squash(p)) for piece in re.split(r"\s*;\s*|\s+and\s+", value)
                 for p in _comma_list(piece)]
        lead = re.split(r",|\s+and\s+", value, maxsplit=1)[0].split()
        if ";" not in value and len(lead) > 1 and ORGANISATION.fullmatch(lead[-1]):
            # One organisation signing, its name first and ending in its type ("X
            # Group, Research and Statistics, Y"): its commas and "and" are its own,
            # not a list of people's names.
            parts = [squash(value)]
        for part in parts:
            if part and part not in names and not part.startswith("http"):
                names.append(part)
    return names


def _natural(part: str) -> str:
    """ "Solvang, Ingrid" (citation_author) -> "Ingrid Solvang"."""
    last, comma, first = part.partition(",")
    if comma and first.strip() and "," not in first and len(last.split()) <= 3:
        return f"{first.strip()} {last.strip()}"
    return part


def typed_notes(blocks: list[str]) -> bool:
    """Whether rendered blocks end in notes typed as text, with a marker for note 1.

    Notes numbered from 1 closing the text (maybe under a "Notes" heading) and a
    marker for note 1 in the body ("word.1", "word¹", "[1]"): then the document goes
    to the plain-text note and marker stages instead of having its markers placed.
    """
    split = split_blocks("\n\n".join(blocks).split("\n"))
    found = find_notes(split) or headed_notes(split)
    if found is None:
        return False
    return any(m.number == 1 for m in find_markers(blocks[: found[0]], {1}))
