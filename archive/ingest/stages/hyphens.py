"""Mend hyphens left with a space by line-break hyphenation ("ocean- going").

PDF extraction (and joining wrapped lines) leaves a hyphen at a line end as
"hyphen, space".  The space always goes.  The hyphen goes too when the line
break split one word (:func:`archive.ingest.words.should_drop_hyphen`:
"nego- tiation" -> "negotiation", "inter- national" -> "international") and
stays in a real compound ("ocean- going" -> "ocean-going").  A hyphen before
"and", "or", "to" … is a suspended compound ("pro- and anti-war"): left alone.

Any format, for the same reason as split words: extracted text travels.
"""

import re

from archive.ingest.edits import Edit
from archive.ingest.words import should_drop_hyphen, supports
from archive.ingest.working import WorkingDocument

__all__ = ["mend", "run"]

_BEFORE = re.compile(r"[^\W\d_]+$")
_AFTER = re.compile(r"[^\W\d_]+")
_SUSPENDED = frozenset({"and", "or", "nor", "to", "but", "as", "than", "versus", "vs"})
_LONGEST_WORD = 60


def mend(text: str, language: str) -> list[Edit]:
    """Edits turning each "word- word" into one hyphenated or joined word."""
    edits: list[Edit] = []
    # Edits must not overlap: in "a- b- c" the "b" would belong to both.  Taken left
    # to right, the second one is left as extracted.
    taken = 0
    at = text.find("- ")  # a literal search first: most strings have none
    while at != -1:
        before = _BEFORE.search(text, max(taken, at - _LONGEST_WORD), at) if at else None
        after = _AFTER.match(text, at + 2)
        if before and after and after.group().lower() not in _SUSPENDED \
                and before.start() >= taken:
            first, second = before.group(), after.group()
            joint = "" if should_drop_hyphen(first, second, language) else "-"
            edits.append(Edit(before.start(), after.end(), f"{first}{joint}{second}"))
            taken = after.end()
        at = text.find("- ", at + 2)
    return edits


def run(doc: WorkingDocument) -> None:
    if not supports(doc.language):
        return  # without a word list, "x- y" is left exactly as extracted
    for where, index in doc.targets():
        doc.edit(where, index, mend(doc.get(where, index), doc.language))
