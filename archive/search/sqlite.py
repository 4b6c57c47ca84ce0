"""SQLite FTS5: an external-content index kept in sync by triggers, bm25 ranking.

Layout (created by migration 0002, see :func:`install_sql`):

* ``document_search`` — one row per document with the text gathered from other
  tables (author names, disclaimer, active footnotes), refreshed by triggers on
  ``authorship``, ``person``, ``disclaimer`` and ``footnote``;
* ``document_search_content`` — a view: the title and body from ``document``
  plus the gathered text.  It is the FTS5 *external content*, so the body is
  stored once (in ``document``), not twice;
* ``document_fts`` — the FTS5 index over that view, ``rowid`` = ``document.id``.

External content means FTS5 trusts us to remove a row with exactly the values
it was indexed with.  The triggers therefore always delete with ``OLD`` values
of the column that changed and the *stored* values of the others, never with a
recomputed aggregate.  A SQLite batch migration that rebuilds one of these
tables drops its triggers: it must run :func:`install_triggers_sql` again, then
``INSERT INTO document_fts(document_fts) VALUES ('rebuild')``.

Deferred indexing (migration 0006): every footnote, authorship or disclaimer
written re-indexes its whole document (external content has no partial
update), so storing a new document with 80 notes would tokenize its body 160
times.  A writer that inserts documents in bulk (ingest, restore) wraps its
transaction in :func:`archive.search.deferred_indexing`: documents *inserted*
meanwhile are marked ``deferred`` in ``document_search`` and indexed once,
whole, when the deferral ends.  Documents already indexed are never deferred.
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
    "TRIGGERS_0002",
    "begin_deferral_sql",
    "end_deferral_sql",
    "install_deferral_sql",
    "install_sql",
    "install_triggers_sql",
    "match_expression",
    "rebuild_sql",
    "uninstall_deferral_sql",
    "uninstall_sql",
]

TOKENIZER = "porter unicode61 remove_diacritics 2"
COLUMNS = ("title", "body", "authors", "disclaimer", "footnotes")

# Relevance (issue 21).  bm25 with a weight per column, in ``COLUMNS`` order: a
# word in the title, the byline or the disclaimer says more about what a
# document is than one in its body or its notes.  FTS5's bm25 already
# normalises for length (k1 = 1.2, b = 0.75), but over the *whole row*: a long
# report is penalised for its body even where the word is in its title, so
# weights alone let forty short briefs that mention a word once outrank the
# report named after it.  Documents whose title and byline hold every term
# therefore come first (a tier, as library catalogs rank), then bm25 within each
# tier.  bm25 is negative, best lowest, and bounded far below ``TITLE_TIER``:
# each term adds at most (k1 + 1) × idf whatever the weights (the weighted
# frequency saturates), under 16 × 2.2 × 14 ≈ 500 for a million documents.
WEIGHTS = {"title": 10.0, "body": 1.0, "authors": 5.0, "disclaimer": 3.0, "footnotes": 0.5}
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
        f"{search}.authors, {search}.disclaimer, {search}.footnotes"
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
_FOOTNOTES = (
    "(SELECT coalesce(group_concat(text, char(10)), '') FROM (SELECT text FROM footnote "
    "WHERE document_id = document_search.document_id AND status = 'active' ORDER BY number))"
)


def _refresh(column: str, value: str, documents: str, deferral: bool) -> str:
    # A deferred document's gathered text is computed once, when the deferral ends.
    skip = " AND deferred = 0" if deferral else ""
    return (
        f"UPDATE document_search SET {column} = {value} WHERE document_id IN ({documents}){skip}"
    )


def _on(table: str, column: str, value: str, deferral: bool) -> list[tuple[str, str]]:
    """Insert/update/delete triggers on a child table that refresh one gathered column."""
    return [
        (f"search_{table}_insert", f"AFTER INSERT ON {table} BEGIN "
         f"{_refresh(column, value, 'NEW.document_id', deferral)}; END"),
        (f"search_{table}_update", f"AFTER UPDATE ON {table} BEGIN "
         f"{_refresh(column, value, 'OLD.document_id, NEW.document_id', deferral)}; END"),
        (f"search_{table}_delete", f"AFTER DELETE ON {table} BEGIN "
         f"{_refresh(column, value, 'OLD.document_id', deferral)}; END"),
    ]


_CHANGED_TEXT = (
    "OLD.title IS NOT NEW.title OR OLD.subtitle IS NOT NEW.subtitle OR OLD.text IS NOT NEW.text"
)
_CHANGED_GATHERED = (
    "OLD.authors IS NOT NEW.authors OR OLD.disclaimer IS NOT NEW.disclaimer "
    "OR OLD.footnotes IS NOT NEW.footnotes"
)

_DOCUMENTS_OF_PERSON = "SELECT document_id FROM authorship WHERE person_id = NEW.id"

# Deferred indexing (migration 0006, see :func:`deferred_indexing_sql`): a
# document inserted while the writer's transaction holds a row in
# ``search_deferral`` is not indexed row by row; its ``document_search`` row is
# marked ``deferred`` and indexed once, whole, when the deferral ends.
_DEFERRING = "EXISTS (SELECT 1 FROM search_deferral)"


def _triggers(deferral: bool) -> list[tuple[str, str]]:
    """The triggers at migration 0002 (``deferral=False``) or at head (0006)."""
    indexed = " AND s.deferred = 0" if deferral else ""
    gathered_old = f"FROM document_search s WHERE s.document_id = OLD.id{indexed}"
    gathered_new = f"FROM document_search s WHERE s.document_id = NEW.id{indexed}"
    insert_search = (
        f"INSERT INTO document_search(document_id, deferred) VALUES (NEW.id, {_DEFERRING})"
        if deferral else "INSERT INTO document_search(document_id) VALUES (NEW.id)"
    )
    when_indexed = " AND OLD.deferred = 0 AND NEW.deferred = 0" if deferral else ""
    triggers = [
        ("search_document_insert", f"AFTER INSERT ON document BEGIN {insert_search}; END"),
        ("search_document_update", f"AFTER UPDATE OF title, subtitle, text ON document "
         f"WHEN {_CHANGED_TEXT} BEGIN "
         f"{_fts_write(True, 'OLD', 's', 'OLD.id')} {gathered_old}; "
         f"{_fts_write(False, 'NEW', 's', 'NEW.id')} {gathered_new}; END"),
        ("search_document_delete", "AFTER DELETE ON document BEGIN "
         f"{_fts_write(True, 'OLD', 's', 'OLD.id')} {gathered_old}; "
         "DELETE FROM document_search WHERE document_id = OLD.id; END"),
        # The index follows document_search; its DELETE is handled by the document trigger.
        ("search_gathered_insert", "AFTER INSERT ON document_search "
         f"{'WHEN NEW.deferred = 0 ' if deferral else ''}BEGIN "
         f"{_fts_write(False, 'd', 'NEW', 'd.id')} FROM document d WHERE d.id = NEW.document_id; "
         "END"),
        ("search_gathered_update", "AFTER UPDATE ON document_search "
         f"WHEN ({_CHANGED_GATHERED}){when_indexed} BEGIN "
         f"{_fts_write(True, 'd', 'OLD', 'd.id')} FROM document d WHERE d.id = OLD.document_id; "
         f"{_fts_write(False, 'd', 'NEW', 'd.id')} FROM document d WHERE d.id = NEW.document_id; "
         "END"),
        *_on("authorship", "authors", _AUTHORS, deferral),
        *_on("disclaimer", "disclaimer", _DISCLAIMER, deferral),
        *_on("footnote", "footnotes", _FOOTNOTES, deferral),
        ("search_person_update", "AFTER UPDATE OF name ON person WHEN OLD.name IS NOT NEW.name "
         f"BEGIN {_refresh('authors', _AUTHORS, _DOCUMENTS_OF_PERSON, deferral)}; END"),
    ]
    if deferral:
        triggers += [
            # The end of a deferral: the document goes into the index once, whole.
            ("search_deferred_indexed", "AFTER UPDATE OF deferred ON document_search "
             "WHEN OLD.deferred = 1 AND NEW.deferred = 0 BEGIN "
             f"{_fts_write(False, 'd', 'NEW', 'd.id')} FROM document d "
             "WHERE d.id = NEW.document_id; END"),
            # Only an insert may be deferred: an indexed row taken out of the index
            # by a flag would need its old values, which the flag does not have.
            ("search_deferred_only_new", "BEFORE UPDATE OF deferred ON document_search "
             "WHEN OLD.deferred = 0 AND NEW.deferred <> 0 BEGIN "
             "SELECT RAISE(ABORT, 'only a document inserted during a deferral is deferred'); "
             "END"),
        ]
    return triggers


# (name, body) of every trigger at head; the test suite checks they all exist.
TRIGGERS: list[tuple[str, str]] = _triggers(deferral=True)
TRIGGERS_0002: list[tuple[str, str]] = _triggers(deferral=False)


def install_triggers_sql(triggers: list[tuple[str, str]] = TRIGGERS) -> list[str]:
    return [f"CREATE TRIGGER {name} {body}" for name, body in triggers]


def rebuild_sql(deferral: bool = True) -> list[str]:
    """Recompute every gathered row and the whole index (after a bulk load without triggers)."""
    # Without triggers meanwhile: one pass over the tables instead of a delete
    # and an insert into the index per row.
    return [
        *_drop_triggers_sql(),
        *(["DELETE FROM search_deferral"] if deferral else []),
        "DELETE FROM document_search",
        "INSERT INTO document_search(document_id) SELECT id FROM document",
        f"UPDATE document_search SET authors = {_AUTHORS}, disclaimer = {_DISCLAIMER}, "
        f"footnotes = {_FOOTNOTES}",
        *install_triggers_sql(TRIGGERS if deferral else TRIGGERS_0002),
        "INSERT INTO document_fts(document_fts) VALUES ('rebuild')",
    ]


def _drop_triggers_sql() -> list[str]:
    names = dict.fromkeys(name for name, _ in (*TRIGGERS_0002, *TRIGGERS))
    return [f"DROP TRIGGER IF EXISTS {name}" for name in names]


def install_sql() -> list[str]:
    """The search tables and triggers as migration 0002 created them (0006 adds deferral)."""
    return [
        "CREATE TABLE document_search (document_id INTEGER PRIMARY KEY, "
        "authors TEXT NOT NULL DEFAULT '', disclaimer TEXT NOT NULL DEFAULT '', "
        "footnotes TEXT NOT NULL DEFAULT '')",
        f"CREATE VIEW document_search_content AS SELECT d.id AS id, {_title('d')} AS title, "
        "d.text AS body, s.authors AS authors, s.disclaimer AS disclaimer, "
        "s.footnotes AS footnotes FROM document d JOIN document_search s ON s.document_id = d.id",
        f"CREATE VIRTUAL TABLE document_fts USING fts5({', '.join(COLUMNS)}, "
        "content='document_search_content', content_rowid='id', "
        f"tokenize='{TOKENIZER}')",
        *rebuild_sql(deferral=False),
    ]


def install_deferral_sql() -> list[str]:
    """Migration 0006: deferred indexing of documents inserted in bulk."""
    return [
        "CREATE TABLE search_deferral (id INTEGER PRIMARY KEY)",
        "ALTER TABLE document_search ADD COLUMN deferred INTEGER NOT NULL DEFAULT 0",
        "CREATE INDEX ix_document_search_deferred ON document_search (document_id) "
        "WHERE deferred = 1",
        *_drop_triggers_sql(),
        *install_triggers_sql(TRIGGERS),
    ]


def uninstall_deferral_sql() -> list[str]:
    return [
        *_drop_triggers_sql(),
        "DROP INDEX IF EXISTS ix_document_search_deferred",
        "ALTER TABLE document_search DROP COLUMN deferred",
        "DROP TABLE IF EXISTS search_deferral",
        *rebuild_sql(deferral=False),
    ]


def begin_deferral_sql() -> list[str]:
    return ["INSERT INTO search_deferral DEFAULT VALUES"]


def end_deferral_sql() -> list[str]:
    """Index every deferred document once; the deferral ends with the writer's change."""
    return [
        "DELETE FROM search_deferral",
        f"UPDATE document_search SET authors = {_AUTHORS}, disclaimer = {_DISCLAIMER}, "
        f"footnotes = {_FOOTNOTES}, deferred = 0 WHERE deferred = 1",
    ]


