"""Full-text search over the catalog, behind one interface.

>>> query = parse_query('treaty "stance disclaimer" -russia')
>>> clause = backend_for("sqlite").clause(query)   # SQL fragments for the caller's query

Backends: SQLite FTS5 (``sqlite``) and PostgreSQL tsvector + GIN
(``postgresql``).  Both index titles, body text, author names, disclaimers and
footnote text, and are kept in sync by triggers (migration 0002); a writer
that inserts documents in bulk defers their indexing to the end of its change
with :func:`deferred_indexing` (migration 0006).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

import sqlalchemy as sa

from archive.search import postgresql, sqlite
from archive.search.base import (
    RankedJoin,
    SearchBackend,
    SearchClause,
    Snippet,
    split_highlights,
)
from archive.search.postgresql import TsvectorBackend
from archive.search.query import MAX_QUERY_CHARS, MAX_TERMS, SearchQuery, Term, parse_query
from archive.search.sqlite import Fts5Backend

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "RankedJoin",
    "SearchBackend",
    "SearchClause",
    "SearchQuery",
    "Snippet",
    "Term",
    "backend_for",
    "deferred_indexing",
    "parse_query",
    "split_highlights",
]

_BACKENDS: dict[str, SearchBackend] = {"sqlite": Fts5Backend(), "postgresql": TsvectorBackend()}


def backend_for(vendor: str) -> SearchBackend:
    """The backend of a database vendor or SQLAlchemy dialect name ("sqlite", "postgresql")."""
    try:
        return _BACKENDS[vendor]
    except KeyError:
        raise ValueError(f"no full-text search backend for {vendor!r}") from None


_MODULES: dict[str, ModuleType] = {"sqlite": sqlite, "postgresql": postgresql}


@contextmanager
def deferred_indexing(connection: sa.Connection) -> Iterator[None]:
    """Index the documents *inserted* inside the block once each, when it ends.

    Row by row, every footnote, author or disclaimer written re-indexes its
    document (on SQLite the whole text: FTS5 external content has no partial
    update), which makes storing a document with n notes cost n re-indexes.
    Inside the block a new document is marked deferred and its children skip
    the index; at the end each deferred document is indexed once, whole, in
    the same transaction, so no reader ever sees it half indexed.  Documents
    that were already indexed are updated row by row as always.
    """
    module = _MODULES[connection.dialect.name]
    _run(connection, module.begin_deferral_sql())
    try:
        yield
    except BaseException:
        # A marker left behind would defer later writers' documents; the failed
        # transaction itself is rolled back by its owner.
        try:
            _run(connection, module.end_deferral_sql())
        except sa.exc.DBAPIError:
            pass
        raise
    _run(connection, module.end_deferral_sql())


def _run(connection: sa.Connection, statements: list[str]) -> None:
    for statement in statements:
        connection.exec_driver_sql(statement)
