""""Did you mean …" on the catalog page: ``archive.search.suggest`` on Django's connection."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.db.models.expressions import RawSQL
from django.http import HttpRequest

from archive.search import SearchClause, parse_query
from archive.search.suggest import Suggestion, suggest
from catalog.public.search import clause_for, restrict
from catalog.public.visibility import published_documents

__all__ = ["spelling_suggestion", "suggestion_link"]


def _lookup(sql: str, params: list[Any]) -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def spelling_suggestion(text: str) -> Suggestion | None:
    """A respelling of the search ``text`` that finds published documents now, or None.

    The vocabulary may be older than the catalog: a suggestion is shown only if
    it matches a published document at this moment.
    """
    query = parse_query(text)
    if not query.include:
        return None
    found = suggest(query, _lookup, connection.vendor)
    if found is None:
        return None
    clause = clause_for(found.query)
    if clause is None or not _finds_published(clause):
        return None
    return found


# How many matches the cheap look-up reads: published documents are most of a catalog,
# so a published one is almost always among them.
SAMPLE_SIZE = 100


def _finds_published(clause: SearchClause) -> bool:
    """Does ``clause`` match a published document now?

    A suggestion is usually a common word: ``id IN (every match)`` would read all
    its matches first.  Where the backend can give some matches cheaply
    (``SearchClause.sample``: SQLite's newest matches from a merge of its indexes'
    id orders that stops early, PostgreSQL's first few from each GIN index), a
    published document among them settles it; only if there is none is every
    match read.
    """
    if clause.sample:
        some = RawSQL(clause.sample, (*clause.sample_params, SAMPLE_SIZE))
        if published_documents().filter(id__in=some).exists():
            return True
    return restrict(published_documents(), clause).exists()


def suggestion_link(request: HttpRequest, page: Any) -> dict[str, Any] | None:
    """The suggestion for the page's search, with the URL that runs it (other filters kept)."""
    text = str(page.filterset.form.data.get("q") or "")
    found = spelling_suggestion(text) if text.strip() else None
    if found is None:
        return None
    params = [(k, v) for k, v in request.GET.items() if k not in ("q", "page")]
    return {"text": found.text, "words": found.words,
            "url": "?" + urlencode([("q", found.text), *params])}
