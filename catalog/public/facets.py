"""Facet counts next to the results: grouped counts over the matching set.

Every count comes from the same "matching" queryset as the list (published
only, filtered, searched), so a facet can never count a document the list would
not show.  Kind, language, publisher and year come from *one* grouped scan of
the matching documents (the combinations are few; Python adds them up per
facet), authors from one grouped join; the total is the sum of all groups, so
there is no separate ``COUNT(*)``.

Counts are cached per query string and per *catalog state*: the largest ids of
document, authorship, footnote and history (a trigger writes a history row on
every update and delete), four index look-ups.  Any write changes the state, so
a cached count is never stale, and repeated pages skip the scans.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Func, IntegerField, QuerySet
from django.utils.translation import get_language_info

from archive.kinds import kind_label
from catalog.models import Authorship, Document, Organization, Person
from catalog.public.search import joined_for

__all__ = [
    "FACET_LIMIT", "FacetValue", "Facets", "catalog_state", "facet_counts", "language_name",
]

FACET_LIMIT = 10
YEAR_LIMIT = 50  # years are listed newest first, all of them up to this many
CACHE_SECONDS = 300


@dataclass(frozen=True, slots=True)
class FacetValue:
    param: str  # the query parameter this value sets
    value: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Facets:
    total: int
    groups: dict[str, list[FacetValue]]


class Year(Func):
    """The year of a date, without SQLite's Python ``django_date_extract`` per row."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):  # noqa: ANN001, ANN003, ANN201
        sql, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "sqlite":
            return f"CAST(substr({sql}, 1, 4) AS integer)", params
        return f"CAST(EXTRACT(year FROM {sql}) AS integer)", params


def catalog_state() -> str:
    """Changes whenever the catalog does (see the module docstring)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT max(id) FROM document), (SELECT max(id) FROM authorship), "
            "(SELECT max(id) FROM footnote), (SELECT max(id) FROM history)"
        )
        return ":".join(map(str, cursor.fetchone()))


def language_name(code: str) -> str:
    """"English" for "en": Django's table of language names; an unknown code as it is."""
    try:
        return str(get_language_info(code)["name"])
    except KeyError:
        return code


def _years(counts: Counter) -> list[FacetValue]:
    """Newest year first: a year facet is read as a timeline, not as a ranking."""
    years = sorted((year for year in counts if year is not None), reverse=True)[:YEAR_LIMIT]
    return [FacetValue("date", str(year), str(year), counts[year]) for year in years]


def _top(counts: Counter, param: str, labels: dict | None = None) -> list[FacetValue]:
    ranked = sorted(
        ((key, n) for key, n in counts.items() if key is not None),
        key=lambda item: (-item[1], str((labels or {}).get(item[0], item[0]))),
    )[:FACET_LIMIT]
    return [FacetValue(param, str(key), str((labels or {}).get(key, key)), n) for key, n in ranked]


def _author_counts(matching: QuerySet[Document]) -> dict[int, int]:
    return dict(
        Authorship.objects.filter(document__in=matching.order_by().values("id"))
        .order_by()
        .values("person_id")
        .annotate(n=Count("document_id", distinct=True))
        .values_list("person_id", "n")
    )


def _top_authors(counts: dict[int, int]) -> list[FacetValue]:
    """The most frequent authors, ties by name.

    Counted per person id alone: joining ``person`` for its name on every
    authorship row cost a third of the query when a term matched most of the
    catalog.  The names are read for the candidates only (every person whose
    count reaches the tenth highest).
    """
    if not counts:
        return []
    floor = sorted(counts.values(), reverse=True)[: FACET_LIMIT][-1]
    candidates = [pk for pk, n in counts.items() if n >= floor]
    names: dict[int, str] = {}
    for start in range(0, len(candidates), 5000):  # under SQLite's variable limit
        chunk = candidates[start : start + 5000]
        names.update(Person.objects.filter(id__in=chunk).values_list("id", "name"))
    ranked = sorted(candidates, key=lambda pk: (-counts[pk], names.get(pk, "")))[:FACET_LIMIT]
    return [FacetValue("author", str(pk), names.get(pk, ""), counts[pk]) for pk in ranked]


