"""documents name the work they appear in: ``document.container_title``

Revision ID: 0020
Revises: 0014
Create Date: 2026-12-03 17:45:00

The journal, book, proceedings or website a document appears in (CSL
``container-title``, BibTeX ``journal``/``booktitle``, RIS ``JO``/``T2``).
Before this revision a bibliographic import kept it nowhere (or, from CSL-JSON,
as the publisher), so an article came out of the catalog without its journal.

* PostgreSQL: ``ALTER TABLE … ADD COLUMN``; its history triggers snapshot the
  whole row (``to_jsonb(OLD)``) and need no change.
* SQLite: plain ``ALTER TABLE ADD COLUMN`` (no rebuild, so the other triggers
  stay), but the history triggers of ``document`` name a fixed column list:
  they are recreated with the new one, written out below (frozen: a later edit
  of ``archive/triggers.py`` never changes what this revision does).

Rows stored before this revision hold null: no container was recorded.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("document", sa.Column("container_title", sa.String(length=500), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_TRIGGERS_AFTER:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_TRIGGERS_BEFORE:  # they name the column about to go
            op.execute(statement)
    op.drop_column("document", "container_title")


# The SQLite history triggers of ``document``, with and without ``container_title``.

SQLITE_TRIGGERS_AFTER: tuple[str, ...] = (
    'DROP TRIGGER IF EXISTS document_version_check',
    'DROP TRIGGER IF EXISTS document_history_update',
    'DROP TRIGGER IF EXISTS document_history_delete',
    "CREATE TRIGGER document_version_check BEFORE UPDATE ON document FOR EACH ROW WHEN NEW.version IS NOT OLD.version + 1 BEGIN SELECT RAISE(ABORT, 'archive: stale or unversioned write to document: an update must raise version by exactly one'); END",
    "CREATE TRIGGER document_history_update AFTER UPDATE ON document FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('document', OLD.id, OLD.version, 'U', json_object('id', OLD.id, 'status', OLD.status, 'title', OLD.title, 'subtitle', OLD.subtitle, 'kind', OLD.kind, 'language', OLD.language, 'published', OLD.published, 'published_raw', OLD.published_raw, 'publisher_id', OLD.publisher_id, 'text', OLD.text, 'section_starts', json(OLD.section_starts), 'repairs', json(OLD.repairs), 'source_id', OLD.source_id, 'created_at', OLD.created_at, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason, 'doi', OLD.doi, 'url', OLD.url, 'provenance', json(OLD.provenance), 'container_title', OLD.container_title), NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.id); END",
    "CREATE TRIGGER document_history_delete AFTER DELETE ON document FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('document', OLD.id, OLD.version, 'D', json_object('id', OLD.id, 'status', OLD.status, 'title', OLD.title, 'subtitle', OLD.subtitle, 'kind', OLD.kind, 'language', OLD.language, 'published', OLD.published, 'published_raw', OLD.published_raw, 'publisher_id', OLD.publisher_id, 'text', OLD.text, 'section_starts', json(OLD.section_starts), 'repairs', json(OLD.repairs), 'source_id', OLD.source_id, 'created_at', OLD.created_at, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason, 'doi', OLD.doi, 'url', OLD.url, 'provenance', json(OLD.provenance), 'container_title', OLD.container_title), OLD.changed_by, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.id); END",
)

SQLITE_TRIGGERS_BEFORE: tuple[str, ...] = (
    'DROP TRIGGER IF EXISTS document_version_check',
    'DROP TRIGGER IF EXISTS document_history_update',
    'DROP TRIGGER IF EXISTS document_history_delete',
    "CREATE TRIGGER document_version_check BEFORE UPDATE ON document FOR EACH ROW WHEN NEW.version IS NOT OLD.version + 1 BEGIN SELECT RAISE(ABORT, 'archive: stale or unversioned write to document: an update must raise version by exactly one'); END",
    "CREATE TRIGGER document_history_update AFTER UPDATE ON document FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('document', OLD.id, OLD.version, 'U', json_object('id', OLD.id, 'status', OLD.status, 'title', OLD.title, 'subtitle', OLD.subtitle, 'kind', OLD.kind, 'language', OLD.language, 'published', OLD.published, 'published_raw', OLD.published_raw, 'publisher_id', OLD.publisher_id, 'text', OLD.text, 'section_starts', json(OLD.section_starts), 'repairs', json(OLD.repairs), 'source_id', OLD.source_id, 'created_at', OLD.created_at, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason, 'doi', OLD.doi, 'url', OLD.url, 'provenance', json(OLD.provenance)), NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.id); END",
    "CREATE TRIGGER document_history_delete AFTER DELETE ON document FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('document', OLD.id, OLD.version, 'D', json_object('id', OLD.id, 'status', OLD.status, 'title', OLD.title, 'subtitle', OLD.subtitle, 'kind', OLD.kind, 'language', OLD.language, 'published', OLD.published, 'published_raw', OLD.published_raw, 'publisher_id', OLD.publisher_id, 'text', OLD.text, 'section_starts', json(OLD.section_starts), 'repairs', json(OLD.repairs), 'source_id', OLD.source_id, 'created_at', OLD.created_at, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason, 'doi', OLD.doi, 'url', OLD.url, 'provenance', json(OLD.provenance)), OLD.changed_by, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.id); END",
)