def uninstall_sql() -> list[str]:
    return [
        *_drop_triggers_sql(),
        "DROP TABLE IF EXISTS document_fts",
        "DROP VIEW IF EXISTS document_search_content",
        "DROP TABLE IF EXISTS document_search",
    ]


def _quoted(term: Term) -> str:
    # The parser leaves no double quote in a term; doubling is the FTS5 escape anyway.
    return '"' + term.text.replace('"', '""') + '"'


def match_expression(query: SearchQuery, notes: SearchQuery | None = None) -> tuple[str, str]:
    """(positive, negative) FTS5 expressions; either may be empty.

    Every term is a quoted string, so nothing the user typed is an operator.
    """
    notes = notes or SearchQuery()
    positive = [_quoted(t) for t in query.include]
    positive += [f"footnotes : {_quoted(t)}" for t in notes.include]
    negative = [_quoted(t) for t in query.exclude]
    negative += [f"footnotes : {_quoted(t)}" for t in notes.exclude]
    return " AND ".join(positive), " OR ".join(negative)


class Fts5Backend:
    vendor = "sqlite"

    def clause(self, query: SearchQuery, notes: SearchQuery | None = None) -> SearchClause | None:
        positive, negative = match_expression(query, notes)
        if not positive and not negative:
            return None
        ids = "SELECT rowid FROM document_fts WHERE document_fts MATCH %s"
        if not positive:
            # FTS5 has no unary NOT: keep the documents that match no excluded term.
            return SearchClause(ids=ids, params=(negative,), exclude=True)
        expression = f"({positive}) NOT ({negative})" if negative else positive
        ranked = RankedJoin(
            tables=("document_fts",),
            where=("document_fts.rowid = document.id", "document_fts MATCH %s"),
            params=(expression,),
            rank=f"{BM25} - CASE WHEN document_fts.rowid IN (SELECT rowid FROM document_fts "
            f"WHERE document_fts MATCH %s) THEN {TITLE_TIER} ELSE 0 END",
            rank_params=(f"{{title authors}} : ({positive})",),
            # bm25 reads every match's positions; a rowid range is free to FTS5.
            window="document_fts.rowid >= coalesce((SELECT rowid FROM document_fts WHERE "
            "document_fts MATCH %s ORDER BY rowid DESC LIMIT 1 OFFSET %s), 0)",
            window_params=(expression, RANK_WINDOW - 1),
        )
        return SearchClause(ids=ids, params=(expression,), ranked=ranked)

    def snippet_sql(self, query: SearchQuery, ids: Sequence[int]) -> tuple[str, list[Any]] | None:
        # The body itself: ``highlight.snippet`` is far cheaper than FTS5's snippet().
        if not query.include or not ids:
            return None
        marks = ", ".join(["%s"] * len(ids))
        return f"SELECT id, text FROM document WHERE id IN ({marks})", list(ids)

    def snippet_from_row(self, query: SearchQuery, value: str | None) -> Snippet:
        return snippet(value or "", query)
