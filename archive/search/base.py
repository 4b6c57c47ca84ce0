"""The search interface shared by the backends.

A backend turns a parsed :class:`~archive.search.query.SearchQuery` into SQL
*fragments* that the caller adds to its own query over the ``document`` table
(so filters, facets and pagination stay with the caller), and reads highlighted
snippets for one page of results.  Fragments use the DB-API ``format``
placeholder ``%s`` (what Django and psycopg use on both databases); the caller
must not interpolate them into a string.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from archive.search.query import SearchQuery

__all__ = [
    "RANK_WINDOW",
    "SCOPE_PARAMS",
    "HIGHLIGHT_END",
    "HIGHLIGHT_START",
    "RankedJoin",
    "SearchBackend",
    "SearchClause",
    "Snippet",
    "split_highlights",
]

# How many of the newest matches a relevance ranking considers (when the
# backend ranks a bounded set: ``RankedJoin.scoped``).
RANK_WINDOW = 1000

# Control characters mark highlighted words inside a snippet: they cannot come
# from a user's query (the parser drops them) and survive HTML escaping, so the
# snippet is escaped first and highlighted after (see ``split_highlights``).
HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"

# A snippet is a list of (text, highlighted) parts: the template escapes each one.
Snippet = list[tuple[str, bool]]


@dataclass(frozen=True, slots=True)
class RankedJoin:
    """The matching documents as a join, with a relevance rank (for one page of results).

    ``tables`` go into the FROM list next to ``document`` (not aliased), ``where``
    are AND-ed conditions with ``params`` in order, and ``rank`` (with
    ``rank_params``) sorts the best match first in *ascending* order.
    """

    tables: tuple[str, ...]
    where: tuple[str, ...]
    params: tuple[Any, ...]
    rank: str
    rank_params: tuple[Any, ...] = ()
    # Optional: a ``SELECT id`` (with params) of the newest matching documents,
    # newest first, with a final ``%s`` for how many (``RANK_WINDOW``): cheaper
    # than the whole matching set when the engine can stop early (SQLite merges
    # its indexes' id orders).  Drafts may be among them; the caller keeps the
    # ones its queryset allows.
    window: str | None = None
    window_params: tuple[Any, ...] = ()
    # ``rank`` holds ``{scope}``: the caller puts there a ``SELECT`` of the ids of
    # the documents it ranks — at most ``RANK_WINDOW``, computed once (see
    # ``catalog.public.search.ranked``) — and that query's params where
    # ``rank_params`` holds ``SCOPE_PARAMS``.  The rank then reads each index
    # once, for those documents only, so ranking a term found in most documents
    # costs what ranking a rarer one does (SQLite, see sqlite.py).
    scoped: bool = False
    # Optional (PostgreSQL): ``SELECT document_id, tiers`` (with ``tiers_params``) of the
    # documents the ranked terms match, each with a number the expression
    # ``tiers_rank`` (``{tiers}`` where the number goes) turns into the rank, read in one
    # pass over the index.  ``tiers_complete``: its rows are exactly the matching
    # documents (one term, nothing excluded), so the caller needs no ``where`` beside it;
    # otherwise the caller keeps ``where``'s documents and a document without a row
    # ranks as ``tiers`` 0.  Drafts may be among the rows; the caller keeps the ones its
    # queryset allows.
    tiers: str | None = None
    tiers_params: tuple[Any, ...] = ()
    tiers_rank: str | None = None
    tiers_complete: bool = False
    # ``tiers`` is one call of one function (its rows can drive look-ups of ``document``).
    tiers_single: bool = False


class _ScopeParams:
    """Marks where, in ``RankedJoin.rank_params``, the scope query's params go."""

    def __repr__(self) -> str:
        return "SCOPE_PARAMS"


SCOPE_PARAMS = _ScopeParams()


@dataclass(frozen=True, slots=True)
class SearchClause:
    """The documents a query matches, in two forms.

    ``ids`` is a self-contained ``SELECT`` of document ids (with ``params``):
    keep the documents in it, or *not* in it when ``exclude`` is set (a query of
    exclusions only).  It names no outer table, so it also works inside
    subqueries (facets).  ``ranked`` is the same set as a join with a rank, for
    sorting by relevance; ``None`` when there is nothing to rank by.
    """

    ids: str
    params: tuple[Any, ...]
    exclude: bool = False
    ranked: RankedJoin | None = field(default=None)
    # Optional: a ``SELECT`` of *some* matching document ids (with params), ending
    # with a ``%s`` for how many, that the engine answers without reading every
    # match: enough to tell that a published document matches, when one is among
    # them (drafts may be too).  SQLite: the newest matches; PostgreSQL: a few from
    # each index, one term only.  ``None``: read ``ids``.
    sample: str | None = None
    sample_params: tuple[Any, ...] = ()
    # Optional (PostgreSQL): a ``SELECT`` of one number (with params), the engine's
    # estimate of how many documents match, from its statistics, without reading the
    # matches: at least the true count for a word common enough to matter, a guess
    # otherwise.  It chooses a join's shape, never a result.  ``None``: no estimate.
    estimate: str | None = None
    estimate_params: tuple[Any, ...] = ()


class SearchBackend(Protocol):
    """One full-text engine: ``sqlite.Fts5Backend`` or ``postgresql.TsvectorBackend``."""

    vendor: str

    def clause(
        self, query: SearchQuery, notes: SearchQuery | None = None
    ) -> SearchClause | None:
        """Conditions for ``query`` (all indexed text) and ``notes`` (footnotes only).

        ``None`` when neither has a term: the caller does not filter at all.
        """
        ...

    def snippet_sql(self, query: SearchQuery, ids: Sequence[int]) -> tuple[str, list[Any]] | None:
        """``SELECT id, value`` for the documents ``ids``; ``None`` if nothing to highlight."""
        ...

    def snippet_from_row(self, query: SearchQuery, value: str | None) -> Snippet:
        """The snippet of one row of :meth:`snippet_sql`."""
        ...


def split_highlights(snippet: str | None) -> Snippet:
    """Split a marked snippet into (text, highlighted) parts; stray markers are dropped."""
    parts: Snippet = []
    for index, chunk in enumerate((snippet or "").split(HIGHLIGHT_START)):
        marked, _, rest = chunk.partition(HIGHLIGHT_END) if index else ("", "", chunk)
        if marked:
            parts.append((marked.replace(HIGHLIGHT_END, ""), True))
        if rest:
            parts.append((rest.replace(HIGHLIGHT_END, ""), False))
    return parts
