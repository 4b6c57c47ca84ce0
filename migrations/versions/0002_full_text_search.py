"""full-text search

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 04:00:00

The search index of documents (``archive/search/``): titles, body text, author
names, disclaimers and the text of active footnotes.

* SQLite: ``document_search`` (gathered text per document), the view
  ``document_search_content`` and the FTS5 external-content table
  ``document_fts``, kept in sync by the ``search_*`` triggers on ``document``,
  ``document_search``, ``authorship``, ``person``, ``disclaimer`` and ``footnote``.
* PostgreSQL: ``document_search`` with one ``tsvector`` per source, their
  concatenation ``tsv`` (GIN) and ``notes`` (GIN), kept by ``search_*`` triggers.

None of these tables is in ``archive.schema.metadata``, so ``alembic check``
ignores them (``include_name`` in ``migrations/env.py``).

**A later SQLite batch migration** of ``document``, ``authorship``, ``person``,
``disclaimer`` or ``footnote`` rebuilds the table and silently drops its
``search_*`` triggers (and its history triggers): it must recreate them, their
SQL written out in that revision, and rebuild the index.  Recreating
``document`` also breaks the view until it is recreated.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0002'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for statement in UPGRADE[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE[op.get_bind().dialect.name]:
        op.execute(statement)

# The SQL below is frozen: written out when this revision was made, so that a later
# edit of archive/triggers.py or archive/search/ never changes what this revision does.

UPGRADE: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TABLE document_search (document_id INTEGER PRIMARY KEY, authors TEXT NOT NULL DEFAULT '', disclaimer TEXT NOT NULL DEFAULT '', footnotes TEXT NOT NULL DEFAULT '')",
        "CREATE VIEW document_search_content AS SELECT d.id AS id, d.title || coalesce(' ' || d.subtitle, '') AS title, d.text AS body, s.authors AS authors, s.disclaimer AS disclaimer, s.footnotes AS footnotes FROM document d JOIN document_search s ON s.document_id = d.id",
        "CREATE VIRTUAL TABLE document_fts USING fts5(title, body, authors, disclaimer, footnotes, content='document_search_content', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
        'DROP TRIGGER IF EXISTS search_document_insert',
        'DROP TRIGGER IF EXISTS search_document_update',
        'DROP TRIGGER IF EXISTS search_document_delete',
        'DROP TRIGGER IF EXISTS search_gathered_insert',
        'DROP TRIGGER IF EXISTS search_gathered_update',
        'DROP TRIGGER IF EXISTS search_authorship_insert',
        'DROP TRIGGER IF EXISTS search_authorship_update',
        'DROP TRIGGER IF EXISTS search_authorship_delete',
        'DROP TRIGGER IF EXISTS search_disclaimer_insert',
        'DROP TRIGGER IF EXISTS search_disclaimer_update',
        'DROP TRIGGER IF EXISTS search_disclaimer_delete',
        'DROP TRIGGER IF EXISTS search_footnote_insert',
        'DROP TRIGGER IF EXISTS search_footnote_update',
        'DROP TRIGGER IF EXISTS search_footnote_delete',
        'DROP TRIGGER IF EXISTS search_person_update',
        'DROP TRIGGER IF EXISTS search_deferred_indexed',
        'DROP TRIGGER IF EXISTS search_deferred_only_new',
        'DELETE FROM document_search',
        'INSERT INTO document_search(document_id) SELECT id FROM document',
        "UPDATE document_search SET authors = (SELECT coalesce(group_concat(name, char(10)), '') FROM (SELECT p.name FROM authorship a JOIN person p ON p.id = a.person_id WHERE a.document_id = document_search.document_id ORDER BY a.position)), disclaimer = (SELECT coalesce(group_concat(text, char(10)), '') FROM disclaimer WHERE document_id = document_search.document_id), footnotes = (SELECT coalesce(group_concat(text, char(10)), '') FROM (SELECT text FROM footnote WHERE document_id = document_search.document_id AND status = 'active' ORDER BY number))",
        'CREATE TRIGGER search_document_insert AFTER INSERT ON document BEGIN INSERT INTO document_search(document_id) VALUES (NEW.id); END',
        "CREATE TRIGGER search_document_update AFTER UPDATE OF title, subtitle, text ON document WHEN OLD.title IS NOT NEW.title OR OLD.subtitle IS NOT NEW.subtitle OR OLD.text IS NOT NEW.text BEGIN INSERT INTO document_fts(document_fts, rowid, title, body, authors, disclaimer, footnotes) SELECT 'delete', OLD.id, OLD.title || coalesce(' ' || OLD.subtitle, ''), OLD.text, s.authors, s.disclaimer, s.footnotes FROM document_search s WHERE s.document_id = OLD.id; INSERT INTO document_fts(rowid, title, body, authors, disclaimer, footnotes) SELECT NEW.id, NEW.title || coalesce(' ' || NEW.subtitle, ''), NEW.text, s.authors, s.disclaimer, s.footnotes FROM document_search s WHERE s.document_id = NEW.id; END",
        "CREATE TRIGGER search_document_delete AFTER DELETE ON document BEGIN INSERT INTO document_fts(document_fts, rowid, title, body, authors, disclaimer, footnotes) SELECT 'delete', OLD.id, OLD.title || coalesce(' ' || OLD.subtitle, ''), OLD.text, s.authors, s.disclaimer, s.footnotes FROM document_search s WHERE s.document_id = OLD.id; DELETE FROM document_search WHERE document_id = OLD.id; END",
        "CREATE TRIGGER search_gathered_insert AFTER INSERT ON document_search BEGIN INSERT INTO document_fts(rowid, title, body, authors, disclaimer, footnotes) SELECT d.id, d.title || coalesce(' ' || d.subtitle, ''), d.text, NEW.authors, NEW.disclaimer, NEW.footnotes FROM document d WHERE d.id = NEW.document_id; END",
        "CREATE TRIGGER search_gathered_update AFTER UPDATE ON document_search WHEN (OLD.authors IS NOT NEW.authors OR OLD.disclaimer IS NOT NEW.disclaimer OR OLD.footnotes IS NOT NEW.footnotes) BEGIN INSERT INTO document_fts(document_fts, rowid, title, body, authors, disclaimer, footnotes) SELECT 'delete', d.id, d.title || coalesce(' ' || d.subtitle, ''), d.text, OLD.authors, OLD.disclaimer, OLD.footnotes FROM document d WHERE d.id = OLD.document_id; INSERT INTO document_fts(rowid, title, body, authors, disclaimer, footnotes) SELECT d.id, d.title || coalesce(' ' || d.subtitle, ''), d.text, NEW.authors, NEW.disclaimer, NEW.footnotes FROM document d WHERE d.id = NEW.document_id; END",
        "CREATE TRIGGER search_authorship_insert AFTER INSERT ON authorship BEGIN UPDATE document_search SET authors = (SELECT coalesce(group_concat(name, char(10)), '') FROM (SELECT p.name FROM authorship a JOIN person p ON p.id = a.person_id WHERE a.document_id = document_search.document_id ORDER BY a.position)) WHERE document_id IN (NEW.document_id); END",
        "CREATE TRIGGER search_authorship_update AFTER UPDATE ON authorship BEGIN UPDATE document_search SET authors = (SELECT coalesce(group_concat(name, char(10)), '') FROM (SELECT p.name FROM authorship a JOIN person p ON p.id = a.person_id WHERE a.document_id = document_search.document_id ORDER BY a.position)) WHERE document_id IN (OLD.document_id, NEW.document_id); END",
        "CREATE TRIGGER search_authorship_delete AFTER DELETE ON authorship BEGIN UPDATE document_search SET authors = (SELECT coalesce(group_concat(name, char(10)), '') FROM (SELECT p.name FROM authorship a JOIN person p ON p.id = a.person_id WHERE a.document_id = document_search.document_id ORDER BY a.position)) WHERE document_id IN (OLD.document_id); END",
        "CREATE TRIGGER search_disclaimer_insert AFTER INSERT ON disclaimer BEGIN UPDATE document_search SET disclaimer = (SELECT coalesce(group_concat(text, char(10)), '') FROM disclaimer WHERE document_id = document_search.document_id) WHERE document_id IN (NEW.document_id); END",
        "CREATE TRIGGER search_disclaimer_update AFTER UPDATE ON disclaimer BEGIN UPDATE document_search SET disclaimer = (SELECT coalesce(group_concat(text, char(10)), '') FROM disclaimer WHERE document_id = document_search.document_id) WHERE document_id IN (OLD.document_id, NEW.document_id); END",
        "CREATE TRIGGER search_disclaimer_delete AFTER DELETE ON disclaimer BEGIN UPDATE document_search SET disclaimer = (SELECT coalesce(group_concat(text, char(10)), '') FROM disclaimer WHERE document_id = document_search.document_id) WHERE document_id IN (OLD.document_id); END",
        "CREATE TRIGGER search_footnote_insert AFTER INSERT ON footnote BEGIN UPDATE document_search SET footnotes = (SELECT coalesce(group_concat(text, char(10)), '') FROM (SELECT text FROM footnote WHERE document_id = document_search.document_id AND status = 'active' ORDER BY number)) WHERE document_id IN (NEW.document_id); END",
        "CREATE TRIGGER search_footnote_update AFTER UPDATE ON footnote BEGIN UPDATE document_search SET footnotes = (SELECT coalesce(group_concat(text, char(10)), '') FROM (SELECT text FROM footnote WHERE document_id = document_search.document_id AND status = 'active' ORDER BY number)) WHERE document_id IN (OLD.document_id, NEW.document_id); END",
        "CREATE TRIGGER search_footnote_delete AFTER DELETE ON footnote BEGIN UPDATE document_search SET footnotes = (SELECT coalesce(group_concat(text, char(10)), '') FROM (SELECT text FROM footnote WHERE document_id = document_search.document_id AND status = 'active' ORDER BY number)) WHERE document_id IN (OLD.document_id); END",
        "CREATE TRIGGER search_person_update AFTER UPDATE OF name ON person WHEN OLD.name IS NOT NEW.name BEGIN UPDATE document_search SET authors = (SELECT coalesce(group_concat(name, char(10)), '') FROM (SELECT p.name FROM authorship a JOIN person p ON p.id = a.person_id WHERE a.document_id = document_search.document_id ORDER BY a.position)) WHERE document_id IN (SELECT document_id FROM authorship WHERE person_id = NEW.id); END",
        "INSERT INTO document_fts(document_fts) VALUES ('rebuild')",
    ),
    "postgresql": (
        "CREATE TABLE document_search (document_id integer PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE, body tsvector NOT NULL DEFAULT ''::tsvector, authors tsvector NOT NULL DEFAULT ''::tsvector, disclaimer tsvector NOT NULL DEFAULT ''::tsvector, notes tsvector NOT NULL DEFAULT ''::tsvector, tsv tsvector GENERATED ALWAYS AS (body || authors || disclaimer || notes) STORED)",
        'CREATE INDEX ix_document_search_tsv ON document_search USING gin (tsv)',
        'CREATE INDEX ix_document_search_notes ON document_search USING gin (notes)',
        """
