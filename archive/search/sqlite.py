"""SQLite FTS5: external-content indexes kept in sync by triggers, bm25 ranking.

Layout (revision 0021, see :func:`install_sql`):

* ``document_search`` — one row per document with the text gathered from other
  tables (author names, disclaimer), refreshed by triggers on ``authorship``,
  ``person`` and ``disclaimer``;
* ``head_fts`` — a document's title, authors and disclaimer (its *head*), over
  the view ``document_head_content``; ``rowid`` = ``document.id``;
* ``body_fts`` — its body text, over ``document`` itself (stored once);
* ``note_fts`` — one row per *active* footnote over the view
  ``note_search_content``, ``rowid`` = ``footnote.id``.

Each index holds a part of a document that is written on its own (revision
0021, issue 19).  External content has no partial update: before, one row
held a document's title, body, authors, disclaimer and footnotes, so a
footnote or title edit deleted the whole document from the index and inserted
it again — its body tokenized twice for a few words (641× and 43× the same
update without triggers at 10,000 documents).  Now an edit re-indexes the part
it changed.  A floor remains: FTS5 writes its pending changes out at every
statement that touches it (a small segment), about 0.2 ms a row.

External content means FTS5 trusts us to remove a row with exactly the values
it was indexed with.  The triggers therefore always delete with ``OLD`` values
of the column that changed and the *stored* values of the others, never with a
recomputed aggregate.  A SQLite batch migration that rebuilds one of these
tables drops its triggers: it must run :func:`install_triggers_sql` again, then
:func:`rebuild_sql`.

A document matches a query when every included term is in its head, its body
or one of its active notes, and no excluded term is in any (a phrase matches
inside one of them): per term, the union of the three indexes' matches;
``INTERSECT`` / ``EXCEPT`` across terms, as on PostgreSQL.

Deferred indexing (migration 0006): every authorship or disclaimer written
re-indexes its document's head, so a writer that inserts documents in bulk
(ingest, restore) wraps its transaction in
:func:`archive.search.deferred_indexing`: documents *inserted* meanwhile are
marked ``deferred`` in ``document_search`` and their heads and notes indexed
once, when the deferral ends (FTS5 writes a segment per statement that touches
it: one statement, not one per note).  Documents already indexed are never
deferred.  Bodies need nothing gathered: they are indexed as they are written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from archive.search.base import SCOPE_PARAMS, RankedJoin, SearchClause, Snippet
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
HEAD_COLUMNS = ("title", "authors", "disclaimer")

# Relevance (issue 21).  bm25 with a weight per column: a word in the title,
# the byline or the disclaimer says more about what a document is than one in
# its body.  A long report is penalised for its body's length even where the
# word is in its title, so weights alone let forty short briefs that mention a
# word once outrank the report named after it.  Documents whose title and
# byline hold every term therefore come first (a tier, as library catalogs
# rank), then the sum of the head's and the body's bm25 within each tier (each
# normalised for its own length, as BM25F does per field), then the documents
# that match in their notes only (rank 0).  bm25 is negative, best lowest, and
# bounded far below ``TITLE_TIER``: each term adds at most (k1 + 1) × idf per
# index whatever the weights (the weighted frequency saturates), under
# 2 × 16 × 2.2 × 14 ≈ 1,000 for a million documents.
WEIGHTS = {"title": 10.0, "authors": 5.0, "disclaimer": 3.0}
TITLE_TIER = 1_000_000
HEAD_BM25 = f"bm25(head_fts, {', '.join(str(WEIGHTS[c]) for c in HEAD_COLUMNS)})"
BODY_BM25 = "bm25(body_fts)"


def _title(row: str) -> str:
    return f"{row}.title || coalesce(' ' || {row}.subtitle, '')"


def _head_write(command: bool, doc: str, search: str, row_id: str) -> str:
    """INSERT into the head index (or its 'delete' command) for one document."""
    head = "head_fts, rowid, " if command else "rowid, "
    first = "'delete', " if command else ""
    return (
        f"INSERT INTO head_fts({head}{', '.join(HEAD_COLUMNS)}) "
        f"SELECT {first}{row_id}, {_title(doc)}, {search}.authors, {search}.disclaimer"
    )


def _body_write(command: bool, row: str) -> str:
    if command:
        return (f"INSERT INTO body_fts(body_fts, rowid, text) "
                f"VALUES ('delete', {row}.id, {row}.text)")
    return f"INSERT INTO body_fts(rowid, text) VALUES ({row}.id, {row}.text)"


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


_CHANGED_TITLE = "OLD.title IS NOT NEW.title OR OLD.subtitle IS NOT NEW.subtitle"
_CHANGED_GATHERED = "OLD.authors IS NOT NEW.authors OR OLD.disclaimer IS NOT NEW.disclaimer"

_DOCUMENTS_OF_PERSON = "SELECT document_id FROM authorship WHERE person_id = NEW.id"

# Deferred indexing (migration 0006, see :func:`archive.search.deferred_indexing`):
# a document inserted while the writer's transaction holds a row in
# ``search_deferral`` is not indexed row by row; its ``document_search`` row is
# marked ``deferred`` and its head indexed once, whole, when the deferral ends.
_DEFERRING = "EXISTS (SELECT 1 FROM search_deferral)"

_ACTIVE = "'active'"
_NOTE_DELETE = "INSERT INTO note_fts(note_fts, rowid, text) SELECT 'delete', OLD.id, OLD.text"
_NOTE_INSERT = "INSERT INTO note_fts(rowid, text) SELECT NEW.id, NEW.text"

# A note's document is indexed (not deferred): its notes are in ``note_fts``.
_INDEXED = (
    "NOT EXISTS (SELECT 1 FROM document_search WHERE document_id = {row}.document_id "
    "AND deferred = 1)"
)

_GATHERED_OLD = "FROM document_search s WHERE s.document_id = OLD.id AND s.deferred = 0"
_GATHERED_NEW = "FROM document_search s WHERE s.document_id = NEW.id AND s.deferred = 0"

# (name, body) of every trigger at head; the test suite checks they all exist.
TRIGGERS: list[tuple[str, str]] = [
    # The body is indexed once, when the document is inserted (never deferred: it
    # needs nothing gathered); the head waits for the authors and disclaimer.
    ("search_document_insert", "AFTER INSERT ON document BEGIN "
     f"INSERT INTO document_search(document_id, deferred) VALUES (NEW.id, {_DEFERRING}); "
     f"{_body_write(False, 'NEW')}; END"),
    # Title and body apart: a title edit re-indexes the small head row, not the body.
    ("search_document_update", "AFTER UPDATE OF title, subtitle ON document "
     f"WHEN {_CHANGED_TITLE} BEGIN "
     f"{_head_write(True, 'OLD', 's', 'OLD.id')} {_GATHERED_OLD}; "
     f"{_head_write(False, 'NEW', 's', 'NEW.id')} {_GATHERED_NEW}; END"),
    ("search_document_text", "AFTER UPDATE OF text ON document WHEN OLD.text IS NOT NEW.text "
     f"BEGIN {_body_write(True, 'OLD')}; {_body_write(False, 'NEW')}; END"),
    ("search_document_delete", "AFTER DELETE ON document BEGIN "
     f"{_head_write(True, 'OLD', 's', 'OLD.id')} {_GATHERED_OLD}; "
     f"{_body_write(True, 'OLD')}; "
     "DELETE FROM document_search WHERE document_id = OLD.id; END"),
    # The head follows document_search; its DELETE is handled by the document trigger.
    ("search_gathered_insert", "AFTER INSERT ON document_search WHEN NEW.deferred = 0 BEGIN "
     f"{_head_write(False, 'd', 'NEW', 'd.id')} FROM document d WHERE d.id = NEW.document_id; "
     "END"),
    ("search_gathered_update", "AFTER UPDATE ON document_search "
     f"WHEN ({_CHANGED_GATHERED}) AND OLD.deferred = 0 AND NEW.deferred = 0 BEGIN "
     f"{_head_write(True, 'd', 'OLD', 'd.id')} FROM document d WHERE d.id = OLD.document_id; "
     f"{_head_write(False, 'd', 'NEW', 'd.id')} FROM document d WHERE d.id = NEW.document_id; "
     "END"),
    *_on("authorship", "authors", _AUTHORS),
    *_on("disclaimer", "disclaimer", _DISCLAIMER),
    ("search_person_update", "AFTER UPDATE OF name ON person WHEN OLD.name IS NOT NEW.name "
     f"BEGIN {_refresh('authors', _AUTHORS, _DOCUMENTS_OF_PERSON)}; END"),
    # The end of a deferral: the document's head and notes go into the index, once.
    ("search_deferred_indexed", "AFTER UPDATE OF deferred ON document_search "
     "WHEN OLD.deferred = 1 AND NEW.deferred = 0 BEGIN "
     f"{_head_write(False, 'd', 'NEW', 'd.id')} FROM document d "
     "WHERE d.id = NEW.document_id; "
     "INSERT INTO note_fts(rowid, text) SELECT id, text FROM footnote "
     f"WHERE document_id = NEW.document_id AND status = {_ACTIVE}; END"),
    # Only an insert may be deferred: an indexed row taken out of the index by a
    # flag would need its old values, which the flag does not have.
    ("search_deferred_only_new", "BEFORE UPDATE OF deferred ON document_search "
     "WHEN OLD.deferred = 0 AND NEW.deferred <> 0 BEGIN "
     "SELECT RAISE(ABORT, 'only a document inserted during a deferral is deferred'); "
     "END"),
    # Each active note is a row of its own: an edit re-indexes that note alone.
    # The notes of a deferred document are indexed with its head, in one statement.
    ("search_footnote_insert", f"AFTER INSERT ON footnote WHEN NEW.status = {_ACTIVE} "
     f"AND {_INDEXED.format(row='NEW')} BEGIN {_NOTE_INSERT}; END"),
    ("search_footnote_update", "AFTER UPDATE OF text, status, document_id ON footnote "
     "WHEN OLD.text IS NOT NEW.text OR OLD.status IS NOT NEW.status "
     "OR OLD.document_id IS NOT NEW.document_id BEGIN "
     f"{_NOTE_DELETE} WHERE OLD.status = {_ACTIVE} AND {_INDEXED.format(row='OLD')}; "
     f"{_NOTE_INSERT} WHERE NEW.status = {_ACTIVE} AND {_INDEXED.format(row='NEW')}; END"),
    ("search_footnote_delete", f"AFTER DELETE ON footnote WHEN OLD.status = {_ACTIVE} "
     f"AND {_INDEXED.format(row='OLD')} BEGIN {_NOTE_DELETE}; END"),
]

# The indexes, each over its external content.
INDEXES = ("head_fts", "body_fts", "note_fts")


def install_triggers_sql(triggers: list[tuple[str, str]] = TRIGGERS) -> list[str]:
    return [f"CREATE TRIGGER {name} {body}" for name, body in triggers]


def rebuild_sql() -> list[str]:
    """Recompute every gathered row and the indexes (after a bulk load without triggers)."""
    # Without triggers meanwhile: one pass over the tables instead of a delete
    # and an insert into the index per row.
    return [
        *_drop_triggers_sql(),
        "DELETE FROM search_deferral",
        "DELETE FROM document_search",
        "INSERT INTO document_search(document_id) SELECT id FROM document",
        f"UPDATE document_search SET authors = {_AUTHORS}, disclaimer = {_DISCLAIMER}",
        *install_triggers_sql(TRIGGERS),
        *(f"INSERT INTO {index}({index}) VALUES ('rebuild')" for index in INDEXES),
    ]


def _drop_triggers_sql() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name, _ in TRIGGERS]


def install_sql() -> list[str]:
    """The content views and the three indexes at head (revision 0021), filled."""
    return [
        f"CREATE VIEW document_head_content AS SELECT d.id AS id, {_title('d')} AS title, "
        "s.authors AS authors, s.disclaimer AS disclaimer "
        "FROM document d JOIN document_search s ON s.document_id = d.id",
        f"CREATE VIRTUAL TABLE head_fts USING fts5({', '.join(HEAD_COLUMNS)}, "
        f"content='document_head_content', content_rowid='id', tokenize='{TOKENIZER}')",
        # The body's content is the document table itself: its text is stored once.
        "CREATE VIRTUAL TABLE body_fts USING fts5(text, content='document', "
        f"content_rowid='id', tokenize='{TOKENIZER}')",
        "CREATE VIEW note_search_content AS SELECT id, text FROM footnote "
        f"WHERE status = {_ACTIVE}",
        "CREATE VIRTUAL TABLE note_fts USING fts5(text, content='note_search_content', "
        f"content_rowid='id', tokenize='{TOKENIZER}')",
        *rebuild_sql(),
    ]


def begin_deferral_sql() -> list[str]:
    return ["INSERT INTO search_deferral DEFAULT VALUES"]


def end_deferral_sql() -> list[str]:
    """Index every deferred document's head once; the deferral ends with the writer's change."""
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


_OWN_MATCH = (
    "SELECT rowid AS id FROM head_fts WHERE head_fts MATCH %s "
    "UNION SELECT rowid AS id FROM body_fts WHERE body_fts MATCH %s"
)
_NOTE_MATCH = (
    "SELECT f.document_id AS id FROM note_fts JOIN footnote f ON f.id = note_fts.rowid "
    "WHERE note_fts MATCH %s"
)


def _documents_with(term: Term, notes_only: bool) -> tuple[str, tuple[str, ...]]:
    """The ids of the documents that hold ``term``: in their head, body or a note."""
    quoted = _quoted(term)
    if notes_only:
        return _NOTE_MATCH, (quoted,)
    return f"{_OWN_MATCH} UNION {_NOTE_MATCH}", (quoted, quoted, quoted)


def _combined(sets: list[tuple[str, tuple[str, ...]]], operator: str,
              then: Sequence[tuple[str, tuple[str, ...]]] = ()) -> tuple[str, tuple[str, ...]]:
    """``sets`` joined by ``operator``, then each of ``then`` taken away (``EXCEPT``)."""
    parts: list[str] = []
    params: list[str] = []
    for k, (sql, values) in enumerate([*sets, *then]):
        if k:
            parts.append(operator if k < len(sets) else "EXCEPT")
        parts.append(f"SELECT id FROM ({sql})")
        params += values
    return " ".join(parts), tuple(params)


# bm25 reads each ranked row's term positions: each index is read once, for the
# documents the page may show (``{scope}``, see ``RankedJoin.scoped``).  OFFSET
# keeps SQLite from flattening the subquery into a look-up per row: it is
# computed once, then found by id.
_HEAD_RANKS = (
    f"SELECT rowid AS id, {HEAD_BM25} - CASE WHEN rowid IN (SELECT rowid FROM head_fts "
    f"WHERE head_fts MATCH %s) THEN {TITLE_TIER} ELSE 0 END AS rank "
    "FROM head_fts WHERE head_fts MATCH %s AND +rowid IN ({scope}) LIMIT -1 OFFSET 0"
)
_BODY_RANKS = (
    f"SELECT rowid AS id, {BODY_BM25} AS rank "
    "FROM body_fts WHERE body_fts MATCH %s AND +rowid IN ({scope}) LIMIT -1 OFFSET 0"
)
_RANK = (
    f"coalesce((SELECT r.rank FROM ({_HEAD_RANKS}) AS r WHERE r.id = document.id), 0) "
    f"+ coalesce((SELECT r.rank FROM ({_BODY_RANKS}) AS r WHERE r.id = document.id), 0)"
)


def _newest(query: SearchQuery, notes: SearchQuery, ids: str,
            params: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """A ``SELECT id`` of the newest matches, newest first, and its params (the last
    ``%s`` is how many).

    One term and nothing excluded: the three indexes' matches are one compound
    ``UNION … ORDER BY 1 DESC LIMIT``, which SQLite runs as a merge of FTS5's own
    rowid orders and stops after ``LIMIT`` rows (the notes' document ids are
    sorted first: fewer rows).  Otherwise every match is read once, then sorted.
    """
    if len(query.include) == 1 and not query.exclude and not notes.include \
            and not notes.exclude:
        sql, values = _documents_with(query.include[0], False)
        return f"{sql} ORDER BY 1 DESC LIMIT %s", values
    return f"SELECT id FROM ({ids}) ORDER BY id DESC LIMIT %s", params


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
        # Any of the terms: a document with some in its text and the rest in its
        # notes is still ranked by what its own rows hold; one with every term in
        # its notes only ranks after all others (0).
        anywhere = " OR ".join(terms)
        byline = f"{{title authors}} : ({' AND '.join(terms)})"
        window, window_params = _newest(query, notes, ids, params)
        ranked = RankedJoin(
            tables=(),
            where=(f"document.id IN ({ids})",),
            params=params,
            rank=_RANK,
            rank_params=(byline, anywhere, SCOPE_PARAMS, anywhere, SCOPE_PARAMS),
            window=window,
            window_params=window_params,
            scoped=True,
        )
        return SearchClause(ids=ids, params=params, ranked=ranked,
                            sample=window, sample_params=window_params)

    def snippet_sql(self, query: SearchQuery, ids: Sequence[int]) -> tuple[str, list[Any]] | None:
        # The body itself: ``highlight.snippet`` is far cheaper than FTS5's snippet().
        if not query.include or not ids:
            return None
        marks = ", ".join(["%s"] * len(ids))
        return f"SELECT id, text FROM document WHERE id IN ({marks})", list(ids)

    def snippet_from_row(self, query: SearchQuery, value: str | None) -> Snippet:
        return snippet(value or "", query)
