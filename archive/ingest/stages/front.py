"""Split the front matter (title, subtitle, byline, date, ...) from the body.

Accepted layout: the first block is the title (at most a few short lines).
Blocks after it are front matter while each is recognised as a byline, a
dateline, a disclaimer, the title repeated, or an author note.  An unrecognised
short block directly after the title is the subtitle when recognised front
matter follows it.  Any other unrecognised block opens the body, unless it is
short and, within the next couple of blocks, comes a byline, date or
disclaimer not found yet, or the title repeated: those can only be front
matter, so the blocks before them are too (kept out of the body and reported,
since nobody knows what they are).  In structured formats the title the reader
found (``<h1>``, front matter, the Title style) is the title whatever it says
("By Land and Sea"); in plain text a first block reading like a byline is still
the title when a byline follows it.
"""

import re
from collections.abc import Callable

from archive.ingest.stages import affiliations, byline, dateline, disclaimer, title_forms
from archive.ingest.working import Block, WorkingDocument

__all__ = ["classify", "run"]

_MAX_TITLE = 250
_MAX_TITLE_LINES = 3
_MAX_SUBTITLE = 300
_MAX_UNKNOWN = 600  # an unrecognised front-matter block is short (a missed disclaimer)
_LOOK_AHEAD = 2  # unrecognised blocks skipped while looking for more front matter
# Kinds that only ever stand in front matter, so they pull the blocks before them in.
_ANCHORS = ("byline", "date", "disclaimer", "title_repeat")

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


def _date_under_title(doc: WorkingDocument, first: Block) -> None:
    """A title block whose last line is a date ("(Version of 3 February 1994)"):
    the date is front matter of its own, not part of the title."""
    if len(first.lines) < 2 or doc.front_block("date") is not None:
        return
    if dateline.looks_like(first.lines[-1]) and not dateline.looks_like(first.lines[0]):
        line = first.lines.pop()
        doc.front.append(
            ("date", Block(lines=[line], first_line=first.first_line + len(first.lines),
                           blank_before=0))
        )


def _take_title(doc: WorkingDocument, blocks: list[Block]) -> int:
    """Set the title from the first block; return how many blocks it used."""
    first = blocks[0]
    _date_under_title(doc, first)
    kind = classify(first, "")
    stated = doc.explicit_title is not None and _folded(first.text) == _folded(doc.explicit_title)
    # Two bylines in a row: the first is a title that starts with "By".
    byline_follows = kind == "byline" and any(
        classify(block, "") == "byline" for block in blocks[1 : 1 + _LOOK_AHEAD]
    )
    if _is_title(first) and (kind is None or stated or byline_follows):
        doc.title = title_forms.title_text(first)
        title_forms.split_centred(doc, first)
        return 1
    doc.problem(
        "front", "no title line found", line=first.first_line, raw=first.lines[0], field="title"
    )
    return 0


_VERSION_ONLY = re.compile(r"^(?:version|release|rev(?:ision)?\.?)\s*v?[\d.]+$", re.I)


# A publication's section or article-type label printed by the title (a kicker).
_SECTION_LABEL = re.compile(
    r"^(?:news(?:\s+(?:feature|analysis|explainer))?|editorial|opinion|commentary|comment|"
    r"feature|analysis|correspondence|perspective|viewpoint|interview|obituary|"
    r"(?:research|original|review)\s+article|research\s+highlights?|news\s+&\s+views|"
    r"news\s+and\s+views)$", re.I)


def _take_subtitle(doc: WorkingDocument, blocks: list[Block], at: int) -> int:
    if doc.subtitle is not None:
        return at  # the reader saw it (Word's Subtitle style, a PDF title's line under a colon)
    if at + 1 >= len(blocks) or len(blocks[at].text) > _MAX_SUBTITLE:
        return at
    if _VERSION_ONLY.match(blocks[at].text):
        return at  # "Version 1.2.8" says which edition, not what the document is about
    if _SECTION_LABEL.match(blocks[at].text.strip()):
        # "NEWS", "Opinion": the section the piece is filed under, not its subject.
        doc.front.append(("masthead", blocks[at]))
        return at + 1
    if classify(blocks[at], doc.title) is None and classify(blocks[at + 1], doc.title):
        doc.subtitle = blocks[at].text
        return at + 1
    return at


def _take_masthead(doc: WorkingDocument, blocks: list[Block], at: int) -> int:
    """The blocks printed above the title (a reader's ``masthead``), written after it.

    They are front matter of their own ("masthead": the issuing body, a series
    and number, a label such as "Policy Brief"), never the subtitle: a subtitle
    stands under the title.  One that reads as a date or byline is taken as one.
    """
    printed = {_folded(line) for line in doc.masthead}
    while at < len(blocks) and printed and all(
            _folded(line) in printed for line in blocks[at].lines):
        doc.front.append((classify(blocks[at], doc.title) or "masthead", blocks[at]))
        at += 1
    return at


def run(doc: WorkingDocument) -> None:
    blocks = doc.body_blocks
    if not blocks:
        doc.problem("front", "document has no text", field="title")
        return
    notices = title_forms.leading_notices(blocks)  # "Copyright …" above the title
    doc.front += [("notice", block) for block in blocks[:notices]]
    blocks = blocks[notices:]
    at = _take_title(doc, blocks)
    if at:
        at = _take_masthead(doc, blocks, at)
        at = _take_subtitle(doc, blocks, at)
    while at < len(blocks):
        kind = classify(blocks[at], doc.title)
        if kind is None:
            unknown = _unknown_run(doc, blocks, at)
            if not unknown:
                break
            for block in unknown:
                doc.front.append(("unknown", block))
                doc.problem(
                    "front",
                    "unrecognised paragraph in the front matter (not a byline, date, "
                    "disclaimer or author note): left out of the body",
                    line=block.first_line,
                    raw=block.text,
                )
            at += len(unknown)
            continue
        doc.front.append((kind, blocks[at]))
        at += 1
    doc.body_blocks = blocks[at:]


def _unknown_run(doc: WorkingDocument, blocks: list[Block], at: int) -> list[Block]:
    """Short unrecognised blocks at ``at`` that front matter still to come follows, or []."""
    found = {kind for kind, _ in doc.front}
    for end in range(at, min(at + _LOOK_AHEAD, len(blocks))):
        if len(blocks[end].text) > _MAX_UNKNOWN:
            return []
        if end + 1 < len(blocks):
            kind = classify(blocks[end + 1], doc.title)
            if kind in _ANCHORS and (kind == "title_repeat" or kind not in found):
                return blocks[at : end + 1]
            if kind is not None:
                return []  # other front matter (an author note) pulls nothing in
    return []
