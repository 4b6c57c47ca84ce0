"""PostgreSQL: a ``tsvector`` per document in ``document_search``, GIN-indexed, kept by triggers.

``document_search`` holds one ``tsvector`` per source, so a change to one
footnote re-parses the footnotes, not the body: ``body`` (title weight A, body
D), ``authors`` (B), ``disclaimer`` (C) and ``notes`` (C, active footnotes
only).  ``tsv`` is their concatenation, a stored generated column with a GIN
index; ``notes`` has its own GIN index for the footnotes-only search.  The
table references ``document`` with ``ON DELETE CASCADE`` so a ``TRUNCATE …
CASCADE`` (which fires no row trigger) cannot leave rows behind.

Queries go through ``websearch_to_tsquery``, which has no syntax errors of its
own; the text it gets is still rebuilt from quoted terms, so ``or`` and ``-``
inside a word mean nothing special.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from archive.search.base import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    RankedJoin,
    SearchClause,
    Snippet,
    split_highlights,
)
from archive.search.query import SearchQuery, Term

__all__ = [
    "CONFIG",
    "TRIGGERS",
    "TRIGGERS_0002",
    "TsvectorBackend",
    "begin_deferral_sql",
    "end_deferral_sql",
    "install_deferral_sql",
    "install_sql",
    "rebuild_sql",
    "uninstall_deferral_sql",
    "uninstall_sql",
    "websearch_text",
]

CONFIG = "english"
_CFG = f"'{CONFIG}'::regconfig"


def _vector(text: str, weight: str) -> str:
    return f"setweight(to_tsvector({_CFG}, coalesce({text}, '')), '{weight}')"


_AUTHORS = (
    "SELECT " + _vector("string_agg(p.name, ' ' ORDER BY a.position)", "B")
    + " FROM authorship a JOIN person p ON p.id = a.person_id WHERE a.document_id = doc_id"
)
_DISCLAIMER = (
    "SELECT " + _vector("string_agg(text, ' ')", "C")
    + " FROM disclaimer WHERE document_id = doc_id"
)
_NOTES = (
    "SELECT " + _vector("string_agg(text, ' ' ORDER BY number)", "C")
    + " FROM footnote WHERE document_id = doc_id AND status = 'active'"
)


def _refresh_function(deferral: bool) -> str:
    """``archive_search_refresh`` as migration 0002 made it, or with 0006's early return."""
    skip = (
        "    IF EXISTS (SELECT 1 FROM document_search WHERE document_id = doc_id AND deferred) "
        "THEN\n        RETURN;\n    END IF;\n"
        if deferral else ""
    )
    return f"""
CREATE OR REPLACE FUNCTION archive_search_refresh(doc_id integer, part text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
{skip}    IF part = 'body' THEN
        INSERT INTO document_search (document_id, body)
        SELECT id, {_vector("title || coalesce(' ' || subtitle, '')", 'A')}
                   || {_vector('text', 'D')}
        FROM document WHERE id = doc_id
        ON CONFLICT (document_id) DO UPDATE SET body = EXCLUDED.body;
    ELSIF part = 'authors' THEN
        UPDATE document_search SET authors = ({_AUTHORS}) WHERE document_id = doc_id;
    ELSIF part = 'disclaimer' THEN
        UPDATE document_search SET disclaimer = ({_DISCLAIMER}) WHERE document_id = doc_id;
    ELSIF part = 'notes' THEN
        UPDATE document_search SET notes = ({_NOTES}) WHERE document_id = doc_id;
    END IF;
END $$"""


_REFRESH_FUNCTION = _refresh_function(deferral=False)

# One trigger function per child table: TG_ARGV[0] names the part it refreshes.
_CHILD_FUNCTION = """
CREATE OR REPLACE FUNCTION archive_search_child() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM archive_search_refresh(OLD.document_id, TG_ARGV[0]);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF TG_OP = 'INSERT' OR NEW.document_id IS DISTINCT FROM OLD.document_id THEN
            PERFORM archive_search_refresh(NEW.document_id, TG_ARGV[0]);
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END $$"""

_DOCUMENT_FUNCTION = """
CREATE OR REPLACE FUNCTION archive_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM archive_search_refresh(NEW.id, 'body');
    RETURN NEW;
END $$"""

_PERSON_FUNCTION = """
CREATE OR REPLACE FUNCTION archive_search_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM archive_search_refresh(a.document_id, 'authors')
    FROM (SELECT DISTINCT document_id FROM authorship WHERE person_id = NEW.id) a;
    RETURN NEW;
END $$"""

