"""SQLite: a document's head, body and each active footnote indexed apart

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 17:30:00

Issue 19.  On SQLite one FTS5 row held a document's title, body, authors,
disclaimer and footnotes (external content, which has no partial update): a
footnote or title edit deleted the whole document from the index and inserted
it again, its body tokenized twice for a few words — 641× and 43× the same
update without triggers at 10,000 documents.  Three indexes replace
``document_fts``: ``head_fts`` (title, authors, disclaimer; over the view
``document_head_content``), ``body_fts`` (over ``document``) and ``note_fts``
(one row per active footnote, over the view ``note_search_content``), each
kept by triggers that write only the part an edit changed;
``document_search`` loses its gathered notes.  Search matches a term in any of
the three (``archive.search.sqlite``).  PostgreSQL indexes parts apart since
revision 0015: nothing to do there.

The SQL below is frozen: written out when this revision was made.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "DROP TRIGGER IF EXISTS search_document_insert",
        "DROP TRIGGER IF EXISTS search_document_update",
        "DROP TRIGGER IF EXISTS search_document_delete",
        "DROP TRIGGER IF EXISTS search_gathered_insert",
        "DROP TRIGGER IF EXISTS search_gathered_update",
        "DROP TRIGGER IF EXISTS search_authorship_insert",
        "DROP TRIGGER IF EXISTS search_authorship_update",
        "DROP TRIGGER IF EXISTS search_authorship_delete",
        "DROP TRIGGER IF EXISTS search_disclaimer_insert",
        "DROP TRIGGER IF EXISTS search_disclaimer_update",
        "DROP TRIGGER IF EXISTS search_disclaimer_delete",
        "DROP TRIGGER IF EXISTS search_footnote_insert",
        "DROP TRIGGER IF EXISTS search_footnote_update",
        "DROP TRIGGER IF EXISTS search_footnote_delete",
        "DROP TRIGGER IF EXISTS search_person_update",
        "DROP TRIGGER IF EXISTS search_deferred_indexed",
        "DROP TRIGGER IF EXISTS search_deferred_only_new",
        "DROP TRIGGER IF EXISTS search_document_text",
        "DROP TABLE IF EXISTS document_fts",
        "DROP VIEW IF EXISTS document_search_content",
        "ALTER TABLE document_search DROP COLUMN footnotes",
        "CREATE VIEW document_head_content AS SELECT d.id AS id, d.title || coalesce(' ' || d.subtitle, '') AS title, s.authors AS authors, s.disclaimer AS disclaimer FROM document d JOIN document_search s ON s.document_id = d.id",
        "CREATE VIRTUAL TABLE head_fts USING fts5(title, authors, disclaimer, content='document_head_content', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
        "CREATE VIRTUAL TABLE body_fts USING fts5(text, content='document', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
        "CREATE VIEW note_search_content AS SELECT id, text FROM footnote WHERE status = 'active'",
        "CREATE VIRTUAL TABLE note_fts USING fts5(text, content='note_search_content', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
        "DROP TRIGGER IF EXISTS search_document_insert",
        "DROP TRIGGER IF EXISTS search_document_update",
        "DROP TRIGGER IF EXISTS search_document_text",
        "DROP TRIGGER IF EXISTS search_document_delete",
        "DROP TRIGGER IF EXISTS search_gathered_insert",
        "DROP TRIGGER IF EXISTS search_gathered_update",
        "DROP TRIGGER IF EXISTS search_authorship_insert",
        "DROP TRIGGER IF EXISTS search_authorship_update",
        "DROP TRIGGER IF EXISTS search_authorship_delete",
        "DROP TRIGGER IF EXISTS search_disclaimer_insert",
        "DROP TRIGGER IF EXISTS search_disclaimer_update",
        "DROP TRIGGER IF EXISTS search_disclaimer_delete",
        "DROP TRIGGER IF EXISTS search_person_update",
        "DROP TRIGGER IF EXISTS search_deferred_indexed",
        "DROP TRIGGER IF EXISTS search_deferred_only_new",
        "DROP TRIGGER IF EXISTS search_footnote_insert",
        "DROP TRIGGER IF EXISTS search_footnote_update",
        "DROP TRIGGER IF EXISTS search_footnote_delete",
        "DELETE FROM search_deferral",
        "DELETE FROM document_search",
        "INSERT INTO document_search(document_id) SELECT id FROM document",
        "UPDATE document_search SET authors = (SELECT coalesce(group_concat(name, char(10)), '') FROM (SELECT p.name FROM authorship a JOIN person p ON p.id = a.person_id WHERE a.document_id = document_search.document_id ORDER BY a.position)), disclaimer = (SELECT coalesce(group_concat(text, char(10)), '') FROM disclaimer WHERE document_id = document_search.document_id)",
        "CREATE TRIGGER search_document_insert AFTER INSERT ON document BEGIN INSERT INTO document_search(document_id, deferred) VALUES (NEW.id, EXISTS (SELECT 1 FROM search_deferral)); INSERT INTO body_fts(rowid, text) VALUES (NEW.id, NEW.text); END",
        "CREATE TRIGGER search_document_update AFTER UPDATE OF title, subtitle ON document WHEN OLD.title IS NOT NEW.title OR OLD.subtitle IS NOT NEW.subtitle BEGIN INSERT INTO head_fts(head_fts, rowid, title, authors, disclaimer) SELECT 'delete', OLD.id, OLD.title || coalesce(' ' || OLD.subtitle, ''), s.authors, s.disclaimer FROM document_search s WHERE s.document_id = OLD.id AND s.deferred = 0; INSERT INTO head_fts(rowid, title, authors, disclaimer) SELECT NEW.id, NEW.title || coalesce(' ' || NEW.subtitle, ''), s.authors, s.disclaimer FROM document_search s WHERE s.document_id = NEW.id AND s.deferred = 0; END",
        "CREATE TRIGGER search_document_text AFTER UPDATE OF text ON document WHEN OLD.text IS NOT NEW.text BEGIN INSERT INTO body_fts(body_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text); INSERT INTO body_fts(rowid, text) VALUES (NEW.id, NEW.text); END",
        "CREATE TRIGGER search_document_delete AFTER DELETE ON document BEGIN INSERT INTO head_fts(head_fts, rowid, title, authors, disclaimer) SELECT 'delete', OLD.id, OLD.title || coalesce(' ' || OLD.subtitle, ''), s.authors, s.disclaimer FROM document_search s WHERE s.document_id = OLD.id AND s.deferred = 0; INSERT INTO body_fts(body_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text); DELETE FROM document_search WHERE document_id = OLD.id; END",
        "CREATE TRIGGER search_gathered_insert AFTER INSERT ON document_search WHEN NEW.deferred = 0 BEGIN INSERT INTO head_fts(rowid, title, authors, disclaimer) SELECT d.id, d.title || coalesce(' ' || d.subtitle, ''), NEW.authors, NEW.disclaimer FROM document d WHERE d.id = NEW.document_id; END",
        "CREATE TRIGGER search_gathered_update AFTER UPDATE ON document_search WHEN (OLD.authors IS NOT NEW.authors OR OLD.disclaimer IS NOT NEW.disclaimer) AND OLD.deferred = 0 AND NEW.deferred = 0 BEGIN INSERT INTO head_fts(head_fts, rowid, title, authors, disclaimer) SELECT 'delete', d.id, d.title || coalesce(' ' || d.subtitle, ''), OLD.authors, OLD.disclaimer FROM document d WHERE d.id = OLD.document_id; INSERT INTO head_fts(rowid, title, authors, disclaimer) SELECT d.id, d.title || coalesce(' ' || d.subtitle, ''), NEW.authors, NEW.disclaimer FROM document d WHERE d.id = NEW.document_id; END",
        "CREATE TRIGGER search_authorship_insert AFTER INSERT ON authorship BEGIN UPDATE document_search SET authors = (SELECT coalesce(group_concat(name, char(10)), '') FROM (SELECT p.name FROM authorship a JOIN person p ON p.id = a.person_id WHERE a.document_id = document_search.document_id ORDER BY a.position)) WHERE document_id IN (NEW.document_id) AND deferred = 0; END",
        "CREATE TRIGGER search_authorship_update AFTER UPDATE ON authorship BEGIN UPDATE document_search SET authors = (SELECT coalesce(group_concat(name, char(10)), '') FROM (SELECT p.name FROM authorship a JOIN person p ON p.id = a.person_id WHERE a.document_id = document_search.document_id ORDER BY a.position)) WHERE document_id IN (OLD.document_id, NEW.document_id) AND deferred = 0; END",
        "CREATE TRIGGER search_authorship_delete AFTER DELETE ON authorship BEGIN UPDATE document_search SET authors = (SELECT coalesce(group_concat(name, char(10)), '') FROM (SELECT p.name FROM authorship a JOIN person p ON p.id = a.person_id WHERE a.document_id = document_search.document_id ORDER BY a.position)) WHERE document_id IN (OLD.document_id) AND deferred = 0; END",
        "CREATE TRIGGER search_disclaimer_insert AFTER INSERT ON disclaimer BEGIN UPDATE document_search SET disclaimer = (SELECT coalesce(group_concat(text, char(10)), '') FROM disclaimer WHERE document_id = document_search.document_id) WHERE document_id IN (NEW.document_id) AND deferred = 0; END",
        "CREATE TRIGGER search_disclaimer_update AFTER UPDATE ON disclaimer BEGIN UPDATE document_search SET disclaimer = (SELECT coalesce(group_concat(text, char(10)), '') FROM disclaimer WHERE document_id = document_search.document_id) WHERE document_id IN (OLD.document_id, NEW.document_id) AND deferred = 0; END",
        "CREATE TRIGGER search_disclaimer_delete AFTER DELETE ON disclaimer BEGIN UPDATE document_search SET disclaimer = (SELECT coalesce(group_concat(text, char(10)), '') FROM disclaimer WHERE document_id = document_search.document_id) WHERE document_id IN (OLD.document_id) AND deferred = 0; END",
        "CREATE TRIGGER search_person_update AFTER UPDATE OF name ON person WHEN OLD.name IS NOT NEW.name BEGIN UPDATE document_search SET authors = (SELECT coalesce(group_concat(name, char(10)), '') FROM (SELECT p.name FROM authorship a JOIN person p ON p.id = a.person_id WHERE a.document_id = document_search.document_id ORDER BY a.position)) WHERE document_id IN (SELECT document_id FROM authorship WHERE person_id = NEW.id) AND deferred = 0; END",
        "CREATE TRIGGER search_deferred_indexed AFTER UPDATE OF deferred ON document_search WHEN OLD.deferred = 1 AND NEW.deferred = 0 BEGIN INSERT INTO head_fts(rowid, title, authors, disclaimer) SELECT d.id, d.title || coalesce(' ' || d.subtitle, ''), NEW.authors, NEW.disclaimer FROM document d WHERE d.id = NEW.document_id; INSERT INTO note_fts(rowid, text) SELECT id, text FROM footnote WHERE document_id = NEW.document_id AND status = 'active'; END",
        "CREATE TRIGGER search_deferred_only_new BEFORE UPDATE OF deferred ON document_search WHEN OLD.deferred = 0 AND NEW.deferred <> 0 BEGIN SELECT RAISE(ABORT, 'only a document inserted during a deferral is deferred'); END",
        "CREATE TRIGGER search_footnote_insert AFTER INSERT ON footnote WHEN NEW.status = 'active' AND NOT EXISTS (SELECT 1 FROM document_search WHERE document_id = NEW.document_id AND deferred = 1) BEGIN INSERT INTO note_fts(rowid, text) SELECT NEW.id, NEW.text; END",
        "CREATE TRIGGER search_footnote_update AFTER UPDATE OF text, status, document_id ON footnote WHEN OLD.text IS NOT NEW.text OR OLD.status IS NOT NEW.status OR OLD.document_id IS NOT NEW.document_id BEGIN INSERT INTO note_fts(note_fts, rowid, text) SELECT 'delete', OLD.id, OLD.text WHERE OLD.status = 'active' AND NOT EXISTS (SELECT 1 FROM document_search WHERE document_id = OLD.document_id AND deferred = 1); INSERT INTO note_fts(rowid, text) SELECT NEW.id, NEW.text WHERE NEW.status = 'active' AND NOT EXISTS (SELECT 1 FROM document_search WHERE document_id = NEW.document_id AND deferred = 1); END",
        "CREATE TRIGGER search_footnote_delete AFTER DELETE ON footnote WHEN OLD.status = 'active' AND NOT EXISTS (SELECT 1 FROM document_search WHERE document_id = OLD.document_id AND deferred = 1) BEGIN INSERT INTO note_fts(note_fts, rowid, text) SELECT 'delete', OLD.id, OLD.text; END",
        "INSERT INTO head_fts(head_fts) VALUES ('rebuild')",
        "INSERT INTO body_fts(body_fts) VALUES ('rebuild')",
        "INSERT INTO note_fts(note_fts) VALUES ('rebuild')",
    ),
    "postgresql": (),
}

DOWNGRADE: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "DROP TRIGGER IF EXISTS search_document_insert",
        "DROP TRIGGER IF EXISTS search_document_update",
        "DROP TRIGGER IF EXISTS search_document_delete",
        "DROP TRIGGER IF EXISTS search_gathered_insert",
        "DROP TRIGGER IF EXISTS search_gathered_update",
        "DROP TRIGGER IF EXISTS search_authorship_insert",
        "DROP TRIGGER IF EXISTS search_authorship_update",
        "DROP TRIGGER IF EXISTS search_authorship_delete",
        "DROP TRIGGER IF EXISTS search_disclaimer_insert",
        "DROP TRIGGER IF EXISTS search_disclaimer_update",
        "DROP TRIGGER IF EXISTS search_disclaimer_delete",
        "DROP TRIGGER IF EXISTS search_footnote_insert",
        "DROP TRIGGER IF EXISTS search_footnote_update",
        "DROP TRIGGER IF EXISTS search_footnote_delete",
        "DROP TRIGGER IF EXISTS search_person_update",
        "DROP TRIGGER IF EXISTS search_deferred_indexed",
        "DROP TRIGGER IF EXISTS search_deferred_only_new",
        "DROP TRIGGER IF EXISTS search_document_text",
        "DROP TABLE IF EXISTS note_fts",
        "DROP VIEW IF EXISTS note_search_content",
        "DROP TABLE IF EXISTS body_fts",
        "DROP TABLE IF EXISTS head_fts",
        "DROP VIEW IF EXISTS document_head_content",
        "ALTER TABLE document_search ADD COLUMN footnotes TEXT NOT NULL DEFAULT ''",
        "CREATE VIEW document_search_content AS SELECT d.id AS id, d.title || coalesce(' ' || d.subtitle, '') AS title, d.text AS body, s.authors AS authors, s.disclaimer AS disclaimer, s.footnotes AS footnotes FROM document d JOIN document_search s ON s.document_id = d.id",
        "CREATE VIRTUAL TABLE document_fts USING fts5(title, body, authors, disclaimer, footnotes, content='document_search_content', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
        "DROP TRIGGER IF EXISTS search_document_insert",
        "DROP TRIGGER IF EXISTS search_document_update",
        "DROP TRIGGER IF EXISTS search_document_delete",
        "DROP TRIGGER IF EXISTS search_gathered_insert",
        "DROP TRIGGER IF EXISTS search_gathered_update",
        "DROP TRIGGER IF EXISTS search_authorship_insert",
        "DROP TRIGGER IF EXISTS search_authorship_update",
        "DROP TRIGGER IF EXISTS search_authorship_delete",
        "DROP TRIGGER IF EXISTS search_disclaimer_insert",
        "DROP TRIGGER IF EXISTS search_disclaimer_update",
        "DROP TRIGGER IF EXISTS search_disclaimer_delete",
        "DROP TRIGGER IF EXISTS search_footnote_insert",
        "DROP TRIGGER IF EXISTS search_footnote_update",
        "DROP TRIGGER IF EXISTS search_footnote_delete",
        "DROP TRIGGER IF EXISTS search_person_update",
        "DROP TRIGGER IF EXISTS search_deferred_indexed",
        "DROP TRIGGER IF EXISTS search_deferred_only_new",
        "DELETE FROM search_deferral",
        "DELETE FROM document_search",
        "INSERT INTO document_search(document_id) SELECT id FROM document",
        "UPDATE document_search SET authors = (SELECT coalesce(group_concat(name, char(10)), '') FROM (SELECT p.name FROM authorship a JOIN person p ON p.id = a.person_id WHERE a.document_id = document_search.document_id ORDER BY a.position)), disclaimer = (SELECT coalesce(group_concat(text, char(10)), '') FROM disclaimer WHERE document_id = document_search.document_id), footnotes = (SELECT coalesce(group_concat(text, char(10)), '') FROM (SELECT text FROM footnote WHERE document_id = document_search.document_id AND status = 'active' ORDER BY number))",
        "CREATE TRIGGER search_document_insert AFTER INSERT ON document BEGIN INSERT INTO document_search(document_id, deferred) VALUES (NEW.id, EXISTS (SELECT 1 FROM search_deferral)); END",
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
        "INSERT INTO document_fts(document_fts) VALUES ('rebuild')",
    ),
    "postgresql": (),
}


def upgrade() -> None:
    for statement in UPGRADE[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE[op.get_bind().dialect.name]:
        op.execute(statement)
