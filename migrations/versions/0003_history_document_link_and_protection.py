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

from archive import triggers

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


def _recreate_row_triggers(dialect: str, linked: bool) -> None:
    if dialect == "postgresql":
        for statement in triggers.postgresql_functions(document_links=linked):
            op.execute(statement)
    for table, (columns, json_columns) in COLUMNS.items():
        for statement in triggers.drop_row_triggers(dialect, table):
            op.execute(statement)
        link = triggers.DOCUMENT_LINKS[table] if linked else None
        for statement in triggers.create_row_triggers(dialect, table, columns, json_columns, link):
            op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("history", sa.Column("document_id", sa.Integer(), nullable=True))
    op.create_index("ix_history_document_id", "history", ["document_id"])
    _backfill(dialect)
    _recreate_row_triggers(dialect, linked=True)
    for statement in triggers.protect_history(dialect):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in triggers.unprotect_history(dialect):
        op.execute(statement)
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS archive_history_append_only()")
    _recreate_row_triggers(dialect, linked=False)
    op.drop_index("ix_history_document_id", "history")
    op.drop_column("history", "document_id")
