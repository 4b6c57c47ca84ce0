"""Turn body blocks into paragraphs and find where sections begin.

A block is a paragraph; its wrapped lines are joined with one space (a line
ending in a hyphen keeps it, "ocean-" + "going" -> "ocean- going",
and the hyphen stage decides what that hyphen is).  Two or more blank lines
before a block open a new, unheaded section; the first paragraph always
opens one.
"""

from archive.ingest.working import Block, Paragraph, WorkingDocument

__all__ = ["SECTION_BREAK", "paragraph_from", "run"]

SECTION_BREAK = 2  # blank lines that separate sections rather than paragraphs


def paragraph_from(block: Block) -> Paragraph:
    """Join a block's lines, remembering each line's number and start offset."""
    starts: list[tuple[int, int]] = []
    offset = 0
    for i, line in enumerate(block.lines):
        starts.append((block.first_line + i, offset))
        offset += len(line) + 1
    return Paragraph(text=" ".join(block.lines), lines=starts)


def run(doc: WorkingDocument) -> None:
    doc.paragraphs = [paragraph_from(block) for block in doc.body_blocks]
    doc.section_starts = [
        i
        for i, block in enumerate(doc.body_blocks)
        if i == 0 or block.blank_before >= SECTION_BREAK
    ]
