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

from archive import triggers

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DOCUMENT_BEFORE = [
    "id", "status", "title", "subtitle", "kind", "language", "published",
    "published_raw", "publisher_id", "text", "section_starts", "repairs",
    "source_id", "created_at", "version", "changed_by", "changed_at",
    "withdrawn_reason",
]
_DOCUMENT_AFTER = [*_DOCUMENT_BEFORE, "doi", "url"]
_JSON_COLUMNS = ["section_starts", "repairs"]


def _document_triggers(dialect: str, columns: list[str]) -> None:
    for statement in triggers.drop_row_triggers(dialect, "document"):
        op.execute(statement)
    for statement in triggers.create_row_triggers(
        dialect, "document", columns, _JSON_COLUMNS, "self"
    ):
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("document", sa.Column("doi", sa.String(length=255), nullable=True))
    op.add_column("document", sa.Column("url", sa.String(length=1000), nullable=True))
    op.create_index("ix_document_doi", "document", ["doi"])
    op.create_index("ix_document_url", "document", ["url"])
    _document_triggers(dialect, _DOCUMENT_AFTER)
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
    dialect = op.get_bind().dialect.name
    op.drop_index("ix_quarantined_file_last_seen", "quarantined_file")
    op.drop_table("quarantined_file")
    # Triggers first: on SQLite they name the columns about to go.
    _document_triggers(dialect, _DOCUMENT_BEFORE)
    op.drop_index("ix_document_url", "document")
    op.drop_index("ix_document_doi", "document")
    op.drop_column("document", "url")
    op.drop_column("document", "doi")
