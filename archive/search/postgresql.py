"""PostgreSQL: one GIN-indexed ``tsvector`` per part of a document, kept by triggers.

``search_part`` (revision 0015) holds a row per indexed part of a document:
``t`` its title and subtitle (weight A), ``a`` its authors and ``d`` its
disclaimer (B), ``n`` one row per *active* footnote (C, ``note_id`` names it)
and ``b`` its body text (D).  A write re-indexes only the part it changed: a
footnote edit parses that note, a title edit the title, and the GIN index gets
that small row's words, not the whole document's again (before 0015 one
document-wide vector was rewritten, and re-entered into the index, on every
footnote or title change).  A part whose vector did not change is not written.
Empty parts have no row.

``document_search`` keeps one row per document for deferred indexing (revision
0006): a document inserted inside :func:`archive.search.deferred_indexing` is
indexed once, whole, when the deferral ends.

A document matches a query when every included term matches one of its parts
and no excluded term matches any (a phrase matches inside one part); that is
one GIN look-up per term, combined with ``INTERSECT`` / ``EXCEPT``.  Queries go
through ``websearch_to_tsquery``, which has no syntax errors of its own; the
text it gets is rebuilt from quoted terms, so ``or`` and ``-`` inside a word
mean nothing special.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from archive.search.base import RankedJoin, SearchClause, Snippet
from archive.search.highlight import snippet
from archive.search.query import SearchQuery, Term

__all__ = [
    "CONFIG",
    "ESTIMATE_FUNCTION",
    "PARTS",
    "SAMPLE_FUNCTION",
    "TIERS_FUNCTION",
    "TRIGGERS",
    "TsvectorBackend",
    "begin_deferral_sql",
    "downgrade_0015_sql",
    "end_deferral_sql",
    "rebuild_sql",
    "upgrade_0015_sql",
    "websearch_text",
]

CONFIG = "english"
_CFG = f"'{CONFIG}'::regconfig"

# part code: (weight, what it indexes)
PARTS = {
    "t": ("A", "title and subtitle"),
    "a": ("B", "author names, in byline order"),
    "d": ("B", "disclaimer"),
    "n": ("C", "one active footnote"),
    "b": ("D", "body text"),
}


def _vector(text: str, part: str) -> str:
    return f"setweight(to_tsvector({_CFG}, coalesce({text}, '')), '{PARTS[part][0]}')"


_TITLE = "title || coalesce(' ' || subtitle, '')"
_AUTHOR_NAMES = "string_agg(p.name, ' ' ORDER BY a.position)"
_DISCLAIMER_TEXT = "string_agg(text, ' ')"

# The vector of each whole-document part, for ``doc_id`` (inside a function).
_PART_SOURCES = {
    "t": f"SELECT {_vector(_TITLE, 't')} FROM document WHERE id = doc_id",
    "b": f"SELECT {_vector('text', 'b')} FROM document WHERE id = doc_id",
    "a": (
        f"SELECT {_vector(_AUTHOR_NAMES, 'a')} FROM authorship a "
        "JOIN person p ON p.id = a.person_id WHERE a.document_id = doc_id"
    ),
    "d": f"SELECT {_vector(_DISCLAIMER_TEXT, 'd')} FROM disclaimer WHERE document_id = doc_id",
}

_PUT_FUNCTION = """
CREATE OR REPLACE FUNCTION archive_search_put(doc_id integer, kind text, note integer,
                                              vec tsvector)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- An empty part has no row; an unchanged one is not rewritten (nor re-indexed).
    IF vec IS NULL OR length(vec) = 0 THEN
        DELETE FROM search_part WHERE document_id = doc_id AND part = kind AND note_id = note;
    ELSE
        INSERT INTO search_part (document_id, part, note_id, tsv)
        VALUES (doc_id, kind, note, vec)
        ON CONFLICT (document_id, part, note_id) DO UPDATE SET tsv = EXCLUDED.tsv
        WHERE search_part.tsv IS DISTINCT FROM EXCLUDED.tsv;
    END IF;
