"""Django glue for ``archive.search``: restrict a queryset, rank it, read snippets."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from archive.schema import RecordStatus
from archive.search import SearchClause, SearchQuery, Snippet, backend_for
from archive.search.base import SCOPE_PARAMS
from archive.search.highlight import occurs
from catalog.models import Disclaimer, Document, Footnote

__all__ = ["RANK", "clause_for", "match_reasons", "ranked", "restrict", "snippets"]

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
    matching = queryset.extra(  # noqa: S610 - fragments from archive.search, values are params
        tables=list(join.tables), where=where, params=params
    )
    rank, rank_params = join.rank, list(join.rank_params)
    if join.scoped:
        scope, scope_params = matching.order_by().values("id").query.sql_with_params()
        rank = rank.replace("{scope}", scope)
        rank_params = [value for param in rank_params
                       for value in (scope_params if param is SCOPE_PARAMS else (param,))]
    return matching.extra(  # noqa: S610 - as above
        select={RANK: rank}, select_params=rank_params
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


def match_reasons(
    query: SearchQuery, documents: Sequence[Document], found: dict[int, Snippet]
) -> dict[int, list[str]]:
    """Where each document of a page matched the query: "title", "author", "disclaimer",
    "text" (its snippet has a highlight), "notes".  Two queries for the whole page."""
    if not query.include or not documents:
        return {}
    ids = [d.id for d in documents]
    disclaimers = dict(Disclaimer.objects.filter(document_id__in=ids)
                       .values_list("document_id", "text"))
    notes: dict[int, list[str]] = {}
    for document_id, text in (Footnote.objects.filter(document_id__in=ids,
                                                       status=RecordStatus.ACTIVE)
                              .values_list("document_id", "text")):
        notes.setdefault(document_id, []).append(text)
    reasons: dict[int, list[str]] = {}
    for d in documents:
        fields = {
            "title": f"{d.title} {d.subtitle or ''}",
            "author": "\n".join(a.person.name for a in d.authorships.all()),
            "disclaimer": disclaimers.get(d.id, ""),
        }
        matched = [name for name, text in fields.items() if occurs(text, query)]
        if any(marked for _, marked in found.get(d.id, [])):
            matched.append("text")
        if occurs("\n".join(notes.get(d.id, [])), query):
            matched.append("notes")
        reasons[d.id] = matched
    return reasons
