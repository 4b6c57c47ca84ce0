"""a document's title is never empty: CHECK (trim(title) <> '')

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 09:00:00

Ingest stored untitled plain-text files with ``title = ''``, which the backup
format refuses, so one such document made every later full backup
unrestorable.  One rule now holds everywhere: a title has a character other
than a space — the database (this CHECK), the backup's JSON Schema and ingest
(which derives a title from the file name and records a problem for review).

Existing rows that break the rule are repaired first, as an attributed change
(``migration:0008``): each gets a title derived from its source file's name (or
"Untitled document N"), a new version (the old row goes to history through the
triggers) and an open problem that puts it in the review queue.

* PostgreSQL: ``ALTER TABLE … ADD CONSTRAINT``.
* SQLite cannot add a constraint to a table: ``document`` is rebuilt.  The
  archive's connections enforce foreign keys and PRAGMA foreign_keys cannot
  change inside the migration's transaction; renaming the table would make
  every child table's foreign key follow the old table.  So the rows are copied
  to a temporary table, ``document`` is dropped and created again with the
  CHECK under the same name (other tables, triggers and the search view name it
  and find it again), the rows are copied back with their ids, foreign keys
  being checked at commit (``defer_foreign_keys``), and the indexes and the six
  triggers on ``document`` (version check, history, search index) are created
  again, written out below as they stood at 0007.  The migration tests check
  every trigger at head.
"""

import datetime as dt
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTOR = "migration:0008"
CHECK_NAME = "ck_document_title_not_empty"
CHECK_SQL = "trim(title) <> ''"

# The columns of ``document`` at 0007, in table order.
_COLUMNS = (
    "id, status, title, subtitle, kind, language, published, published_raw, publisher_id, "
    "text, section_starts, repairs, source_id, created_at, version, changed_by, changed_at, "
    "withdrawn_reason, doi, url"
)


def _table_sql(check: bool) -> str:
    title_check = f"\tCONSTRAINT {CHECK_NAME} CHECK ({CHECK_SQL}), \n" if check else ""
    return (
        "CREATE TABLE document (\n"
        "\tid INTEGER NOT NULL, \n"
        "\tstatus VARCHAR(20) NOT NULL, \n"
        "\ttitle VARCHAR(500) NOT NULL, \n"
        "\tsubtitle VARCHAR(500), \n"
        "\tkind VARCHAR(40) NOT NULL, \n"
        "\tlanguage VARCHAR(12) NOT NULL, \n"
        "\tpublished DATE, \n"
        "\tpublished_raw VARCHAR(200), \n"
        "\tpublisher_id INTEGER, \n"
        "\ttext TEXT NOT NULL, \n"
        "\tsection_starts JSON NOT NULL, \n"
        "\trepairs JSON NOT NULL, \n"
        "\tsource_id INTEGER, \n"
        "\tcreated_at DATETIME NOT NULL, \n"
        "\tversion INTEGER NOT NULL, \n"
        "\tchanged_by VARCHAR(150) NOT NULL, \n"
        "\tchanged_at DATETIME NOT NULL, \n"
        "\twithdrawn_reason TEXT, \n"
        "\tdoi VARCHAR(255), \n"
        "\turl VARCHAR(1000), \n"
        "\tCONSTRAINT pk_document PRIMARY KEY (id), \n"
        "\tCONSTRAINT ck_document_changed_by_not_empty CHECK (changed_by <> ''), \n"
        f"{title_check}"
        "\tCONSTRAINT fk_document_publisher_id_organization FOREIGN KEY(publisher_id) "
        "REFERENCES organization (id), \n"
        "\tCONSTRAINT fk_document_source_id_source_file FOREIGN KEY(source_id) "
        "REFERENCES source_file (id)\n"
        ")"
    )


_INDEXES = (
    "CREATE INDEX ix_document_kind ON document (kind)",
    "CREATE INDEX ix_document_language ON document (language)",
    "CREATE INDEX ix_document_published ON document (published)",
    "CREATE INDEX ix_document_publisher_id ON document (publisher_id)",
    "CREATE INDEX ix_document_source_id ON document (source_id)",
    "CREATE INDEX ix_document_status ON document (status)",
    "CREATE INDEX ix_document_doi ON document (doi)",
    "CREATE INDEX ix_document_url ON document (url)",
    "CREATE INDEX ix_document_facets ON document (status, kind, language, publisher_id, published)",
    "CREATE INDEX ix_document_title_lower ON document (lower(title))",
)

_SNAPSHOT = (
    "json_object('id', OLD.id, 'status', OLD.status, 'title', OLD.title, 'subtitle', "
    "OLD.subtitle, 'kind', OLD.kind, 'language', OLD.language, 'published', OLD.published, "
    "'published_raw', OLD.published_raw, 'publisher_id', OLD.publisher_id, 'text', OLD.text, "
    "'section_starts', json(OLD.section_starts), 'repairs', json(OLD.repairs), 'source_id', "
    "OLD.source_id, 'created_at', OLD.created_at, 'version', OLD.version, 'changed_by', "
    "OLD.changed_by, 'changed_at', OLD.changed_at, 'withdrawn_reason', OLD.withdrawn_reason, "
    "'doi', OLD.doi, 'url', OLD.url)"
)
_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
_HISTORY_COLUMNS = (
    "history (table_name, row_id, version, operation, snapshot, changed_by, changed_at, "
    "recorded_at, document_id)"
)
_SEARCH_OLD = (
    "INSERT INTO document_fts(document_fts, rowid, title, body, authors, disclaimer, footnotes) "
    "SELECT 'delete', OLD.id, OLD.title || coalesce(' ' || OLD.subtitle, ''), OLD.text, "
    "s.authors, s.disclaimer, s.footnotes FROM document_search s "
    "WHERE s.document_id = OLD.id AND s.deferred = 0;"
)
_SEARCH_NEW = (
    "INSERT INTO document_fts(rowid, title, body, authors, disclaimer, footnotes) "
    "SELECT NEW.id, NEW.title || coalesce(' ' || NEW.subtitle, ''), NEW.text, "
    "s.authors, s.disclaimer, s.footnotes FROM document_search s "
    "WHERE s.document_id = NEW.id AND s.deferred = 0;"
)

