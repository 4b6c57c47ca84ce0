"""OAI datestamps: UTC, to the second (``2026-11-25T10:00:00Z``) or the day (``2026-11-25``).

The repository's granularity is seconds.  A harvester may give ``from`` and
``until`` to the second or to the day (both the same way); both bounds are
inclusive, so ``until=2026-11-25`` means up to 2026-11-25T23:59:59Z and
``until=2026-11-25T10:00:00Z`` up to that very second.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["BadDatestamp", "Bound", "format_datestamp", "parse_bound", "whole_second"]

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SECOND = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z")


class BadDatestamp(ValueError):
    """Not a date or a UTC date and time of the protocol's forms."""


@dataclass(frozen=True, slots=True)
class Bound:
    """A parsed ``from`` or ``until``: the first and last second it covers, and its granularity."""

    first: dt.datetime
    last: dt.datetime
    day: bool


def whole_second(moment: dt.datetime) -> dt.datetime:
    """``moment`` in UTC without its fraction of a second (naive values are UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def format_datestamp(moment: dt.datetime) -> str:
    return whole_second(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_bound(value: str, name: str) -> Bound:
    """``from``/``until`` as a range of seconds; :class:`BadDatestamp` says what is wrong."""
    try:
        if match := _DAY.fullmatch(value):
            day = dt.date(*map(int, match.groups()))
            first = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
            return Bound(first, first + dt.timedelta(days=1, seconds=-1), day=True)
        if match := _SECOND.fullmatch(value):
            moment = dt.datetime(*map(int, match.groups()), tzinfo=dt.UTC)
            return Bound(moment, moment, day=False)
    except ValueError as error:  # 2026-02-30, 25:00:00…
        raise BadDatestamp(f"{name}={value!r} is not a valid date: {error}") from None
    raise BadDatestamp(
        f"{name}={value!r} is neither a day (YYYY-MM-DD) nor a UTC time to the second "
        "(YYYY-MM-DDThh:mm:ssZ), the granularities of this repository"
    )
