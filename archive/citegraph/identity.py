"""How two citations are recognised as citing the same work.

1. The same DOI (case-folded), else the same URL;
2. else the same ``identity_key``: the title's words (case-, accent- and
   punctuation-folded), the first author's (or editor's) family name, the year;
   a citation without a title has no key to match on (two untitled web pages,
   known only by their different URLs, are two works);
3. else a *fuzzy* match, for librarians to confirm: the same first author and
   year (a missing year matches any), and titles whose words are at least
   :data:`FUZZY_THRESHOLD` alike (difflib's ratio), or one title the start of
   the other ("Armenia and Azerbaijan" / "Armenia and Azerbaijan: Thinking …").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

__all__ = ["FUZZY_THRESHOLD", "Identity", "fold", "fuzzy_match", "identity_of"]

FUZZY_THRESHOLD = 0.88
_WORD = re.compile(r"\w+")
_TITLE_WORDS = 24  # subtitles run long; the first words identify a title


def fold(text: str) -> str:
    """Lower case, no accents, words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(bare))


@dataclass(frozen=True, slots=True)
class Identity:
    doi: str | None
    url: str | None
    key: str
    author: str
    year: int | None
    title: str  # folded


def _first_family(item: dict[str, Any]) -> str:
    for role in ("author", "editor"):
        for name in item.get(role) or []:
            return fold(name.get("family") or name.get("literal") or "")
    return ""


def _year(item: dict[str, Any]) -> int | None:
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return parts[0][0] if parts[0] else None


def identity_of(item: dict[str, Any]) -> Identity:
    title = " ".join(fold(item.get("title") or item.get("container-title") or "").split()
                     [:_TITLE_WORDS])
    author, year = _first_family(item), _year(item)
    doi = (item.get("DOI") or "").lower() or None
    url = item.get("URL") or None
    key = f"{title}|{author}|{year or ''}"[:500]
    return Identity(doi, url, key, author[:200], year, title)


def fuzzy_match(a: Identity, b: Identity) -> bool:
    if a.author != b.author or not a.title or not b.title:
        return False
    if a.year is not None and b.year is not None and a.year != b.year:
        return False
    shorter, longer = sorted((a.title, b.title), key=len)
    if longer.startswith(shorter + " ") and len(shorter.split()) >= 2:
        return True
    return difflib.SequenceMatcher(None, a.title, b.title).ratio() >= FUZZY_THRESHOLD
