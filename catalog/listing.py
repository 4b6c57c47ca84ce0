"""One page of catalog results, shared by the HTML list and the API.

Pagination looks one row ahead instead of counting: ``LIMIT page_size + 1``
says whether there is a next page, and the total comes from the facets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.urls import reverse

from archive.search import Snippet
from catalog.filters import DocumentFilter
from catalog.models import Document
from catalog.public import published_documents
from catalog.search import snippets

__all__ = ["MAX_PAGE", "PAGE_SIZE", "Listing", "Row", "listing", "page_number", "rows"]

PAGE_SIZE = 25
MAX_PAGE = 2000  # deeper pages are refused: OFFSET costs grow with the page number


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


def _url_pattern(name: str) -> str:
    """The URL of ``name`` with ``{}`` for the id: one reverse() per page, not per link."""
    return reverse(name, args=[987654321]).replace("987654321", "{}")


def rows(documents: list[Document], found: dict[int, Snippet]) -> list[Row]:
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
        )
        for d in documents
    ]


@dataclass(slots=True)
class Listing:
    filterset: DocumentFilter
    documents: list[Document]
    number: int
    has_next: bool
    snippets: dict[int, Snippet] = field(default_factory=dict)

    def page_url(self, query: QueryDict, number: int) -> str:
        params = query.copy()
        params["page"] = str(number)
        return "?" + params.urlencode()


def page_number(query: QueryDict) -> int:
    try:
        return min(max(int(query.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        return 1


def listing(query: QueryDict, page_size: int = PAGE_SIZE) -> Listing:
    """Filter, search, sort and cut one page of published documents."""
    filterset = DocumentFilter(query, queryset=published_documents())
    number = page_number(query)
    start = (number - 1) * page_size
    found_rows: list[Any] = list(
        filterset.page_queryset()
        .select_related("publisher")
        .prefetch_related("authorships__person")
        .defer("text", "repairs")[start : start + page_size + 1]
    )
    documents = found_rows[:page_size]
    found = snippets(filterset.search_query, [d.id for d in documents])
    return Listing(filterset, documents, number, len(found_rows) > page_size, found)
