"""history names its document; history is append-only

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 04:05:00

* ``history.document_id`` (indexed): the document an old row belonged to, so a
  document's whole history (its row and its children's) is one indexed look-up
  instead of a scan of JSON snapshots.  Existing rows are backfilled; the history
  triggers of the document tables are recreated to fill it.
* History rows can no longer be updated or deleted (``archive: history is
  append-only``): the catalog's past cannot be rewritten by the application.

Adding a nullable column is a plain ALTER TABLE on SQLite (no batch rebuild), so
no other trigger is dropped on the way.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The columns of the document tables as of this revision (unchanged since 0001).
COLUMNS: dict[str, tuple[list[str], list[str]]] = {
    "document": (
        ["id", "status", "title", "subtitle", "kind", "language", "published",
         "published_raw", "publisher_id", "text", "section_starts", "repairs",
         "source_id", "created_at", "version", "changed_by", "changed_at",
         "withdrawn_reason"],
        ["section_starts", "repairs"],
    ),
    "authorship": (
        ["id", "document_id", "person_id", "position", "role", "honorific",
         "version", "changed_by", "changed_at"],
        [],
    ),
    "affiliation": (
        ["id", "authorship_id", "organization_id", "position", "title", "place",
         "version", "changed_by", "changed_at"],
        [],
    ),
    "disclaimer": (
        ["id", "document_id", "text", "organization_id", "version", "changed_by",
         "changed_at"],
        [],
    ),
    "footnote": (
        ["id", "document_id", "number", "text", "anchor_paragraph", "anchor_offset", "urls",
         "url_fragments", "status", "version", "changed_by", "changed_at",
         "withdrawn_reason"],
        ["urls", "url_fragments"],
    ),
    "problem": (
        ["id", "document_id", "stage", "field", "line", "raw", "reason",
         "resolved", "version", "changed_by", "changed_at"],
        [],
    ),
}


def _snapshot_int(dialect: str, key: str) -> str:
    if dialect == "postgresql":
        return f"(snapshot->>'{key}')::integer"
    return f"json_extract(snapshot, '$.{key}')"


def _backfill(dialect: str) -> None:
    document_of_child = _snapshot_int(dialect, "document_id")
    authorship_of_affiliation = _snapshot_int(dialect, "authorship_id")
    op.execute("UPDATE history SET document_id = row_id WHERE table_name = 'document'")
    op.execute(
        f"UPDATE history SET document_id = {document_of_child} "
        "WHERE table_name IN ('authorship', 'disclaimer', 'footnote', 'problem')"
    )
    op.execute(
        "UPDATE history SET document_id = (SELECT a.document_id FROM authorship a "
        f"WHERE a.id = {authorship_of_affiliation}) WHERE table_name = 'affiliation'"
    )


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("history", sa.Column("document_id", sa.Integer(), nullable=True))
    op.create_index("ix_history_document_id", "history", ["document_id"])
    _backfill(dialect)
    # Row triggers that link each history row to its document, then the protection.
    for statement in LINKED_TRIGGERS[dialect]:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in UNLINKED_TRIGGERS[dialect]:
        op.execute(statement)
    op.drop_index("ix_history_document_id", "history")
    op.drop_column("history", "document_id")

# The SQL below is frozen: written out when this revision was made, so that a later
# edit of archive/triggers.py or archive/search/ never changes what this revision does.

LINKED_TRIGGERS: dict[str, tuple[str, ...]] = {
    "sqlite": (
        'DROP TRIGGER IF EXISTS document_version_check',
        'DROP TRIGGER IF EXISTS document_history_update',
        'DROP TRIGGER IF EXISTS document_history_delete',
        "CREATE TRIGGER document_version_check BEFORE UPDATE ON document FOR EACH ROW WHEN NEW.version IS NOT OLD.version + 1 BEGIN SELECT RAISE(ABORT, 'archive: stale or unversioned write to document: an update must raise version by exactly one'); END",
        "CREATE TRIGGER document_history_update AFTER UPDATE ON document FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('document', OLD.id, OLD.version, 'U', json_object('id', OLD.id, 'status', OLD.status, 'title', OLD.title, 'subtitle', OLD.subtitle, 'kind', OLD.kind, 'language', OLD.language, 'published', OLD.published, 'published_raw', OLD.published_raw, 'publisher_id', OLD.publisher_id, 'text', OLD.text, 'section_starts', json(OLD.section_starts), 'repairs', json(OLD.repairs), 'source_id', OLD.source_id, 'created_at', OLD.created_at, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason), NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.id); END",
        "CREATE TRIGGER document_history_delete AFTER DELETE ON document FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('document', OLD.id, OLD.version, 'D', json_object('id', OLD.id, 'status', OLD.status, 'title', OLD.title, 'subtitle', OLD.subtitle, 'kind', OLD.kind, 'language', OLD.language, 'published', OLD.published, 'published_raw', OLD.published_raw, 'publisher_id', OLD.publisher_id, 'text', OLD.text, 'section_starts', json(OLD.section_starts), 'repairs', json(OLD.repairs), 'source_id', OLD.source_id, 'created_at', OLD.created_at, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason), OLD.changed_by, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.id); END",
        'DROP TRIGGER IF EXISTS authorship_version_check',
        'DROP TRIGGER IF EXISTS authorship_history_update',
        'DROP TRIGGER IF EXISTS authorship_history_delete',
        "CREATE TRIGGER authorship_version_check BEFORE UPDATE ON authorship FOR EACH ROW WHEN NEW.version IS NOT OLD.version + 1 BEGIN SELECT RAISE(ABORT, 'archive: stale or unversioned write to authorship: an update must raise version by exactly one'); END",
        "CREATE TRIGGER authorship_history_update AFTER UPDATE ON authorship FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('authorship', OLD.id, OLD.version, 'U', json_object('id', OLD.id, 'document_id', OLD.document_id, 'person_id', OLD.person_id, 'position', OLD.position, 'role', OLD.role, 'honorific', OLD.honorific, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at), NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.document_id); END",
        "CREATE TRIGGER authorship_history_delete AFTER DELETE ON authorship FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('authorship', OLD.id, OLD.version, 'D', json_object('id', OLD.id, 'document_id', OLD.document_id, 'person_id', OLD.person_id, 'position', OLD.position, 'role', OLD.role, 'honorific', OLD.honorific, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at), OLD.changed_by, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.document_id); END",
        'DROP TRIGGER IF EXISTS affiliation_version_check',
        'DROP TRIGGER IF EXISTS affiliation_history_update',
        'DROP TRIGGER IF EXISTS affiliation_history_delete',
        "CREATE TRIGGER affiliation_version_check BEFORE UPDATE ON affiliation FOR EACH ROW WHEN NEW.version IS NOT OLD.version + 1 BEGIN SELECT RAISE(ABORT, 'archive: stale or unversioned write to affiliation: an update must raise version by exactly one'); END",
        "CREATE TRIGGER affiliation_history_update AFTER UPDATE ON affiliation FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('affiliation', OLD.id, OLD.version, 'U', json_object('id', OLD.id, 'authorship_id', OLD.authorship_id, 'organization_id', OLD.organization_id, 'position', OLD.position, 'title', OLD.title, 'place', OLD.place, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at), NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT document_id FROM authorship WHERE id = OLD.authorship_id)); END",
        "CREATE TRIGGER affiliation_history_delete AFTER DELETE ON affiliation FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('affiliation', OLD.id, OLD.version, 'D', json_object('id', OLD.id, 'authorship_id', OLD.authorship_id, 'organization_id', OLD.organization_id, 'position', OLD.position, 'title', OLD.title, 'place', OLD.place, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at), OLD.changed_by, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now'), (SELECT document_id FROM authorship WHERE id = OLD.authorship_id)); END",
        'DROP TRIGGER IF EXISTS disclaimer_version_check',
        'DROP TRIGGER IF EXISTS disclaimer_history_update',
        'DROP TRIGGER IF EXISTS disclaimer_history_delete',
        "CREATE TRIGGER disclaimer_version_check BEFORE UPDATE ON disclaimer FOR EACH ROW WHEN NEW.version IS NOT OLD.version + 1 BEGIN SELECT RAISE(ABORT, 'archive: stale or unversioned write to disclaimer: an update must raise version by exactly one'); END",
        "CREATE TRIGGER disclaimer_history_update AFTER UPDATE ON disclaimer FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('disclaimer', OLD.id, OLD.version, 'U', json_object('id', OLD.id, 'document_id', OLD.document_id, 'text', OLD.text, 'organization_id', OLD.organization_id, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at), NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.document_id); END",
        "CREATE TRIGGER disclaimer_history_delete AFTER DELETE ON disclaimer FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('disclaimer', OLD.id, OLD.version, 'D', json_object('id', OLD.id, 'document_id', OLD.document_id, 'text', OLD.text, 'organization_id', OLD.organization_id, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at), OLD.changed_by, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.document_id); END",
        'DROP TRIGGER IF EXISTS footnote_version_check',
        'DROP TRIGGER IF EXISTS footnote_history_update',
        'DROP TRIGGER IF EXISTS footnote_history_delete',
        "CREATE TRIGGER footnote_version_check BEFORE UPDATE ON footnote FOR EACH ROW WHEN NEW.version IS NOT OLD.version + 1 BEGIN SELECT RAISE(ABORT, 'archive: stale or unversioned write to footnote: an update must raise version by exactly one'); END",
        "CREATE TRIGGER footnote_history_update AFTER UPDATE ON footnote FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('footnote', OLD.id, OLD.version, 'U', json_object('id', OLD.id, 'document_id', OLD.document_id, 'number', OLD.number, 'text', OLD.text, 'anchor_paragraph', OLD.anchor_paragraph, 'anchor_offset', OLD.anchor_offset, 'urls', json(OLD.urls), 'url_fragments', json(OLD.url_fragments), 'status', OLD.status, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason), NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.document_id); END",
        "CREATE TRIGGER footnote_history_delete AFTER DELETE ON footnote FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('footnote', OLD.id, OLD.version, 'D', json_object('id', OLD.id, 'document_id', OLD.document_id, 'number', OLD.number, 'text', OLD.text, 'anchor_paragraph', OLD.anchor_paragraph, 'anchor_offset', OLD.anchor_offset, 'urls', json(OLD.urls), 'url_fragments', json(OLD.url_fragments), 'status', OLD.status, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason), OLD.changed_by, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.document_id); END",
        'DROP TRIGGER IF EXISTS problem_version_check',
        'DROP TRIGGER IF EXISTS problem_history_update',
        'DROP TRIGGER IF EXISTS problem_history_delete',
        "CREATE TRIGGER problem_version_check BEFORE UPDATE ON problem FOR EACH ROW WHEN NEW.version IS NOT OLD.version + 1 BEGIN SELECT RAISE(ABORT, 'archive: stale or unversioned write to problem: an update must raise version by exactly one'); END",
        "CREATE TRIGGER problem_history_update AFTER UPDATE ON problem FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('problem', OLD.id, OLD.version, 'U', json_object('id', OLD.id, 'document_id', OLD.document_id, 'stage', OLD.stage, 'field', OLD.field, 'line', OLD.line, 'raw', OLD.raw, 'reason', OLD.reason, 'resolved', OLD.resolved, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at), NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.document_id); END",
        "CREATE TRIGGER problem_history_delete AFTER DELETE ON problem FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('problem', OLD.id, OLD.version, 'D', json_object('id', OLD.id, 'document_id', OLD.document_id, 'stage', OLD.stage, 'field', OLD.field, 'line', OLD.line, 'raw', OLD.raw, 'reason', OLD.reason, 'resolved', OLD.resolved, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at), OLD.changed_by, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.document_id); END",
        "CREATE TRIGGER history_append_only_update BEFORE UPDATE ON history FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'archive: history is append-only'); END",
        "CREATE TRIGGER history_append_only_delete BEFORE DELETE ON history FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'archive: history is append-only'); END",
    ),
    "postgresql": (
        """
