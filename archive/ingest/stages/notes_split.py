"""Split the body from the endnotes that close the document.

Accepted layout: after the body, numbered notes, one note per line, starting
at 1 ("1 Text", "1. Text", "1) Text", "[1] Text", "7, Text"); a note may wrap
over several lines and notes may be separated by blank lines.  Any count of
notes: a number of four digits or more opens a block of notes only right after
the block that holds the note before it, so a paragraph opening with a year
("1998 was …") never pulls the body into the notes.  An optional
heading line ("Notes", "Endnotes", "Footnotes", "References", "Sources")
may precede them.  The notes region is the last trailing run of blocks that
each open with a note number, beginning at a note numbered 1.
"""

import re

from archive.ingest.working import Block, WorkingDocument

__all__ = ["NOTE_START", "find_notes", "is_notes_heading", "run"]

# A note number at the start of a line.  Whether it opens a note is decided by
# the sequence (``stages/footnotes.py``): a wrapped line opening with a year
# ("1998, vol. 2, …") opens nothing unless note 1998 is the one expected next.
NOTE_START = re.compile(r"^\[?(\d{1,6})\]?(?:[.,):]?\s+)(?=\S)")
# Numbers this long open a notes block only after the block holding the note before.
_LONG_NUMBER = 1000
_HEADING = re.compile(r"^(?:end\s*)?(?:foot)?notes?:?$|^(?:references|sources):?$", re.I)


def is_notes_heading(line: str) -> bool:
    """ "Notes", "Endnotes", "Footnotes:", "References", "Sources"."""
    return bool(_HEADING.match(line.strip()))


def _opening_note(block: Block) -> tuple[int, int] | None:
    """(note number, line index) when the block opens with a note, after an optional heading."""
    skip = 1 if len(block.lines) > 1 and _HEADING.match(block.lines[0]) else 0
    match = NOTE_START.match(block.lines[skip])
    return (int(match.group(1)), skip) if match else None


def _last_number(block: Block) -> int | None:
    """The number that opens the block's last line opening with one."""
    for line in reversed(block.lines):
        if match := NOTE_START.match(line):
            return int(match.group(1))
    return None


def find_notes(blocks: list[Block]) -> tuple[int, int] | None:
    """(block index, line index) where note 1 starts, or None when there are no notes."""
    start = None
    for index in range(len(blocks) - 1, -1, -1):
        opening = _opening_note(blocks[index])
        if opening is None:
            break
        number, skip = opening
        if number >= _LONG_NUMBER and (
            index == 0 or _last_number(blocks[index - 1]) != number - 1
        ):
            break
        if number == 1:
            start = (index, skip)
        if skip:  # a heading only ever opens the notes region
            break
    return start


def _split_where_told(doc: WorkingDocument) -> None:
    """A structured reader wrote the notes last, under a heading on a known line."""
    line = doc.notes_heading_line
    index = next((i for i, b in enumerate(doc.blocks) if b.first_line == line), None)
    if index is None:
        return  # no notes: a body ending in numbered lines keeps them
    doc.body_blocks = doc.blocks[:index]
    for block in doc.blocks[index:]:
        skip = 1 if block.first_line == line else 0
        doc.note_lines += [
            (block.first_line + i, text) for i, text in enumerate(block.lines) if i >= skip
        ]


def run(doc: WorkingDocument) -> None:
    if doc.exact_markers:
        _split_where_told(doc)
        return
    found = find_notes(doc.blocks)
    if found is None:
        return
    index, skip = found
    body = doc.blocks[:index]
    if body and len(body[-1].lines) == 1 and _HEADING.match(body[-1].lines[0]):
        body = body[:-1]
    doc.body_blocks = body
    first = doc.blocks[index]
    doc.note_lines = [(first.first_line + i, first.lines[i]) for i in range(skip, len(first.lines))]
    for block in doc.blocks[index + 1 :]:
        doc.note_lines += [(block.first_line + i, line) for i, line in enumerate(block.lines)]
