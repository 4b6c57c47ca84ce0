"""other sources (DOI and URL on documents) and the ingest quarantine

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 05:00:00

* ``document.doi`` and ``document.url`` (nullable, indexed): the identifiers a
  bibliographic record or a web page states, by which ingest recognises a record
  it already holds.  Plain ALTER TABLE ADD COLUMN on SQLite (no batch rebuild),
  so the search and history triggers stay; but the SQLite history triggers of
  ``document`` snapshot a fixed column list, so they are recreated with the new one.
* ``quarantined_file``: every file ingest refused, by sha256, with its reason.
  Not versioned (an operational log, rewritten on each retry): no triggers.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

def _document_triggers(statements: dict[str, tuple[str, ...]]) -> None:
    for statement in statements[op.get_bind().dialect.name]:
        op.execute(statement)


def upgrade() -> None:
    op.add_column("document", sa.Column("doi", sa.String(length=255), nullable=True))
    op.add_column("document", sa.Column("url", sa.String(length=1000), nullable=True))
    op.create_index("ix_document_doi", "document", ["doi"])
    op.create_index("ix_document_url", "document", ["url"])
    _document_triggers(DOCUMENT_TRIGGERS_AFTER)
    op.create_table(
        "quarantined_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=500), nullable=False),
        sa.Column("path", sa.String(length=2000), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarantined_file")),
        sa.UniqueConstraint("sha256", name=op.f("uq_quarantined_file_sha256")),
    )
    op.create_index(
        "ix_quarantined_file_last_seen", "quarantined_file", ["last_seen"]
    )


def downgrade() -> None:
    op.drop_index("ix_quarantined_file_last_seen", "quarantined_file")
    op.drop_table("quarantined_file")
    # Triggers first: on SQLite they name the columns about to go.
    _document_triggers(DOCUMENT_TRIGGERS_BEFORE)
    op.drop_index("ix_document_url", "document")
    op.drop_index("ix_document_doi", "document")
    op.drop_column("document", "url")
    op.drop_column("document", "doi")

# The document's history triggers name its columns on SQLite: BEFORE without doi and
# url, AFTER with them.  The SQL below is frozen: written out when this revision was made, so that a later
# edit of archive/triggers.py or archive/search/ never changes what this revision does.

DOCUMENT_TRIGGERS_AFTER: dict[str, tuple[str, ...]] = {
    "sqlite": (
        'DROP TRIGGER IF EXISTS document_version_check',
        'DROP TRIGGER IF EXISTS document_history_update',
        'DROP TRIGGER IF EXISTS document_history_delete',
        "CREATE TRIGGER document_version_check BEFORE UPDATE ON document FOR EACH ROW WHEN NEW.version IS NOT OLD.version + 1 BEGIN SELECT RAISE(ABORT, 'archive: stale or unversioned write to document: an update must raise version by exactly one'); END",
        "CREATE TRIGGER document_history_update AFTER UPDATE ON document FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('document', OLD.id, OLD.version, 'U', json_object('id', OLD.id, 'status', OLD.status, 'title', OLD.title, 'subtitle', OLD.subtitle, 'kind', OLD.kind, 'language', OLD.language, 'published', OLD.published, 'published_raw', OLD.published_raw, 'publisher_id', OLD.publisher_id, 'text', OLD.text, 'section_starts', json(OLD.section_starts), 'repairs', json(OLD.repairs), 'source_id', OLD.source_id, 'created_at', OLD.created_at, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason, 'doi', OLD.doi, 'url', OLD.url), NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.id); END",
        "CREATE TRIGGER document_history_delete AFTER DELETE ON document FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('document', OLD.id, OLD.version, 'D', json_object('id', OLD.id, 'status', OLD.status, 'title', OLD.title, 'subtitle', OLD.subtitle, 'kind', OLD.kind, 'language', OLD.language, 'published', OLD.published, 'published_raw', OLD.published_raw, 'publisher_id', OLD.publisher_id, 'text', OLD.text, 'section_starts', json(OLD.section_starts), 'repairs', json(OLD.repairs), 'source_id', OLD.source_id, 'created_at', OLD.created_at, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason, 'doi', OLD.doi, 'url', OLD.url), OLD.changed_by, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.id); END",
    ),
    "postgresql": (
        'DROP TRIGGER IF EXISTS document_version_check ON document',
        'DROP TRIGGER IF EXISTS document_history_update ON document',
        'DROP TRIGGER IF EXISTS document_history_delete ON document',
        'CREATE TRIGGER document_version_check BEFORE UPDATE ON document FOR EACH ROW EXECUTE FUNCTION archive_version_check()',
        "CREATE TRIGGER document_history_update AFTER UPDATE ON document FOR EACH ROW EXECUTE FUNCTION archive_history('self')",
        "CREATE TRIGGER document_history_delete AFTER DELETE ON document FOR EACH ROW EXECUTE FUNCTION archive_history('self')",
    ),
}
DOCUMENT_TRIGGERS_BEFORE: dict[str, tuple[str, ...]] = {
    "sqlite": (
        'DROP TRIGGER IF EXISTS document_version_check',
        'DROP TRIGGER IF EXISTS document_history_update',
        'DROP TRIGGER IF EXISTS document_history_delete',
        "CREATE TRIGGER document_version_check BEFORE UPDATE ON document FOR EACH ROW WHEN NEW.version IS NOT OLD.version + 1 BEGIN SELECT RAISE(ABORT, 'archive: stale or unversioned write to document: an update must raise version by exactly one'); END",
        "CREATE TRIGGER document_history_update AFTER UPDATE ON document FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('document', OLD.id, OLD.version, 'U', json_object('id', OLD.id, 'status', OLD.status, 'title', OLD.title, 'subtitle', OLD.subtitle, 'kind', OLD.kind, 'language', OLD.language, 'published', OLD.published, 'published_raw', OLD.published_raw, 'publisher_id', OLD.publisher_id, 'text', OLD.text, 'section_starts', json(OLD.section_starts), 'repairs', json(OLD.repairs), 'source_id', OLD.source_id, 'created_at', OLD.created_at, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason), NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.id); END",
        "CREATE TRIGGER document_history_delete AFTER DELETE ON document FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('document', OLD.id, OLD.version, 'D', json_object('id', OLD.id, 'status', OLD.status, 'title', OLD.title, 'subtitle', OLD.subtitle, 'kind', OLD.kind, 'language', OLD.language, 'published', OLD.published, 'published_raw', OLD.published_raw, 'publisher_id', OLD.publisher_id, 'text', OLD.text, 'section_starts', json(OLD.section_starts), 'repairs', json(OLD.repairs), 'source_id', OLD.source_id, 'created_at', OLD.created_at, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason), OLD.changed_by, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.id); END",
    ),
    "postgresql": (
        'DROP TRIGGER IF EXISTS document_version_check ON document',
        'DROP TRIGGER IF EXISTS document_history_update ON document',
        'DROP TRIGGER IF EXISTS document_history_delete ON document',
        'CREATE TRIGGER document_version_check BEFORE UPDATE ON document FOR EACH ROW EXECUTE FUNCTION archive_version_check()',
        "CREATE TRIGGER document_history_update AFTER UPDATE ON document FOR EACH ROW EXECUTE FUNCTION archive_history('self')",
        "CREATE TRIGGER document_history_delete AFTER DELETE ON document FOR EACH ROW EXECUTE FUNCTION archive_history('self')",
    ),
}
