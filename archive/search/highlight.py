"""Highlighted snippets computed in Python from the text itself.

FTS5's ``snippet()`` re-tokenizes the whole column of every result (50 KB of
body text is a few milliseconds per document); a compiled regular expression
over the same text is a hundred times cheaper.  A term matches a word that
starts with its *stem* (a few English suffixes stripped: ``treaties`` →
``treat``), close to what the porter tokenizer of the index matched.  A phrase
(``"frozen conflict"``) matches its words in order, separated by anything that
is not a word, and is highlighted as *one* span: its words apart are not what
the index matched.
"""

from __future__ import annotations

import re
from functools import lru_cache

from archive.search.base import Snippet
from archive.search.query import SearchQuery

__all__ = ["SNIPPET_CHARS", "occurs", "snippet"]

SNIPPET_CHARS = 240
_SUFFIXES = ("ations", "ation", "ingly", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s", "y")
# How many occurrences of a phrase's first word are tried before giving up on it:
# a bound on the work for a phrase whose first word is everywhere.
_PHRASE_TRIES = 200

Words = tuple[str, ...]  # one term: a word, or the words of a phrase


def _stem(word: str) -> str:
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _term_regex(words: Words) -> str:
    return r"\W+".join(r"\b" + re.escape(_stem(word)) + r"\w*" for word in words)


@lru_cache(maxsize=256)
def _pattern(terms: tuple[Words, ...]) -> re.Pattern[str]:
    """Any of the terms; a longer term first, so a phrase wins over its own words."""
    regexes = sorted({_term_regex(words) for words in terms if words}, key=len, reverse=True)
    return re.compile("|".join(regexes), re.IGNORECASE)


@lru_cache(maxsize=256)
def _phrase(words: Words) -> re.Pattern[str]:
    return re.compile(_term_regex(words), re.IGNORECASE)


def _find_word(text: str, stem: str, start: int = 0) -> int:
    """Where the next word starting with ``stem`` is, or -1 (``str.find`` in C: no regex
    over 50 KB)."""
    best = -1
    for variant in {stem, stem.capitalize(), stem.upper()}:
        at = text.find(variant, start)
        while at > 0 and text[at - 1].isalnum():  # inside a word: not a match
            at = text.find(variant, at + 1)
        if at >= 0 and (best < 0 or at < best):
            best = at
    return best


def _find_term(text: str, words: Words) -> int:
    """Where the first occurrence of a word or a phrase is, or -1."""
    at = _find_word(text, _stem(words[0]))
    if len(words) == 1:
        return at
    phrase = _phrase(words)
    for _ in range(_PHRASE_TRIES):
        if at < 0 or phrase.match(text, at):
            return at
        at = _find_word(text, _stem(words[0]), at + 1)
    return -1


def _first(text: str, terms: tuple[Words, ...]) -> int | None:
    found = [at for at in (_find_term(text, words) for words in terms) if at >= 0]
    return min(found) if found else None


def _terms(query: SearchQuery) -> tuple[Words, ...]:
    terms = (tuple(re.findall(r"\w+", term.text)) for term in query.include)
    return tuple(words for words in terms if words)


def occurs(text: str, query: SearchQuery) -> bool:
    """Does a word or phrase the query looks for occur in ``text``?"""
    terms = _terms(query)
    return bool(text and terms) and _first(text, terms) is not None


def snippet(text: str, query: SearchQuery, chars: int = SNIPPET_CHARS) -> Snippet:
    """About ``chars`` characters around the first match, matches highlighted.

    With no match in ``text`` (the document matched on its title, authors or
    notes), the opening of the text, unhighlighted.
    """
    terms = _terms(query)
    if not text or not terms:
        return [(text[:chars], False)] if text else []
    first = _first(text, terms)
    start = 0 if first is None else max(0, first - chars // 3)
    if start:  # begin on a word
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start  # type: ignore[operator]
    # A phrase that starts in the window is highlighted whole, even past its end.
    end = start + chars
    window = text[start:end]
    parts: Snippet = [("…", False)] if start else []
    at = 0
    for match in _pattern(terms).finditer(text, start, end + 80):
        if match.start() >= end:
            break
        if match.start() - start > at:
            parts.append((window[at : match.start() - start], False))
        parts.append((match.group(), True))
        at = match.end() - start
    tail_end = start + max(at, len(window))
    parts.append((text[start + at : tail_end] + ("…" if tail_end < len(text) else ""), False))
    return [(part, marked) for part, marked in parts if part]
