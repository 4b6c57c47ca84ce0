"""The publisher a text states in its imprint: "Published by X", "Copyright © 2014 X".

Two forms, at the top or the foot of the text (where imprints stand):

* "Published by X" (often inside a copyright or licence line: "© 2017 A.
  Published by X. Licensed under …") or a "Publisher: X" line: X as printed, a run of capitalised
  words (with "of", "for", "and", "the" inside) and a legal form after a
  comma ("O'Reilly Media, Inc.");
* a copyright line naming an organisation: "Copyright (C) 1985, 1993 X",
  "© 2007 X" (a PDF may lose the sign and print "c 2007 X").  The holder is
  the publisher only when it reads as an organisation (a word such as
  "Foundation", "Association", "Society", "Press", "Trust", "Inc."), never
  persons ("© 2021 A. Lee and B. Chen") or "The Authors".  The legal form is
  dropped ("X, Inc." -> "X"): a copyright names the legal entity, the catalog
  the organisation.

The journal or serial a text appears in (the catalog's publisher for a paper),
from three printed forms:

* the text's own citation, "Lee, A. 2019. <the title>. Journal Name 22.2 1-10";
* a serial's name on its line with "Vol. 85, No. 152" under it, or a journal's
  header naming its issue on one line ("Journal of X, Vol. 12, No. 3 (2019)");
* a running foot "Journal Name 7.1 (#3) – Lee and Chen 2021".

The publication a reprint first appeared in: "[From X, 1 March 1996]" under
its title, "Originally published in X", "Reprinted from X".

All are weaker than metadata naming the publisher; the metadata stage weighs
them (stages/metadata.py).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from archive.ingest.stages.dateline import MONTH, YEAR

__all__ = [
    "copyright_holder",
    "first_published_in",
    "markup_copyright_holder",
    "published_by",
    "serial_name",
]

_EDGE_LINES = 60  # an imprint stands in the first or the last lines of a text
_HEADER_LINES = 12  # a journal's header stands in the first lines of its first page

_CONNECTOR = r"(?:of|for|and|the|de|du|des|für|&)"
_WORD = r"(?:[A-Z][\w'’.-]*|[A-Z]{2,})"
_LEGAL = r"(?:,?\s+(?:Inc|Ltd|LLC|Corp|Co|GmbH|S\.A|plc)\.?)"
_ORG_RUN = rf"{_WORD}(?:\s+(?:{_CONNECTOR}\s+)*{_WORD})*{_LEGAL}?"
_PUBLISHED_BY = re.compile(rf"\bPublished\s+by\s+(?P<org>(?:the\s+)?{_ORG_RUN})"
                           rf"|^\s*Publisher\s*:\s*(?P<label>(?:[Tt]he\s+)?{_ORG_RUN})")
_COPYRIGHT = re.compile(
    r"(?:\b(?i:copyright)\b\s*(?:\((?i:c)\)|©)?|©|(?:^|\.\s+)c(?=\s+(?:1[6-9]|20)\d\d\b))\s*"
    r"(?P<years>(?:(?:1[6-9]|20)\d\d(?:\s*[-–]\s*(?:(?:1[6-9]|20)\d\d|\d\d))?[,\s]*)+)"
    rf"(?:by\s+)?(?P<org>(?:[Tt]he\s+)?{_ORG_RUN})",
)
_ORGANISATION = re.compile(
    r"\b(?:foundation|association|society|press|trust|institute|institution|university|"
    r"council|league|agency|bureau|office|department|ministry|commission|company|"
    r"corporation|media|publishing|publishers|group|center|centre|bank|"
    r"inc|ltd|llc|corp|gmbh|plc)\b\.?",
    re.I,
)
_TRAILING_STOP = re.compile(r"\s+(?:[A-Z][a-z]+ed|Licensed|Released|All|Permission|This)$")


def _edges(lines: Sequence[str]) -> list[str]:
    if len(lines) <= 2 * _EDGE_LINES:
        return list(lines)
    return [*lines[:_EDGE_LINES], *lines[-_EDGE_LINES:]]


def _tidy(org: str) -> str:
    org = _TRAILING_STOP.sub("", org.strip())
    return org.rstrip(",;: ") if not re.search(_LEGAL + r"$", org) else org.rstrip(",;: ")


def published_by(lines: Sequence[str]) -> tuple[str, str] | None:
    """(publisher, the line) of the first "Published by X" in the imprint, or None."""
    for line in _edges(lines):
        match = _PUBLISHED_BY.search(line)
        if match:
            org = _tidy(match.group("org") or match.group("label"))
            return org[:1].upper() + org[1:], line.strip()  # "the Royal Society"
    return None


# The start of the date after the name: a day and month, a month, or a year.
_SOURCE_DATE = rf"(?:\d{{1,2}}\s+{MONTH}|{MONTH}|{YEAR})"
# "[From X, 1 March 1996]" under a reprint's title; "Originally published in X",
# "First appeared in X", "Reprinted from X" at its head or foot.
_FIRST_PUBLISHED = re.compile(
    rf"^\s*[\[(]\s*(?i:(?:reprinted\s+)?from)\s+(?P<dated>(?:the\s+)?{_ORG_RUN})\s*,\s*"
    rf"(?i:{_SOURCE_DATE})"
    rf"|\b(?i:(?:originally|first)\s+(?:published|appeared|printed)\s+in|reprinted\s+"
    rf"(?:with\s+permission\s+)?from)\s+(?P<org>(?:the\s+)?{_ORG_RUN})"
)


def first_published_in(lines: Sequence[str]) -> tuple[str, str] | None:
    """(publication, the line) a reprint names as where it first appeared, or None.

    A text copied from a magazine or paper says so at its head or foot: "[From
    X, 1 March 1996]", "Originally published in X on …", "Reprinted from X".
    The bracketed form needs a date after the name (a place alone, "From Leith,"
    is no source).
    """
    for line in _edges(lines):
        match = _FIRST_PUBLISHED.search(line)
        if match:
            org = _tidy(match.group("dated") or match.group("org"))
            if not re.search(_LEGAL + r"$", org):
                org = org.rstrip(".")  # the sentence's full stop, not the name's
            return org[:1].upper() + org[1:], line.strip()
    return None


def copyright_holder(lines: Sequence[str]) -> tuple[str, str] | None:
    """(organisation, the line) of the first copyright line naming an organisation."""
    for line in _edges(lines):
        for match in _COPYRIGHT.finditer(line):
            org = _tidy(match.group("org"))
            if org.lower().startswith("the authors") or not _ORGANISATION.search(org):
                continue
            return re.sub(_LEGAL + r"$", "", org).strip(" ,"), line.strip()
    return None


_SERIAL_NAME = r"[A-Z][\w'’-]*(?:\s+(?:(?:of|for|and|on|&|de|in)\s+)?[A-Z][\w'’-]*){0,7}"
_VOLUME_LINE = re.compile(r"^vol(?:ume|\.)\s*\d+\s*,\s*(?:no|issue)\.?\s*\d+\b", re.I)
_RUNNING_FOOT = re.compile(rf"^(?P<name>{_SERIAL_NAME})\s+\d+\.\d+\s+\(#\d+\)\s+[–—-]\s+\S")
_SERIAL_ALONE = re.compile(rf"^(?P<name>{_SERIAL_NAME})$")
# A journal's header on its first page, name and issue on one line: "Journal of X, Vol.
# 12, No. 3 (2019), pp. 45-67", "Annals of X 12(3): 45-67, 2020".  The name must say it
# is a serial, since a report prints its own volume too ("Annual Report, Volume 2").
_SERIAL_WORD = re.compile(r"\b(?:journal|review|annals|bulletin|letters|quarterly|transactions|"
                          r"proceedings|magazine|gazette|newsletter|studies|forum)\b", re.I)
_HEADER = re.compile(rf"^(?P<name>{_SERIAL_NAME})(?:,?\s+(?i:vol(?:ume|\.)?)\s*\d+\b"
                     rf"|\s+\d+\s*\(\d+\)\s*[:,])")


def _own_citation(text: str, title: str) -> str | None:
    if len(title) < 12:
        return None
    folded = text.casefold()
    at = folded.find(title.casefold())
    while at >= 0:
        rest = " ".join(text[at + len(title):at + len(title) + 200].split())
        match = re.match(rf"^[.?!]\s+(?P<name>{_SERIAL_NAME})[,.]?\s+\d", rest)
        if match:
            return match.group("name")
        at = folded.find(title.casefold(), at + 1)
    return None


def serial_name(lines: Sequence[str], title: str) -> tuple[str, str] | None:
    """(journal or serial, the line saying so) from the forms above, or None."""
    edges = [line.strip() for line in _edges(lines)]
    found = _own_citation("\n".join(edges), title)
    if found:
        return found, "the document's own citation"
    for line in lines:  # a running foot may stand on any page
        foot = _RUNNING_FOOT.match(line.strip())
        if foot:
            return foot.group("name"), line.strip()
    for line in edges[:_HEADER_LINES]:
        header = _HEADER.match(line)
        if header and _SERIAL_WORD.search(header.group("name")):
            return header.group("name"), line
    printed = [line for line in edges if line and not line.isdigit()]  # page numbers out
    for at, line in enumerate(printed):
        if not _VOLUME_LINE.match(line):
            continue
        # The serial's name: the nearest line above the volume line that is only a name.
        for above in reversed(printed[max(0, at - 3):at]):
            alone = _SERIAL_ALONE.match(above)
            if alone and len(above.split()) <= 6:
                return alone.group("name"), f"{above} / {line}"
    return None


_MARKUP_SIGN = re.compile(r"©|&copy;|&#169;|&#xa9;|\bcopyright\b", re.I)
_TAG = re.compile(r"<[^>]*>")
_MARKUP_WINDOW = 240
_MAX_MARKUP = 4_000_000  # a page's source searched for its footer's copyright line


def markup_copyright_holder(data: bytes) -> tuple[str, str] | None:
    """The organisation a web page's copyright line names, read from its source.

    A page's footer (outside the article the reader keeps) holds its copyright
    line, "© 2019 <a>The Harbour Trust</a>": tags are dropped and entities read
    before the line is weighed like a text's (:func:`copyright_holder`).  The
    last such line wins: the footer's, not an image credit in the article.
    """
    source = data[:_MAX_MARKUP].decode("utf-8", errors="replace")
    found = None
    for sign in _MARKUP_SIGN.finditer(source):
        window = source[sign.start():sign.start() + _MARKUP_WINDOW]
        line = " ".join(html.unescape(_TAG.sub(" ", window)).split())
        line = re.sub(r"^(?i:copyright)\s*©", "Copyright ©", line)
        holder = copyright_holder([line])
        if holder is not None:
            found = holder
    return found
