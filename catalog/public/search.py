"""Django glue for ``archive.search``: restrict a queryset, rank it, read snippets."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from archive.search import SearchClause, SearchQuery, Snippet, backend_for
from catalog.models import Document

__all__ = ["RANK", "clause_for", "ranked", "restrict", "snippets"]

# The name of the relevance column added by :func:`ranked`.
RANK = "search_rank"


def clause_for(query: SearchQuery, notes: SearchQuery | None = None) -> SearchClause | None:
    return backend_for(connection.vendor).clause(query, notes)


def restrict(queryset: QuerySet[Document], clause: SearchClause | None) -> QuerySet[Document]:
    """Only the matching documents (an ``id IN (…)`` subquery: safe inside facets)."""
    if clause is None:
        return queryset
    ids = RawSQL(clause.ids, clause.params)
    if clause.exclude:
        return queryset.exclude(id__in=ids)
    return queryset.filter(id__in=ids)


def ranked(
    queryset: QuerySet[Document], clause: SearchClause, windowed: bool = False
) -> QuerySet[Document]:
    """The matching documents as a join with the index, best first.

    ``extra()`` because the index is no Django model: the join lets the engine
    rank while it matches (FTS5 ``rank``), instead of a correlated subquery per row.

    ``windowed``: rank only the newest ``RANK_WINDOW`` matches (when the backend
    offers it).  Use it when nothing but the search narrows the catalog: a term
    found in most documents then costs what a rare one does.  With other
    filters the set to rank is already narrowed, and a window over the whole
    index could miss every document the filters keep.
    """
    join = clause.ranked
    if join is None:
        return restrict(queryset, clause)
    where, params = list(join.where), list(join.params)
    if windowed and join.window:
        where.append(join.window)
        params.extend(join.window_params)
    return queryset.extra(  # noqa: S610 - fragments from archive.search, values are params
        tables=list(join.tables),
        where=where,
        params=params,
        select={RANK: join.rank},
        select_params=list(join.rank_params),
    ).order_by(RANK, "-id")


def snippets(query: SearchQuery, ids: Sequence[int]) -> dict[int, Snippet]:
    """Highlighted snippets of the documents ``ids`` (one query for the whole page)."""
    backend = backend_for(connection.vendor)
    built = backend.snippet_sql(query, ids)
    if built is None:
        return {}
    sql, params = built
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row_id: backend.snippet_from_row(query, value) for row_id, value in cursor}