CREATE OR REPLACE FUNCTION archive_search_refresh(doc_id integer, part text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF part = 'body' THEN
        INSERT INTO document_search (document_id, body)
        SELECT id, setweight(to_tsvector('english'::regconfig, coalesce(title || coalesce(' ' || subtitle, ''), '')), 'A')
                   || setweight(to_tsvector('english'::regconfig, coalesce(text, '')), 'D')
        FROM document WHERE id = doc_id
        ON CONFLICT (document_id) DO UPDATE SET body = EXCLUDED.body;
    ELSIF part = 'authors' THEN
        UPDATE document_search SET authors = (SELECT setweight(to_tsvector('english'::regconfig, coalesce(string_agg(p.name, ' ' ORDER BY a.position), '')), 'B') FROM authorship a JOIN person p ON p.id = a.person_id WHERE a.document_id = doc_id) WHERE document_id = doc_id;
    ELSIF part = 'disclaimer' THEN
        UPDATE document_search SET disclaimer = (SELECT setweight(to_tsvector('english'::regconfig, coalesce(string_agg(text, ' '), '')), 'C') FROM disclaimer WHERE document_id = doc_id) WHERE document_id = doc_id;
    ELSIF part = 'notes' THEN
        UPDATE document_search SET notes = (SELECT setweight(to_tsvector('english'::regconfig, coalesce(string_agg(text, ' ' ORDER BY number), '')), 'C') FROM footnote WHERE document_id = doc_id AND status = 'active') WHERE document_id = doc_id;
    END IF;
END $$""",
        """
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
END $$""",
        """
CREATE OR REPLACE FUNCTION archive_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM archive_search_refresh(NEW.id, 'body');
    RETURN NEW;
END $$""",
        """
CREATE OR REPLACE FUNCTION archive_search_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM archive_search_refresh(a.document_id, 'authors')
    FROM (SELECT DISTINCT document_id FROM authorship WHERE person_id = NEW.id) a;
    RETURN NEW;
END $$""",
        'CREATE TRIGGER search_document_insert AFTER INSERT ON document FOR EACH ROW EXECUTE FUNCTION archive_search_document()',
        'CREATE TRIGGER search_document_update AFTER UPDATE OF title, subtitle, text ON document FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.subtitle IS DISTINCT FROM NEW.subtitle OR OLD.text IS DISTINCT FROM NEW.text) EXECUTE FUNCTION archive_search_document()',
        "CREATE TRIGGER search_authorship_change AFTER INSERT OR UPDATE OR DELETE ON authorship FOR EACH ROW EXECUTE FUNCTION archive_search_child('authors')",
        "CREATE TRIGGER search_disclaimer_change AFTER INSERT OR UPDATE OR DELETE ON disclaimer FOR EACH ROW EXECUTE FUNCTION archive_search_child('disclaimer')",
        "CREATE TRIGGER search_footnote_change AFTER INSERT OR UPDATE OR DELETE ON footnote FOR EACH ROW EXECUTE FUNCTION archive_search_child('notes')",
        'CREATE TRIGGER search_person_update AFTER UPDATE OF name ON person FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION archive_search_person()',
        "INSERT INTO document_search (document_id, body, authors, disclaimer, notes) SELECT d.id, setweight(to_tsvector('english'::regconfig, coalesce(d.title || coalesce(' ' || d.subtitle, ''), '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(d.text, '')), 'D'), coalesce(a.v, ''::tsvector), coalesce(c.v, ''::tsvector), coalesce(n.v, ''::tsvector) FROM document d LEFT JOIN (SELECT a.document_id, setweight(to_tsvector('english'::regconfig, coalesce(string_agg(p.name, ' ' ORDER BY a.position), '')), 'B') AS v FROM authorship a JOIN person p ON p.id = a.person_id GROUP BY a.document_id) a ON a.document_id = d.id LEFT JOIN (SELECT document_id, setweight(to_tsvector('english'::regconfig, coalesce(string_agg(text, ' '), '')), 'C') AS v FROM disclaimer GROUP BY document_id) c ON c.document_id = d.id LEFT JOIN (SELECT document_id, setweight(to_tsvector('english'::regconfig, coalesce(string_agg(text, ' ' ORDER BY number), '')), 'C') AS v FROM footnote WHERE status = 'active' GROUP BY document_id) n ON n.document_id = d.id ON CONFLICT (document_id) DO UPDATE SET body = EXCLUDED.body, authors = EXCLUDED.authors, disclaimer = EXCLUDED.disclaimer, notes = EXCLUDED.notes",
    ),
}
DOWNGRADE: dict[str, tuple[str, ...]] = {
    "sqlite": (
        'DROP TRIGGER IF EXISTS search_document_insert',
        'DROP TRIGGER IF EXISTS search_document_update',
        'DROP TRIGGER IF EXISTS search_document_delete',
        'DROP TRIGGER IF EXISTS search_gathered_insert',
        'DROP TRIGGER IF EXISTS search_gathered_update',
        'DROP TRIGGER IF EXISTS search_authorship_insert',
        'DROP TRIGGER IF EXISTS search_authorship_update',
        'DROP TRIGGER IF EXISTS search_authorship_delete',
        'DROP TRIGGER IF EXISTS search_disclaimer_insert',
        'DROP TRIGGER IF EXISTS search_disclaimer_update',
        'DROP TRIGGER IF EXISTS search_disclaimer_delete',
        'DROP TRIGGER IF EXISTS search_footnote_insert',
        'DROP TRIGGER IF EXISTS search_footnote_update',
        'DROP TRIGGER IF EXISTS search_footnote_delete',
        'DROP TRIGGER IF EXISTS search_person_update',
        'DROP TRIGGER IF EXISTS search_deferred_indexed',
        'DROP TRIGGER IF EXISTS search_deferred_only_new',
        'DROP TABLE IF EXISTS document_fts',
        'DROP VIEW IF EXISTS document_search_content',
        'DROP TABLE IF EXISTS document_search',
    ),
    "postgresql": (
        'DROP TRIGGER IF EXISTS search_document_insert ON document',
        'DROP TRIGGER IF EXISTS search_document_update ON document',
        'DROP TRIGGER IF EXISTS search_authorship_change ON authorship',
        'DROP TRIGGER IF EXISTS search_disclaimer_change ON disclaimer',
        'DROP TRIGGER IF EXISTS search_footnote_change ON footnote',
        'DROP TRIGGER IF EXISTS search_person_update ON person',
        'DROP TABLE IF EXISTS document_search',
        'DROP FUNCTION IF EXISTS archive_search_person()',
        'DROP FUNCTION IF EXISTS archive_search_document()',
        'DROP FUNCTION IF EXISTS archive_search_child()',
        'DROP FUNCTION IF EXISTS archive_search_refresh(integer, text)',
    ),
}
