"""Full-text search over the catalog, behind one interface.

>>> query = parse_query('treaty "stance disclaimer" -russia')
>>> clause = backend_for("sqlite").clause(query)   # SQL fragments for the caller's query

Backends: SQLite FTS5 (``sqlite``) and PostgreSQL tsvector + GIN
(``postgresql``).  Both index titles, body text, author names, disclaimers and
footnote text, and are kept in sync by triggers (migration 0002).
"""

from __future__ import annotations

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