CREATE OR REPLACE FUNCTION archive_version_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.version IS DISTINCT FROM OLD.version + 1 THEN
        RAISE EXCEPTION 'archive: stale or unversioned write to % row % (version % -> %): '
            'an update must raise version by exactly one', TG_TABLE_NAME, OLD.id,
            OLD.version, NEW.version USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
END $$""",
        """
CREATE OR REPLACE FUNCTION archive_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_row jsonb := to_jsonb(OLD);
    doc integer;
BEGIN
    doc := CASE TG_ARGV[0]
        WHEN 'self' THEN (old_row->>'id')::integer
        WHEN 'document_id' THEN (old_row->>'document_id')::integer
        WHEN 'authorship' THEN (SELECT a.document_id FROM authorship a
                                WHERE a.id = (old_row->>'authorship_id')::integer)
    END;
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
END $$""",
        'DROP TRIGGER IF EXISTS document_version_check ON document',
        'DROP TRIGGER IF EXISTS document_history_update ON document',
        'DROP TRIGGER IF EXISTS document_history_delete ON document',
        'CREATE TRIGGER document_version_check BEFORE UPDATE ON document FOR EACH ROW EXECUTE FUNCTION archive_version_check()',
        "CREATE TRIGGER document_history_update AFTER UPDATE ON document FOR EACH ROW EXECUTE FUNCTION archive_history('self')",
        "CREATE TRIGGER document_history_delete AFTER DELETE ON document FOR EACH ROW EXECUTE FUNCTION archive_history('self')",
        'DROP TRIGGER IF EXISTS authorship_version_check ON authorship',
        'DROP TRIGGER IF EXISTS authorship_history_update ON authorship',
        'DROP TRIGGER IF EXISTS authorship_history_delete ON authorship',
        'CREATE TRIGGER authorship_version_check BEFORE UPDATE ON authorship FOR EACH ROW EXECUTE FUNCTION archive_version_check()',
        "CREATE TRIGGER authorship_history_update AFTER UPDATE ON authorship FOR EACH ROW EXECUTE FUNCTION archive_history('document_id')",
        "CREATE TRIGGER authorship_history_delete AFTER DELETE ON authorship FOR EACH ROW EXECUTE FUNCTION archive_history('document_id')",
        'DROP TRIGGER IF EXISTS affiliation_version_check ON affiliation',
        'DROP TRIGGER IF EXISTS affiliation_history_update ON affiliation',
        'DROP TRIGGER IF EXISTS affiliation_history_delete ON affiliation',
        'CREATE TRIGGER affiliation_version_check BEFORE UPDATE ON affiliation FOR EACH ROW EXECUTE FUNCTION archive_version_check()',
        "CREATE TRIGGER affiliation_history_update AFTER UPDATE ON affiliation FOR EACH ROW EXECUTE FUNCTION archive_history('authorship')",
        "CREATE TRIGGER affiliation_history_delete AFTER DELETE ON affiliation FOR EACH ROW EXECUTE FUNCTION archive_history('authorship')",
        'DROP TRIGGER IF EXISTS disclaimer_version_check ON disclaimer',
        'DROP TRIGGER IF EXISTS disclaimer_history_update ON disclaimer',
        'DROP TRIGGER IF EXISTS disclaimer_history_delete ON disclaimer',
        'CREATE TRIGGER disclaimer_version_check BEFORE UPDATE ON disclaimer FOR EACH ROW EXECUTE FUNCTION archive_version_check()',
        "CREATE TRIGGER disclaimer_history_update AFTER UPDATE ON disclaimer FOR EACH ROW EXECUTE FUNCTION archive_history('document_id')",
        "CREATE TRIGGER disclaimer_history_delete AFTER DELETE ON disclaimer FOR EACH ROW EXECUTE FUNCTION archive_history('document_id')",
        'DROP TRIGGER IF EXISTS footnote_version_check ON footnote',
        'DROP TRIGGER IF EXISTS footnote_history_update ON footnote',
        'DROP TRIGGER IF EXISTS footnote_history_delete ON footnote',
        'CREATE TRIGGER footnote_version_check BEFORE UPDATE ON footnote FOR EACH ROW EXECUTE FUNCTION archive_version_check()',
        "CREATE TRIGGER footnote_history_update AFTER UPDATE ON footnote FOR EACH ROW EXECUTE FUNCTION archive_history('document_id')",
        "CREATE TRIGGER footnote_history_delete AFTER DELETE ON footnote FOR EACH ROW EXECUTE FUNCTION archive_history('document_id')",
        'DROP TRIGGER IF EXISTS problem_version_check ON problem',
        'DROP TRIGGER IF EXISTS problem_history_update ON problem',
        'DROP TRIGGER IF EXISTS problem_history_delete ON problem',
        'CREATE TRIGGER problem_version_check BEFORE UPDATE ON problem FOR EACH ROW EXECUTE FUNCTION archive_version_check()',
        "CREATE TRIGGER problem_history_update AFTER UPDATE ON problem FOR EACH ROW EXECUTE FUNCTION archive_history('document_id')",
        "CREATE TRIGGER problem_history_delete AFTER DELETE ON problem FOR EACH ROW EXECUTE FUNCTION archive_history('document_id')",
        """
