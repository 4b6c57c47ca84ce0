"""A document without a title gets one derived from its file name, and goes to review.

The catalog never holds an empty title (the CHECK of revision 0008 and the
backup's JSON Schema say the same): a file that opens with a long paragraph,
or whose title line could not be told from its body, is titled after its file
name ("report_a.txt" -> "report a", "Untitled document" when the name says
nothing) and carries a problem on the ``title`` field, so it stays in review
until a librarian gives it its real title.  A derived title is never evidence
that two files are one document (``archive.ingest.store``).
"""

from __future__ import annotations

import re
from pathlib import PurePath

from archive.ingest.document import FieldSource
from archive.ingest.working import WorkingDocument

__all__ = ["UNTITLED", "derived_title", "run"]

UNTITLED = "Untitled document"
_MAX_TITLE = 250
_SEPARATORS = re.compile(r"[_\-.\s]+")


def derived_title(filename: str) -> str:
    """A readable title from a file name: no folder, no extension, separators as spaces."""
    stem = PurePath(filename.replace("\\", "/")).stem if filename else ""
    words = _SEPARATORS.sub(" ", stem).strip()
    return words[:_MAX_TITLE].strip() or UNTITLED


# A letter's salutation: what stands above it is a letterhead, an address, a date.
_SALUTATION = re.compile(r"^(?:dear|to whom it may concern)\b[^.!?]{0,80}[,:]?$", re.I)
_LETTER_OPENING = 4  # blocks: a salutation stands among the first few


# An address: a long line with numbers in it (a street number, a postcode).
_ADDRESS = re.compile(r"^(?=.{60,}).*\d.*\b\d", re.S)


def _letter_head_title(doc: WorkingDocument) -> bool:
    """The "title" is a letter's salutation, or the address above one: a letter has none.

    A short line above a salutation stays the title ("An Open Letter on Fares").
    """
    if _SALUTATION.match(doc.title.strip()):
        return True
    return bool(_ADDRESS.match(doc.title)) and any(
        len(block.lines) == 1 and _SALUTATION.match(block.text.strip())
        for block in doc.blocks[:_LETTER_OPENING]
    )


def run(doc: WorkingDocument) -> None:
    if doc.title.strip() and _letter_head_title(doc):
        lost = doc.title
        doc.title = ""
        doc.problem("untitled", "a letter: its salutation or address is not a title",
                    raw=lost[:200], field="title")
    if doc.title.strip() or not doc.paragraphs:
        return  # titled, or nothing to catalog at all (refused later)
    doc.title = derived_title(doc.filename)
    if "title" in doc.provenance:
        doc.provenance["title"] = FieldSource(
            field="title", source="the file name (no title in the document)", value=doc.title
        )
    doc.problem(
        "untitled",
        f"no title found: {doc.title!r} was derived from the file name; give the real title",
        field="title",
    )
