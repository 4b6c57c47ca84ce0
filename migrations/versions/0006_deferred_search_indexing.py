"""deferred search indexing of documents inserted in bulk

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 06:40:00

Row by row, every footnote, authorship or disclaimer written re-indexes its
document; on SQLite that means tokenizing the whole text again (FTS5 external
content has no partial update), so ingesting a document with 80 notes cost 160
passes over its body.  ``document_search.deferred`` marks a document inserted
inside ``archive.search.deferred_indexing``: its children skip the index and the
document is indexed once, whole, when the deferral ends (same transaction).

* SQLite: table ``search_deferral`` (a writer's marker, removed before its
  commit), column ``deferred``, partial index, and every ``search_*`` trigger
  recreated (the search triggers of that day, written out below).
* PostgreSQL: the transaction-local setting ``archive.defer_search``, column
  ``deferred``, partial index, new bodies of ``archive_search_refresh`` and
  ``archive_search_document`` and the trigger ``search_deferred_indexed``.

Plain ``ALTER TABLE … ADD COLUMN`` on both databases: no table is rebuilt, so
no history trigger is dropped.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
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
        'CREATE TABLE search_deferral (id INTEGER PRIMARY KEY)',
        'ALTER TABLE document_search ADD COLUMN deferred INTEGER NOT NULL DEFAULT 0',
        'CREATE INDEX ix_document_search_deferred ON document_search (document_id) WHERE deferred = 1',
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
        'CREATE TRIGGER search_document_insert AFTER INSERT ON document BEGIN INSERT INTO document_search(document_id, deferred) VALUES (NEW.id, EXISTS (SELECT 1 FROM search_deferral)); END',
        "CREATE TRIGGER search_document_update AFTER UPDATE OF title, subtitle, text ON document WHEN OLD.title IS NOT NEW.title OR OLD.subtitle IS NOT NEW.subtitle OR OLD.text IS NOT NEW.text BEGIN INSERT INTO document_fts(document_fts, rowid, title, body, authors, disclaimer, footnotes) SELECT 'delete', OLD.id, OLD.title || coalesce(' ' || OLD.subtitle, ''), OLD.text, s.authors, s.disclaimer, s.footnotes FROM document_search s WHERE s.document_id = OLD.id AND s.deferred = 0; INSERT INTO document_fts(rowid, title, body, authors, disclaimer, footnotes) SELECT NEW.id, NEW.title || coalesce(' ' || NEW.subtitle, ''), NEW.text, s.authors, s.disclaimer, s.footnotes FROM document_search s WHERE s.document_id = NEW.id AND s.deferred = 0; END",
        "CREATE TRIGGER search_document_delete AFTER DELETE ON document BEGIN INSERT INTO document_fts(document_fts, rowid, title, body, authors, disclaimer, footnotes) SELECT 'delete', OLD.id, OLD.title || coalesce(' ' || OLD.subtitle, ''), OLD.text, s.authors, s.disclaimer, s.footnotes FROM document_search s WHERE s.document_id = OLD.id AND s.deferred = 0; DELETE FROM document_search WHERE document_id = OLD.id; END",
        "CREATE TRIGGER search_gathered_insert AFTER INSERT ON document_search WHEN NEW.deferred = 0 BEGIN INSERT INTO document_fts(rowid, title, body, authors, disclaimer, footnotes) SELECT d.id, d.title || coalesce(' ' || d.subtitle, ''), d.text, NEW.authors, NEW.disclaimer, NEW.footnotes FROM document d WHERE d.id = NEW.document_id; END",
        "CREATE TRIGGER search_gathered_update AFTER UPDATE ON document_search WHEN (OLD.authors IS NOT NEW.authors OR OLD.disclaimer IS NOT NEW.disclaimer OR OLD.footnotes IS NOT NEW.footnotes) AND OLD.deferred = 0 AND NEW.deferred = 0 BEGIN INSERT INTO document_fts(document_fts, rowid, title, body, authors, disclaimer, footnotes) SELECT 'delete', d.id, d.title || coalesce(' ' || d.subtitle, ''), d.text, OLD.authors, OLD.disclaimer, OLD.footnotes FROM document d WHERE d.id = OLD.document_id; INSERT INTO document_fts(rowid, title, body, authors, disclaimer, footnotes) SELECT d.id, d.title || coalesce(' ' || d.subtitle, ''), d.text, NEW.authors, NEW.disclaimer, NEW.footnotes FROM document d WHERE d.id = NEW.document_id; END",
        "CREATE TRIGGER search_authorship_insert AFTER INSERT ON authorship BEGIN UPDATE document_search SET authors = (SELECT coalesce(group_concat(name, char(10)), '') FROM (SELECT p.name FROM authorship a JOIN person p ON p.id = a.person_id WHERE a.document_id = document_search.document_id ORDER BY a.position)) WHERE document_id IN (NEW.document_id) AND deferred = 0; END",
        "CREATE TRIGGER search_authorship_update AFTER UPDATE ON authorship BEGIN UPDATE document_search SET authors = (SELECT coalesce(group_concat(name, char(10)), '') FROM (SELECT p.name FROM authorship a JOIN person p ON p.id = a.person_id WHERE a.document_id = document_search.document_id ORDER BY a.position)) WHERE document_id IN (OLD.document_id, NEW.document_id) AND deferred = 0; END",
        "CREATE TRIGGER search_authorship_delete AFTER DELETE ON authorship BEGIN UPDATE document_search SET authors = (SELECT coalesce(group_concat(name, char(10)), '') FROM (SELECT p.name FROM authorship a JOIN person p ON p.id = a.person_id WHERE a.document_id = document_search.document_id ORDER BY a.position)) WHERE document_id IN (OLD.document_id) AND deferred = 0; END",
        "CREATE TRIGGER search_disclaimer_insert AFTER INSERT ON disclaimer BEGIN UPDATE document_search SET disclaimer = (SELECT coalesce(group_concat(text, char(10)), '') FROM disclaimer WHERE document_id = document_search.document_id) WHERE document_id IN (NEW.document_id) AND deferred = 0; END",
        "CREATE TRIGGER search_disclaimer_update AFTER UPDATE ON disclaimer BEGIN UPDATE document_search SET disclaimer = (SELECT coalesce(group_concat(text, char(10)), '') FROM disclaimer WHERE document_id = document_search.document_id) WHERE document_id IN (OLD.document_id, NEW.document_id) AND deferred = 0; END",
        "CREATE TRIGGER search_disclaimer_delete AFTER DELETE ON disclaimer BEGIN UPDATE document_search SET disclaimer = (SELECT coalesce(group_concat(text, char(10)), '') FROM disclaimer WHERE document_id = document_search.document_id) WHERE document_id IN (OLD.document_id) AND deferred = 0; END",
        "CREATE TRIGGER search_footnote_insert AFTER INSERT ON footnote BEGIN UPDATE document_search SET footnotes = (SELECT coalesce(group_concat(text, char(10)), '') FROM (SELECT text FROM footnote WHERE document_id = document_search.document_id AND status = 'active' ORDER BY number)) WHERE document_id IN (NEW.document_id) AND deferred = 0; END",
        "CREATE TRIGGER search_footnote_update AFTER UPDATE ON footnote BEGIN UPDATE document_search SET footnotes = (SELECT coalesce(group_concat(text, char(10)), '') FROM (SELECT text FROM footnote WHERE document_id = document_search.document_id AND status = 'active' ORDER BY number)) WHERE document_id IN (OLD.document_id, NEW.document_id) AND deferred = 0; END",
        "CREATE TRIGGER search_footnote_delete AFTER DELETE ON footnote BEGIN UPDATE document_search SET footnotes = (SELECT coalesce(group_concat(text, char(10)), '') FROM (SELECT text FROM footnote WHERE document_id = document_search.document_id AND status = 'active' ORDER BY number)) WHERE document_id IN (OLD.document_id) AND deferred = 0; END",
        "CREATE TRIGGER search_person_update AFTER UPDATE OF name ON person WHEN OLD.name IS NOT NEW.name BEGIN UPDATE document_search SET authors = (SELECT coalesce(group_concat(name, char(10)), '') FROM (SELECT p.name FROM authorship a JOIN person p ON p.id = a.person_id WHERE a.document_id = document_search.document_id ORDER BY a.position)) WHERE document_id IN (SELECT document_id FROM authorship WHERE person_id = NEW.id) AND deferred = 0; END",
        "CREATE TRIGGER search_deferred_indexed AFTER UPDATE OF deferred ON document_search WHEN OLD.deferred = 1 AND NEW.deferred = 0 BEGIN INSERT INTO document_fts(rowid, title, body, authors, disclaimer, footnotes) SELECT d.id, d.title || coalesce(' ' || d.subtitle, ''), d.text, NEW.authors, NEW.disclaimer, NEW.footnotes FROM document d WHERE d.id = NEW.document_id; END",
        "CREATE TRIGGER search_deferred_only_new BEFORE UPDATE OF deferred ON document_search WHEN OLD.deferred = 0 AND NEW.deferred <> 0 BEGIN SELECT RAISE(ABORT, 'only a document inserted during a deferral is deferred'); END",
    ),
    "postgresql": (
        'ALTER TABLE document_search ADD COLUMN deferred boolean NOT NULL DEFAULT false',
        'CREATE INDEX ix_document_search_deferred ON document_search (document_id) WHERE deferred',
        """
