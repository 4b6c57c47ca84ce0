"""SQLite FTS5: external-content indexes kept in sync by triggers, bm25 ranking.

Layout (revision 0021, see :func:`install_sql`):

* ``document_search`` — one row per document with the text gathered from other
  tables (author names, disclaimer), refreshed by triggers on ``authorship``,
  ``person`` and ``disclaimer``;
* ``document_search_content`` — a view: the title and body from ``document``
  plus the gathered text.  It is the FTS5 *external content* of
  ``document_fts``, so the body is stored once (in ``document``), not twice;
* ``document_fts`` — the FTS5 index over that view, ``rowid`` = ``document.id``;
* ``note_search_content`` — a view: the active footnotes (id, text);
* ``note_fts`` — the FTS5 index over that view, one row per active footnote,
  ``rowid`` = ``footnote.id``.

Notes have their own rows (revision 0021, issue 19).  External content has no
partial update: before, the footnotes were a column of the document's row, so
a footnote edit deleted the whole document from the index and inserted it
again — its body tokenized twice for a note of a few words (641× the same
update without triggers at 10,000 documents).  Now a footnote edit re-indexes
that note only.

External content means FTS5 trusts us to remove a row with exactly the values
it was indexed with.  The triggers therefore always delete with ``OLD`` values
of the column that changed and the *stored* values of the others, never with a
recomputed aggregate.  A SQLite batch migration that rebuilds one of these
tables drops its triggers: it must run :func:`install_triggers_sql` again, then
:func:`rebuild_sql`.

A document matches a query when every included term is in its own row or in
one of its active notes, and no excluded term is in either (a phrase matches
inside one row): per term, the union of the two indexes' matches;
``INTERSECT`` / ``EXCEPT`` across terms, as on PostgreSQL.

Deferred indexing (migration 0006): every authorship or disclaimer written
re-indexes its whole document, so a writer that inserts documents in bulk
(ingest, restore) wraps its transaction in
:func:`archive.search.deferred_indexing`: documents *inserted* meanwhile are
marked ``deferred`` in ``document_search`` and indexed once, whole, when the
deferral ends.  Documents already indexed are never deferred.  Notes are never
deferred: each is a small row of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from archive.search.base import RANK_WINDOW, RankedJoin, SearchClause, Snippet
from archive.search.highlight import snippet
from archive.search.query import SearchQuery, Term

__all__ = [
    "Fts5Backend",
    "TRIGGERS",
    "begin_deferral_sql",
    "end_deferral_sql",
    "install_sql",
    "install_triggers_sql",
    "match_expression",
    "rebuild_sql",
]

TOKENIZER = "porter unicode61 remove_diacritics 2"
COLUMNS = ("title", "body", "authors", "disclaimer")

# Relevance (issue 21).  bm25 with a weight per column, in ``COLUMNS`` order: a
# word in the title, the byline or the disclaimer says more about what a
# document is than one in its body.  FTS5's bm25 already normalises for length
# (k1 = 1.2, b = 0.75), but over the *whole row*: a long report is penalised
# for its body even where the word is in its title, so weights alone let forty
# short briefs that mention a word once outrank the report named after it.
# Documents whose title and byline hold every term therefore come first (a
# tier, as library catalogs rank), then bm25 within each tier, then the
# documents that match in their notes only (rank 0).  bm25 is negative, best
# lowest, and bounded far below ``TITLE_TIER``: each term adds at most
# (k1 + 1) × idf whatever the weights (the weighted frequency saturates),
# under 16 × 2.2 × 14 ≈ 500 for a million documents.
WEIGHTS = {"title": 10.0, "body": 1.0, "authors": 5.0, "disclaimer": 3.0}
TITLE_TIER = 1_000_000
BM25 = f"bm25(document_fts, {', '.join(str(WEIGHTS[column]) for column in COLUMNS)})"


def _title(row: str) -> str:
    return f"{row}.title || coalesce(' ' || {row}.subtitle, '')"


def _fts_write(command: bool, doc: str, search: str, row_id: str) -> str:
    """INSERT into the index (or its 'delete' command) for one document."""
    head = "document_fts, rowid, " if command else "rowid, "
    first = "'delete', " if command else ""
    return (
        f"INSERT INTO document_fts({head}{', '.join(COLUMNS)}) "
        f"SELECT {first}{row_id}, {_title(doc)}, {doc}.text, "
        f"{search}.authors, {search}.disclaimer"
    )


# The gathered text of the document ``document_search.document_id``.
_AUTHORS = (
    "(SELECT coalesce(group_concat(name, char(10)), '') FROM (SELECT p.name FROM authorship a "
    "JOIN person p ON p.id = a.person_id WHERE a.document_id = document_search.document_id "
    "ORDER BY a.position))"
)
_DISCLAIMER = (
    "(SELECT coalesce(group_concat(text, char(10)), '') FROM disclaimer "
    "WHERE document_id = document_search.document_id)"
)


def _refresh(column: str, value: str, documents: str) -> str:
    # A deferred document's gathered text is computed once, when the deferral ends.
    return (
        f"UPDATE document_search SET {column} = {value} WHERE document_id IN ({documents}) "
        "AND deferred = 0"
    )


def _on(table: str, column: str, value: str) -> list[tuple[str, str]]:
    """Insert/update/delete triggers on a child table that refresh one gathered column."""
    return [
        (f"search_{table}_insert", f"AFTER INSERT ON {table} BEGIN "
         f"{_refresh(column, value, 'NEW.document_id')}; END"),
        (f"search_{table}_update", f"AFTER UPDATE ON {table} BEGIN "
         f"{_refresh(column, value, 'OLD.document_id, NEW.document_id')}; END"),
        (f"search_{table}_delete", f"AFTER DELETE ON {table} BEGIN "
         f"{_refresh(column, value, 'OLD.document_id')}; END"),
    ]


_CHANGED_TEXT = (
    "OLD.title IS NOT NEW.title OR OLD.subtitle IS NOT NEW.subtitle OR OLD.text IS NOT NEW.text"
)
_CHANGED_GATHERED = "OLD.authors IS NOT NEW.authors OR OLD.disclaimer IS NOT NEW.disclaimer"

_DOCUMENTS_OF_PERSON = "SELECT document_id FROM authorship WHERE person_id = NEW.id"

# Deferred indexing (migration 0006, see :func:`archive.search.deferred_indexing`):
# a document inserted while the writer's transaction holds a row in
# ``search_deferral`` is not indexed row by row; its ``document_search`` row is
# marked ``deferred`` and indexed once, whole, when the deferral ends.
_DEFERRING = "EXISTS (SELECT 1 FROM search_deferral)"

_ACTIVE = "'active'"
_NOTE_DELETE = "INSERT INTO note_fts(note_fts, rowid, text) SELECT 'delete', OLD.id, OLD.text"
_NOTE_INSERT = "INSERT INTO note_fts(rowid, text) SELECT NEW.id, NEW.text"

_GATHERED_OLD = "FROM document_search s WHERE s.document_id = OLD.id AND s.deferred = 0"
_GATHERED_NEW = "FROM document_search s WHERE s.document_id = NEW.id AND s.deferred = 0"

# (name, body) of every trigger at head; the test suite checks they all exist.
TRIGGERS: list[tuple[str, str]] = [
    ("search_document_insert", "AFTER INSERT ON document BEGIN "
     f"INSERT INTO document_search(document_id, deferred) VALUES (NEW.id, {_DEFERRING}); END"),
    ("search_document_update", "AFTER UPDATE OF title, subtitle, text ON document "
     f"WHEN {_CHANGED_TEXT} BEGIN "
     f"{_fts_write(True, 'OLD', 's', 'OLD.id')} {_GATHERED_OLD}; "
     f"{_fts_write(False, 'NEW', 's', 'NEW.id')} {_GATHERED_NEW}; END"),
    ("search_document_delete", "AFTER DELETE ON document BEGIN "
     f"{_fts_write(True, 'OLD', 's', 'OLD.id')} {_GATHERED_OLD}; "
     "DELETE FROM document_search WHERE document_id = OLD.id; END"),
    # The index follows document_search; its DELETE is handled by the document trigger.
    ("search_gathered_insert", "AFTER INSERT ON document_search WHEN NEW.deferred = 0 BEGIN "
     f"{_fts_write(False, 'd', 'NEW', 'd.id')} FROM document d WHERE d.id = NEW.document_id; "
     "END"),
    ("search_gathered_update", "AFTER UPDATE ON document_search "
     f"WHEN ({_CHANGED_GATHERED}) AND OLD.deferred = 0 AND NEW.deferred = 0 BEGIN "
     f"{_fts_write(True, 'd', 'OLD', 'd.id')} FROM document d WHERE d.id = OLD.document_id; "
     f"{_fts_write(False, 'd', 'NEW', 'd.id')} FROM document d WHERE d.id = NEW.document_id; "
     "END"),
    *_on("authorship", "authors", _AUTHORS),
    *_on("disclaimer", "disclaimer", _DISCLAIMER),
    ("search_person_update", "AFTER UPDATE OF name ON person WHEN OLD.name IS NOT NEW.name "
     f"BEGIN {_refresh('authors', _AUTHORS, _DOCUMENTS_OF_PERSON)}; END"),
    # The end of a deferral: the document goes into the index once, whole.
    ("search_deferred_indexed", "AFTER UPDATE OF deferred ON document_search "
     "WHEN OLD.deferred = 1 AND NEW.deferred = 0 BEGIN "
     f"{_fts_write(False, 'd', 'NEW', 'd.id')} FROM document d "
     "WHERE d.id = NEW.document_id; END"),
    # Only an insert may be deferred: an indexed row taken out of the index by a
    # flag would need its old values, which the flag does not have.
    ("search_deferred_only_new", "BEFORE UPDATE OF deferred ON document_search "
     "WHEN OLD.deferred = 0 AND NEW.deferred <> 0 BEGIN "
     "SELECT RAISE(ABORT, 'only a document inserted during a deferral is deferred'); "
     "END"),
    # Each active note is a row of its own: an edit re-indexes that note alone.
    ("search_footnote_insert", f"AFTER INSERT ON footnote WHEN NEW.status = {_ACTIVE} BEGIN "
     f"{_NOTE_INSERT}; END"),
    ("search_footnote_update", "AFTER UPDATE OF text, status ON footnote "
     "WHEN OLD.text IS NOT NEW.text OR OLD.status IS NOT NEW.status BEGIN "
     f"{_NOTE_DELETE} WHERE OLD.status = {_ACTIVE}; "
     f"{_NOTE_INSERT} WHERE NEW.status = {_ACTIVE}; END"),
    ("search_footnote_delete", f"AFTER DELETE ON footnote WHEN OLD.status = {_ACTIVE} BEGIN "
     f"{_NOTE_DELETE}; END"),
]


def install_triggers_sql(triggers: list[tuple[str, str]] = TRIGGERS) -> list[str]:
    return [f"CREATE TRIGGER {name} {body}" for name, body in triggers]


def rebuild_sql() -> list[str]:
    """Recompute every gathered row and both indexes (after a bulk load without triggers)."""
    # Without triggers meanwhile: one pass over the tables instead of a delete
    # and an insert into the index per row.
    return [
        *_drop_triggers_sql(),
        "DELETE FROM search_deferral",
        "DELETE FROM document_search",
        "INSERT INTO document_search(document_id) SELECT id FROM document",
        f"UPDATE document_search SET authors = {_AUTHORS}, disclaimer = {_DISCLAIMER}",
        *install_triggers_sql(TRIGGERS),
        "INSERT INTO document_fts(document_fts) VALUES ('rebuild')",
        "INSERT INTO note_fts(note_fts) VALUES ('rebuild')",
    ]


def _drop_triggers_sql() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name, _ in TRIGGERS]


def install_sql() -> list[str]:
    """The view and the two indexes at head (revision 0021), filled."""
    return [
        f"CREATE VIEW document_search_content AS SELECT d.id AS id, {_title('d')} AS title, "
        "d.text AS body, s.authors AS authors, s.disclaimer AS disclaimer "
        "FROM document d JOIN document_search s ON s.document_id = d.id",
        f"CREATE VIRTUAL TABLE document_fts USING fts5({', '.join(COLUMNS)}, "
        "content='document_search_content', content_rowid='id', "
        f"tokenize='{TOKENIZER}')",
        "CREATE VIEW note_search_content AS SELECT id, text FROM footnote "
        f"WHERE status = {_ACTIVE}",
        "CREATE VIRTUAL TABLE note_fts USING fts5(text, content='note_search_content', "
        f"content_rowid='id', tokenize='{TOKENIZER}')",
        *rebuild_sql(),
    ]


def begin_deferral_sql() -> list[str]:
    return ["INSERT INTO search_deferral DEFAULT VALUES"]


def end_deferral_sql() -> list[str]:
    """Index every deferred document once; the deferral ends with the writer's change."""
    return [
        "DELETE FROM search_deferral",
        f"UPDATE document_search SET authors = {_AUTHORS}, disclaimer = {_DISCLAIMER}, "
        "deferred = 0 WHERE deferred = 1",
    ]


