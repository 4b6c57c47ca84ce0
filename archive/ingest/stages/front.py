"""Split the front matter (title, subtitle, byline, date, ...) from the body.

Accepted layout: the first block is the title (at most a few short lines).
Blocks after it are front matter while each is recognised as a byline, a
dateline, a disclaimer, the title repeated, or an author note; the first block
that is none of these opens the body.  An unrecognised short block directly
after the title is the subtitle when recognised front matter follows it.
"""

from collections.abc import Callable

from archive.ingest.stages import affiliations, byline, dateline, disclaimer
from archive.ingest.working import Block, WorkingDocument

__all__ = ["classify", "run"]

_MAX_TITLE = 250
_MAX_TITLE_LINES = 3
_MAX_SUBTITLE = 300

_KINDS: list[tuple[str, Callable[[str], bool]]] = [
    ("byline", byline.looks_like),
    ("date", dateline.looks_like),
    ("disclaimer", disclaimer.looks_like),
    ("author_note", affiliations.looks_like),
]


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def classify(block: Block, title: str) -> str | None:
    """The kind of front-matter block, or None when it is body text."""
    if title and _folded(block.text) == _folded(title):
        return "title_repeat"
    return next((kind for kind, test in _KINDS if test(block.text)), None)


def _is_title(block: Block) -> bool:
    return len(block.lines) <= _MAX_TITLE_LINES and len(block.text) <= _MAX_TITLE


def _take_title(doc: WorkingDocument, blocks: list[Block]) -> int:
    """Set the title from the first block; return how many blocks it used."""
    first = blocks[0]
    if classify(first, "") is None and _is_title(first):
        doc.title = first.text
        return 1
    doc.problem(
        "front", "no title line found", line=first.first_line, raw=first.lines[0], field="title"
    )
    return 0


def _take_subtitle(doc: WorkingDocument, blocks: list[Block], at: int) -> int:
    if at + 1 >= len(blocks) or len(blocks[at].text) > _MAX_SUBTITLE:
        return at
    if classify(blocks[at], doc.title) is None and classify(blocks[at + 1], doc.title):
        doc.subtitle = blocks[at].text
        return at + 1
    return at


def run(doc: WorkingDocument) -> None:
    blocks = doc.body_blocks
    if not blocks:
        doc.problem("front", "document has no text", field="title")
        return
    at = _take_title(doc, blocks)
    if at:
        at = _take_subtitle(doc, blocks, at)
    while at < len(blocks) and (kind := classify(blocks[at], doc.title)):
        doc.front.append((kind, blocks[at]))
        at += 1
    doc.body_blocks = blocks[at:]
