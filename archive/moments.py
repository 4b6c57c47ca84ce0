"""Moments in time: the one rule for a datetime that carries no time zone.

The archive stores every moment in UTC.  PostgreSQL's ``timestamptz`` hands
them back aware; SQLite stores text without a zone and hands them back naive,
and history snapshots written by triggers carry the same naive text.  A moment
without a zone is therefore UTC — on the way out of either database, and in a
``?as_of=`` or ``to=`` a person typed.  Every reader applies :func:`as_utc`;
every writer of ISO 8601 text applies :func:`to_iso`.

(A ``TypeDecorator`` on the columns, as warehouse does, would cover rows read
through SQLAlchemy only — not trigger snapshots, Django's reads or typed input —
and would hide ``DateTime`` from the backup and history code that dispatches on
column types.)
"""

from __future__ import annotations

import datetime as dt

__all__ = ["as_utc", "to_iso"]


def as_utc(moment: dt.datetime) -> dt.datetime:
    """The same moment, aware: a naive one is read as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def to_iso(value: dt.datetime | dt.date | None) -> str | None:
    """ISO 8601; datetimes in UTC with a ``Z``, dates as ``YYYY-MM-DD``."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return as_utc(value).astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()
