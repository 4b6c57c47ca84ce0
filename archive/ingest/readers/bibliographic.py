"""Bibliographic files -> metadata-only records: BibTeX, RIS and CSL-JSON.

Reference-manager exports describe documents without holding their text.
Each entry becomes a :class:`BibRecord` (title and subtitle, people with their
roles, date, publisher, container, URL, DOI, kind); the store turns it into a
catalog entry with empty text, the same work as a held one only by DOI or by
title, year and first author (without a year or author, by what it has: see
:mod:`archive.ingest.records`).  An entry without a title cannot be cataloged: it
is skipped and reported (``BibliographyRead.skipped``), the other entries go on.
A file none of whose entries can be read raises :class:`UnreadableFile`.

BibTeX is read as BibTeX reads it: ``@string`` macros and ``#`` concatenation
expanded, ``crossref`` resolved (a child takes the fields it lacks from its
parent, the parent's title as its ``booktitle``), names split by BibTeX's rules
(``{Barnes and Noble}`` is one name; ``and others`` means *et al.*, a flag, not a
person), LaTeX turned into text.  The kind comes from ``archive.kinds``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from archive.ingest.encoding import decode_text
from archive.ingest.errors import LimitExceeded, UnreadableFile
from archive.ingest.keys import normalize_doi, normalize_url
from archive.ingest.limits import DEFAULT_LIMITS, IngestLimits
from archive.ingest.readers.common import parse_date, squash
from archive.kinds import kind_from_citation_type
from archive.latex import latex_to_text

__all__ = ["BibRecord", "BibliographyRead", "read_records"]


@dataclass(frozen=True, slots=True, kw_only=True)
class BibRecord:
    """One bibliographic entry, normalised."""

    title: str
    authors: list[str]
    published: dt.date | None
    published_raw: str | None
    year: int | None
    publisher: str | None
    url: str | None
    doi: str | None
    kind: str = "record"
    key: str | None = None  # the entry's citation key or position, for reports
    subtitle: str | None = None
    # (role, name) of the other people: "editor", "translator".
    contributors: list[tuple[str, str]] = field(default_factory=list)
    et_al: bool = False  # the source lists more names than these ("and others")
    container_title: str | None = None  # the journal, book or site it appears in

    @property
    def first_author(self) -> str | None:
        names = self.authors or [name for _, name in self.contributors]
        return names[0] if names else None


@dataclass(slots=True)
class BibliographyRead:
    records: list[BibRecord] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # why each unreadable entry was skipped


_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


def _plain(value: object) -> str | None:
    """A text value as the file states it, whitespace squashed (RIS and CSL-JSON)."""
    if not isinstance(value, str):
        return None
    return squash(value)[:500] or None


def _url(value: object) -> str | None:
    """An http(s) URL as stated, fragment kept (it may point into the document)."""
    if not normalize_url(value):
        return None
    return str(value).strip()


# "-0099-07-12": a year before 1 AD (ISO 8601 / EDTF astronomical), as text only.
_ISO_BC = re.compile(r"-\d{4,6}(?:-\d{2}(?:-\d{2})?)?")


def _date(year: object, month: object = None, day: object = None, raw: object = None):
    """(date, raw, year) from separate parts or one raw date."""
    if raw:
        text = str(raw).strip().strip("/")
        if _ISO_BC.fullmatch(text):  # already astronomical ISO 8601: kept as written
            return None, text, None
        parts = [p for p in re.split(r"[/-]", text) if p.strip()]
        if parts and all(p.isdigit() for p in parts):
            return _date(*parts[:3])
        date, shown = parse_date(text)
        return date, shown, date.year if date else None
    try:
        y = int(str(year).strip()[:4])
    except (TypeError, ValueError):
        return None, None, None
    m = month if isinstance(month, int) else None
    if isinstance(month, str) and month.strip():
        m = _MONTHS.get(month.strip().lower()[:3]) or (int(month) if month.isdigit() else None)
    d = int(day) if isinstance(day, int | str) and str(day).isdigit() else None
    try:
        if m and d:
            return dt.date(y, m, d), dt.date(y, m, d).isoformat(), y
        if m:
            dt.date(y, m, 1)
            return None, f"{y}-{m:02d}", y
    except (ValueError, OverflowError):
        pass
    return (None, str(y), y) if 1 <= y <= 9999 else (None, None, None)


@dataclass(slots=True)
class _Entry:
    """What a reader found in one entry, before it is checked."""

    key: str
    kind: str
    title: str | None
    dated: tuple[Any, Any, Any]
    people: list[tuple[str, str]]  # (role, name)
    subtitle: str | None = None
    publisher: str | None = None
    container: str | None = None
    url: str | None = None
    doi: object = None
    et_al: bool = False


def _record(found: _Entry) -> BibRecord | str:
    if not found.title:
        return f"entry {found.key}: no title"
    published, raw, year = found.dated
    names = [(role, name[:500]) for role, name in found.people if name]
    return BibRecord(
        title=found.title[:500],
        subtitle=(found.subtitle or None) and found.subtitle[:500],
        authors=[name for role, name in names if role == "author"],
        contributors=[(role, name) for role, name in names if role != "author"],
        et_al=found.et_al,
        published=published,
        published_raw=raw,
        year=year,
        publisher=(found.publisher or None) and found.publisher[:500],
        container_title=(found.container or None) and found.container[:500],
        url=found.url,
        doi=normalize_doi(found.doi),
        kind=found.kind,
        key=found.key,
    )


# -- BibTeX -------------------------------------------------------------------------------

_BIBTEX_ROLES = (("author", "author"), ("editor", "editor"), ("translator", "translator"))


def _bibtex(text: str, filename: str) -> Iterable[BibRecord | str]:
    import bibtexparser
    from bibtexparser.model import DuplicateFieldKeyBlock

    # bibtexparser logs each unparsable block; they are reported in ``skipped`` instead.
    logger = logging.getLogger("bibtexparser")
    level, logger.level = logger.level, logging.CRITICAL
    try:
        library = bibtexparser.parse_string(text, parse_stack=[])
    finally:
        logger.setLevel(level)
    entries = list(library.entries)
    for block in library.failed_blocks:
        if isinstance(block, DuplicateFieldKeyBlock):
            # BibTeX warns and reads the entry: a repeated field is no reason to lose it.
            entries.append(block.ignore_error_block)
            continue
        start = getattr(block, "start_line", None)  # 0-based
        yield f"unparsable BibTeX near line {start + 1 if isinstance(start, int) else '?'}"
    entries.sort(key=lambda entry: getattr(entry, "start_line", 0) or 0)
    macros: dict[str, str] = {}
    for string in library.strings:  # a macro may use those defined before it
        macros[string.key.lower()] = _expand(string.value, macros)
    raw = {entry.key.lower(): _bibtex_fields(entry, macros) for entry in entries}
    for index, entry in enumerate(entries, start=1):
        fields = _with_crossref(raw[entry.key.lower()], raw)
        key = _located(entry.key or f"#{index}", getattr(entry, "start_line", None))
        yield _record(_bibtex_entry(entry.entry_type, fields, key))


def _bibtex_entry(entry_type: str, fields: dict[str, str], key: str) -> _Entry:
    def text(name: str) -> str | None:
        value = fields.get(name)
        return squash(latex_to_text(value)) if value else None

    people: list[tuple[str, str]] = []
    et_al = False
    for field_name, role in _BIBTEX_ROLES:
        names, more = _bibtex_names(fields.get(field_name) or "")
        people += [(role, name) for name in names]
        et_al = et_al or more
    container = text("journal") or text("journaltitle") or text("booktitle")
    return _Entry(
        key=key,
        kind=kind_from_citation_type("bibtex", entry_type, text("type")),
        title=text("title"),
        subtitle=text("subtitle"),
        dated=_date(text("year"), text("month"), text("day"), text("date")),
        people=people,
        et_al=et_al,
        publisher=text("publisher") or text("institution") or text("school")
        or text("organization") or (None if container else text("howpublished")),
        container=container,
        url=_url(text("url")),
        doi=text("doi"),
    )


def _bibtex_fields(entry: Any, macros: dict[str, str]) -> dict[str, str]:
    """The entry's fields (lower-case names), ``#`` concatenations and macros expanded."""
    return {f.key.lower(): _expand(f.value, macros) for f in entry.fields
            if isinstance(f.value, str)}