# Deferred indexing (migration 0006): a transaction that sets
# ``archive.defer_search`` (transaction-local, so it cannot leak) inserts
# documents with ``deferred`` set; refreshes skip them until the deferral ends
# and indexes each once, whole (see ``archive.search.deferred_indexing``).
_DEFERRING = "current_setting('archive.defer_search', true) = 'on'"

_REFRESH_FUNCTION_DEFERRED = _refresh_function(deferral=True)

_DOCUMENT_FUNCTION_DEFERRED = f"""
CREATE OR REPLACE FUNCTION archive_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND {_DEFERRING} THEN
        INSERT INTO document_search (document_id, deferred) VALUES (NEW.id, true);
    ELSE
        PERFORM archive_search_refresh(NEW.id, 'body');
    END IF;
    RETURN NEW;
END $$"""

_INDEXED_FUNCTION = """
CREATE OR REPLACE FUNCTION archive_search_indexed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM archive_search_refresh(NEW.document_id, part)
    FROM unnest(ARRAY['body', 'authors', 'disclaimer', 'notes']) AS part;
    RETURN NEW;
END $$"""

_INDEXED_TRIGGER = (
    "search_deferred_indexed", "document_search",
    "AFTER UPDATE OF deferred ON document_search FOR EACH ROW "
    "WHEN (OLD.deferred AND NOT NEW.deferred) EXECUTE FUNCTION archive_search_indexed()",
)


def install_deferral_sql() -> list[str]:
    """Migration 0006: deferred indexing of documents inserted in bulk."""
    name, table, ddl = _INDEXED_TRIGGER
    return [
        "ALTER TABLE document_search ADD COLUMN deferred boolean NOT NULL DEFAULT false",
        "CREATE INDEX ix_document_search_deferred ON document_search (document_id) "
        "WHERE deferred",
        _REFRESH_FUNCTION_DEFERRED,
        _DOCUMENT_FUNCTION_DEFERRED,
        _INDEXED_FUNCTION,
        f"CREATE TRIGGER {name} {ddl}",
    ]


def uninstall_deferral_sql() -> list[str]:
    name, table, _ = _INDEXED_TRIGGER
    return [
        # Whatever is still deferred is indexed before the flag goes.
        "UPDATE document_search SET deferred = false WHERE deferred",
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        "DROP FUNCTION IF EXISTS archive_search_indexed()",
        _REFRESH_FUNCTION,
        _DOCUMENT_FUNCTION,
        "DROP INDEX IF EXISTS ix_document_search_deferred",
        "ALTER TABLE document_search DROP COLUMN deferred",
    ]


def begin_deferral_sql() -> list[str]:
    return ["SELECT set_config('archive.defer_search', 'on', true)"]


def end_deferral_sql() -> list[str]:
    """Index every deferred document once, whole."""
    return [
        "SELECT set_config('archive.defer_search', 'off', true)",
        "UPDATE document_search SET deferred = false WHERE deferred",
    ]


# (name, table, DDL) of every trigger as migration 0002 created them.
TRIGGERS_0002: list[tuple[str, str, str]] = [
    ("search_document_insert", "document",
     "AFTER INSERT ON document FOR EACH ROW EXECUTE FUNCTION archive_search_document()"),
    ("search_document_update", "document",
     "AFTER UPDATE OF title, subtitle, text ON document FOR EACH ROW "
     "WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.subtitle IS DISTINCT FROM NEW.subtitle "
     "OR OLD.text IS DISTINCT FROM NEW.text) EXECUTE FUNCTION archive_search_document()"),
    *(
        (f"search_{table}_change", table,
         f"AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW "
         f"EXECUTE FUNCTION archive_search_child('{part}')")
        for table, part in (("authorship", "authors"), ("disclaimer", "disclaimer"),
                            ("footnote", "notes"))
    ),
    ("search_person_update", "person",
     "AFTER UPDATE OF name ON person FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) "
     "EXECUTE FUNCTION archive_search_person()"),
]

# Every trigger at head; the test suite checks they all exist.
TRIGGERS: list[tuple[str, str, str]] = [*TRIGGERS_0002, _INDEXED_TRIGGER]


def install_sql() -> list[str]:
    return [
        "CREATE TABLE document_search ("
        "document_id integer PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE, "
        "body tsvector NOT NULL DEFAULT ''::tsvector, "
        "authors tsvector NOT NULL DEFAULT ''::tsvector, "
        "disclaimer tsvector NOT NULL DEFAULT ''::tsvector, "
        "notes tsvector NOT NULL DEFAULT ''::tsvector, "
        "tsv tsvector GENERATED ALWAYS AS (body || authors || disclaimer || notes) STORED)",
        "CREATE INDEX ix_document_search_tsv ON document_search USING gin (tsv)",
        "CREATE INDEX ix_document_search_notes ON document_search USING gin (notes)",
        _REFRESH_FUNCTION,
        _CHILD_FUNCTION,
        _DOCUMENT_FUNCTION,
        _PERSON_FUNCTION,
        *(f"CREATE TRIGGER {name} {ddl}" for name, _, ddl in TRIGGERS_0002),
        *rebuild_sql(deferral=False),
    ]


