"""Recognise a stance disclaimer and the organisation it speaks for.

Accepted: a front-matter paragraph such as "Views expressed in this commentary
are the author's and do not necessarily represent the X's positions",
"The views expressed are the author's own", "... do not necessarily reflect the
views of the X" or "... those of X".  The text is kept verbatim; the
organisation loses a leading "the" and a possessive.  The organisation is also
taken as the publisher: a disclaimer speaks for the house that publishes.
"""

import re

from archive.ingest.document import ParsedDisclaimer
from archive.ingest.working import WorkingDocument

__all__ = ["disclaimed_organization", "looks_like", "run"]

_MARK = re.compile(
    r"\b(?:opinions?|views?)\s+expressed\b"
    r"|\bdo(?:es)?\s+not\s+necessarily\s+(?:represent|reflect)"
    r"|\bauthors?(?:['’]s?|s['’])?\s+own\s+(?:views|opinions)",
    re.I,
)
_SPEAKS_FOR = re.compile(r"\b(?:represent|reflect|endorse)s?\s+", re.I)
_STANCE = r"(?:views?|positions?|opinions?|polic(?:y|ies)|stances?)"
_LEAD = re.compile(
    rf"^(?:those\s+of\s+|the\s+(?:official\s+)?{_STANCE}(?:\s+(?:or|and)\s+{_STANCE})?\s+of\s+)?"
    r"(?:the\s+)?",
    re.I,
)
# Where the organisation's name ends: a sentence stop that does not close an
# initial ("U.S."), a comma, or "or its"/"and their" ("the X or its staff").
_END = re.compile(r"(?<!\b[A-Z])[.;:!?](?=\s|$)|,|\s+(?:or|and)\s+(?:its|their)\b")
_POSSESSIVE = re.compile(rf"['’]s?\s+{_STANCE}\b")


def looks_like(text: str) -> bool:
    return bool(_MARK.search(text))


def disclaimed_organization(text: str) -> str | None:
    """ "... do not necessarily represent the X's positions." -> "X"."""
    speaks = _SPEAKS_FOR.search(text)
    if speaks is None:
        return None
    rest = _LEAD.sub("", text[speaks.end() :], count=1)
    end = _END.search(rest)
    name = rest[: end.start() if end else len(rest)]
    possessive = _POSSESSIVE.search(name)
    name = (name[: possessive.start()] if possessive else name).strip()
    return name if name[:1].isupper() else None


def run(doc: WorkingDocument) -> None:
    block = doc.front_block("disclaimer")
    if block is None:
        return
    # Verbatim: a wrapped disclaimer is rejoined with single spaces, nothing else changes.
    text = block.text
    organization = disclaimed_organization(text)
    doc.disclaimer = ParsedDisclaimer(text=text, disclaims=organization)
    doc.publisher = organization
