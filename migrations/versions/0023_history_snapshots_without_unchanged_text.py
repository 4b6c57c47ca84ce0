"""history: a document's UPDATE snapshot leaves out the body text the update kept

Revision ID: 0023
Revises: 0021
Create Date: 2026-12-03 20:40:00

Issue 19.  Every UPDATE of a document copied its whole body text (~10 KB, up to
80 KB) into the history snapshot, even a title or metadata edit that left it as
it was: on PostgreSQL ``to_jsonb(OLD)`` converted it to JSON, compressed it and
wrote it to TOAST, most of the history trigger's cost (``EXPLAIN ANALYZE`` of
1,000 title updates at 1,000 documents: history trigger 640-750 ms, 125 ms with
a constant snapshot).  From this revision such a snapshot has no ``text`` and
says ``"_same_as_next": ["text"]``: the text is the next version's, which
``archive.history`` fills back in (as-of reads, diffs, reverts).  A DELETE, or
an UPDATE that changes the text, still snapshots the whole row.

* PostgreSQL: ``archive_history()`` replaced; ``document.text`` compressed
  with lz4 (was pglz): deciding that the text was kept compares the old and new
  values, which decompresses both, and lz4 does it several times faster (rows
  stored before keep pglz until rewritten).
* SQLite: the ``document_history_update`` trigger recreated (column list as of
  revision 0020).

The SQL below is frozen: written out when this revision was made.  A downgrade
puts the old trigger back and writes the text into the snapshots that left it
out, so the old readers find it.
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POSTGRESQL_FUNCTION_AFTER = """
CREATE OR REPLACE FUNCTION archive_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    doc integer;
    old_row record;
    snap jsonb;
BEGIN
    IF TG_ARGV[0] = 'self' THEN
        doc := OLD.id;
    ELSIF TG_ARGV[0] = 'document_id' THEN
        doc := OLD.document_id;
    ELSIF TG_ARGV[0] = 'authorship' THEN
        SELECT a.document_id INTO doc FROM authorship a WHERE a.id = OLD.authorship_id;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF TG_TABLE_NAME = 'document' THEN
            IF NEW.text IS NOT DISTINCT FROM OLD.text THEN
                old_row := OLD;
                old_row.text := NULL;
                snap := to_jsonb(old_row) - 'content' - 'text'
                    || '{"_same_as_next": ["text"]}'::jsonb;
            END IF;
        END IF;
        INSERT INTO history (table_name, row_id, version, operation, snapshot,
                             changed_by, changed_at, recorded_at, document_id)
        VALUES (TG_TABLE_NAME, OLD.id, OLD.version, 'U', COALESCE(snap, to_jsonb(OLD) - 'content'),
                NEW.changed_by,
                CASE WHEN NEW.changed_at IS DISTINCT FROM OLD.changed_at
                     THEN NEW.changed_at ELSE clock_timestamp() END,
                clock_timestamp(), doc);
        RETURN NEW;
    END IF;
    INSERT INTO history (table_name, row_id, version, operation, snapshot,
                         changed_by, changed_at, recorded_at, document_id)
    VALUES (TG_TABLE_NAME, OLD.id, OLD.version, 'D', to_jsonb(OLD) - 'content',
            OLD.changed_by, clock_timestamp(), clock_timestamp(), doc);
    RETURN OLD;
END $$"""

POSTGRESQL_FUNCTION_BEFORE = """
CREATE OR REPLACE FUNCTION archive_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    doc integer;
BEGIN
    IF TG_ARGV[0] = 'self' THEN
        doc := OLD.id;
    ELSIF TG_ARGV[0] = 'document_id' THEN
        doc := OLD.document_id;
    ELSIF TG_ARGV[0] = 'authorship' THEN
        SELECT a.document_id INTO doc FROM authorship a WHERE a.id = OLD.authorship_id;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO history (table_name, row_id, version, operation, snapshot,
                             changed_by, changed_at, recorded_at, document_id)
        VALUES (TG_TABLE_NAME, OLD.id, OLD.version, 'U', to_jsonb(OLD) - 'content',
                NEW.changed_by,
                CASE WHEN NEW.changed_at IS DISTINCT FROM OLD.changed_at
                     THEN NEW.changed_at ELSE clock_timestamp() END,
                clock_timestamp(), doc);
        RETURN NEW;
    END IF;
    INSERT INTO history (table_name, row_id, version, operation, snapshot,
                         changed_by, changed_at, recorded_at, document_id)
    VALUES (TG_TABLE_NAME, OLD.id, OLD.version, 'D', to_jsonb(OLD) - 'content',
            OLD.changed_by, clock_timestamp(), clock_timestamp(), doc);
    RETURN OLD;
