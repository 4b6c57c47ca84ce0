"""Group lines into blocks separated by blank lines.

A block remembers how many blank lines preceded it: two or more mark a section
break in text extracted from PDFs, where unheaded sections are set apart by
extra space.
"""

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


def run(doc: WorkingDocument) -> None:
    doc.blocks = split_blocks(doc.lines)
    doc.body_blocks = list(doc.blocks)