END $$"""

_REFRESH_FUNCTION = f"""
CREATE OR REPLACE FUNCTION archive_search_refresh(doc_id integer, kind text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM document_search WHERE document_id = doc_id AND deferred) THEN
        RETURN;
    END IF;
    IF kind = 't' THEN
        PERFORM archive_search_put(doc_id, 't', 0, ({_PART_SOURCES['t']}));
    ELSIF kind = 'b' THEN
        PERFORM archive_search_put(doc_id, 'b', 0, ({_PART_SOURCES['b']}));
    ELSIF kind = 'a' THEN
        PERFORM archive_search_put(doc_id, 'a', 0, ({_PART_SOURCES['a']}));
    ELSIF kind = 'd' THEN
        PERFORM archive_search_put(doc_id, 'd', 0, ({_PART_SOURCES['d']}));
    ELSIF kind = 'n' THEN
        DELETE FROM search_part WHERE document_id = doc_id AND part = 'n';
        INSERT INTO search_part (document_id, part, note_id, tsv)
        SELECT document_id, 'n', id, v FROM (
            SELECT document_id, id, {_vector('text', 'n')} AS v FROM footnote
            WHERE document_id = doc_id AND status = 'active') f
        WHERE length(v) > 0;
    END IF;
END $$"""

# One trigger function for authorship and disclaimer: TG_ARGV[0] names the part.
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

# A footnote re-indexes itself alone: its own row of search_part.
_NOTE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION archive_search_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NEW.document_id IS DISTINCT FROM OLD.document_id)
    THEN
        DELETE FROM search_part WHERE document_id = OLD.document_id AND part = 'n'
            AND note_id = OLD.id;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM document_search WHERE document_id = NEW.document_id
                   AND deferred) THEN
        PERFORM archive_search_put(
            NEW.document_id, 'n', NEW.id,
            CASE WHEN NEW.status = 'active' THEN {_vector('NEW.text', 'n')} END);
    END IF;
    RETURN NEW;
END $$"""

# Deferred indexing (revision 0006): a transaction that sets
# ``archive.defer_search`` (transaction-local, so it cannot leak) inserts
# documents with ``deferred`` set; refreshes skip them until the deferral ends
# and indexes each once, whole (see ``archive.search.deferred_indexing``).
_DEFERRING = "coalesce(current_setting('archive.defer_search', true) = 'on', false)"

_DOCUMENT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION archive_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO document_search (document_id, deferred) VALUES (NEW.id, {_DEFERRING});
        IF NOT {_DEFERRING} THEN
            PERFORM archive_search_refresh(NEW.id, 't');
            PERFORM archive_search_refresh(NEW.id, 'b');
        END IF;
        RETURN NEW;
    END IF;
    -- An update: the trigger's WHEN said which part changed (TG_ARGV[0]).
    PERFORM archive_search_refresh(NEW.id, TG_ARGV[0]);
    RETURN NEW;
END $$"""

_PERSON_FUNCTION = """
CREATE OR REPLACE FUNCTION archive_search_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM archive_search_refresh(a.document_id, 'a')
    FROM (SELECT DISTINCT document_id FROM authorship WHERE person_id = NEW.id) a;
    RETURN NEW;
END $$"""

_INDEXED_FUNCTION = """
CREATE OR REPLACE FUNCTION archive_search_indexed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM archive_search_refresh(NEW.document_id, kind)
    FROM unnest(ARRAY['t', 'b', 'a', 'd', 'n']) AS kind;
    RETURN NEW;
