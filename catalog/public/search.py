"""Django glue for ``archive.search``: restrict a queryset, rank it, read snippets."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from archive.schema import RecordStatus
from archive.search import SearchClause, SearchQuery, Snippet, backend_for
from archive.search.base import RANK_WINDOW, SCOPE_PARAMS
from archive.search.highlight import occurs
from catalog.models import Disclaimer, Document, Footnote

__all__ = ["RANK", "Ranked", "clause_for", "match_reasons", "ranked", "restrict", "snippets"]

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


@dataclass(frozen=True, slots=True)
class Ranked:
    """The matching documents best first, and how many of them the order reaches.

    ``reachable`` is ``None`` when it reaches every match; otherwise the ranking
    considered only the newest ``RANK_WINDOW`` matches (``RankedJoin.scoped``).
    """

    queryset: QuerySet[Document]
    reachable: int | None = None


# The ids a scoped ranking considers, as one JSON parameter (a list of up to
# ``RANK_WINDOW`` ids: no limit on SQL variables to meet).
_SCOPE = "SELECT value FROM json_each(%s)"


def ranked(queryset: QuerySet[Document], clause: SearchClause, windowed: bool = False) -> Ranked:
    """The matching documents, best first.

    ``extra()`` because the index is no Django model.  A *scoped* backend
    (SQLite) ranks a bounded set: the newest ``RANK_WINDOW`` matches that
    ``queryset`` keeps, read once into a list; its rank then reads each index for
    those documents only.  ``windowed``: nothing but the search narrows the
    catalog, so the backend's cheap ``window`` (the newest matches of the whole
    index) may choose them; with other filters that window could miss every
    document the filters keep, so the filtered matches are read instead.
    """
    join = clause.ranked
    if join is None:
        return Ranked(restrict(queryset, clause))
    if not join.scoped:
        matching = queryset.extra(  # noqa: S610 - fragments from archive.search, values are params
            tables=list(join.tables), where=list(join.where), params=list(join.params)
        )
        return Ranked(matching.extra(  # noqa: S610 - as above
            select={RANK: join.rank}, select_params=list(join.rank_params)
        ).order_by(RANK, "-id"))
    if windowed and join.window:
        newest = RawSQL(join.window, (*join.window_params, RANK_WINDOW))
        scope = list(queryset.order_by().filter(id__in=newest).values_list("id", flat=True))
    else:
        scope = list(restrict(queryset, clause).order_by("-id")
                     .values_list("id", flat=True)[:RANK_WINDOW])
    ids = json.dumps(scope)
    rank_params = [ids if param is SCOPE_PARAMS else param for param in join.rank_params]
    return Ranked(
        queryset.filter(id__in=RawSQL(_SCOPE, (ids,)))
        .extra(  # noqa: S610 - fragments from archive.search, values are params
            select={RANK: join.rank.replace("{scope}", _SCOPE)}, select_params=rank_params
        ).order_by(RANK, "-id"),
        reachable=len(scope),
    )


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