def rebuild_sql(deferral: bool = True) -> list[str]:
    """Recompute every document's vectors (after a bulk load, or to change the config).

    One set-based statement: calling ``archive_search_refresh`` four times per
    document was most of a restore's time.  It computes exactly what the
    function computes (the index tests compare both).
    """
    done = ", deferred = false" if deferral else ""
    body = _vector("d.title || coalesce(' ' || d.subtitle, '')", "A") + " || " + _vector(
        "d.text", "D"
    )
    authors = _vector("string_agg(p.name, ' ' ORDER BY a.position)", "B")
    disclaimer = _vector("string_agg(text, ' ')", "C")
    notes = _vector("string_agg(text, ' ' ORDER BY number)", "C")
    return [
        "INSERT INTO document_search (document_id, body, authors, disclaimer, notes) "
        f"SELECT d.id, {body}, "
        "coalesce(a.v, ''::tsvector), coalesce(c.v, ''::tsvector), coalesce(n.v, ''::tsvector) "
        "FROM document d "
        f"LEFT JOIN (SELECT a.document_id, {authors} AS v FROM authorship a "
        "JOIN person p ON p.id = a.person_id GROUP BY a.document_id) a ON a.document_id = d.id "
        f"LEFT JOIN (SELECT document_id, {disclaimer} AS v FROM disclaimer "
        "GROUP BY document_id) c ON c.document_id = d.id "
        f"LEFT JOIN (SELECT document_id, {notes} AS v FROM footnote WHERE status = 'active' "
        "GROUP BY document_id) n ON n.document_id = d.id "
        "ON CONFLICT (document_id) DO UPDATE SET body = EXCLUDED.body, "
        "authors = EXCLUDED.authors, disclaimer = EXCLUDED.disclaimer, "
        f"notes = EXCLUDED.notes{done}",
    ]


def uninstall_sql() -> list[str]:
    return [
        *(f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table, _ in TRIGGERS_0002),
        "DROP TABLE IF EXISTS document_search",
        "DROP FUNCTION IF EXISTS archive_search_person()",
        "DROP FUNCTION IF EXISTS archive_search_document()",
        "DROP FUNCTION IF EXISTS archive_search_child()",
        "DROP FUNCTION IF EXISTS archive_search_refresh(integer, text)",
    ]


def _quoted(term: Term) -> str:
    return '"' + term.text.replace('"', " ") + '"'


def websearch_text(query: SearchQuery) -> str:
    """The query in ``websearch_to_tsquery`` syntax, every term quoted."""
    return " ".join(("-" if term.exclude else "") + _quoted(term) for term in query.terms)


class TsvectorBackend:
    vendor = "postgresql"

    def clause(self, query: SearchQuery, notes: SearchQuery | None = None) -> SearchClause | None:
        where: list[str] = []
        params: list[Any] = []
        ranked: RankedJoin | None = None
        for column, terms in (("tsv", query), ("notes", notes or SearchQuery())):
            if not terms:
                continue
            text = websearch_text(terms)
            where.append(f"document_search.{column} @@ websearch_to_tsquery({_CFG}, %s)")
            params.append(text)
            if ranked is None and terms.include:
                rank = f"-ts_rank(document_search.{column}, websearch_to_tsquery({_CFG}, %s))"
                ranked = RankedJoin((), (), (), rank, (text,))
        if not where:
            return None
        conditions = " AND ".join(where)
        if ranked is not None:
            ranked = RankedJoin(
                tables=("document_search",),
                where=("document_search.document_id = document.id", *where),
                params=tuple(params),
                rank=ranked.rank,
                rank_params=ranked.rank_params,
            )
        return SearchClause(
            ids=f"SELECT document_id FROM document_search WHERE {conditions}",
            params=tuple(params),
            ranked=ranked,
        )

    def snippet_sql(self, query: SearchQuery, ids: Sequence[int]) -> tuple[str, list[Any]] | None:
        if not query.include or not ids:
            return None
        options = (
            f'StartSel="{HIGHLIGHT_START}", StopSel="{HIGHLIGHT_END}", '
            'MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'
        )
        marks = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT id, ts_headline({_CFG}, text, websearch_to_tsquery({_CFG}, %s), %s) "
            f"FROM document WHERE id IN ({marks})"
        )
        return sql, [websearch_text(query), options, *ids]

    def snippet_from_row(self, query: SearchQuery, value: str | None) -> Snippet:
        return split_highlights(value)