END $$"""

# (name, table, DDL) of every search trigger at head.
TRIGGERS: list[tuple[str, str, str]] = [
    ("search_document_insert", "document",
     "AFTER INSERT ON document FOR EACH ROW EXECUTE FUNCTION archive_search_document()"),
    # Title and body apart: a title update (which does not SET text) never
    # compares, nor de-TOASTs, the old and new body texts.
    ("search_document_update", "document",
     "AFTER UPDATE OF title, subtitle ON document FOR EACH ROW "
     "WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.subtitle IS DISTINCT FROM NEW.subtitle) "
     "EXECUTE FUNCTION archive_search_document('t')"),
    ("search_document_text", "document",
     "AFTER UPDATE OF text ON document FOR EACH ROW "
     "WHEN (OLD.text IS DISTINCT FROM NEW.text) EXECUTE FUNCTION archive_search_document('b')"),
    ("search_authorship_change", "authorship",
     "AFTER INSERT OR UPDATE OR DELETE ON authorship FOR EACH ROW "
     "EXECUTE FUNCTION archive_search_child('a')"),
    ("search_disclaimer_change", "disclaimer",
     "AFTER INSERT OR UPDATE OR DELETE ON disclaimer FOR EACH ROW "
     "EXECUTE FUNCTION archive_search_child('d')"),
    ("search_footnote_change", "footnote",
     "AFTER INSERT OR UPDATE OR DELETE ON footnote FOR EACH ROW "
     "EXECUTE FUNCTION archive_search_note()"),
    ("search_person_update", "person",
     "AFTER UPDATE OF name ON person FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) "
     "EXECUTE FUNCTION archive_search_person()"),
    ("search_deferred_indexed", "document_search",
     "AFTER UPDATE OF deferred ON document_search FOR EACH ROW "
     "WHEN (OLD.deferred AND NOT NEW.deferred) EXECUTE FUNCTION archive_search_indexed()"),
]

# The GIN indexes, one per group of parts (partial indexes): a title or byline
# look-up (relevance) reads only those small rows' entries, not the bodies'.
_INDEXES = {
    "t": "ix_search_part_title",
    "ad": "ix_search_part_byline",
    "n": "ix_search_part_notes",
    "b": "ix_search_part_body",
}


def _in(group: str) -> str:
    return f"part = '{group}'" if len(group) == 1 else (
        "part IN (" + ", ".join(f"'{p}'" for p in group) + ")")


# The documents whose parts (all, or the groups named in ``parts``) match ``q``.
# The planner costs ``tsv @@ q`` as a cheap filter on a narrow heap (the
# vectors are TOASTed out of it) and chose a sequential scan that de-TOASTed
# every vector (EXPLAIN: 44,000 buffers, 0.5 s at 10,000 documents) over the
# GIN index, which answers without reading a vector: the function plans its
# queries with sequential scans off (a SET clause applies to this function only).
_MATCH_FUNCTION = (
    "\nCREATE OR REPLACE FUNCTION archive_search_match(q tsquery, parts text)\n"
    "RETURNS SETOF integer LANGUAGE plpgsql STABLE ROWS 1000\n"
    "SET enable_seqscan = off AS $$\nBEGIN\n"
    + "".join(
        f"    IF parts IS NULL OR strpos(parts, '{group[0]}') > 0 THEN\n"
        f"        RETURN QUERY SELECT DISTINCT document_id FROM search_part\n"
        f"            WHERE {_in(group)} AND tsv @@ q;\n"
        "    END IF;\n"
        for group in _INDEXES
    )
    + "END $$"
)

# Some documents one term matches, for "does anything published match?" (revision 0024):
# ``archive_search_match`` reads every match (a common word: tens of thousands of rows),
# this stops after ``n`` a group (the GIN bitmap, then as few heap rows as it needs), and
# after the first group that gave ``n``.  Planned without sequential scans for the
# reason given above ``_MATCH_FUNCTION``.
_SAMPLE_ORDER = ("t", "ad", "b", "n")  # the small groups first; notes (most rows) last
SAMPLE_FUNCTION = (
    "\nCREATE OR REPLACE FUNCTION archive_search_sample(q tsquery, n integer)\n"
    "RETURNS SETOF integer LANGUAGE plpgsql STABLE ROWS 100\n"
    "SET enable_seqscan = off AS $$\nDECLARE\n    got integer;\nBEGIN\n"
    + "    GET DIAGNOSTICS got = ROW_COUNT;\n    IF got >= n THEN\n        RETURN;\n    END IF;\n"
    .join(f"    RETURN QUERY SELECT document_id FROM search_part WHERE {_in(group)} AND tsv @@ q\n"
          "        LIMIT n;\n" for group in _SAMPLE_ORDER)
    + "END $$"
)

# Every document one query matches, with where it matched, in one pass (revision 0026):
# a bit per group of parts (``TIER_BITS``), OR-ed over the document's matching rows.
# The relevance rank is a function of those bits (``rank_of_tiers``), so a results page
# reads each GIN index once; ``archive_search_match`` for the matches plus one call per
# tier re-read the body's matches twice for a common word (EXPLAIN at 20,000 documents:
# 5 calls, 2,081 + 1,711 + 370 buffers).  A query of stop words only ("the") matches no
# part and, as in ``_term_ids``, keeps every document (no tier).  Planned without
# sequential scans for the reason given above ``_MATCH_FUNCTION``, and without parallel
# workers: the grouping of a few thousand rows was planned in parallel, and starting the
# workers took 30 of its 42 ms (a medium word, 20,000 documents).
TIER_BITS = {"t": 1, "ad": 2, "b": 4, "n": 8}
TIERS_FUNCTION = (
    "\nCREATE OR REPLACE FUNCTION archive_search_tiers(q tsquery)\n"
    "RETURNS TABLE (document_id integer, tiers integer) LANGUAGE plpgsql STABLE ROWS 1000\n"
    "SET enable_seqscan = off SET max_parallel_workers_per_gather = 0 AS $$\nBEGIN\n"
    "    IF numnode(q) = 0 THEN\n"
    "        RETURN QUERY SELECT d.id, 0 FROM document d;\n"
    "        RETURN;\n"
    "    END IF;\n"
    "    RETURN QUERY SELECT m.id, bit_or(m.tier) FROM (\n"
    + "\n        UNION ALL ".join(
        f"SELECT s.document_id AS id, {bit} AS tier FROM search_part s "
        f"WHERE s.{_in(group)} AND s.tsv @@ q"
        for group, bit in TIER_BITS.items()
    )
    + ") m\n        GROUP BY m.id;\nEND $$"
)


# How many rows of ``search_part`` the planner expects ``q`` to match (revision 0026): its
# statistics of the vectors' most common words, a cheap upper bound of the documents a
# common word matches (each matching document has at least one matching row).  The
# caller compares it with the catalog's size to choose how a search joins ``document``:
# the planner takes every set-returning function for ``ROWS`` rows, so it looked each of
# 93,382 matches up one by one (a nested loop) where one pass over both sets and a hash
# join was cheaper.  ``EXPLAIN`` is not allowed in a stable function, hence volatile.
ESTIMATE_FUNCTION = """
CREATE OR REPLACE FUNCTION archive_search_estimate(q tsquery)
RETURNS double precision LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    plan json;
BEGIN
    IF numnode(q) = 0 THEN  -- stop words only: the term keeps every document
        RETURN 'Infinity';
    END IF;
    EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM search_part WHERE tsv @@ %L::tsquery', q)
        INTO plan;
    RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::double precision;
