"""Highlighted snippets computed in Python from the text itself.

FTS5's ``snippet()`` re-tokenizes the whole column of every result (50 KB of
body text is a few milliseconds per document); a compiled regular expression
over the same text is a hundred times cheaper.  A term matches a word that
starts with its *stem* (a few English suffixes stripped: ``treaties`` →
``treat``), close to what the porter tokenizer of the index matched.
"""

from __future__ import annotations

import re
from functools import lru_cache

from archive.search.base import Snippet
from archive.search.query import SearchQuery

__all__ = ["SNIPPET_CHARS", "snippet"]

SNIPPET_CHARS = 240
_SUFFIXES = ("ations", "ation", "ingly", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s", "y")


def _stem(word: str) -> str:
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    stems = sorted({_stem(w) for w in words if w}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")\w*", re.IGNORECASE)


def _first(text: str, stems: set[str]) -> int | None:
    """Where the first word starting with a stem is (``str.find`` in C: no regex over 50 KB)."""
    best: int | None = None
    for stem in stems:
        for variant in {stem, stem.capitalize(), stem.upper()}:
            at = text.find(variant)
            while at > 0 and text[at - 1].isalnum():  # inside a word: not a match
                at = text.find(variant, at + 1)
            if at >= 0 and (best is None or at < best):
                best = at
    return best


def _words(query: SearchQuery) -> tuple[str, ...]:
    return tuple(w for term in query.include for w in re.findall(r"\w+", term.text))


def snippet(text: str, query: SearchQuery, chars: int = SNIPPET_CHARS) -> Snippet:
    """About ``chars`` characters around the first match, matches highlighted.

    With no match in ``text`` (the document matched on its title, authors or
    notes), the opening of the text, unhighlighted.
    """
    words = _words(query)
    if not text or not words:
        return [(text[:chars], False)] if text else []
    pattern = _pattern(words)
    first = _first(text, {_stem(w) for w in words})
    start = 0 if first is None else max(0, first - chars // 3)
    if start:  # begin on a word
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start  # type: ignore[operator]
    window = text[start : start + chars]
    parts: Snippet = [("…", False)] if start else []
    at = 0
    for match in pattern.finditer(window):
        if match.start() > at:
            parts.append((window[at : match.start()], False))
        parts.append((match.group(), True))
        at = match.end()
    parts.append((window[at:] + ("…" if start + chars < len(text) else ""), False))
    return [(part, marked) for part, marked in parts if part]
