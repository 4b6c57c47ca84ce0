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

__all__ = ["NOTE_START", "find_notes", "headed_notes", "is_notes_heading", "note_number", "run"]

# A note number at the start of a line.  Whether it opens a note is decided by
# the sequence (``stages/footnotes.py``): a wrapped line opening with a year
# ("1998, vol. 2, …") opens nothing unless note 1998 is the one expected next.
# "[1]" and "(1)" too, reStructuredText's ".. [1]" citation, and superscript digits ("¹ ").
NOTE_START = re.compile(
    r"^(?:\.\.\s+)?[\[(]?([0-9]{1,6}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4})[\])]?"
    r"(?:[.,):]?\s+|(?<=[⁰¹²³⁴⁵⁶⁷⁸⁹])\s*)(?=\S)"
)
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def note_number(match: re.Match[str]) -> int:
    """The note number a :data:`NOTE_START` match read (superscript digits too)."""
    return int(match.group(1).translate(_SUPERSCRIPTS))
# Numbers this long open a notes block only after the block holding the note before.
_LONG_NUMBER = 1000
# A heading may be set off by rules ("---------- Footnotes ----------", "*Notes*").
_HEADING = re.compile(
    r"^[-=*_~#\s]*(?:(?:end\s*)?(?:foot)?notes?|references|sources):?[-=*_~\s]*$", re.I
)
_RULE = re.compile(r"^[-=*_~^]{3,}$")  # a heading's underline ("References\n==========")


def is_notes_heading(line: str) -> bool:
    """ "Notes", "Endnotes", "Footnotes:", "References", "Sources"."""
    return bool(_HEADING.match(line.strip()))


def _heading_lines(block: Block) -> int:
    """How many lines of ``block`` are a notes heading (and its underline): 0, 1 or 2."""
    if not _HEADING.match(block.lines[0]):
        return 0
    return 2 if len(block.lines) > 1 and _RULE.match(block.lines[1]) else 1


def _opening_note(block: Block) -> tuple[int, int] | None:
    """(note number, line index) when the block opens with a note, after an optional heading."""
    skip = _heading_lines(block)
    if skip >= len(block.lines):
        return None
    match = NOTE_START.match(block.lines[skip])
    return (note_number(match), skip) if match else None


def _last_number(block: Block) -> int | None:
    """The number that opens the block's last line opening with one."""
    for line in reversed(block.lines):
        if match := NOTE_START.match(line):
            return note_number(match)
    return None


def _headed_notes(blocks: list[Block]) -> tuple[int, int, int] | None:
    """Notes under a heading that other sections follow ("References", then "Copyright").

    (block index, line index, end block index): the last notes heading whose next
    block opens with note 1; the notes run while blocks open with the next numbers.
    """
    for index in range(len(blocks) - 1, -1, -1):
        skip = _heading_lines(blocks[index])
        if not skip:
            continue
        first, line = (index, skip) if skip < len(blocks[index].lines) else (index + 1, 0)
        if first >= len(blocks):
            continue
        match = NOTE_START.match(blocks[first].lines[line])
        if not match or note_number(match) != 1:
            continue
        end, last = first + 1, _last_number(blocks[first]) or 1
        while end < len(blocks):
            opening = _opening_note(blocks[end])
            if opening is None or opening[1] or not last < opening[0] <= last + 1:
                break
            last = _last_number(blocks[end]) or last
            end += 1
        if end < len(blocks) and not _is_section_heading(blocks[end]):
            return None  # the run broke mid-way (a wrapped entry): no clean notes section
        return first, line, end
    return None


def headed_notes(blocks: list[Block]) -> tuple[int, int] | None:
    """(block index, line index) of notes under a heading that other sections follow."""
    found = _headed_notes(blocks)
    return found[:2] if found else None


def _is_section_heading(block: Block) -> bool:
    """A short heading line ("Copyright", "Licence", "Acknowledgements"), maybe underlined;
    an underlined (reST, Setext) heading may have its first paragraph in the same block."""
    text = block.lines[0]
    underlined = len(block.lines) >= 2 and _RULE.match(block.lines[1])
    return (
        (len(block.lines) == 1 or bool(underlined))
        and len(text.split()) <= 6
        and text[:1].isupper()
        and not text.rstrip().endswith((".", ",", ";"))
    )


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
    end = len(doc.blocks)
    if found is None:
        headed = _headed_notes(doc.blocks)
        if headed is None:
            return
        found, end = headed[:2], headed[2]
    index, skip = found
    body = doc.blocks[:index]
    if body and _heading_lines(body[-1]) == len(body[-1].lines):
        body = body[:-1]
    doc.body_blocks = body + doc.blocks[end:]  # sections after the notes are still text
    first = doc.blocks[index]
    doc.note_lines = [(first.first_line + i, first.lines[i]) for i in range(skip, len(first.lines))]
    for block in doc.blocks[index + 1 : end]:
        doc.note_lines += [(block.first_line + i, line) for i, line in enumerate(block.lines)]