# One piece of a BibTeX value: {braced} (nested), "quoted", a number or a macro name.
_PIECE = re.compile(
    r'\s*(\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}'  # braced, three levels deep
    r'|"(?:[^"{}]|\{(?:[^{}]|\{[^{}]*\})*\})*"'  # quoted, braces inside
    r'|[^#\s"{}]+)\s*(?:#|$)'  # a number or a macro
)


def _expand(value: str, macros: dict[str, str]) -> str:
    """A value as written (``dtv # { and Walter de Gruyter}``) -> its text.

    The file is parsed with no middleware, so values arrive as written; each
    ``#``-joined piece is a braced or quoted literal, a number, or a macro
    (``@string`` or a month).  A value that does not split so is kept as written.
    """
    pieces, position = [], 0
    for match in _PIECE.finditer(value):
        if match.start() != position:
            return value
        position = match.end()
        piece = match.group(1)
        if piece[:1] in "{\"":
            pieces.append(piece[1:-1])
        elif piece.isdigit():
            pieces.append(piece)
        else:
            # An undefined macro is empty, as BibTeX and pybtex read it (both warn).
            pieces.append(macros.get(piece.lower(), _MONTH_NAMES.get(piece.lower(), "")))
    return "".join(pieces) if position == len(value) else value


_MONTH_NAMES = {name[:3].lower(): name for name in (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December")}


def _with_crossref(fields: dict[str, str], entries: dict[str, dict[str, str]]) -> dict[str, str]:
    """A child's fields, with those it lacks taken from its ``crossref`` parent."""
    parent = entries.get((fields.get("crossref") or "").strip().lower())
    if not parent:
        return fields
    inherited = {name: value for name, value in parent.items() if name not in ("crossref",)}
    if "title" in parent:  # the parent book's title is the child's booktitle (biblatex too)
        inherited.setdefault("booktitle", parent["title"])
        inherited.pop("title")
        inherited.pop("subtitle", None)
    if fields.keys() & {"year", "date"}:  # the child's own date, never mixed with the parent's
        for name in ("year", "date", "month", "day"):
            inherited.pop(name, None)
    return {**inherited, **fields}


def _bibtex_names(value: str) -> tuple[list[str], bool]:
    """Display names of a BibTeX name list, and whether it ended in ``and others``."""
    from bibtexparser.middlewares.names import (
        parse_single_name_into_parts,
        split_multiple_persons_names,
    )

    names, more = [], False
    for written in split_multiple_persons_names(value) if value.strip() else []:
        if written.strip().lower() == "others":
            more = True
            continue
        parts = parse_single_name_into_parts(written, strict=False)
        shown = " ".join(" ".join(part) for part in (parts.first, parts.von, parts.last) if part)
        if parts.jr:
            shown += ", " + " ".join(parts.jr)
        name = squash(latex_to_text(shown))
        if name:
            names.append(name)
    return names, more


def _located(key: str, start_line: object) -> str:
    """The entry's key and the line it starts on (bibtexparser counts from 0)."""
    return f"{key} at line {start_line + 1}" if isinstance(start_line, int) else key


# -- RIS -----------------------------------------------------------------------------------

# AU/A1 authors, A2 editors (of the book or series), A4 translators: as Zotero reads them.
_RIS_ROLES = (
    ("authors", "author"), ("first_authors", "author"), ("secondary_authors", "editor"),
    ("subsidiary_authors", "translator"),
)


def _ris(text: str, filename: str) -> Iterable[BibRecord | str]:
    import rispy

    try:
        entries = rispy.loads(text)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise UnreadableFile(filename, f"damaged RIS file: {exc}", "ris") from exc
    for index, entry in enumerate(entries, start=1):
        urls = entry.get("urls") or []
        people: list[tuple[str, str]] = []
        for field_name, role in _RIS_ROLES:
            values = entry.get(field_name) or []
            people += [(role, _ris_person(v)) for v in
                       (values if isinstance(values, list) else [values])]
        yield _record(_Entry(
            key=str(entry.get("id") or f"#{index}"),
            kind=kind_from_citation_type("ris", entry.get("type_of_reference"),
                                         entry.get("type_of_work")),
            # ST alone still names the work: a short title is a title, not no title.
            title=_plain(entry.get("title") or entry.get("primary_title")
                         or entry.get("short_title")),
            dated=_date(None, raw=entry.get("date") or entry.get("year")
                        or entry.get("publication_year")),
            people=[(role, name) for role, name in people if name],
            publisher=_plain(entry.get("publisher")),
            container=_plain(entry.get("secondary_title") or entry.get("journal_name")
                             or entry.get("alternate_title3")),
            url=_url(urls[0]) if isinstance(urls, list) and urls else None,
            doi=entry.get("doi"),
        ))


def _ris_person(value: object) -> str:
    """RIS writes "Family, Given[, Suffix]"; a name without a comma is as written."""
    name = _plain(value) or ""
    family, comma, rest = name.partition(",")
    if not comma:
        return name
    given, _, suffix = rest.partition(",")
    shown = f"{given.strip()} {family.strip()}".strip()
    return f"{shown}, {suffix.strip()}" if suffix.strip() else shown


# -- CSL-JSON ------------------------------------------------------------------------------

_CSL_ROLES = (("author", "author"), ("editor", "editor"), ("translator", "translator"))


def _csl_name(person: object) -> str:
    if not isinstance(person, dict):
        return ""
    if isinstance(person.get("literal"), str):
        return squash(person["literal"])
    parts = [person.get(k) for k in ("given", "dropping-particle", "non-dropping-particle",
                                     "family")]
    shown = " ".join(str(p) for p in parts if isinstance(p, str) and p.strip())
    if isinstance(person.get("suffix"), str) and person["suffix"].strip():
        shown += ", " + person["suffix"].strip()
    return squash(shown)


# CSL-JSON's rich text in titles: <i>, <b>, <sub>, <sup> and two kinds of <span>
# (small caps, "nocase").  The catalog stores plain text: tags dropped, entities read.
_CSL_MARKUP = re.compile(r"</?(?:i|b|sub|sup|span)(?:\s[^<>]*)?>", re.IGNORECASE)


def _rich(value: object) -> str | None:
    """A CSL rich-text value as plain text (never raw markup)."""
    if not isinstance(value, str):
        return None
    return _plain(html.unescape(_CSL_MARKUP.sub("", value)))


def _csl(text: str, filename: str) -> Iterable[BibRecord | str]:
    try:
        entries = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise UnreadableFile(filename, f"damaged CSL-JSON: {exc}", "csl-json") from exc
    if isinstance(entries, dict):
        entries = [entries]
    if not isinstance(entries, list):
        raise UnreadableFile(filename, "CSL-JSON is not a list of items", "csl-json")
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            yield f"item #{index}: not an object"
            continue
        people = []
        for field_name, role in _CSL_ROLES:
            values = entry.get(field_name) if isinstance(entry.get(field_name), list) else []
            people += [(role, _csl_name(person)) for person in values]
        yield _record(_Entry(
            key=str(entry.get("id") or f"#{index}"),
            kind=kind_from_citation_type("csl", entry.get("type"), entry.get("genre")),
            title=_rich(entry.get("title")),
            dated=_csl_date(entry.get("issued")),
            people=[(role, name) for role, name in people if name],
            publisher=_plain(entry.get("publisher")),
            container=_rich(entry.get("container-title")),
            url=_url(entry.get("URL")),
            doi=entry.get("DOI"),
        ))


def _csl_date(issued: object) -> tuple[Any, Any, Any]:
    issued = issued if isinstance(issued, dict) else {}
    parts = issued.get("date-parts")
    first = parts[0] if isinstance(parts, list) and parts and isinstance(parts[0], list) else []
    numbers = [int(p) for p in first if isinstance(p, int | str) and _INTEGER.fullmatch(str(p))]
    if numbers and numbers[0] < 0:
        return _bc_date(*numbers[:3])
    return _date(*numbers[:3]) if numbers else _date(None, raw=issued.get("raw"))


_INTEGER = re.compile(r"\s*-?\d+\s*")


def _bc_date(year: int, month: int | None = None, day: int | None = None):
    """(None, raw, None) for a CSL year before 1 AD (``-100`` is 100 BC).

    Python's dates (and the catalog's) start at 1 AD, so a BC date is kept only as
    text, in ISO 8601's astronomical numbering (1 BC is year 0000, 100 BC is
    -0099: what EDTF and Better BibTeX write); it gives no year, never a made-up date.
    """
    shown = f"-{-(year + 1):04d}" if year < -1 else "0000"
    for part, top in ((month, 12), (day, 31)):
        if not part or not 1 <= part <= top:
            break
        shown += f"-{part:02d}"
    return None, shown, None


_READERS = {"bibtex": _bibtex, "ris": _ris, "csl-json": _csl}


def read_records(
    data: bytes, filename: str, format: str, limits: IngestLimits = DEFAULT_LIMITS
) -> BibliographyRead:
    """Every entry of a bibliographic file; raises :class:`IngestError` only."""
    text = decode_text(data, filename)
    read = BibliographyRead()
    try:
        for item in _READERS[format](text, filename):
            if isinstance(item, str):
                read.skipped.append(item)
            else:
                read.records.append(item)
            if len(read.records) > limits.bibliography_max_entries:
                raise LimitExceeded(
                    filename, f"more than {limits.bibliography_max_entries} entries", format
                )
    except (RecursionError, ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        raise UnreadableFile(filename, f"damaged {format} file: {exc}", format) from exc
    if not read.records:
        why = "; ".join(read.skipped[:3]) or "no entries"
        raise UnreadableFile(filename, f"no readable {format} entry ({why})", format)
    return read
