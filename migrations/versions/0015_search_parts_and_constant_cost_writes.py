"""search index in parts (PostgreSQL): a footnote or title edit re-indexes only itself

Revision ID: 0015
Revises: 0016
Create Date: 2026-12-03 14:10:00

Issue 19.  On PostgreSQL ``document_search`` held one vector per source and a
generated concatenation of them (the whole body twice: 303 MB of index table
for 89 MB of documents at 10,000 documents), so a footnote or title change
rewrote the document's whole vector and re-entered every word of it into the
GIN index (1,000 title updates cost 258× the same updates without triggers,
footnotes 111×); and the planner, estimating a quarter of the table per term,
read every vector (a sequential scan, 44,000 buffers) instead of the index.

* PostgreSQL: ``search_part`` holds one row per part of a document — title
  (weight A), authors and disclaimer (B), each active footnote (C), body (D) —
  with a GIN index on all of them and a partial one on the title, author and
  disclaimer rows (relevance).  ``document_search`` keeps only the deferral
  flag (revision 0006).  New trigger functions write only the part a change
  touched, and not at all when its vector did not change.
* PostgreSQL history: ``archive_history()`` converts the old row to JSON once
  (it did twice, the second time only to read the document link: a document
  update converted its whole text twice), and history snapshots are compressed
  with lz4 instead of pglz where the server has it (compressing an 11 KB
  snapshot was a third of a document update's cost).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for statement in UPGRADE[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE[op.get_bind().dialect.name]:
        op.execute(statement)

# The SQL below is frozen: written out when this revision was made, so that a later
# edit of archive/search/ or archive/triggers.py never changes what this revision does.
# fmt: off

UPGRADE: dict[str, list[str]] = {
    "postgresql": [
        'DROP TRIGGER IF EXISTS search_document_insert ON document',
        'DROP TRIGGER IF EXISTS search_document_update ON document',
        'DROP TRIGGER IF EXISTS search_document_text ON document',
        'DROP TRIGGER IF EXISTS search_authorship_change ON authorship',
        'DROP TRIGGER IF EXISTS search_disclaimer_change ON disclaimer',
        'DROP TRIGGER IF EXISTS search_footnote_change ON footnote',
        'DROP TRIGGER IF EXISTS search_person_update ON person',
        'DROP TRIGGER IF EXISTS search_deferred_indexed ON document_search',
        'DROP FUNCTION IF EXISTS archive_search_refresh(integer, text)',
        'DROP TABLE document_search',
        'CREATE TABLE document_search (document_id integer PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE, deferred boolean NOT NULL DEFAULT false)',
        'CREATE INDEX ix_document_search_deferred ON document_search (document_id) WHERE deferred',
        'CREATE TABLE search_part (document_id integer NOT NULL REFERENCES document(id) ON DELETE CASCADE, part char(1) NOT NULL, note_id integer NOT NULL DEFAULT 0, tsv tsvector NOT NULL, PRIMARY KEY (document_id, part, note_id))',
        "CREATE INDEX ix_search_part_title ON search_part USING gin (tsv) WHERE part = 't'",
        "CREATE INDEX ix_search_part_byline ON search_part USING gin (tsv) WHERE part IN ('a', 'd')",
        "CREATE INDEX ix_search_part_notes ON search_part USING gin (tsv) WHERE part = 'n'",
        "CREATE INDEX ix_search_part_body ON search_part USING gin (tsv) WHERE part = 'b'",
        "\nCREATE OR REPLACE FUNCTION archive_search_match(q tsquery, parts text)\nRETURNS SETOF integer LANGUAGE plpgsql STABLE ROWS 1000\nSET enable_seqscan = off AS $$\nBEGIN\n    IF parts IS NULL OR strpos(parts, 't') > 0 THEN\n        RETURN QUERY SELECT DISTINCT document_id FROM search_part\n            WHERE part = 't' AND tsv @@ q;\n    END IF;\n    IF parts IS NULL OR strpos(parts, 'a') > 0 THEN\n        RETURN QUERY SELECT DISTINCT document_id FROM search_part\n            WHERE part IN ('a', 'd') AND tsv @@ q;\n    END IF;\n    IF parts IS NULL OR strpos(parts, 'n') > 0 THEN\n        RETURN QUERY SELECT DISTINCT document_id FROM search_part\n            WHERE part = 'n' AND tsv @@ q;\n    END IF;\n    IF parts IS NULL OR strpos(parts, 'b') > 0 THEN\n        RETURN QUERY SELECT DISTINCT document_id FROM search_part\n            WHERE part = 'b' AND tsv @@ q;\n    END IF;\nEND $$",
        '\nCREATE OR REPLACE FUNCTION archive_search_put(doc_id integer, kind text, note integer,\n                                              vec tsvector)\nRETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n    -- An empty part has no row; an unchanged one is not rewritten (nor re-indexed).\n    IF vec IS NULL OR length(vec) = 0 THEN\n        DELETE FROM search_part WHERE document_id = doc_id AND part = kind AND note_id = note;\n    ELSE\n        INSERT INTO search_part (document_id, part, note_id, tsv)\n        VALUES (doc_id, kind, note, vec)\n        ON CONFLICT (document_id, part, note_id) DO UPDATE SET tsv = EXCLUDED.tsv\n        WHERE search_part.tsv IS DISTINCT FROM EXCLUDED.tsv;\n    END IF;\nEND $$',
        "\nCREATE OR REPLACE FUNCTION archive_search_refresh(doc_id integer, kind text)\nRETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n    IF EXISTS (SELECT 1 FROM document_search WHERE document_id = doc_id AND deferred) THEN\n        RETURN;\n    END IF;\n    IF kind = 't' THEN\n        PERFORM archive_search_put(doc_id, 't', 0, (SELECT setweight(to_tsvector('english'::regconfig, coalesce(title || coalesce(' ' || subtitle, ''), '')), 'A') FROM document WHERE id = doc_id));\n    ELSIF kind = 'b' THEN\n        PERFORM archive_search_put(doc_id, 'b', 0, (SELECT setweight(to_tsvector('english'::regconfig, coalesce(text, '')), 'D') FROM document WHERE id = doc_id));\n    ELSIF kind = 'a' THEN\n        PERFORM archive_search_put(doc_id, 'a', 0, (SELECT setweight(to_tsvector('english'::regconfig, coalesce(string_agg(p.name, ' ' ORDER BY a.position), '')), 'B') FROM authorship a JOIN person p ON p.id = a.person_id WHERE a.document_id = doc_id));\n    ELSIF kind = 'd' THEN\n        PERFORM archive_search_put(doc_id, 'd', 0, (SELECT setweight(to_tsvector('english'::regconfig, coalesce(string_agg(text, ' '), '')), 'B') FROM disclaimer WHERE document_id = doc_id));\n    ELSIF kind = 'n' THEN\n        DELETE FROM search_part WHERE document_id = doc_id AND part = 'n';\n        INSERT INTO search_part (document_id, part, note_id, tsv)\n        SELECT document_id, 'n', id, v FROM (\n            SELECT document_id, id, setweight(to_tsvector('english'::regconfig, coalesce(text, '')), 'C') AS v FROM footnote\n            WHERE document_id = doc_id AND status = 'active') f\n        WHERE length(v) > 0;\n    END IF;\nEND $$",
        "\nCREATE OR REPLACE FUNCTION archive_search_child() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    IF TG_OP IN ('UPDATE', 'DELETE') THEN\n        PERFORM archive_search_refresh(OLD.document_id, TG_ARGV[0]);\n    END IF;\n    IF TG_OP IN ('INSERT', 'UPDATE') THEN\n        IF TG_OP = 'INSERT' OR NEW.document_id IS DISTINCT FROM OLD.document_id THEN\n            PERFORM archive_search_refresh(NEW.document_id, TG_ARGV[0]);\n        END IF;\n        RETURN NEW;\n    END IF;\n    RETURN OLD;\nEND $$",
        "\nCREATE OR REPLACE FUNCTION archive_search_note() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NEW.document_id IS DISTINCT FROM OLD.document_id)\n    THEN\n        DELETE FROM search_part WHERE document_id = OLD.document_id AND part = 'n'\n            AND note_id = OLD.id;\n    END IF;\n    IF TG_OP = 'DELETE' THEN\n        RETURN OLD;\n    END IF;\n    IF NOT EXISTS (SELECT 1 FROM document_search WHERE document_id = NEW.document_id\n                   AND deferred) THEN\n        PERFORM archive_search_put(\n            NEW.document_id, 'n', NEW.id,\n            CASE WHEN NEW.status = 'active' THEN setweight(to_tsvector('english'::regconfig, coalesce(NEW.text, '')), 'C') END);\n    END IF;\n    RETURN NEW;\nEND $$",
        "\nCREATE OR REPLACE FUNCTION archive_search_document() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    IF TG_OP = 'INSERT' THEN\n        INSERT INTO document_search (document_id, deferred) VALUES (NEW.id, coalesce(current_setting('archive.defer_search', true) = 'on', false));\n        IF NOT coalesce(current_setting('archive.defer_search', true) = 'on', false) THEN\n            PERFORM archive_search_refresh(NEW.id, 't');\n            PERFORM archive_search_refresh(NEW.id, 'b');\n        END IF;\n        RETURN NEW;\n    END IF;\n    -- An update: the trigger's WHEN said which part changed (TG_ARGV[0]).\n    PERFORM archive_search_refresh(NEW.id, TG_ARGV[0]);\n    RETURN NEW;\nEND $$",
        "\nCREATE OR REPLACE FUNCTION archive_search_person() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    PERFORM archive_search_refresh(a.document_id, 'a')\n    FROM (SELECT DISTINCT document_id FROM authorship WHERE person_id = NEW.id) a;\n    RETURN NEW;\nEND $$",
        "\nCREATE OR REPLACE FUNCTION archive_search_indexed() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    PERFORM archive_search_refresh(NEW.document_id, kind)\n    FROM unnest(ARRAY['t', 'b', 'a', 'd', 'n']) AS kind;\n    RETURN NEW;\nEND $$",
        'CREATE TRIGGER search_document_insert AFTER INSERT ON document FOR EACH ROW EXECUTE FUNCTION archive_search_document()',
        "CREATE TRIGGER search_document_update AFTER UPDATE OF title, subtitle ON document FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.subtitle IS DISTINCT FROM NEW.subtitle) EXECUTE FUNCTION archive_search_document('t')",
        "CREATE TRIGGER search_document_text AFTER UPDATE OF text ON document FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text) EXECUTE FUNCTION archive_search_document('b')",
        "CREATE TRIGGER search_authorship_change AFTER INSERT OR UPDATE OR DELETE ON authorship FOR EACH ROW EXECUTE FUNCTION archive_search_child('a')",
        "CREATE TRIGGER search_disclaimer_change AFTER INSERT OR UPDATE OR DELETE ON disclaimer FOR EACH ROW EXECUTE FUNCTION archive_search_child('d')",
        'CREATE TRIGGER search_footnote_change AFTER INSERT OR UPDATE OR DELETE ON footnote FOR EACH ROW EXECUTE FUNCTION archive_search_note()',
        'CREATE TRIGGER search_person_update AFTER UPDATE OF name ON person FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION archive_search_person()',
        'CREATE TRIGGER search_deferred_indexed AFTER UPDATE OF deferred ON document_search FOR EACH ROW WHEN (OLD.deferred AND NOT NEW.deferred) EXECUTE FUNCTION archive_search_indexed()',
        'INSERT INTO document_search (document_id) SELECT id FROM document ON CONFLICT (document_id) DO UPDATE SET deferred = false WHERE document_search.deferred',
        'DELETE FROM search_part',
        'DROP INDEX ix_search_part_title',
        'DROP INDEX ix_search_part_byline',
        'DROP INDEX ix_search_part_notes',
        'DROP INDEX ix_search_part_body',
        "INSERT INTO search_part (document_id, part, note_id, tsv) SELECT document_id, part, note_id, v FROM (SELECT id AS document_id, 't' AS part, 0 AS note_id, setweight(to_tsvector('english'::regconfig, coalesce(title || coalesce(' ' || subtitle, ''), '')), 'A') AS v FROM document UNION ALL SELECT id, 'b', 0, setweight(to_tsvector('english'::regconfig, coalesce(text, '')), 'D') FROM document UNION ALL SELECT a.document_id, 'a', 0, setweight(to_tsvector('english'::regconfig, coalesce(string_agg(p.name, ' ' ORDER BY a.position), '')), 'B') FROM authorship a JOIN person p ON p.id = a.person_id GROUP BY a.document_id UNION ALL SELECT document_id, 'd', 0, setweight(to_tsvector('english'::regconfig, coalesce(string_agg(text, ' '), '')), 'B') FROM disclaimer GROUP BY document_id UNION ALL SELECT document_id, 'n', id, setweight(to_tsvector('english'::regconfig, coalesce(text, '')), 'C') FROM footnote WHERE status = 'active') parts WHERE length(v) > 0",
        "CREATE INDEX ix_search_part_title ON search_part USING gin (tsv) WHERE part = 't'",
        "CREATE INDEX ix_search_part_byline ON search_part USING gin (tsv) WHERE part IN ('a', 'd')",
        "CREATE INDEX ix_search_part_notes ON search_part USING gin (tsv) WHERE part = 'n'",
        "CREATE INDEX ix_search_part_body ON search_part USING gin (tsv) WHERE part = 'b'",
        "\nCREATE OR REPLACE FUNCTION archive_history() RETURNS trigger LANGUAGE plpgsql AS $$\nDECLARE\n    doc integer;\nBEGIN\n    IF TG_ARGV[0] = 'self' THEN\n        doc := OLD.id;\n    ELSIF TG_ARGV[0] = 'document_id' THEN\n        doc := OLD.document_id;\n    ELSIF TG_ARGV[0] = 'authorship' THEN\n        SELECT a.document_id INTO doc FROM authorship a WHERE a.id = OLD.authorship_id;\n    END IF;\n    IF TG_OP = 'UPDATE' THEN\n        INSERT INTO history (table_name, row_id, version, operation, snapshot,\n                             changed_by, changed_at, recorded_at, document_id)\n        VALUES (TG_TABLE_NAME, OLD.id, OLD.version, 'U', to_jsonb(OLD) - 'content',\n                NEW.changed_by,\n                CASE WHEN NEW.changed_at IS DISTINCT FROM OLD.changed_at\n                     THEN NEW.changed_at ELSE clock_timestamp() END,\n                clock_timestamp(), doc);\n        RETURN NEW;\n    END IF;\n    INSERT INTO history (table_name, row_id, version, operation, snapshot,\n                         changed_by, changed_at, recorded_at, document_id)\n    VALUES (TG_TABLE_NAME, OLD.id, OLD.version, 'D', to_jsonb(OLD) - 'content',\n            OLD.changed_by, clock_timestamp(), clock_timestamp(), doc);\n    RETURN OLD;\nEND $$",
        'DO $$ BEGIN\n    ALTER TABLE history ALTER COLUMN snapshot SET COMPRESSION lz4;\nEXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN NULL;\nEND $$',
    ],
    "sqlite": [
    ],
}

DOWNGRADE: dict[str, list[str]] = {
    "postgresql": [
        'DROP TRIGGER IF EXISTS search_document_insert ON document',
        'DROP TRIGGER IF EXISTS search_document_update ON document',
        'DROP TRIGGER IF EXISTS search_document_text ON document',
        'DROP TRIGGER IF EXISTS search_authorship_change ON authorship',
        'DROP TRIGGER IF EXISTS search_disclaimer_change ON disclaimer',
        'DROP TRIGGER IF EXISTS search_footnote_change ON footnote',
        'DROP TRIGGER IF EXISTS search_person_update ON person',
        'DROP TRIGGER IF EXISTS search_deferred_indexed ON document_search',
        'DROP TABLE search_part',
        'DROP FUNCTION IF EXISTS archive_search_put(integer, text, integer, tsvector)',
        'DROP FUNCTION IF EXISTS archive_search_note()',
        'DROP FUNCTION IF EXISTS archive_search_match(tsquery, text)',
        'DROP FUNCTION IF EXISTS archive_search_refresh(integer, text)',
        "ALTER TABLE document_search ADD COLUMN body tsvector NOT NULL DEFAULT ''::tsvector, ADD COLUMN authors tsvector NOT NULL DEFAULT ''::tsvector, ADD COLUMN disclaimer tsvector NOT NULL DEFAULT ''::tsvector, ADD COLUMN notes tsvector NOT NULL DEFAULT ''::tsvector, ADD COLUMN tsv tsvector GENERATED ALWAYS AS (body || authors || disclaimer || notes) STORED",
        'CREATE INDEX ix_document_search_tsv ON document_search USING gin (tsv)',
        'CREATE INDEX ix_document_search_notes ON document_search USING gin (notes)',
        "\nCREATE OR REPLACE FUNCTION archive_search_refresh(doc_id integer, part text)\nRETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n    IF EXISTS (SELECT 1 FROM document_search WHERE document_id = doc_id AND deferred) THEN\n        RETURN;\n    END IF;\n    IF part = 'body' THEN\n        INSERT INTO document_search (document_id, body)\n        SELECT id, setweight(to_tsvector('english'::regconfig, coalesce(title || coalesce(' ' || subtitle, ''), '')), 'A')\n                   || setweight(to_tsvector('english'::regconfig, coalesce(text, '')), 'D')\n        FROM document WHERE id = doc_id\n        ON CONFLICT (document_id) DO UPDATE SET body = EXCLUDED.body;\n    ELSIF part = 'authors' THEN\n        UPDATE document_search SET authors = (SELECT setweight(to_tsvector('english'::regconfig, coalesce(string_agg(p.name, ' ' ORDER BY a.position), '')), 'B') FROM authorship a JOIN person p ON p.id = a.person_id WHERE a.document_id = doc_id) WHERE document_id = doc_id;\n    ELSIF part = 'disclaimer' THEN\n        UPDATE document_search SET disclaimer = (SELECT setweight(to_tsvector('english'::regconfig, coalesce(string_agg(text, ' '), '')), 'C') FROM disclaimer WHERE document_id = doc_id) WHERE document_id = doc_id;\n    ELSIF part = 'notes' THEN\n        UPDATE document_search SET notes = (SELECT setweight(to_tsvector('english'::regconfig, coalesce(string_agg(text, ' ' ORDER BY number), '')), 'C') FROM footnote WHERE document_id = doc_id AND status = 'active') WHERE document_id = doc_id;\n    END IF;\nEND $$",
        "\nCREATE OR REPLACE FUNCTION archive_search_child() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    IF TG_OP IN ('UPDATE', 'DELETE') THEN\n        PERFORM archive_search_refresh(OLD.document_id, TG_ARGV[0]);\n    END IF;\n    IF TG_OP IN ('INSERT', 'UPDATE') THEN\n        IF TG_OP = 'INSERT' OR NEW.document_id IS DISTINCT FROM OLD.document_id THEN\n            PERFORM archive_search_refresh(NEW.document_id, TG_ARGV[0]);\n        END IF;\n        RETURN NEW;\n    END IF;\n    RETURN OLD;\nEND $$",
        "\nCREATE OR REPLACE FUNCTION archive_search_document() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    IF TG_OP = 'INSERT' AND current_setting('archive.defer_search', true) = 'on' THEN\n        INSERT INTO document_search (document_id, deferred) VALUES (NEW.id, true);\n    ELSE\n        PERFORM archive_search_refresh(NEW.id, 'body');\n    END IF;\n    RETURN NEW;\nEND $$",
        "\nCREATE OR REPLACE FUNCTION archive_search_person() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    PERFORM archive_search_refresh(a.document_id, 'authors')\n    FROM (SELECT DISTINCT document_id FROM authorship WHERE person_id = NEW.id) a;\n    RETURN NEW;\nEND $$",
        "\nCREATE OR REPLACE FUNCTION archive_search_indexed() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    PERFORM archive_search_refresh(NEW.document_id, part)\n    FROM unnest(ARRAY['body', 'authors', 'disclaimer', 'notes']) AS part;\n    RETURN NEW;\nEND $$",
        'CREATE TRIGGER search_document_insert AFTER INSERT ON document FOR EACH ROW EXECUTE FUNCTION archive_search_document()',
        'CREATE TRIGGER search_document_update AFTER UPDATE OF title, subtitle, text ON document FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.subtitle IS DISTINCT FROM NEW.subtitle OR OLD.text IS DISTINCT FROM NEW.text) EXECUTE FUNCTION archive_search_document()',
        "CREATE TRIGGER search_authorship_change AFTER INSERT OR UPDATE OR DELETE ON authorship FOR EACH ROW EXECUTE FUNCTION archive_search_child('authors')",
        "CREATE TRIGGER search_disclaimer_change AFTER INSERT OR UPDATE OR DELETE ON disclaimer FOR EACH ROW EXECUTE FUNCTION archive_search_child('disclaimer')",
        "CREATE TRIGGER search_footnote_change AFTER INSERT OR UPDATE OR DELETE ON footnote FOR EACH ROW EXECUTE FUNCTION archive_search_child('notes')",
        'CREATE TRIGGER search_person_update AFTER UPDATE OF name ON person FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION archive_search_person()',
        'CREATE TRIGGER search_deferred_indexed AFTER UPDATE OF deferred ON document_search FOR EACH ROW WHEN (OLD.deferred AND NOT NEW.deferred) EXECUTE FUNCTION archive_search_indexed()',
        "INSERT INTO document_search (document_id, body, authors, disclaimer, notes) SELECT d.id, setweight(to_tsvector('english'::regconfig, coalesce(d.title || coalesce(' ' || d.subtitle, ''), '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(d.text, '')), 'D'), coalesce(a.v, ''::tsvector), coalesce(c.v, ''::tsvector), coalesce(n.v, ''::tsvector) FROM document d LEFT JOIN (SELECT a.document_id, setweight(to_tsvector('english'::regconfig, coalesce(string_agg(p.name, ' ' ORDER BY a.position), '')), 'B') AS v FROM authorship a JOIN person p ON p.id = a.person_id GROUP BY a.document_id) a ON a.document_id = d.id LEFT JOIN (SELECT document_id, setweight(to_tsvector('english'::regconfig, coalesce(string_agg(text, ' '), '')), 'C') AS v FROM disclaimer GROUP BY document_id) c ON c.document_id = d.id LEFT JOIN (SELECT document_id, setweight(to_tsvector('english'::regconfig, coalesce(string_agg(text, ' ' ORDER BY number), '')), 'C') AS v FROM footnote WHERE status = 'active' GROUP BY document_id) n ON n.document_id = d.id ON CONFLICT (document_id) DO UPDATE SET body = EXCLUDED.body, authors = EXCLUDED.authors, disclaimer = EXCLUDED.disclaimer, notes = EXCLUDED.notes, deferred = false",
        "\nCREATE OR REPLACE FUNCTION archive_history() RETURNS trigger LANGUAGE plpgsql AS $$\nDECLARE\n    old_row jsonb := to_jsonb(OLD);\n    doc integer;\nBEGIN\n    doc := CASE TG_ARGV[0]\n        WHEN 'self' THEN (old_row->>'id')::integer\n        WHEN 'document_id' THEN (old_row->>'document_id')::integer\n        WHEN 'authorship' THEN (SELECT a.document_id FROM authorship a\n                                WHERE a.id = (old_row->>'authorship_id')::integer)\n    END;\n    IF TG_OP = 'UPDATE' THEN\n        INSERT INTO history (table_name, row_id, version, operation, snapshot,\n                             changed_by, changed_at, recorded_at, document_id)\n        VALUES (TG_TABLE_NAME, OLD.id, OLD.version, 'U', to_jsonb(OLD) - 'content',\n                NEW.changed_by,\n                CASE WHEN NEW.changed_at IS DISTINCT FROM OLD.changed_at\n                     THEN NEW.changed_at ELSE clock_timestamp() END,\n                clock_timestamp(), doc);\n        RETURN NEW;\n    END IF;\n    INSERT INTO history (table_name, row_id, version, operation, snapshot,\n                         changed_by, changed_at, recorded_at, document_id)\n    VALUES (TG_TABLE_NAME, OLD.id, OLD.version, 'D', to_jsonb(OLD) - 'content',\n            OLD.changed_by, clock_timestamp(), clock_timestamp(), doc);\n    RETURN OLD;\nEND $$",
        'ALTER TABLE history ALTER COLUMN snapshot SET COMPRESSION pglz',
    ],
    "sqlite": [
    ],
}
