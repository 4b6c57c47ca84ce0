"""the byline as printed survives a merge of people; name keys follow the names; ingest jobs

Revision ID: 0016
Revises: 0019
Create Date: 2026-12-03 14:10:00

* ``authorship.printed_name``: the name as this document prints it.  A merge of
  two person records moves the authorships to the kept person; the byline keeps
  the printed spelling ("M. Hakan Yavuz") linked to the one person.  NULL means
  "as the person's name" (rows written before this revision; the merge fills it
  in before it moves an authorship).
* ``authorship``'s SQLite history triggers name every column in their JSON
  snapshot, so they are created again with the new column (written out below,
  frozen); PostgreSQL's ``to_jsonb(OLD)`` takes every column by itself.
* ``name_key`` of people and organisations follows the name on every write
  path from now on (``archive.name_keys``, called by both ORMs).  Keys left
  stale by earlier renames are recomputed here, as an attributed change
  (``migration:0016``): a new version each, the old row kept in history.
* ``ingest_job``: files submitted for background ingest (an upload in the
  admin) and what became of each; not versioned (work in flight).
"""

import datetime as dt
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTOR = "migration:0016"
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _name_key(name: str) -> str:
    # Frozen copy of archive.name_keys.name_key as of this revision.
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def upgrade() -> None:
    op.add_column("authorship", sa.Column("printed_name", sa.String(length=500), nullable=True))
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("authorship_history_update", "authorship_history_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        for statement in AUTHORSHIP_SQLITE_HISTORY_TRIGGERS:
            op.execute(statement)
    _refresh_name_keys()
    op.create_table(
        "ingest_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch", sa.String(length=36), nullable=False),
        sa.Column("filename", sa.String(length=500), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("publish", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_by", sa.String(length=150), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("results", JSON, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_job")),
    )
    for column in ("batch", "status", "lease_until"):
        op.create_index(f"ix_ingest_job_{column}", "ingest_job", [column])


def downgrade() -> None:
    op.drop_table("ingest_job")
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("authorship_history_update", "authorship_history_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    # Not batch mode: rebuilding the table on SQLite would drop its other triggers.
    op.execute("ALTER TABLE authorship DROP COLUMN printed_name")
    if dialect == "sqlite":
        for statement in AUTHORSHIP_SQLITE_HISTORY_TRIGGERS_0015:
            op.execute(statement)


def _refresh_name_keys() -> None:
    connection = op.get_bind()
    now = dt.datetime.now(dt.UTC)
    for table in ("person", "organization"):
        rows = connection.execute(sa.text(f"SELECT id, name, name_key FROM {table}")).all()
        for row_id, name, key in rows:
            fresh = _name_key(name)
            if fresh != key:
                connection.execute(
                    sa.text(
                        f"UPDATE {table} SET name_key = :key, version = version + 1, "
                        "changed_by = :actor, changed_at = :now WHERE id = :id"
                    ),
                    {"key": fresh, "actor": ACTOR, "now": now, "id": row_id},
                )


_SNAPSHOT_0015 = (
    "json_object('id', OLD.id, 'document_id', OLD.document_id, 'person_id', OLD.person_id, "
    "'position', OLD.position, 'role', OLD.role, 'honorific', OLD.honorific, "
    "'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at)"
)
_SNAPSHOT = _SNAPSHOT_0015[:-1] + ", 'printed_name', OLD.printed_name)"
_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
_INSERT = (
    "INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, "
    "changed_at, recorded_at, document_id) VALUES "
)


def _triggers(snapshot: str) -> tuple[str, str]:
    return (
        "CREATE TRIGGER authorship_history_update AFTER UPDATE ON authorship FOR EACH ROW "
        f"BEGIN {_INSERT}('authorship', OLD.id, OLD.version, 'U', {snapshot}, NEW.changed_by, "
        f"CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE {_NOW} END, "
        f"{_NOW}, OLD.document_id); END",
        "CREATE TRIGGER authorship_history_delete AFTER DELETE ON authorship FOR EACH ROW "
        f"BEGIN {_INSERT}('authorship', OLD.id, OLD.version, 'D', {snapshot}, OLD.changed_by, "
        f"{_NOW}, {_NOW}, OLD.document_id); END",
    )


AUTHORSHIP_SQLITE_HISTORY_TRIGGERS = _triggers(_SNAPSHOT)
AUTHORSHIP_SQLITE_HISTORY_TRIGGERS_0015 = _triggers(_SNAPSHOT_0015)
