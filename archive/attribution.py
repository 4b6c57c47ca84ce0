"""Who is changing the catalog, and when: the attribution of every write.

Every versioned row records ``changed_by`` and ``changed_at``.  Callers declare
the actor once (``acting_as("ingest:seeds/a.txt")``, a librarian's user name in
the admin, ``restore:<file>``) and every write in that context carries it, on
the SQLAlchemy side and on the Django side alike.  Writing without an actor is
a programming error: :class:`MissingAttribution` is raised rather than storing
an anonymous change.

The timestamp is fixed when the context opens, so every row written in one
logical change (one admin save, one ingested document) carries the same
``changed_at`` and the history reads it as one change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

__all__ = ["Change", "MissingAttribution", "acting_as", "current_change", "utcnow"]


class MissingAttribution(RuntimeError):
    """A versioned row was written outside any ``acting_as`` context."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Change:
    actor: str
    at: dt.datetime = field(default_factory=utcnow)

    def __post_init__(self) -> None:
        if not self.actor or not self.actor.strip():
            raise MissingAttribution("an actor name must not be empty")


_current: ContextVar[Change | None] = ContextVar("archive_change", default=None)


def current_change() -> Change:
    """The change being made now; raises if nobody declared who is making it."""
    change = _current.get()
    if change is None:
        raise MissingAttribution(
            "write to a versioned table outside acting_as(...): every change needs an author"
        )
    return change


@contextmanager
def acting_as(actor: str, at: dt.datetime | None = None) -> Iterator[Change]:
    """Attribute every write inside the block to ``actor`` (at one moment)."""
    change = Change(actor, at or utcnow())
    token = _current.set(change)
    try:
        yield change
    finally:
        _current.reset(token)