CREATE OR REPLACE FUNCTION archive_search_refresh(doc_id integer, part text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM document_search WHERE document_id = doc_id AND deferred) THEN
        RETURN;
    END IF;
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
CREATE OR REPLACE FUNCTION archive_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND current_setting('archive.defer_search', true) = 'on' THEN
        INSERT INTO document_search (document_id, deferred) VALUES (NEW.id, true);
    ELSE
        PERFORM archive_search_refresh(NEW.id, 'body');
    END IF;
    RETURN NEW;
END $$""",
        """
CREATE OR REPLACE FUNCTION archive_search_indexed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM archive_search_refresh(NEW.document_id, part)
    FROM unnest(ARRAY['body', 'authors', 'disclaimer', 'notes']) AS part;
    RETURN NEW;
END $$""",
        'CREATE TRIGGER search_deferred_indexed AFTER UPDATE OF deferred ON document_search FOR EACH ROW WHEN (OLD.deferred AND NOT NEW.deferred) EXECUTE FUNCTION archive_search_indexed()',
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
        'DROP INDEX IF EXISTS ix_document_search_deferred',
        'ALTER TABLE document_search DROP COLUMN deferred',
        'DROP TABLE IF EXISTS search_deferral',
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
        'UPDATE document_search SET deferred = false WHERE deferred',
        'DROP TRIGGER IF EXISTS search_deferred_indexed ON document_search',
        'DROP FUNCTION IF EXISTS archive_search_indexed()',
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
CREATE OR REPLACE FUNCTION archive_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM archive_search_refresh(NEW.id, 'body');
    RETURN NEW;
END $$""",
        'DROP INDEX IF EXISTS ix_document_search_deferred',
        'ALTER TABLE document_search DROP COLUMN deferred',
    ),
}
