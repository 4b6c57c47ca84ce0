"""The public catalog as it was at a past moment (``?as_of=2026-11-25T10:00``).

The list, the document pages and the API accept ``as_of``: they then show the
documents that were published at that moment, as they read then (from the
versions kept in ``history``, see ``archive.history``).  A document withdrawn
*now* is a takedown: it is listed as of a moment it was published only as its
tombstone (title, authors, reason), and its page is the tombstone (410) for
every moment (``catalog.public.visibility``).  Search, filters and facets apply to the
present catalog only; an as-of list is in id order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils.dateparse import parse_date, parse_datetime

from archive.history import document_record_as_of, published_document_ids_as_of
from archive.moments import as_utc
from archive.schema import DocumentStatus
from catalog.public.listing import Row
from catalog.public.visibility import tombstone, withdrawn_documents
from catalog.sa import read_session_for

__all__ = ["AsOfError", "AsOfPage", "as_of_page", "as_of_record", "parse_as_of", "record_row"]


MAX_AS_OF_CHARS = 40  # "2026-11-25T10:00:00.123456+05:30" and some room


class AsOfError(ValueError):
    """``as_of`` is not a date or a date and time."""


def parse_as_of(query: QueryDict) -> dt.datetime | None:
    """The moment asked for (UTC unless stated); None when absent.  A bare date means its start."""
    value = (query.get("as_of") or "").strip()
    if not value:
        return None
    if len(value) > MAX_AS_OF_CHARS:
        raise AsOfError("as_of is too long to be a date and time")
    try:
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)) is not None:
            moment = dt.datetime.combine(day, dt.time())
    except ValueError:
        moment = None
    if moment is None:
        raise AsOfError(f"as_of={value[:40]!r} is not a date (2026-11-25) or a date and time "
                        "(2026-11-25T10:00)")
    return as_utc(moment)


def as_of_record(pk: int, at: dt.datetime) -> dict[str, Any]:
    """The public record of a document as published at ``at``; 404 if it was not published then."""
    with read_session_for()() as session:
        record = document_record_as_of(session, pk, at, "public")
    if record is None or record["status"] != DocumentStatus.PUBLISHED:
        raise Http404("this document was not in the public catalog at that moment")
    return record


@dataclass(frozen=True, slots=True)
class AsOfPage:
    at: dt.datetime
    records: list[dict[str, Any]]
    rows: list[Row]
    number: int
    has_next: bool


def as_of_page(at: dt.datetime, number: int, page_size: int) -> AsOfPage:
    """One page of the catalog as it was at ``at``: records, or tombstones of takedowns."""
    with read_session_for()() as session:
        ids = published_document_ids_as_of(session, at)
        start = (number - 1) * page_size
        shown = ids[start : start + page_size]
        gone = {document.id: tombstone(document) for document in withdrawn_documents(shown)}
        records = [
            record
            for pk in shown
            if (record := gone.get(pk) or document_record_as_of(session, pk, at, "public"))
            is not None
        ]
    suffix = "?as_of=" + at.isoformat().replace("+00:00", "Z")
    rows = [_row(record, suffix) for record in records]
    return AsOfPage(at, records, rows, number, len(ids) > start + page_size)


def record_row(record: dict[str, Any], suffix: str) -> Row:
    """A list row of a record as of a moment (or a tombstone); ``suffix``: its ``?as_of=``."""
    return _row(record, suffix)


def _row(record: dict[str, Any], suffix: str) -> Row:
    if record["status"] == DocumentStatus.WITHDRAWN:  # a tombstone: no text, no date
        reason = record["withdrawn_reason"] or "no reason given"
        return Row(
            id=record["id"],
            title=record["title"],
            url=reverse("document-detail", args=[record["id"]]),
            authors=[
                (a["name"], reverse("person-detail", args=[a["person_id"]]))
                for a in record["authors"]
            ],
            published=None,
            publisher=None,
            snippet=[(f"Withdrawn since: {reason}", False)],
        )
    publisher = record["publisher"]
    return Row(
        id=record["id"],
        title=record["title"],
        url=reverse("document-detail", args=[record["id"]]) + suffix,
        authors=[
            (a["name"], reverse("person-detail", args=[a["person_id"]])) for a in record["authors"]
        ],
        published=record["published"],
        publisher=(publisher["name"], reverse("organization-detail", args=[publisher["id"]]))
        if publisher
        else None,
        snippet=None,
    )