END $$"""

SQLITE_TRIGGER_AFTER = "CREATE TRIGGER document_history_update AFTER UPDATE ON document FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('document', OLD.id, OLD.version, 'U', CASE WHEN NEW.text IS OLD.text THEN json_object('id', OLD.id, 'status', OLD.status, 'title', OLD.title, 'subtitle', OLD.subtitle, 'kind', OLD.kind, 'language', OLD.language, 'published', OLD.published, 'published_raw', OLD.published_raw, 'publisher_id', OLD.publisher_id, 'section_starts', json(OLD.section_starts), 'repairs', json(OLD.repairs), 'source_id', OLD.source_id, 'created_at', OLD.created_at, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason, 'doi', OLD.doi, 'url', OLD.url, 'provenance', json(OLD.provenance), 'container_title', OLD.container_title, '_same_as_next', json_array('text')) ELSE json_object('id', OLD.id, 'status', OLD.status, 'title', OLD.title, 'subtitle', OLD.subtitle, 'kind', OLD.kind, 'language', OLD.language, 'published', OLD.published, 'published_raw', OLD.published_raw, 'publisher_id', OLD.publisher_id, 'text', OLD.text, 'section_starts', json(OLD.section_starts), 'repairs', json(OLD.repairs), 'source_id', OLD.source_id, 'created_at', OLD.created_at, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason, 'doi', OLD.doi, 'url', OLD.url, 'provenance', json(OLD.provenance), 'container_title', OLD.container_title) END, NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.id); END"

SQLITE_TRIGGER_BEFORE = "CREATE TRIGGER document_history_update AFTER UPDATE ON document FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('document', OLD.id, OLD.version, 'U', json_object('id', OLD.id, 'status', OLD.status, 'title', OLD.title, 'subtitle', OLD.subtitle, 'kind', OLD.kind, 'language', OLD.language, 'published', OLD.published, 'published_raw', OLD.published_raw, 'publisher_id', OLD.publisher_id, 'text', OLD.text, 'section_starts', json(OLD.section_starts), 'repairs', json(OLD.repairs), 'source_id', OLD.source_id, 'created_at', OLD.created_at, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason, 'doi', OLD.doi, 'url', OLD.url, 'provenance', json(OLD.provenance), 'container_title', OLD.container_title), NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.id); END"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(sa.text(POSTGRESQL_FUNCTION_AFTER))
        op.execute("ALTER TABLE document ALTER COLUMN text SET COMPRESSION lz4")
        return
    op.execute("DROP TRIGGER IF EXISTS document_history_update")
    op.execute(SQLITE_TRIGGER_AFTER)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        op.execute(sa.text(POSTGRESQL_FUNCTION_BEFORE))
        op.execute("ALTER TABLE document ALTER COLUMN text SET COMPRESSION default")
    else:
        op.execute("DROP TRIGGER IF EXISTS document_history_update")
        op.execute(SQLITE_TRIGGER_BEFORE)
    _write_text_back(connection)


def _write_text_back(connection: sa.Connection) -> None:
    """Put the left-out text into each snapshot, newest version first (the next one's)."""
    marked = connection.execute(sa.text(
        "SELECT DISTINCT row_id FROM history WHERE table_name = 'document' AND snapshot LIKE :m"
        if connection.dialect.name == "sqlite" else
        "SELECT DISTINCT row_id FROM history WHERE table_name = 'document' "
        "AND snapshot ? '_same_as_next'"
    ), {"m": '%"_same_as_next"%'} if connection.dialect.name == "sqlite" else {}).scalars().all()
    if not marked:
        return
    guard = ("history_append_only_update", "BEFORE UPDATE")
    if connection.dialect.name == "postgresql":
        op.execute(f"ALTER TABLE history DISABLE TRIGGER {guard[0]}")
    else:
        saved = connection.execute(sa.text(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"
        ), {"n": guard[0]}).scalar()
        op.execute(f"DROP TRIGGER IF EXISTS {guard[0]}")
    for row_id in marked:
        later = connection.execute(
            sa.text("SELECT text FROM document WHERE id = :id"), {"id": row_id}
        ).scalar()
        rows = connection.execute(sa.text(
            "SELECT id, snapshot FROM history WHERE table_name = 'document' AND row_id = :id "
            "ORDER BY version DESC"
        ), {"id": row_id}).all()
        for history_id, snapshot in rows:
            values = snapshot if isinstance(snapshot, dict) else json.loads(snapshot)
            if "_same_as_next" in values:
                values = {k: v for k, v in values.items() if k != "_same_as_next"}
                values["text"] = later
                connection.execute(
                    sa.text("UPDATE history SET snapshot = :s WHERE id = :id"),
                    {"s": json.dumps(values), "id": history_id},
                )
            later = values.get("text")
    if connection.dialect.name == "postgresql":
        op.execute(f"ALTER TABLE history ENABLE TRIGGER {guard[0]}")
    elif saved:
        op.execute(saved)
