"""Bibliographic files -> metadata-only records: BibTeX, RIS and CSL-JSON.

Reference-manager exports describe documents without holding their text.
Each entry becomes a :class:`BibRecord` (title, authors, date, publisher, URL,
DOI, kind); the store turns it into a catalog entry with empty text,
deduplicated by DOI, URL, or title and year.  An entry without a title cannot
be cataloged: it is skipped and reported (``BibliographyRead.skipped``), the
other entries go on.  A file none of whose entries can be read raises
:class:`UnreadableFile`.
"""

from __future__ import annotations

import datetime as dt
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


@dataclass(slots=True)
class BibliographyRead:
    records: list[BibRecord] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # why each unreadable entry was skipped


_KINDS = {
    "article": "journal-article",
    "jour": "journal-article",
    "article-journal": "journal-article",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "chap": "chapter",
    "chapter": "chapter",
    "techreport": "report",
    "rprt": "report",
    "report": "report",
    "inproceedings": "conference-paper",
    "conference": "conference-paper",
    "conf": "conference-paper",
    "paper-conference": "conference-paper",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thes": "thesis",
    "thesis": "thesis",
    "misc": "record",
    "elec": "web-page",
    "webpage": "web-page",
    "online": "web-page",
    "newspaper": "news-article",
    "news": "news-article",
    "article-newspaper": "news-article",
    "mgzn": "magazine-article",
    "article-magazine": "magazine-article",
}
_LATEX_COMMAND = re.compile(r"\\[a-zA-Z]+\s*|\\.")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = squash(_LATEX_COMMAND.sub("", value).replace("{", "").replace("}", "").replace("~", " "))
    return text[:500] or None


def _person(name: str) -> str | None:
    """ "Okafor, Mira" -> "Mira Okafor"; "{World Bank}" stays a name."""
    name = _clean(name) or ""
    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first.strip()} {last.strip()}".strip()
    return name[:500] or None


def _date(year: object, month: object = None, day: object = None, raw: object = None):
    """(date, raw, year) from separate parts or one raw date."""
    if raw:
        text = str(raw).strip().strip("/")
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


def _record(
    title: object,
    authors: Iterable[str],
    dated: tuple[Any, Any, Any],
    publisher: object,
    url: object,
    doi: object,
    kind: object,
    key: str,
) -> BibRecord | str:
    clean_title = _clean(title)
    if not clean_title:
        return f"entry {key}: no title"
    published, raw, year = dated
    return BibRecord(
        title=clean_title,
        authors=[a for a in (_person(n) for n in authors) if a],
        published=published,
        published_raw=raw,
        year=year,
        publisher=_clean(publisher),
        url=normalize_url(url),
        doi=normalize_doi(doi),
        kind=_KINDS.get(str(kind).lower(), "record") if kind else "record",
        key=key,
    )


def _bibtex(text: str, filename: str) -> Iterable[BibRecord | str]:
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware

    # LaTeX accents become letters ("M{\\"u}ller" -> "Müller"), not stripped to "Muller".
    # bibtexparser logs each unparsable block; they are reported in ``skipped`` instead.
    logger = logging.getLogger("bibtexparser")
    level, logger.level = logger.level, logging.CRITICAL
    try:
        library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    finally:
        logger.setLevel(level)
    for block in library.failed_blocks:
        start = getattr(block, "start_line", None)  # 0-based
        yield f"unparsable BibTeX near line {start + 1 if isinstance(start, int) else '?'}"
    for index, entry in enumerate(library.entries, start=1):
        fields = {k.lower(): v for k, v in entry.fields_dict.items()}

        def value(name: str, fields: dict[str, Any] = fields) -> str | None:
            found = fields.get(name)
            return found.value if found is not None and isinstance(found.value, str) else None

        authors = re.split(r"\s+and\s+", value("author") or value("editor") or "")
        yield _record(
            value("title"),
            [a for a in authors if a.strip()],
            _date(value("year"), value("month"), value("day"), value("date")),
            value("publisher") or value("journal") or value("booktitle") or value("institution"),
            value("url"),
            value("doi"),
            entry.entry_type,
            _located(entry.key or f"#{index}", getattr(entry, "start_line", None)),
        )


def _located(key: str, start_line: object) -> str:
    """The entry's key and the line it starts on (bibtexparser counts from 0)."""
    return f"{key} at line {start_line + 1}" if isinstance(start_line, int) else key


def _ris(text: str, filename: str) -> Iterable[BibRecord | str]:
    import rispy

    try:
        entries = rispy.loads(text)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise UnreadableFile(filename, f"damaged RIS file: {exc}", "ris") from exc
    for index, entry in enumerate(entries, start=1):
        urls = entry.get("urls") or []
        yield _record(
            entry.get("title") or entry.get("primary_title") or entry.get("secondary_title"),
            list(entry.get("authors") or entry.get("first_authors") or []),
            _date(
                None, raw=entry.get("date") or entry.get("year") or entry.get("publication_year")
            ),
            entry.get("publisher") or entry.get("journal_name") or entry.get("secondary_title"),
            urls[0] if isinstance(urls, list) and urls else None,
            entry.get("doi"),
            entry.get("type_of_reference"),
            entry.get("id") or f"#{index}",
        )


def _csl_name(person: object) -> str:
    if not isinstance(person, dict):
        return ""
    if isinstance(person.get("literal"), str):
        return person["literal"]
    return " ".join(str(person[k]) for k in ("given", "family") if isinstance(person.get(k), str))


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
        issued = entry.get("issued") if isinstance(entry.get("issued"), dict) else {}
        parts = issued.get("date-parts") if isinstance(issued, dict) else None
        first = parts[0] if isinstance(parts, list) and parts and isinstance(parts[0], list) else []
        numbers = [int(p) for p in first if isinstance(p, int | str) and str(p).isdigit()]
        dated = _date(*numbers[:3]) if numbers else _date(None, raw=issued.get("raw"))
        authors = entry.get("author") if isinstance(entry.get("author"), list) else []
        yield _record(
            entry.get("title"),
            [_csl_name(a) for a in authors],
            dated,
            entry.get("publisher") or entry.get("container-title"),
            entry.get("URL"),
            entry.get("DOI"),
            entry.get("type"),
            str(entry.get("id") or f"#{index}"),
        )


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
