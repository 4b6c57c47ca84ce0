"""Parse the byline into authors.

Accepted: a front-matter line starting "By", "Written by" or "Author(s):",
then names separated by commas, semicolons, "and" or "&" ("By A, B, and C"),
the first of which reads like a person's name (two or more capitalised words,
or one after an honorific; no function words, no colon): "By Land and Sea: A
History" and "By Any Means Necessary" are titles, not bylines.  A leading
plural honorific applies to every name ("By Drs. A & B"); each name may carry
its own ("By Prof. A and Dr B").  Academic degrees after a comma ("A, PhD")
are dropped; generational suffixes ("Jr.") stay with the name.
"""

import re

from archive.ingest.document import ParsedAuthor
from archive.ingest.names import (
    HONORIFIC,
    canonical_honorific,
    is_person_like,
    is_plausible_name,
    plural_honorific,
)
from archive.ingest.working import WorkingDocument

__all__ = ["looks_like", "parse_byline", "run"]

_LEAD = re.compile(r"^(?:(?:written\s+)?by|authors?\s*:)\s+(?=\S)", re.I)
_SEPARATOR = re.compile(r"\s*(?:[,;]\s*(?:and|&)\s+|[,;]\s*|\s+and\s+|\s*&\s*)")
_DEGREE = re.compile(r"^(?:Ph\.?\s?D|M\.?D|J\.?D|D\.?Phil|MBA|MPhil|MSc|MA|BA|BSc)\.?$", re.I)
_GENERATION = re.compile(r"^(?:Jr|Sr|II|III|IV)\.?$")
_OWN_HONORIFIC = re.compile(rf"^(?P<hon>{HONORIFIC})\s+")
_MAX_LENGTH = 300  # a byline is one short line; longer text is prose


def looks_like(text: str) -> bool:
    """A byline: the lead, then a first name that reads like a person's."""
    if len(text) > _MAX_LENGTH or not _LEAD.match(text):
        return False
    shared, rest = plural_honorific(_LEAD.sub("", text.strip(), count=1))
    names = _names(rest)
    if not names:
        return False
    own = _OWN_HONORIFIC.match(names[0])
    name = names[0][own.end() :].strip() if own else names[0]
    return is_person_like(name, canonical_honorific(own.group("hon")) if own else shared)


def _clean(part: str) -> str:
    part = part.strip(" ;")
    # A sentence stop after a name, not the stop of an initial or "Jr.".
    return part[:-1] if re.search(r"[a-z]{2}\.$", part) else part


def _names(text: str) -> list[str]:
    """Split the name list, folding degree and generation suffixes into their name."""
    names: list[str] = []
    for part in filter(None, map(_clean, _SEPARATOR.split(text))):
        if names and _DEGREE.match(part):
            continue
        if names and _GENERATION.match(part):
            names[-1] += f" {part}"
            continue
        names.append(part)
    return names


def parse_byline(text: str) -> tuple[list[tuple[str, str | None]], list[str]]:
    """Return ([(name, honorific)], [parts that are not plausible names])."""
    shared, rest = plural_honorific(_LEAD.sub("", text.strip(), count=1))
    found: list[tuple[str, str | None]] = []
    rejected: list[str] = []
    for part in _names(rest):
        own = _OWN_HONORIFIC.match(part)
        name = part[own.end() :].strip() if own else part
        honorific = canonical_honorific(own.group("hon")) if own else shared
        if is_plausible_name(name):
            found.append((name, honorific))
        else:
            rejected.append(part)
    return found, rejected


def run(doc: WorkingDocument) -> None:
    block = doc.front_block("byline")
    if block is None:
        doc.problem("byline", "no byline found", field="authors")
        return
    found, rejected = parse_byline(block.text)
    doc.authors = [
        ParsedAuthor(name=name, honorific=honorific, position=i)
        for i, (name, honorific) in enumerate(found, start=1)
    ]
    for part in rejected:
        reason = f"byline part {part!r} is not a recognisable name"
        doc.problem("byline", reason, line=block.first_line, raw=block.text, field="authors")
    if not found:
        doc.problem(
            "byline",
            "byline names no author",
            line=block.first_line,
            raw=block.text,
            field="authors",
        )