def _quoted(term: Term) -> str:
    # The parser leaves no double quote in a term; doubling is the FTS5 escape anyway.
    return '"' + term.text.replace('"', '""') + '"'


def match_expression(query: SearchQuery) -> tuple[str, str]:
    """(positive, negative) FTS5 expressions over a document's own row; either may be empty.

    Every term is a quoted string, so nothing the user typed is an operator.
    """
    positive = [_quoted(t) for t in query.include]
    negative = [_quoted(t) for t in query.exclude]
    return " AND ".join(positive), " OR ".join(negative)


_DOCUMENT_MATCH = "SELECT rowid AS id FROM document_fts WHERE document_fts MATCH %s"
_NOTE_MATCH = (
    "SELECT f.document_id AS id FROM note_fts JOIN footnote f ON f.id = note_fts.rowid "
    "WHERE note_fts MATCH %s"
)


def _documents_with(term: Term, notes_only: bool) -> tuple[str, tuple[str, ...]]:
    """The ids of the documents that hold ``term``: in their own row or a note."""
    if notes_only:
        return _NOTE_MATCH, (_quoted(term),)
    return f"{_DOCUMENT_MATCH} UNION {_NOTE_MATCH}", (_quoted(term), _quoted(term))


def _combined(sets: list[tuple[str, tuple[str, ...]]], operator: str,
              then: list[tuple[str, tuple[str, ...]]] = (), then_operator: str = "EXCEPT"
              ) -> tuple[str, tuple[str, ...]]:
    parts: list[str] = []
    params: list[str] = []
    for k, (sql, values) in enumerate([*sets, *then]):
        if k:
            parts.append(operator if k < len(sets) else then_operator)
        parts.append(f"SELECT id FROM ({sql})")
        params += values
    return " ".join(parts), tuple(params)


