"""One page of catalog results, shared by the HTML list and the API.

The total comes from the facet counts (one grouped scan, cached per catalog
state, see ``catalog.public.facets``), so "26–42 of 42" and the page numbers cost no
separate ``COUNT``.  ``page`` must be a whole number from 1 to the last page:
anything else is a :class:`PageError` (400), a page past the last one a
:class:`PastTheEnd` that says which page is the last.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.http import QueryDict
from django.urls import reverse

from archive.search import Snippet
from catalog.models import Document
from catalog.public.facets import Facets, facet_counts
from catalog.public.filters import DocumentFilter
from catalog.public.search import match_reasons, snippets
from catalog.public.visibility import published_documents

__all__ = [
    "MAX_PAGE",
    "PAGE_SIZE",
    "Listing",
    "PageError",
    "PastTheEnd",
    "Row",
    "listing",
    "page_number",
    "rows",
]

PAGE_SIZE = 25
MAX_PAGE = 2000  # deeper pages are refused: OFFSET costs grow with the page number


class PageError(ValueError):
    """``page`` is not a whole number from 1 to :data:`MAX_PAGE`."""


class PastTheEnd(LookupError):
    """The page asked for comes after the last page of results."""

    def __init__(self, number: int, last: int) -> None:
        super().__init__(f"page {number} is past the last page of results, {last}")
        self.last = last


@dataclass(frozen=True, slots=True)
class Row:
    """One result, ready for the template (URLs and labels built once, in Python)."""

    id: int
    title: str
    url: str
    authors: list[tuple[str, str]]  # (name, url)
    published: str | None  # ISO date
    publisher: tuple[str, str] | None  # (name, url)
    snippet: Snippet | None
    matched: list[str] = field(default_factory=list)  # where the search matched: "title"…


def _url_pattern(name: str) -> str:
    """The URL of ``name`` with ``{}`` for the id: one reverse() per page, not per link."""
    return reverse(name, args=[987654321]).replace("987654321", "{}")


def rows(
    documents: list[Document], found: dict[int, Snippet],
    reasons: dict[int, list[str]] | None = None,
) -> list[Row]:
    document_url = _url_pattern("document-detail")
    person_url = _url_pattern("person-detail")
    publisher_url = _url_pattern("organization-detail")
    return [
        Row(
            id=d.id,
            title=d.title,
            url=document_url.format(d.id),
            authors=[(a.byline_name, person_url.format(a.person_id))
                     for a in d.authorships.all()],
            published=d.published.isoformat() if d.published else None,
            publisher=(d.publisher.name, publisher_url.format(d.publisher_id))
            if d.publisher else None,
            snippet=found.get(d.id),
            matched=(reasons or {}).get(d.id, []),
        )
        for d in documents
    ]


@dataclass(slots=True)
class Listing:
    filterset: DocumentFilter
    documents: list[Document]
    number: int
    facets: Facets
    # How many of the ``total`` matches the order can reach: a relevance ranking
    # on SQLite ranks the newest ``RANK_WINDOW`` matches only.
    reachable: int
    page_size: int = PAGE_SIZE
    snippets: dict[int, Snippet] = field(default_factory=dict)
    reasons: dict[int, list[str]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.facets.total

    @property
    def last(self) -> int:
        return last_page(self.reachable, self.page_size)

    @property
    def has_next(self) -> bool:
        return self.number < self.last

    @property
    def first_shown(self) -> int:
        return (self.number - 1) * self.page_size + 1 if self.documents else 0

    @property
    def last_shown(self) -> int:
        return (self.number - 1) * self.page_size + len(self.documents)

    def page_range(self) -> list[int | str]:
        """Page numbers around this one, with "…" for the gaps (Django's elided range)."""
        pages = Paginator(range(self.reachable), self.page_size)
        return list(pages.get_elided_page_range(self.number, on_each_side=2, on_ends=1))

    def page_url(self, query: QueryDict, number: int) -> str:
        params = query.copy()
        params["page"] = str(number)
        return "?" + params.urlencode()


def last_page(count: int, page_size: int) -> int:
    return min(max(1, -(-count // page_size)), MAX_PAGE)


def page_number(query: QueryDict) -> int:
    """The page asked for (1 when absent); :class:`PageError` unless 1 to :data:`MAX_PAGE`."""
    value = query.get("page", "").strip()
    if not value:
        return 1
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_PAGE:
        raise PageError(f"page must be a whole number from 1 to {MAX_PAGE}, not {value[:20]!r}")
    return int(value)


def _matches_most(total: int) -> bool:
    """Do ``total`` matches make more than an eighth of the catalog (its largest id)?

    The count is exact here (the facets'), where ``DocumentFilter.matches_most`` is the
    engine's estimate, asked before the facets are counted.
    """
    if total < 1000:
        return False
    largest = Document.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return total * 8 > largest


def listing(query: QueryDict, page_size: int = PAGE_SIZE) -> Listing:
    """Filter, search, sort and cut one page of published documents.

    Raises :class:`PageError` for a ``page`` that is no page number and
    :class:`PastTheEnd` for one after the last page of results.
    """
    number = page_number(query)
    filterset = DocumentFilter(query, queryset=published_documents())
    facets = facet_counts(filterset.matching, key=filterset.cache_key(),
                          many=filterset.matches_most)
    order = filterset.ordered()
    reachable = min(facets.total, facets.total if order.reachable is None else order.reachable)
    last = last_page(reachable, page_size)
    if number > last:
        raise PastTheEnd(number, last)
    start = (number - 1) * page_size
    # The page's ids first, then its rows: sorting every match's whole row (and its
    # publisher) for 25 of them was most of a PostgreSQL results page (issue 19).
    # The ranking reads every match of the search (filters or not): without filters the
    # facets counted them; with filters, the engine's estimate of the search alone.
    many = order.page is not None and (
        bool(filterset.matches_most()) if filterset.narrowed() else _matches_most(facets.total))
    page_ids = order.page_ids(start, start + page_size, many=many)
    rows = (published_documents().filter(id__in=page_ids)
            .select_related("publisher")
            .prefetch_related("authorships__person")
            .defer("text", "repairs")
            .in_bulk())
    documents: list[Any] = [rows[i] for i in page_ids if i in rows]
    found = snippets(filterset.search_query, [d.id for d in documents])
    reasons = match_reasons(filterset.search_query, documents, found)
    return Listing(filterset, documents, number, facets, reachable, page_size, found, reasons)
