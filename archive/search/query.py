"""The user's search text, parsed into terms that can never be FTS syntax.

Accepted input (anything else is read as plain words):

* words: ``treaty ceasefire`` — every word must match (AND);
* phrases in double quotes: ``"stance disclaimer"`` — the words in that order;
* a leading ``-`` excludes a word or a phrase: ``-russia``, ``-"peace talks"``.

Every term is rendered *quoted* for the backend, so operators of the FTS
languages (``NEAR``, ``OR``, ``*``, ``:``, parentheses, ``^``) are just words.
A term with no letter or digit (punctuation, emoji) is dropped, because it
cannot match a token and an empty FTS5 string is an error.  Input is cut to
:data:`MAX_QUERY_CHARS` characters and :data:`MAX_TERMS` terms, so a 10,000
character query costs no more than a short one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["MAX_QUERY_CHARS", "MAX_TERMS", "SearchQuery", "Term", "parse_query"]

MAX_QUERY_CHARS = 500
MAX_TERMS = 16

# A phrase in double quotes (closed or running to the end), or a bare word;
# either may carry a leading "-" for exclusion.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_WORD_CHAR = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class Term:
    """A word or a phrase (words separated by single spaces), maybe excluded."""

    text: str
    exclude: bool = False

    @property
    def is_phrase(self) -> bool:
        return " " in self.text


@dataclass(frozen=True, slots=True)
class SearchQuery:
    terms: tuple[Term, ...] = ()

    @property
    def include(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if not term.exclude)

    @property
    def exclude(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if term.exclude)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def quoted(self, text: str) -> str:
        """``text`` as one FTS string literal: double quotes doubled (none survive parsing)."""
        return '"' + text.replace('"', '""') + '"'


def _clean(text: str) -> str:
    """Drop NUL and other control or unassigned characters; keep letters, marks, emoji."""
    text = unicodedata.normalize("NFC", text[: MAX_QUERY_CHARS * 2])
    kept = (ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return "".join(kept)[:MAX_QUERY_CHARS]


def _term(text: str, exclude: bool) -> Term | None:
    words = [word for word in text.replace('"', " ").split() if _WORD_CHAR.search(word)]
    return Term(" ".join(words), exclude) if words else None


def parse_query(text: str | None) -> SearchQuery:
    """Parse what a user typed; never raises, whatever ``text`` holds."""
    terms: list[Term] = []
    for match in _TOKEN.finditer(_clean(text or "")):
        phrase_minus, phrase, word_minus, word = match.groups()
        if phrase is not None:
            term = _term(phrase, exclude=bool(phrase_minus))
        else:
            # "-" alone or inside a word ("well-known") is not an exclusion.
            term = _term(word, exclude=bool(word_minus))
        if term is not None and term not in terms:
            terms.append(term)
        if len(terms) == MAX_TERMS:
            break
    return SearchQuery(tuple(terms))