class Fts5Backend:
    vendor = "sqlite"

    def clause(self, query: SearchQuery, notes: SearchQuery | None = None) -> SearchClause | None:
        notes = notes or SearchQuery()
        include = [_documents_with(t, False) for t in query.include]
        include += [_documents_with(t, True) for t in notes.include]
        exclude = [_documents_with(t, False) for t in query.exclude]
        exclude += [_documents_with(t, True) for t in notes.exclude]
        if not include and not exclude:
            return None
        if not include:
            # A query of exclusions only: keep the documents that match none of them.
            ids, params = _combined(exclude, "UNION")
            return SearchClause(ids=ids, params=params, exclude=True)
        ids, params = _combined(include, "INTERSECT", exclude)
        if not query.include:  # notes only: nothing in the documents' own rows to rank by
            return SearchClause(ids=ids, params=params)
        terms = [_quoted(t) for t in query.include]
        # bm25 reads each ranked row's term positions: the rank reads the index once,
        # for the documents the page may show (``{scope}``, see RankedJoin.scoped),
        # and a document that matches in its notes only ranks after all others (0).
        ranks = (
            f"SELECT rowid AS id, {BM25} - CASE WHEN rowid IN (SELECT rowid FROM document_fts "
            f"WHERE document_fts MATCH %s) THEN {TITLE_TIER} ELSE 0 END AS rank "
            "FROM document_fts WHERE document_fts MATCH %s AND +rowid IN ({scope}) "
            # OFFSET keeps SQLite from flattening it into a per-row look-up:
            # computed once, then found by id.
            "LIMIT -1 OFFSET 0"
        )
        ranked = RankedJoin(
            tables=(),
            where=(f"document.id IN ({ids})",),
            params=params,
            rank=f"coalesce((SELECT r.rank FROM ({ranks}) AS r WHERE r.id = document.id), 0)",
            rank_params=(f"{{title authors}} : ({' AND '.join(terms)})", " OR ".join(terms)),
            window=f"document.id >= coalesce((SELECT id FROM ({ids}) ORDER BY id DESC "
            "LIMIT 1 OFFSET %s), 0)",
            window_params=(*params, RANK_WINDOW - 1),
            scoped=True,
        )
        return SearchClause(ids=ids, params=params, ranked=ranked)

    def snippet_sql(self, query: SearchQuery, ids: Sequence[int]) -> tuple[str, list[Any]] | None:
        # The body itself: ``highlight.snippet`` is far cheaper than FTS5's snippet().
        if not query.include or not ids:
            return None
        marks = ", ".join(["%s"] * len(ids))
        return f"SELECT id, text FROM document WHERE id IN ({marks})", list(ids)

    def snippet_from_row(self, query: SearchQuery, value: str | None) -> Snippet:
        return snippet(value or "", query)