CREATE OR REPLACE FUNCTION archive_history_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- No percent placeholders: this DDL also goes through DB-API drivers that read them.
    RAISE EXCEPTION USING MESSAGE = 'archive: history is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'P0001';
END $$""",
        'CREATE TRIGGER history_append_only_update BEFORE UPDATE ON history FOR EACH ROW EXECUTE FUNCTION archive_history_append_only()',
        'CREATE TRIGGER history_append_only_delete BEFORE DELETE OR TRUNCATE ON history FOR EACH STATEMENT EXECUTE FUNCTION archive_history_append_only()',
    ),
}
UNLINKED_TRIGGERS: dict[str, tuple[str, ...]] = {
    "sqlite": (
        'DROP TRIGGER IF EXISTS history_append_only_update',
        'DROP TRIGGER IF EXISTS history_append_only_delete',
        'DROP TRIGGER IF EXISTS document_version_check',
        'DROP TRIGGER IF EXISTS document_history_update',
        'DROP TRIGGER IF EXISTS document_history_delete',
        "CREATE TRIGGER document_version_check BEFORE UPDATE ON document FOR EACH ROW WHEN NEW.version IS NOT OLD.version + 1 BEGIN SELECT RAISE(ABORT, 'archive: stale or unversioned write to document: an update must raise version by exactly one'); END",
        "CREATE TRIGGER document_history_update AFTER UPDATE ON document FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at) VALUES ('document', OLD.id, OLD.version, 'U', json_object('id', OLD.id, 'status', OLD.status, 'title', OLD.title, 'subtitle', OLD.subtitle, 'kind', OLD.kind, 'language', OLD.language, 'published', OLD.published, 'published_raw', OLD.published_raw, 'publisher_id', OLD.publisher_id, 'text', OLD.text, 'section_starts', json(OLD.section_starts), 'repairs', json(OLD.repairs), 'source_id', OLD.source_id, 'created_at', OLD.created_at, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason), NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now')); END",
        "CREATE TRIGGER document_history_delete AFTER DELETE ON document FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at) VALUES ('document', OLD.id, OLD.version, 'D', json_object('id', OLD.id, 'status', OLD.status, 'title', OLD.title, 'subtitle', OLD.subtitle, 'kind', OLD.kind, 'language', OLD.language, 'published', OLD.published, 'published_raw', OLD.published_raw, 'publisher_id', OLD.publisher_id, 'text', OLD.text, 'section_starts', json(OLD.section_starts), 'repairs', json(OLD.repairs), 'source_id', OLD.source_id, 'created_at', OLD.created_at, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason), OLD.changed_by, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now')); END",
        'DROP TRIGGER IF EXISTS authorship_version_check',
        'DROP TRIGGER IF EXISTS authorship_history_update',
        'DROP TRIGGER IF EXISTS authorship_history_delete',
        "CREATE TRIGGER authorship_version_check BEFORE UPDATE ON authorship FOR EACH ROW WHEN NEW.version IS NOT OLD.version + 1 BEGIN SELECT RAISE(ABORT, 'archive: stale or unversioned write to authorship: an update must raise version by exactly one'); END",
        "CREATE TRIGGER authorship_history_update AFTER UPDATE ON authorship FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at) VALUES ('authorship', OLD.id, OLD.version, 'U', json_object('id', OLD.id, 'document_id', OLD.document_id, 'person_id', OLD.person_id, 'position', OLD.position, 'role', OLD.role, 'honorific', OLD.honorific, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at), NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now')); END",
        "CREATE TRIGGER authorship_history_delete AFTER DELETE ON authorship FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at) VALUES ('authorship', OLD.id, OLD.version, 'D', json_object('id', OLD.id, 'document_id', OLD.document_id, 'person_id', OLD.person_id, 'position', OLD.position, 'role', OLD.role, 'honorific', OLD.honorific, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at), OLD.changed_by, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now')); END",
        'DROP TRIGGER IF EXISTS affiliation_version_check',
        'DROP TRIGGER IF EXISTS affiliation_history_update',
        'DROP TRIGGER IF EXISTS affiliation_history_delete',
        "CREATE TRIGGER affiliation_version_check BEFORE UPDATE ON affiliation FOR EACH ROW WHEN NEW.version IS NOT OLD.version + 1 BEGIN SELECT RAISE(ABORT, 'archive: stale or unversioned write to affiliation: an update must raise version by exactly one'); END",
        "CREATE TRIGGER affiliation_history_update AFTER UPDATE ON affiliation FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at) VALUES ('affiliation', OLD.id, OLD.version, 'U', json_object('id', OLD.id, 'authorship_id', OLD.authorship_id, 'organization_id', OLD.organization_id, 'position', OLD.position, 'title', OLD.title, 'place', OLD.place, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at), NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now')); END",
        "CREATE TRIGGER affiliation_history_delete AFTER DELETE ON affiliation FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at) VALUES ('affiliation', OLD.id, OLD.version, 'D', json_object('id', OLD.id, 'authorship_id', OLD.authorship_id, 'organization_id', OLD.organization_id, 'position', OLD.position, 'title', OLD.title, 'place', OLD.place, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at), OLD.changed_by, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now')); END",
        'DROP TRIGGER IF EXISTS disclaimer_version_check',
        'DROP TRIGGER IF EXISTS disclaimer_history_update',
        'DROP TRIGGER IF EXISTS disclaimer_history_delete',
        "CREATE TRIGGER disclaimer_version_check BEFORE UPDATE ON disclaimer FOR EACH ROW WHEN NEW.version IS NOT OLD.version + 1 BEGIN SELECT RAISE(ABORT, 'archive: stale or unversioned write to disclaimer: an update must raise version by exactly one'); END",
        "CREATE TRIGGER disclaimer_history_update AFTER UPDATE ON disclaimer FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at) VALUES ('disclaimer', OLD.id, OLD.version, 'U', json_object('id', OLD.id, 'document_id', OLD.document_id, 'text', OLD.text, 'organization_id', OLD.organization_id, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at), NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now')); END",
        "CREATE TRIGGER disclaimer_history_delete AFTER DELETE ON disclaimer FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at) VALUES ('disclaimer', OLD.id, OLD.version, 'D', json_object('id', OLD.id, 'document_id', OLD.document_id, 'text', OLD.text, 'organization_id', OLD.organization_id, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at), OLD.changed_by, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now')); END",
        'DROP TRIGGER IF EXISTS footnote_version_check',
        'DROP TRIGGER IF EXISTS footnote_history_update',
        'DROP TRIGGER IF EXISTS footnote_history_delete',
        "CREATE TRIGGER footnote_version_check BEFORE UPDATE ON footnote FOR EACH ROW WHEN NEW.version IS NOT OLD.version + 1 BEGIN SELECT RAISE(ABORT, 'archive: stale or unversioned write to footnote: an update must raise version by exactly one'); END",
        "CREATE TRIGGER footnote_history_update AFTER UPDATE ON footnote FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at) VALUES ('footnote', OLD.id, OLD.version, 'U', json_object('id', OLD.id, 'document_id', OLD.document_id, 'number', OLD.number, 'text', OLD.text, 'anchor_paragraph', OLD.anchor_paragraph, 'anchor_offset', OLD.anchor_offset, 'urls', json(OLD.urls), 'url_fragments', json(OLD.url_fragments), 'status', OLD.status, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason), NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now')); END",
        "CREATE TRIGGER footnote_history_delete AFTER DELETE ON footnote FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at) VALUES ('footnote', OLD.id, OLD.version, 'D', json_object('id', OLD.id, 'document_id', OLD.document_id, 'number', OLD.number, 'text', OLD.text, 'anchor_paragraph', OLD.anchor_paragraph, 'anchor_offset', OLD.anchor_offset, 'urls', json(OLD.urls), 'url_fragments', json(OLD.url_fragments), 'status', OLD.status, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason), OLD.changed_by, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now')); END",
        'DROP TRIGGER IF EXISTS problem_version_check',
        'DROP TRIGGER IF EXISTS problem_history_update',
        'DROP TRIGGER IF EXISTS problem_history_delete',
        "CREATE TRIGGER problem_version_check BEFORE UPDATE ON problem FOR EACH ROW WHEN NEW.version IS NOT OLD.version + 1 BEGIN SELECT RAISE(ABORT, 'archive: stale or unversioned write to problem: an update must raise version by exactly one'); END",
        "CREATE TRIGGER problem_history_update AFTER UPDATE ON problem FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at) VALUES ('problem', OLD.id, OLD.version, 'U', json_object('id', OLD.id, 'document_id', OLD.document_id, 'stage', OLD.stage, 'field', OLD.field, 'line', OLD.line, 'raw', OLD.raw, 'reason', OLD.reason, 'resolved', OLD.resolved, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at), NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now')); END",
        "CREATE TRIGGER problem_history_delete AFTER DELETE ON problem FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at) VALUES ('problem', OLD.id, OLD.version, 'D', json_object('id', OLD.id, 'document_id', OLD.document_id, 'stage', OLD.stage, 'field', OLD.field, 'line', OLD.line, 'raw', OLD.raw, 'reason', OLD.reason, 'resolved', OLD.resolved, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at), OLD.changed_by, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now')); END",
    ),
    "postgresql": (
        'DROP TRIGGER IF EXISTS history_append_only_update ON history',
        'DROP TRIGGER IF EXISTS history_append_only_delete ON history',
        'DROP FUNCTION IF EXISTS archive_history_append_only()',
        """
