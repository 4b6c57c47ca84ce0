"""the citation graph: works and the citations of notes that link to them

Revision ID: 0012
Revises: 0013
Create Date: 2026-12-03 12:10:00

* ``work``: a cited book, article, page or archive file, one row however often
  cited, found again by DOI, URL or ``identity_key`` (folded title, first
  author, year); ``author_key`` and ``year`` serve the fuzzy look-up.
* ``citation``: one citation of one note (document, footnote, position), the
  CSL fields parsed there, its span in the note, the labeller's confidence, the
  work it cites and how it was linked.

Both are versioned: the history and version-check triggers are created here
for both databases.  The SQL below is frozen (written out when this revision
was made), so a later edit of ``archive/triggers.py`` never changes what this
revision does.  The PostgreSQL trigger functions exist since revision 0003.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _versioned_columns() -> list[sa.Column]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_by", sa.String(length=150), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_reason", sa.Text(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "work",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("csl", JSON, nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("doi", sa.String(length=255), nullable=True),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.Column("identity_key", sa.String(length=500), nullable=False),
        sa.Column("author_key", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        *_versioned_columns(),
        sa.CheckConstraint("changed_by <> ''", name=op.f("ck_work_changed_by_not_empty")),
        sa.ForeignKeyConstraint(["merged_into_id"], ["work.id"],
                                name=op.f("fk_work_merged_into_id_work")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work")),
    )
    for column in ("year", "doi", "url", "identity_key", "author_key"):
        op.create_index(f"ix_work_{column}", "work", [column])
    op.create_table(
        "citation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("footnote_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("work_id", sa.Integer(), nullable=False),
        sa.Column("csl", JSON, nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("form", sa.String(length=10), nullable=False),
        sa.Column("match", sa.String(length=20), nullable=False),
        sa.Column("note_digest", sa.String(length=40), nullable=False),
        sa.Column("corrected", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        *_versioned_columns(),
        sa.CheckConstraint("changed_by <> ''", name=op.f("ck_citation_changed_by_not_empty")),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"],
                                name=op.f("fk_citation_document_id_document")),
        sa.ForeignKeyConstraint(["footnote_id"], ["footnote.id"],
                                name=op.f("fk_citation_footnote_id_footnote")),
        sa.ForeignKeyConstraint(["work_id"], ["work.id"], name=op.f("fk_citation_work_id_work")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citation")),
    )
    for column in ("document_id", "footnote_id", "work_id"):
        op.create_index(f"ix_citation_{column}", "citation", [column])
    dialect = op.get_bind().dialect.name
    for statement in (*WORK_TRIGGERS[dialect], *CITATION_TRIGGERS[dialect]):
        op.execute(statement)


def downgrade() -> None:
    op.drop_table("citation")  # its triggers and indexes go with it
    op.drop_table("work")


WORK_TRIGGERS: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TRIGGER work_version_check BEFORE UPDATE ON work FOR EACH ROW WHEN NEW.version IS NOT OLD.version + 1 BEGIN SELECT RAISE(ABORT, 'archive: stale or unversioned write to work: an update must raise version by exactly one'); END",
        "CREATE TRIGGER work_history_update AFTER UPDATE ON work FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at) VALUES ('work', OLD.id, OLD.version, 'U', json_object('id', OLD.id, 'type', OLD.type, 'title', OLD.title, 'csl', json(OLD.csl), 'year', OLD.year, 'doi', OLD.doi, 'url', OLD.url, 'identity_key', OLD.identity_key, 'author_key', OLD.author_key, 'status', OLD.status, 'merged_into_id', OLD.merged_into_id, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason), NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now')); END",
        "CREATE TRIGGER work_history_delete AFTER DELETE ON work FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at) VALUES ('work', OLD.id, OLD.version, 'D', json_object('id', OLD.id, 'type', OLD.type, 'title', OLD.title, 'csl', json(OLD.csl), 'year', OLD.year, 'doi', OLD.doi, 'url', OLD.url, 'identity_key', OLD.identity_key, 'author_key', OLD.author_key, 'status', OLD.status, 'merged_into_id', OLD.merged_into_id, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason), OLD.changed_by, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now')); END",
    ),
    "postgresql": (
        'CREATE TRIGGER work_version_check BEFORE UPDATE ON work FOR EACH ROW EXECUTE FUNCTION archive_version_check()',
        'CREATE TRIGGER work_history_update AFTER UPDATE ON work FOR EACH ROW EXECUTE FUNCTION archive_history()',
        'CREATE TRIGGER work_history_delete AFTER DELETE ON work FOR EACH ROW EXECUTE FUNCTION archive_history()',
    ),
}
CITATION_TRIGGERS: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TRIGGER citation_version_check BEFORE UPDATE ON citation FOR EACH ROW WHEN NEW.version IS NOT OLD.version + 1 BEGIN SELECT RAISE(ABORT, 'archive: stale or unversioned write to citation: an update must raise version by exactly one'); END",
        "CREATE TRIGGER citation_history_update AFTER UPDATE ON citation FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('citation', OLD.id, OLD.version, 'U', json_object('id', OLD.id, 'document_id', OLD.document_id, 'footnote_id', OLD.footnote_id, 'position', OLD.position, 'work_id', OLD.work_id, 'csl', json(OLD.csl), 'span_start', OLD.span_start, 'span_end', OLD.span_end, 'confidence', OLD.confidence, 'form', OLD.form, 'match', OLD.match, 'note_digest', OLD.note_digest, 'corrected', OLD.corrected, 'status', OLD.status, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason), NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') END, strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.document_id); END",
        "CREATE TRIGGER citation_history_delete AFTER DELETE ON citation FOR EACH ROW BEGIN INSERT INTO history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, recorded_at, document_id) VALUES ('citation', OLD.id, OLD.version, 'D', json_object('id', OLD.id, 'document_id', OLD.document_id, 'footnote_id', OLD.footnote_id, 'position', OLD.position, 'work_id', OLD.work_id, 'csl', json(OLD.csl), 'span_start', OLD.span_start, 'span_end', OLD.span_end, 'confidence', OLD.confidence, 'form', OLD.form, 'match', OLD.match, 'note_digest', OLD.note_digest, 'corrected', OLD.corrected, 'status', OLD.status, 'version', OLD.version, 'changed_by', OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason), OLD.changed_by, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now'), OLD.document_id); END",
    ),
    "postgresql": (
        'CREATE TRIGGER citation_version_check BEFORE UPDATE ON citation FOR EACH ROW EXECUTE FUNCTION archive_version_check()',
        "CREATE TRIGGER citation_history_update AFTER UPDATE ON citation FOR EACH ROW EXECUTE FUNCTION archive_history('document_id')",
        "CREATE TRIGGER citation_history_delete AFTER DELETE ON citation FOR EACH ROW EXECUTE FUNCTION archive_history('document_id')",
    ),
}