END $$"""


def rank_of_tiers(tiers: str) -> str:
    """The relevance rank (ascending: best first) of a document whose bits are ``tiers``.

    The same tiers as ``_RANK``: title -2, byline or disclaimer -1 (both: -3), a match
    in the notes only +1, else 0.
    """
    other = TIER_BITS["t"] | TIER_BITS["ad"] | TIER_BITS["b"]
    return (f"(CASE WHEN {tiers} & {other} = 0 AND {tiers} & {TIER_BITS['n']} <> 0 THEN 1"
            f" ELSE 0 END - CASE WHEN {tiers} & {TIER_BITS['t']} <> 0 THEN 2 ELSE 0 END"
            f" - CASE WHEN {tiers} & {TIER_BITS['ad']} <> 0 THEN 1 ELSE 0 END)")


_FUNCTIONS = [_MATCH_FUNCTION, _PUT_FUNCTION, _REFRESH_FUNCTION, _CHILD_FUNCTION, _NOTE_FUNCTION,
              _DOCUMENT_FUNCTION, _PERSON_FUNCTION, _INDEXED_FUNCTION]


def upgrade_0015_sql() -> list[str]:
    """Revision 0015: per-part rows in ``search_part`` replace the document-wide vectors."""
    return [
        *(f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table, _ in TRIGGERS),
        "DROP FUNCTION IF EXISTS archive_search_refresh(integer, text)",
        # Re-created, not altered: dropped columns would keep their space (the
        # vectors, most of the table) until a VACUUM FULL.
        "DROP TABLE document_search",
        "CREATE TABLE document_search ("
        "document_id integer PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE, "
        "deferred boolean NOT NULL DEFAULT false)",
        "CREATE INDEX ix_document_search_deferred ON document_search (document_id) "
        "WHERE deferred",
        "CREATE TABLE search_part ("
        "document_id integer NOT NULL REFERENCES document(id) ON DELETE CASCADE, "
        "part char(1) NOT NULL, "
        "note_id integer NOT NULL DEFAULT 0, "
        "tsv tsvector NOT NULL, "
        "PRIMARY KEY (document_id, part, note_id))",
        *_create_indexes(),
        *_FUNCTIONS,
        *(f"CREATE TRIGGER {name} {ddl}" for name, _, ddl in TRIGGERS),
        *rebuild_sql(),
    ]


def _create_indexes() -> list[str]:
    return [f"CREATE INDEX {name} ON search_part USING gin (tsv) WHERE {_in(group)}"
            for group, name in _INDEXES.items()]


def rebuild_sql(deferral: bool = True) -> list[str]:
    """Recompute every document's parts (after a bulk load or a restore), set-based.

    Computes exactly what the trigger functions compute (the index tests
    compare both).  The GIN indexes are dropped first and built once at the
    end, as ``pg_restore`` does: entering 100,000 rows one by one into four GIN
    indexes took minutes at 10,000 documents, one sorted build takes seconds.
    Same statements, same definitions (the migration tests compare them).
    ``deferral`` is kept for callers of the old signature.

    ``OFFSET 0`` keeps the planner from pushing ``length(v) > 0`` down into
    each branch: pushed down, it computed every ``to_tsvector`` twice, once
    for the filter and once for the row (``EXPLAIN ANALYZE`` at 1,000
    documents: 10.2-12.6 s, 5.4-6.6 s with the fence, the same rows).
    """
    authors = _vector(_AUTHOR_NAMES, "a")
    disclaimer = _vector(_DISCLAIMER_TEXT, "d")
    return [
        "INSERT INTO document_search (document_id) SELECT id FROM document "
        "ON CONFLICT (document_id) DO UPDATE SET deferred = false "
        "WHERE document_search.deferred",
        "DELETE FROM search_part",
        *(f"DROP INDEX {name}" for name in _INDEXES.values()),
        "INSERT INTO search_part (document_id, part, note_id, tsv) "
        "SELECT document_id, part, note_id, v FROM ("
        f"SELECT id AS document_id, 't' AS part, 0 AS note_id, {_vector(_TITLE, 't')} AS v "
        "FROM document "
        f"UNION ALL SELECT id, 'b', 0, {_vector('text', 'b')} FROM document "
        f"UNION ALL SELECT a.document_id, 'a', 0, {authors} FROM authorship a "
        "JOIN person p ON p.id = a.person_id GROUP BY a.document_id "
        f"UNION ALL SELECT document_id, 'd', 0, {disclaimer} FROM disclaimer "
        "GROUP BY document_id "
        f"UNION ALL SELECT document_id, 'n', id, {_vector('text', 'n')} FROM footnote "
        "WHERE status = 'active' OFFSET 0) parts WHERE length(v) > 0",
        *_create_indexes(),
    ]


def downgrade_0015_sql(old_functions: Sequence[str], old_triggers: Sequence[str],
                       old_rebuild: Sequence[str]) -> list[str]:
    """Back to revision 0012's document-wide vectors (the caller passes 0012's frozen SQL)."""
    return [
        *(f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table, _ in TRIGGERS),
        "DROP TABLE search_part",
        "DROP FUNCTION IF EXISTS archive_search_put(integer, text, integer, tsvector)",
        "DROP FUNCTION IF EXISTS archive_search_note()",
        "DROP FUNCTION IF EXISTS archive_search_match(tsquery, text)",
        "DROP FUNCTION IF EXISTS archive_search_refresh(integer, text)",
        "ALTER TABLE document_search "
        "ADD COLUMN body tsvector NOT NULL DEFAULT ''::tsvector, "
        "ADD COLUMN authors tsvector NOT NULL DEFAULT ''::tsvector, "
        "ADD COLUMN disclaimer tsvector NOT NULL DEFAULT ''::tsvector, "
        "ADD COLUMN notes tsvector NOT NULL DEFAULT ''::tsvector, "
        "ADD COLUMN tsv tsvector GENERATED ALWAYS AS (body || authors || disclaimer || notes) "
        "STORED",
        "CREATE INDEX ix_document_search_tsv ON document_search USING gin (tsv)",
        "CREATE INDEX ix_document_search_notes ON document_search USING gin (notes)",
        *old_functions,
        *old_triggers,
        *old_rebuild,
    ]


def begin_deferral_sql() -> list[str]:
    return ["SELECT set_config('archive.defer_search', 'on', true)"]


def end_deferral_sql() -> list[str]:
    """Index every deferred document once, whole."""
    return [
        "SELECT set_config('archive.defer_search', 'off', true)",
        "UPDATE document_search SET deferred = false WHERE deferred",
    ]


def _quoted(term: Term) -> str:
    return '"' + term.text.replace('"', " ") + '"'


def websearch_text(query: SearchQuery) -> str:
    """The query in ``websearch_to_tsquery`` syntax, every term quoted."""
    return " ".join(("-" if term.exclude else "") + _quoted(term) for term in query.terms)


def _tsquery() -> str:
    return f"websearch_to_tsquery({_CFG}, %s)"


def _match(parts: str) -> str:
    return (
        f"SELECT document_id FROM archive_search_match({_tsquery()}, {parts}) AS m(document_id)"
    )


def _term_ids(term: Term, notes_only: bool) -> tuple[str, list[Any]]:
    """The documents one term matches, by one GIN look-up.

    A term of stop words only ("the") has an empty query: it matches no part,
    so it must not narrow anything; ``numnode`` says so once per query (a
    one-time filter), and the term then keeps every document.
    """
    parts = "'n'" if notes_only else "NULL"
    text = _quoted(term)
    sql = _match(parts)
    if term.exclude:  # an empty excluded term excludes nothing
        return sql, [text]
    return sql + f" UNION SELECT id FROM document WHERE numnode({_tsquery()}) = 0", [text, text]


def _any_of(terms: Sequence[Term]) -> str:
    """The included terms as one ``or`` query (what makes a title or byline match rank first)."""
    return " or ".join(_quoted(term) for term in terms)


def _in_parts(parts: str) -> str:
    """The documents whose parts ``parts`` (codes of ``PARTS``) match the query parameter."""
    return _match(f"'{parts}'")


# Relevance, in tiers as SQLite's weighted bm25 orders them (``sqlite.WEIGHTS``:
# title 10, byline 5, disclaimer 3, body 1, notes 0.5): a match in the title
# (weight A) first, then in the byline or disclaimer (B), then in the body, and
# last a document that holds the words only in its notes (C); newest first
# within each tier.  Every set comes from the GIN index (hashed once per query),
# never from the bodies' vectors: ranking costs the same for a term found in
# every document as for a rare one.  The set of documents matching outside
# their notes is read only if some result matched in its notes (a CASE
# evaluates its branches in order, and a hashed subplan is built when first
# asked), so a query whose notes hold none of its words pays nothing for it.
_RANK = (
    f"-(CASE WHEN document.id IN ({_in_parts('t')}) THEN 2 ELSE 0 END"
    f" + CASE WHEN document.id IN ({_in_parts('ad')}) THEN 1 ELSE 0 END)"
    f" + CASE WHEN document.id IN ({_in_parts('n')}) THEN"
    f" CASE WHEN document.id IN ({_in_parts('tab')}) THEN 0 ELSE 1 END"
    " ELSE 0 END"
)


def _tiers_of_all(count: int) -> str:
    """``SELECT document_id, tiers`` of the documents every one of ``count`` terms matches."""
    calls = [f"archive_search_tiers({_tsquery()}) AS t{n}(document_id, tiers)"
             for n in range(count)]
    joins = "".join(f" JOIN {call} ON t{n}.document_id = t0.document_id"
                    for n, call in enumerate(calls) if n)
    bits = " | ".join(f"t{n}.tiers" for n in range(count))
    return f"SELECT t0.document_id, {bits} AS tiers FROM {calls[0]}{joins}"


class TsvectorBackend:
    vendor = "postgresql"

    def clause(self, query: SearchQuery, notes: SearchQuery | None = None) -> SearchClause | None:
        include: list[tuple[str, list[Any]]] = []
        exclude: list[tuple[str, list[Any]]] = []
        for terms, notes_only in ((query, False), (notes or SearchQuery(), True)):
            for term in terms.terms:
                (exclude if term.exclude else include).append(_term_ids(term, notes_only))
        if not include and not exclude:
            return None
        params: list[Any] = []
        if not include:
            # Exclusions only: the caller keeps the documents *not* in this set.
            for _sql, values in exclude:
                params.extend(values)
            ids = " UNION ".join(f"({sql})" for sql, _ in exclude)
            return SearchClause(ids=ids, params=tuple(params), exclude=True)
        parts = []
        for sql, values in include:
            parts.append(f"({sql})")
            params.extend(values)
        ids = " INTERSECT ".join(parts)
        for sql, values in exclude:
            ids += f" EXCEPT ({sql})"
            params.extend(values)
        ids = f"SELECT document_id FROM ({ids}) matched"
        sample = None
        if len(query.include) == 1 and not query.exclude and not (notes and notes.terms):
            # One term: some of its matches without reading them all (revision 0024).
            sample = (f"SELECT document_id FROM archive_search_sample({_tsquery()}, %s) "
                      "AS s(document_id)", (_quoted(query.include[0]),))
        included = [*query.include, *(notes.include if notes else ())]
        estimate = ("SELECT least("
                    + ", ".join([f"archive_search_estimate({_tsquery()})"] * len(included))
                    + ")") if included else None
        ranked_terms = query.include or (notes.include if notes else ())
        any_text = _any_of(ranked_terms)
        complete = not query.exclude and not (notes and notes.terms)
        if complete:
            # Included terms only: a document matches when every term's tiers have a row
            # for it, and where it matched the terms "or"-ed together is the OR of those
            # tiers (a part matches "a or b" when it matches a or b).  One pass a term.
            tiers = _tiers_of_all(len(query.include))
            tiers_params = tuple(_quoted(term) for term in query.include)
        else:
            tiers = ("SELECT document_id, tiers FROM "
                     f"archive_search_tiers({_tsquery()}) AS t(document_id, tiers)")
            tiers_params = (any_text,)
        ranked = RankedJoin(
            tables=(),
            where=(f"document.id IN ({ids})",),
            params=tuple(params),
            rank=_RANK,
            rank_params=(any_text,) * 4,
            tiers=tiers,
            tiers_params=tiers_params,
            tiers_rank=rank_of_tiers("{tiers}"),
            tiers_complete=complete,
            tiers_single=complete and len(query.include) == 1,
        )
        return SearchClause(ids=ids, params=tuple(params), ranked=ranked,
                            sample=sample[0] if sample else None,
                            sample_params=sample[1] if sample else (),
                            estimate=estimate,
                            estimate_params=tuple(_quoted(term) for term in included))

    def snippet_sql(self, query: SearchQuery, ids: Sequence[int]) -> tuple[str, list[Any]] | None:
        # The body itself, highlighted in Python: ts_headline re-parses every
        # result's whole text (most of a results page's time, see issue 19).
        if not query.include or not ids:
            return None
        marks = ", ".join(["%s"] * len(ids))
        return f"SELECT id, text FROM document WHERE id IN ({marks})", list(ids)

    def snippet_from_row(self, query: SearchQuery, value: str | None) -> Snippet:
        return snippet(value or "", query)
