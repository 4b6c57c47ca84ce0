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


def _word_pattern(word: str) -> str:
    return re.escape(_stem(word)) + r"\w*"


@lru_cache(maxsize=256)
def _pattern(terms: tuple[tuple[str, ...], ...]) -> re.Pattern[str]:
    """Each term's words in order (a phrase is one match, its words apart only by
    spaces and punctuation), longest first so a phrase wins over a word."""
    alternatives = {r"\W+".join(map(_word_pattern, words)) for words in terms if words}
    ordered = sorted(alternatives, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(ordered) + ")", re.IGNORECASE)


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


def _terms(query: SearchQuery) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(re.findall(r"\w+", term.text)) for term in query.include)


def snippet(text: str, query: SearchQuery, chars: int = SNIPPET_CHARS) -> Snippet:
    """About ``chars`` characters around the first match, matches highlighted.

    A phrase is highlighted as one span where its words follow each other, and
    its words alone are not highlighted (they are not what matched).

    With no match in ``text`` (the document matched on its title, authors or
    notes), the opening of the text, unhighlighted.
    """
    terms = tuple(term for term in _terms(query) if term)
    if not text or not terms:
        return [(text[:chars], False)] if text else []
    pattern = _pattern(terms)
    if any(len(term) > 1 for term in terms):
        # A phrase: its first occurrence, not the first of its words alone.
        found = pattern.search(text)
        first = found.start() if found else None
    else:
        first = _first(text, {_stem(term[0]) for term in terms})
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
