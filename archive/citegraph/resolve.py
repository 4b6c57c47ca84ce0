"""Short forms and "Ibid." resolved to the full citation they stand for, in one document.

Chicago-style notes cite a work in full once, then shorten it: "Laitin and
Suny, “Armenia and Azerbaijan,” 147." names the authors' family names and the
first words of the title; "Ibid., 45." repeats the work cited just before.

* **Ibid.** refers to the last citation before it (earlier in the same note,
  else the previous note's last one).
* **A short form** is a citation with a title and nothing that a full citation
  adds (no container, publisher, date, volume or URL).  It refers to the
  latest earlier citation whose title starts with (or contains, in order) the
  short title's words and whose authors include every family name it gives.

A short form that matches nothing stays what it is: a citation in its own right.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from archive.citegraph.citation import Citation

__all__ = ["is_short_form", "resolve_document", "title_words"]

_FULL_FIELDS = ("container-title", "publisher", "issued", "volume", "URL", "DOI",
                "publisher-place")
_WORD = re.compile(r"\w+")


def title_words(title: str) -> list[str]:
    return _WORD.findall(title.casefold())


def is_short_form(item: dict[str, Any]) -> bool:
    return bool(item.get("title")) and not any(item.get(key) for key in _FULL_FIELDS)


def _families(item: dict[str, Any]) -> set[str]:
    return {(name.get("family") or name.get("literal") or "").casefold()
            for name in item.get("author", []) + item.get("editor", [])}


def _in_order(short: list[str], full: list[str]) -> bool:
    position = 0
    for word in short:
        try:
            position = full.index(word, position) + 1
        except ValueError:
            return False
    return True


def _matches(short: dict[str, Any], full: dict[str, Any]) -> bool:
    short_words, full_words = title_words(short["title"]), title_words(full.get("title", ""))
    if not short_words or len(short_words) > len(full_words):
        return False
    families = _families(short)
    if len(short_words) == len(full_words) and not families:
        return False  # a whole title repeated without its authors is no short form
    if full_words[:len(short_words)] != short_words and not (
            len(short_words) >= 2 and _in_order(short_words, full_words)):
        return False
    return not families or families <= _families(full)


def resolve_document(notes: Sequence[list[Citation]]) -> list[list[Citation]]:
    """The citations of a document's notes (in order) with short forms and ibid resolved."""
    resolved: list[list[Citation]] = []
    earlier: list[tuple[int, int, Citation]] = []  # (note, index, citation) of full citations
    last: tuple[int, int, Citation] | None = None
    for n, citations in enumerate(notes):
        out: list[Citation] = []
        for k, citation in enumerate(citations):
            target = None
            if citation.form == "ibid":
                target = last
            elif is_short_form(citation.item):
                target = next((entry for entry in reversed(earlier)
                               if _matches(citation.item, entry[2].item)), None)
            if target is not None:
                citation = citation.referring_to(target[0], target[1], target[2])
            elif citation.form == "full":
                earlier.append((n, k, citation))
            out.append(citation)
            last = (n, k, citation)
        resolved.append(out)
    return resolved
