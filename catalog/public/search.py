"""Django glue for ``archive.search``: restrict a queryset, rank it, read snippets."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from archive.schema import RecordStatus
from archive.search import SearchClause, SearchQuery, Snippet, backend_for
from archive.search.base import RANK_WINDOW, SCOPE_PARAMS, RankedJoin
from archive.search.highlight import occurs
from catalog.models import Disclaimer, Document, Footnote

__all__ = [
    "RANK", "Ranked", "clause_for", "joined_for", "match_reasons", "matches_most", "ranked",
    "restrict", "snippets",
]

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


def matches_most(clause: SearchClause | None) -> bool | None:
    """Does the engine expect ``clause`` to match more than an eighth of the catalog?

    From its statistics (``SearchClause.estimate``), without reading a match; ``None``
    when the backend gives no estimate.  Chooses how the matches are joined, never which.
    """
    if clause is None or clause.estimate is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({clause.estimate}) * 8 > (SELECT coalesce(max(id), 0) "
                       "FROM document)", clause.estimate_params)
        return bool(cursor.fetchone()[0])


@contextmanager
def joined_for(many: bool | None) -> Iterator[None]:
    """PostgreSQL: join a search's matches as their number asks, for the statements inside.

    The matches come from a function the planner takes for 1,000 rows whatever the
    query.  With a word in most documents (``many``) it looked each match up in
    ``document`` one by one (93,382 index look-ups at 100,000 documents) where reading
    both sets once and hashing one was several times cheaper: nested loops are off.
    With a few matches (``many`` False) it read and hashed all 18,002 published
    documents (20,000 in the catalog) for 26 matches: hash and merge joins are off, so
    each match is looked up.  ``None``: the planner's choice.  Transaction-local, and
    put back on the way out, so the caller's transaction keeps its own settings.
    """
    if many is None or connection.vendor != "postgresql":
        yield
        return
    names = ["enable_nestloop"] if many else ["enable_hashjoin", "enable_mergejoin"]
    with transaction.atomic(), connection.cursor() as cursor:
        before = []
        for name in names:
            cursor.execute("SELECT current_setting(%s), set_config(%s, 'off', true)",
                           [name, name])
            before.append(cursor.fetchone()[0])
        yield  # an error rolls the atomic block back, and the settings with it
        for name, value in zip(names, before, strict=True):
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])


@dataclass(frozen=True, slots=True)
class Ranked:
    """The matching documents best first, and how many of them the order reaches.

    ``reachable`` is ``None`` when it reaches every match; otherwise the ranking
    considered only the newest ``RANK_WINDOW`` matches (``RankedJoin.scoped``).
    """

    queryset: QuerySet[Document]
    reachable: int | None = None
    # The ids of one page, best first, when the backend ranks in one pass over its index
    # (``RankedJoin.tiers``); ``None``: slice ``queryset``.
    page: Callable[[int, int, bool], list[int]] | None = None

    def page_ids(self, start: int, stop: int, many: bool = False) -> list[int]:
        """The ids of the documents ``start`` to ``stop`` in this order.

        ``many``: does the search match more than an eighth of the catalog?  It chooses
        how the ranking joins its matches with the catalog (see :func:`joined_for`).
        """
        if self.page is not None:
            return self.page(start, stop, many)
        return list(self.queryset.values_list("id", flat=True)[start:stop])


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
        ordered = matching.extra(  # noqa: S610 - as above
            select={RANK: join.rank}, select_params=list(join.rank_params)
        ).order_by(RANK, "-id")
        if join.tiers is None:
            return Ranked(ordered)
        keep = queryset if join.tiers_complete else restrict(queryset, clause)
        return Ranked(ordered, page=lambda start, stop, many: _tiers_page(
            join, keep, start, stop, many))
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


def _tiers_page(
    join: RankedJoin, keep: QuerySet[Document], start: int, stop: int, many: bool
) -> list[int]:
    """One page of ``keep``'s documents ranked by the backend's one-pass ``tiers``.

    ``many`` (the caller knows the count from the facets): see :func:`joined_for`.
    """
    assert join.tiers is not None and join.tiers_rank is not None
    kept, kept_params = keep.order_by().values("id").query.sql_with_params()
    if join.tiers_complete:
        sql = (f"SELECT t.document_id FROM ({join.tiers}) t WHERE t.document_id IN ({kept}) "
               f"ORDER BY {join.tiers_rank.format(tiers='t.tiers')}, t.document_id DESC "
               "LIMIT %s OFFSET %s")
        params = [*join.tiers_params, *kept_params, stop - start, start]
    else:
        rank = join.tiers_rank.format(tiers="coalesce(t.tiers, 0)")
        sql = (f"SELECT k.id FROM ({kept}) k LEFT JOIN ({join.tiers}) t "
               f"ON t.document_id = k.id ORDER BY {rank}, k.id DESC LIMIT %s OFFSET %s")
        params = [*kept_params, *join.tiers_params, stop - start, start]
    # Without hash joins, a join to a function's result (``tiers`` of several terms, or
    # the left join) would read that result again for each row: only the hash join is
    # asked for there, when the matches are many.
    with joined_for(many if join.tiers_single else (True if many else None)), \
            connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


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