CREATE OR REPLACE FUNCTION archive_version_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.version IS DISTINCT FROM OLD.version + 1 THEN
        RAISE EXCEPTION 'archive: stale or unversioned write to % row % (version % -> %): '
            'an update must raise version by exactly one', TG_TABLE_NAME, OLD.id,
            OLD.version, NEW.version USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
END $$""",
        """
CREATE OR REPLACE FUNCTION archive_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO history (table_name, row_id, version, operation, snapshot,
                             changed_by, changed_at, recorded_at)
        VALUES (TG_TABLE_NAME, OLD.id, OLD.version, 'U', to_jsonb(OLD) - 'content',
                NEW.changed_by,
                CASE WHEN NEW.changed_at IS DISTINCT FROM OLD.changed_at
                     THEN NEW.changed_at ELSE clock_timestamp() END,
                clock_timestamp());
        RETURN NEW;
    END IF;
    INSERT INTO history (table_name, row_id, version, operation, snapshot,
                         changed_by, changed_at, recorded_at)
    VALUES (TG_TABLE_NAME, OLD.id, OLD.version, 'D', to_jsonb(OLD) - 'content',
            OLD.changed_by, clock_timestamp(), clock_timestamp());
    RETURN OLD;
END $$""",
        'DROP TRIGGER IF EXISTS document_version_check ON document',
        'DROP TRIGGER IF EXISTS document_history_update ON document',
        'DROP TRIGGER IF EXISTS document_history_delete ON document',
        'CREATE TRIGGER document_version_check BEFORE UPDATE ON document FOR EACH ROW EXECUTE FUNCTION archive_version_check()',
        'CREATE TRIGGER document_history_update AFTER UPDATE ON document FOR EACH ROW EXECUTE FUNCTION archive_history()',
        'CREATE TRIGGER document_history_delete AFTER DELETE ON document FOR EACH ROW EXECUTE FUNCTION archive_history()',
        'DROP TRIGGER IF EXISTS authorship_version_check ON authorship',
        'DROP TRIGGER IF EXISTS authorship_history_update ON authorship',
        'DROP TRIGGER IF EXISTS authorship_history_delete ON authorship',
        'CREATE TRIGGER authorship_version_check BEFORE UPDATE ON authorship FOR EACH ROW EXECUTE FUNCTION archive_version_check()',
        'CREATE TRIGGER authorship_history_update AFTER UPDATE ON authorship FOR EACH ROW EXECUTE FUNCTION archive_history()',
        'CREATE TRIGGER authorship_history_delete AFTER DELETE ON authorship FOR EACH ROW EXECUTE FUNCTION archive_history()',
        'DROP TRIGGER IF EXISTS affiliation_version_check ON affiliation',
        'DROP TRIGGER IF EXISTS affiliation_history_update ON affiliation',
        'DROP TRIGGER IF EXISTS affiliation_history_delete ON affiliation',
        'CREATE TRIGGER affiliation_version_check BEFORE UPDATE ON affiliation FOR EACH ROW EXECUTE FUNCTION archive_version_check()',
        'CREATE TRIGGER affiliation_history_update AFTER UPDATE ON affiliation FOR EACH ROW EXECUTE FUNCTION archive_history()',
        'CREATE TRIGGER affiliation_history_delete AFTER DELETE ON affiliation FOR EACH ROW EXECUTE FUNCTION archive_history()',
        'DROP TRIGGER IF EXISTS disclaimer_version_check ON disclaimer',
        'DROP TRIGGER IF EXISTS disclaimer_history_update ON disclaimer',
        'DROP TRIGGER IF EXISTS disclaimer_history_delete ON disclaimer',
        'CREATE TRIGGER disclaimer_version_check BEFORE UPDATE ON disclaimer FOR EACH ROW EXECUTE FUNCTION archive_version_check()',
        'CREATE TRIGGER disclaimer_history_update AFTER UPDATE ON disclaimer FOR EACH ROW EXECUTE FUNCTION archive_history()',
        'CREATE TRIGGER disclaimer_history_delete AFTER DELETE ON disclaimer FOR EACH ROW EXECUTE FUNCTION archive_history()',
        'DROP TRIGGER IF EXISTS footnote_version_check ON footnote',
        'DROP TRIGGER IF EXISTS footnote_history_update ON footnote',
        'DROP TRIGGER IF EXISTS footnote_history_delete ON footnote',
        'CREATE TRIGGER footnote_version_check BEFORE UPDATE ON footnote FOR EACH ROW EXECUTE FUNCTION archive_version_check()',
        'CREATE TRIGGER footnote_history_update AFTER UPDATE ON footnote FOR EACH ROW EXECUTE FUNCTION archive_history()',
        'CREATE TRIGGER footnote_history_delete AFTER DELETE ON footnote FOR EACH ROW EXECUTE FUNCTION archive_history()',
        'DROP TRIGGER IF EXISTS problem_version_check ON problem',
        'DROP TRIGGER IF EXISTS problem_history_update ON problem',
        'DROP TRIGGER IF EXISTS problem_history_delete ON problem',
        'CREATE TRIGGER problem_version_check BEFORE UPDATE ON problem FOR EACH ROW EXECUTE FUNCTION archive_version_check()',
        'CREATE TRIGGER problem_history_update AFTER UPDATE ON problem FOR EACH ROW EXECUTE FUNCTION archive_history()',
        'CREATE TRIGGER problem_history_delete AFTER DELETE ON problem FOR EACH ROW EXECUTE FUNCTION archive_history()',
    ),
}
