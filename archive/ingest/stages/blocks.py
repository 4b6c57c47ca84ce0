"""Group lines into blocks separated by blank lines.

A block remembers how many blank lines preceded it: two or more mark a section
break in text extracted from PDFs, where unheaded sections are set apart by
extra space.
"""

import re

from archive.ingest.working import Block, WorkingDocument

__all__ = ["run", "split_blocks"]


def split_blocks(lines: list[str]) -> list[Block]:
    """Blocks of stripped non-blank lines, with 1-based first line numbers."""
    blocks: list[Block] = []
    blank = 0
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            blank += 1
        elif blocks and blank == 0:
            blocks[-1].lines.append(stripped)
        else:
            blocks.append(Block(lines=[stripped], first_line=number, blank_before=blank))
            blank = 0
    return blocks


# An editor's file-variables block closing a file ("Local Variables:" … "End:", Emacs),
# maybe under a reStructuredText comment "..": settings for the editor, not text.
_VARIABLES_START = re.compile(r"^\W{0,4}Local Variables:\s*$")
_VARIABLES_END = re.compile(r"^\W{0,4}End:\s*$")


def without_editor_variables(lines: list[str]) -> list[str]:
    """``lines`` with a closing editor-variables block blanked (line numbers kept)."""
    end = len(lines)
    while end and not lines[end - 1].strip(" \t\f"):
        end -= 1
    if not end or not _VARIABLES_END.match(lines[end - 1]):
        return lines
    start = next(
        (i for i in range(end - 1, max(end - 40, 0) - 1, -1) if _VARIABLES_START.match(lines[i])),
        None,
    )
    if start is None:
        return lines
    before = start - 1
    while before >= 0 and not lines[before].strip(" \t\f"):
        before -= 1
    if before >= 0 and lines[before].strip() == "..":
        start = before
    return lines[:start] + [""] * (len(lines) - start)


def run(doc: WorkingDocument) -> None:
    doc.blocks = split_blocks(without_editor_variables(doc.lines))
    doc.body_blocks = list(doc.blocks)