# The triggers on ``document`` as 0001-0006 left them (SQLite), which a rebuild drops.
_TRIGGERS = (
    "CREATE TRIGGER document_version_check BEFORE UPDATE ON document FOR EACH ROW "
    "WHEN NEW.version IS NOT OLD.version + 1 BEGIN SELECT RAISE(ABORT, 'archive: stale or "
    "unversioned write to document: an update must raise version by exactly one'); END",
    "CREATE TRIGGER document_history_update AFTER UPDATE ON document FOR EACH ROW BEGIN "
    f"INSERT INTO {_HISTORY_COLUMNS} VALUES ('document', OLD.id, OLD.version, 'U', {_SNAPSHOT}, "
    f"NEW.changed_by, CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at "
    f"ELSE {_NOW} END, {_NOW}, OLD.id); END",
    "CREATE TRIGGER document_history_delete AFTER DELETE ON document FOR EACH ROW BEGIN "
    f"INSERT INTO {_HISTORY_COLUMNS} VALUES ('document', OLD.id, OLD.version, 'D', {_SNAPSHOT}, "
    f"OLD.changed_by, {_NOW}, {_NOW}, OLD.id); END",
    "CREATE TRIGGER search_document_insert AFTER INSERT ON document BEGIN "
    "INSERT INTO document_search(document_id, deferred) "
    "VALUES (NEW.id, EXISTS (SELECT 1 FROM search_deferral)); END",
    "CREATE TRIGGER search_document_update AFTER UPDATE OF title, subtitle, text ON document "
    "WHEN OLD.title IS NOT NEW.title OR OLD.subtitle IS NOT NEW.subtitle "
    f"OR OLD.text IS NOT NEW.text BEGIN {_SEARCH_OLD} {_SEARCH_NEW} END",
    "CREATE TRIGGER search_document_delete AFTER DELETE ON document BEGIN "
    f"{_SEARCH_OLD} DELETE FROM document_search WHERE document_id = OLD.id; END",
)


def _derived_title(filename: str | None, document_id: int) -> str:
    """The file name without its extension, separators as spaces (frozen here on purpose)."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", filename or "")
    words = " ".join(re.sub(r"[_\-.]+", " ", stem).split())
    return words[:250] or f"Untitled document {document_id}"


def _repair_empty_titles() -> None:
    """Give every untitled document a derived title, as a new version with a problem to review."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT d.id, s.filename FROM document d LEFT JOIN source_file s ON s.id = d.source_id "
            f"WHERE NOT ({CHECK_SQL.replace('title', 'd.title')}) ORDER BY d.id"
        )
    ).all()
    now = dt.datetime.now(dt.UTC)
    # Typed, so SQLite stores the moment as every other timestamp of the catalog.
    moment = sa.bindparam("now", type_=sa.DateTime(timezone=True))
    for document_id, filename in rows:
        title = _derived_title(filename, document_id)
        bind.execute(
            sa.text(
                "UPDATE document SET title = :title, version = version + 1, "
                "changed_by = :actor, changed_at = :now WHERE id = :id"
            ).bindparams(moment),
            {"title": title, "actor": ACTOR, "now": now, "id": document_id},
        )
        bind.execute(
            sa.text(
                "INSERT INTO problem (document_id, stage, field, line, raw, reason, resolved, "
                "version, changed_by, changed_at) VALUES (:id, 'migration', 'title', NULL, '', "
                ":reason, :resolved, 1, :actor, :now)"
            ).bindparams(moment, sa.bindparam("resolved", type_=sa.Boolean())),
            {
                "id": document_id,
                "reason": f"the document had no title; {title!r} was derived from "
                "its file name by migration 0008: check it",
                "resolved": False,
                "actor": ACTOR,
                "now": now,
            },
        )


def _rebuild_sqlite(check: bool) -> None:
    # Foreign keys are checked at commit, not statement by statement: dropping the
    # table orphans its children for a moment, and the rows copied back under the
    # same ids adopt them again.  A row really lost would still fail the commit.
    op.execute("PRAGMA defer_foreign_keys = ON")
    op.execute(f"CREATE TEMP TABLE document_before_0008 AS SELECT {_COLUMNS} FROM document")
    # Its indexes and triggers go with it (without firing: an implicit DELETE fires none),
    # so the search index and history are untouched.  Views and the triggers of other
    # tables name ``document`` and find the new table.
    op.execute("DROP TABLE document")
    op.execute(_table_sql(check))
    op.execute(f"INSERT INTO document ({_COLUMNS}) SELECT {_COLUMNS} FROM document_before_0008")
    op.execute("DROP TABLE temp.document_before_0008")
    for statement in (*_INDEXES, *_TRIGGERS):
        op.execute(statement)
    orphans = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").all()
    if orphans:
        raise RuntimeError(f"rows lost their document while it was rebuilt: {orphans[:5]}")


def upgrade() -> None:
    _repair_empty_titles()
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(check=True)
    else:
        op.execute(f"ALTER TABLE document ADD CONSTRAINT {CHECK_NAME} CHECK ({CHECK_SQL})")


def downgrade() -> None:
    # The derived titles stay: they are a change of the catalog, kept in its history.
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(check=False)
    else:
        op.execute(f"ALTER TABLE document DROP CONSTRAINT {CHECK_NAME}")