# Kind, language, publisher, year (grouped) and authors in one statement (PostgreSQL):
# the matching documents are read once, into the materialized ``m``, where two queries
# each computed the search's matches and joined them with ``document`` again (at
# 20,000 documents, a word in most of them: twice 2,083 buffers of the index and the
# join, then 50,537 buffers for 16,784 look-ups of ``authorship``).
_ONE_PASS = (
    "WITH m (id, kind, language, publisher_id, year) AS MATERIALIZED ({matching}) "
    "SELECT 0, kind, language, publisher_id, year, count(id) FROM m "
    "GROUP BY kind, language, publisher_id, year "
    "UNION ALL SELECT 1, NULL, NULL, person_id, NULL, count(document_id) FROM ("
    "SELECT DISTINCT a.person_id, a.document_id FROM authorship a JOIN m ON m.id = a.document_id"
    ") bylines GROUP BY person_id"
)


def _grouped(matching: QuerySet[Document]) -> QuerySet:
    return matching.order_by().annotate(year=Year(F("published")))


def _counts(
    matching: QuerySet[Document], many: bool | None
) -> tuple[list[tuple[str, str, int | None, int | None, int]], dict[int, int]]:
    """(kind, language, publisher, year, documents) groups, and documents per author."""
    if connection.vendor != "postgresql":
        rows = (_grouped(matching).values("kind", "language", "publisher_id", "year")
                .annotate(n=Count("id"))
                .values_list("kind", "language", "publisher_id", "year", "n"))
        return list(rows), _author_counts(matching)
    columns = _grouped(matching).values("id", "kind", "language", "publisher_id", "year")
    sql, params = columns.query.sql_with_params()
    groups: list[tuple[str, str, int | None, int | None, int]] = []
    authors: dict[int, int] = {}
    with joined_for(many), connection.cursor() as cursor:
        cursor.execute(_ONE_PASS.format(matching=sql), params)
        for tag, kind, language, key, year, n in cursor.fetchall():
            if tag == 0:
                groups.append((kind, language, key, year, n))
            else:
                authors[key] = n
    return groups, authors


def _compute(matching: QuerySet[Document], many: bool | None = None) -> Facets:
    groups, author_counts = _counts(matching, many)
    kinds, languages, publishers, years = Counter(), Counter(), Counter(), Counter()
    for kind, language, publisher_id, year, n in groups:
        kinds[kind] += n
        languages[language] += n
        publishers[publisher_id] += n
        years[year] += n
    top_publishers = [key for key, _ in publishers.most_common(FACET_LIMIT * 2) if key]
    names = dict(Organization.objects.filter(id__in=top_publishers).values_list("id", "name"))
    authors = _top_authors(author_counts)
    groups = {
        "author": authors if kinds else [],
        "publisher": _top(publishers, "publisher", names),
        "kind": _top(kinds, "kind", {code: kind_label(code) for code in kinds if code}),
        "language": _top(languages, "language",
                         {code: language_name(code) for code in languages if code}),
        "year": _years(years),
    }
    return Facets(total=sum(kinds.values()), groups=groups)


def facet_counts(
    matching: QuerySet[Document] | Callable[[], QuerySet[Document]], key: str | None = None,
    many: bool | None | Callable[[], bool | None] = None,
) -> Facets:
    """Counts of author, publisher, kind, language and year over ``matching``.

    ``matching`` may be a callable that builds the queryset: it is called only
    when the counts are not cached.  ``key`` identifies the query (e.g. its
    normalised query string); with it the counts are cached for the current
    catalog state.  ``many`` (or a callable asked only when counting): is the set
    expected to hold more than an eighth of the catalog?  It chooses how the set is
    joined (``catalog.public.search.joined_for``), never what is counted.
    """

    def compute() -> Facets:
        return _compute(matching() if callable(matching) else matching,
                        many() if callable(many) else many)

    if key is None:
        return compute()
    digest = hashlib.sha256(f"{catalog_state()}|{key}".encode()).hexdigest()
    cache_key = f"catalog:facets:{digest}"
    facets = cache.get(cache_key)
    if facets is None:
        facets = compute()
        cache.set(cache_key, facets, CACHE_SECONDS)
    return facets
