"""Rejoin words that PDF extraction split with a stray space ("govern ment").

Two letter-only pieces separated by one space are joined when
:func:`archive.ingest.words.should_join` says the whole is a word and the pair
is not ordinary text.  The second piece must be lower case (a capital starts a
new word, "Ter Petrossian"), unless both are all capitals; each piece has at
least two letters, since one-letter words ("a", "I") are real words that PDF
splits rarely produce.  The first piece keeps its case ("Further more" -> "Furthermore").
Punctuation around the pair is kept ("“harb our”" -> "“harbour”").

Any format: text extracted from a PDF is often pasted into HTML, Markdown or a
Word file, and carries the same artefacts there (the seed saved as a web page).
"""

import re
from collections.abc import Container
from itertools import accumulate

from archive.ingest.edits import Edit
from archive.ingest.words import should_join, supports, vocabulary
from archive.ingest.working import WorkingDocument

__all__ = ["rejoin", "run"]

# The letters ending / starting a space-separated token, after / before punctuation.
_TAIL = re.compile(r"(?:^|(?<=[^\w]))[^\W\d_]{2,}$")
_HEAD = re.compile(r"[^\W\d_]{2,}(?=[^\w]|$)")


def _pieces(left: str, right: str, known: Container[str]) -> tuple[str, str] | None:
    """The letter pieces at the junction of two tokens, if they could form a known word."""
    first = left if left.isalpha() else (m.group() if (m := _TAIL.search(left)) else "")
    second = right if right.isalpha() else (m.group() if (m := _HEAD.match(right)) else "")
    if len(first) < 2 or len(second) < 2 or (first + second).lower() not in known:
        return None
    if not (second.islower() or (first.isupper() and second.isupper())):
        return None
    return first, second


def rejoin(text: str, language: str) -> list[Edit]:
    """Edits joining each split word; pieces are taken left to right, greedily."""
    # Splitting on single spaces is fast; a double space leaves an empty token
    # between, which never pairs.  The cheap test in the comprehension drops
    # most pairs before any per-pair function call: this loop runs per word.
    tokens = text.split(" ")
    known = vocabulary(language)
    maybe = [
        i
        for i, (left, right) in enumerate(zip(tokens, tokens[1:], strict=False))
        if left[-1:].isalpha()
        and right[:1].isalpha()
        and (not (left.isalpha() and right.isalpha()) or (left + right).lower() in known)
    ]
    starts = list(accumulate((len(t) + 1 for t in tokens), initial=0))
    edits: list[Edit] = []
    taken = -1
    for i in maybe:
        pieces = _pieces(tokens[i], tokens[i + 1], known) if i != taken else None
        if pieces and should_join(*pieces, language):
            first, second = pieces
            begin = starts[i + 1] - 1 - len(first)
            edits.append(Edit(begin, starts[i + 1] + len(second), first + second))
            taken = i + 1  # the right piece is used up
    return edits


def run(doc: WorkingDocument) -> None:
    if not supports(doc.language):
        return  # no word list: guessing would damage more than it mends
    for where, index in doc.targets():
        doc.edit(where, index, rejoin(doc.get(where, index), doc.language))
