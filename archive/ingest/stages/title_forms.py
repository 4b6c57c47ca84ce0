"""Title forms of plain text that the front-matter stage asks about.

* **A notice before the title**: a file that opens with its copyright and
  permission notice ("Copyright (C) 1985 …", "Permission is granted …"), or a
  manuscript's "Running head: SHORT TITLE" line, and
  sets its title after it as a heading (underlined with ``*``, ``=`` or ``-``,
  or a line of its own): the notice blocks are front matter, the heading is the
  title, its underline goes.
* **A labelled title**: "Title: Tides of the Basin", as submission forms and
  manuscript templates print it: the label goes.
* **Title and subtitle as separately centred lines**: a first block of two or
  more lines each centred on its own (indented so that their middles line up),
  the first not running on into the next (it ends in no connecting word, the
  next opens with a capital): the first line is the title, the rest the
  subtitle.  A title wrapped over two lines ("… Algorithm and /
  Implementation") stays one title.
"""

from __future__ import annotations

import re

from archive.ingest.working import Block, WorkingDocument

__all__ = ["leading_notices", "split_centred", "title_text"]

_RULE = re.compile(r"^[-=*_~^#+]{3,}$")
_NOTICE = re.compile(
    r"^(?:copyright\b|\(c\)\s*\d{4}|©|permission is granted|all rights reserved|"
    r"this (?:document|work|file) (?:is|has been|may be)|licensed under|modified versions|"
    r"running\s+(?:head|title)\s*:)",
    re.I,
)
_MAX_NOTICES = 4  # notice blocks before the title, at most
_MAX_TITLE = 250
# A line that runs on into the next: it ends in a connecting word or punctuation.
_RUNS_ON = re.compile(
    r"(?:\b(?:and|or|of|the|a|an|to|for|in|on|at|by|with|from|into|its|their|our|your)|[,:;–—-])$",
    re.I,
)
_CENTRE_SLACK = 2  # columns: how far apart two centred lines' middles may be
_TAB = 8


def _underlined(block: Block) -> bool:
    return len(block.lines) == 2 and bool(_RULE.match(block.lines[1])) and not _RULE.match(
        block.lines[0]
    )


# A manuscript form's field label before the title ("Title: Tides of the Basin").
_TITLE_LABEL = re.compile(r"^title\s*:\s+(?=\S+\s+\S)", re.I)


def title_text(block: Block) -> str:
    """The block's text as a title: an underline of rule characters is not part of it, nor
    a "Title:" label (a manuscript form's field, not the title's head)."""
    return _TITLE_LABEL.sub("", block.lines[0] if _underlined(block) else block.text, count=1)


def leading_notices(blocks: list[Block]) -> int:
    """How many blocks of copyright/permission notice come before an underlined title."""
    count = 0
    while count < min(len(blocks), _MAX_NOTICES) and _NOTICE.match(blocks[count].text):
        count += 1
    if not count or count >= len(blocks):
        return 0
    block = blocks[count]
    # Underlined, or alone on its line (the header stage may have taken the underline).
    if _underlined(block) or (len(block.lines) == 1 and not block.text.endswith((".", ","))):
        title = block.lines[0]
        if len(title) <= _MAX_TITLE and not _NOTICE.match(title):
            return count
    return 0


def _centre(raw: str) -> tuple[int, float]:
    expanded = raw.expandtabs(_TAB).rstrip()
    indent = len(expanded) - len(expanded.lstrip())
    return indent, indent + (len(expanded) - indent) / 2


def split_centred(doc: WorkingDocument, block: Block) -> None:
    """Set the title (and subtitle) from a block of separately centred lines, if it is one."""
    if len(block.lines) < 2 or doc.subtitle is not None or doc.explicit_title is not None:
        return
    raw = [doc.source_line(block.first_line + i) for i in range(len(block.lines))]
    if not all(raw):
        return
    placed = [_centre(line) for line in raw]
    if not all(indent > 0 for indent, _ in placed):
        return  # flush left: one title wrapped, not lines set apart
    middles = [middle for _, middle in placed]
    if max(middles) - min(middles) > _CENTRE_SLACK:
        return  # not centred: a wrapped line is shorter than the one above it
    first, second = block.lines[0], block.lines[1]
    if _RUNS_ON.search(first) or not second[:1].isupper() or len(first.split()) < 2:
        return
    doc.title, doc.subtitle = first, " ".join(block.lines[1:])
