"""CSL name objects from the text of an author, editor or translator segment.

Accepted shapes (mixed in one list, as bibliographies mix them):

* natural order: "David D. Laitin and Ronald Grigor Suny", "Thomas de Waal";
* inverted pairs: "Romero, C., Paunesku, D., & Dweck, C.", "Adams, Nicholson B.";
* inverted first name then natural ones: "Lee, L. L., W. E. Howard, and R. E. Marsh";
* family name then initials (Vancouver): "Pérez-Higueras JJ, Arias A", "Heidegger M.";
* one word, an organisation or a mononym: "Eurasianet" → ``{"literal": …}``.

Role words around the names ("In", "edited by", "eds.", "(Hg.)", "trans.") are
dropped; "et al." ends the list.  A natural-order name is split by nameparser,
which knows particles ("de Waal", "van Beethoven") and suffixes ("Jr.").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from nameparser import HumanName

__all__ = ["parse_names"]

_ROLE_PREFIX = re.compile(
    r"^(?:in|by|edited|ed\.|eds\.|translated|trans\.|transl\.|hg\.|hrsg\.|with|and|"
    r"introduction|foreword|compiled|directed)\b[\s.:]*(?:by\b)?\s*", re.I)
_ROLE_SUFFIX = re.compile(
    r"[\s,(\[]*(?:\b(?:eds?|editors?|edited|hg|hrsg|trans|transl|translators?|comps?|dir)\b\.?)"
    r"[)\]]?[\s.,;:]*$", re.I)
_ET_AL = re.compile(r"[\s,]*\bet\.?\s*al\b\.?.*$|[\s,]*\band others\b.*$", re.I)
_SEPARATORS = re.compile(r"\s*(?:;|&amp;|&|\band\b|\bund\b|\bet\b|\by\b)\s*", re.I)
_INITIALS = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ](?:\.|-[A-ZÀ-ÖØ-Þ]\.?)?\s*)+$")
_PACKED_INITIALS = re.compile(r"^[A-ZÀ-ÖØ-Þ]{1,3}\.?$")
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_PARTICLES = {"de", "da", "del", "della", "der", "den", "di", "du", "la", "le", "van", "von",
              "ter", "ten", "bin", "ibn", "al", "el", "dos", "das", "y", "st."}


def _clean(text: str) -> str:
    text = " ".join(text.replace("\u00a0", " ").split())
    text = text.strip(" ,;:()[]")
    previous = None
    while previous != text:
        previous = text
        text = _ROLE_PREFIX.sub("", text)
        text = _ROLE_SUFFIX.sub("", text).strip(" ,;:()[]")
    text = _ET_AL.sub("", text).strip(" ,;:")
    # A full stop after a family name ends the segment; after an initial it is the initial's.
    words = text.split()
    if words and words[-1].endswith(".") and not _is_initials(words[-1]):
        text = text[:-1]
    return text


def _words(piece: str) -> list[str]:
    return piece.split()


def _is_initials(piece: str) -> bool:
    return bool(_INITIALS.match(piece)) or all(
        _PACKED_INITIALS.match(word) for word in _words(piece))


def _capitalised(words: list[str]) -> list[str]:
    return [w for w in words if w.lower() not in _PARTICLES]


def _is_family(piece: str) -> bool:
    """One family name, possibly with particles: "Romero", "de la Macorra", "Ter-Petrossian"."""
    words = _words(piece)
    return 0 < len(_capitalised(words)) <= 1 and not _is_initials(piece) and len(words) <= 4


def _is_given(piece: str) -> bool:
    """What follows a family name's comma: initials or one to three given names."""
    words = _words(piece)
    if not words or len(words) > 3:
        return False
    return _is_initials(piece) or all(w[:1].isupper() for w in words)


def _natural(piece: str) -> dict[str, Any]:
    words = _words(piece)
    last = words[-1] if words else ""
    if len(words) >= 2 and _PACKED_INITIALS.match(last) and (
            not last.endswith(".") or len(last) > 2):
        # Vancouver: "Pérez-Higueras JJ" (a stop after packed initials ends the segment)
        return _name(" ".join(words[:-1]), last.rstrip("."))
    if len(words) >= 2 and _is_initials(words[-1]) and not _is_initials(" ".join(words[:-1])):
        # "Heidegger M."
        return _name(" ".join(words[:-1]), words[-1])
    if len(words) == 1:
        return {"literal": piece}
    last, given, suffix = _human_name(piece)
    if not last:
        return {"literal": piece}
    name = _name(last, given)
    if suffix:
        name["suffix"] = suffix
    return name


@lru_cache(maxsize=20_000)
def _human_name(piece: str) -> tuple[str, str, str]:
    """(family, given, suffix) as nameparser reads ``piece``.

    Cached: nameparser takes about half a millisecond a name, and the same
    authors recur in the notes of one document and across a catalog.
    """
    human = HumanName(piece)
    given = " ".join(part for part in (human.first, human.middle) if part)
    return human.last, given, human.suffix


def _name(family: str, given: str) -> dict[str, Any]:
    family, given = family.strip(" ,."), given.strip(" ,")
    return {"family": family, "given": given} if given else {"family": family}


def _pieces(chunk: str) -> list[dict[str, Any]]:
    pieces = [p.strip() for p in chunk.split(",") if p.strip()]
    names: list[dict[str, Any]] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        following = pieces[i + 1] if i + 1 < len(pieces) else None
        if following is not None and _is_family(piece) and _is_given(following):
            name, i = _name(piece, following), i + 2
        else:
            name, i = _natural(piece), i + 1
        if i < len(pieces) and pieces[i].lower().strip(".") in _SUFFIXES:
            name, i = name | {"suffix": pieces[i]}, i + 1
        names.append(name)
    return names


def parse_names(text: str) -> list[dict[str, Any]]:
    """The CSL name objects of ``text`` (empty when it holds no name)."""
    cleaned = _clean(text)
    if not cleaned:
        return []
    names: list[dict[str, Any]] = []
    for chunk in _SEPARATORS.split(cleaned):
        chunk = chunk.strip(" ,;:")
        if chunk:
            names += _pieces(chunk)
    return [name for name in names if any(value for value in name.values())]
