"""DDL of the history and version-check triggers, for SQLite and PostgreSQL.

Migrations call these functions with the table and (for SQLite) the column list
*as of that migration*, so a migration's output never changes when the models
do.  A migration that rebuilds a table on SQLite (batch mode) drops its
triggers silently: it must call :func:`create_row_triggers` again afterwards.

What the triggers guarantee, whoever writes (ORM, ``QuerySet.update()``, raw SQL):

* an UPDATE must raise ``version`` by exactly one, or it is refused
  (``archive: stale or unversioned write``): a writer holding an old copy of
  the row cannot overwrite a newer one;
* the row as it was before each UPDATE or DELETE is copied to ``history``, with
  who made the change (``NEW.changed_by``) and when.  A raw UPDATE that does not
  set ``changed_at`` is dated by the database clock.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "STALE_WRITE_MESSAGE",
    "create_row_triggers",
    "drop_row_triggers",
    "postgresql_functions",
    "trigger_names",
]

STALE_WRITE_MESSAGE = "archive: stale or unversioned write"

# Columns that never go into a JSON snapshot: binary payloads, immutable anyway
# and identified by their sha256.
SNAPSHOT_EXCLUDED = frozenset({"content"})

_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"


def trigger_names(table: str) -> list[str]:
    return [f"{table}_version_check", f"{table}_history_update", f"{table}_history_delete"]


def postgresql_functions() -> list[str]:
    """The two trigger functions every versioned PostgreSQL table shares."""
    version_check = f"""
CREATE OR REPLACE FUNCTION archive_version_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.version IS DISTINCT FROM OLD.version + 1 THEN
        RAISE EXCEPTION '{STALE_WRITE_MESSAGE} to %% row %% (version %% -> %%): '
            'an update must raise version by exactly one', TG_TABLE_NAME, OLD.id,
            OLD.version, NEW.version USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
END $$"""
    history = """
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
END $$"""
    return [version_check.replace("%%", "%"), history]


def create_row_triggers(
    dialect: str, table: str, columns: Sequence[str], json_columns: Sequence[str] = ()
) -> list[str]:
    """SQL creating the three triggers of one versioned table."""
    if dialect == "postgresql":
        return _postgresql_triggers(table)
    if dialect == "sqlite":
        return _sqlite_triggers(table, columns, json_columns)
    raise ValueError(f"no history triggers for the {dialect!r} dialect")


def drop_row_triggers(dialect: str, table: str) -> list[str]:
    suffix = f" ON {table}" if dialect == "postgresql" else ""
    return [f"DROP TRIGGER IF EXISTS {name}{suffix}" for name in trigger_names(table)]


def _postgresql_triggers(table: str) -> list[str]:
    check, update, delete = trigger_names(table)
    return [
        f"CREATE TRIGGER {check} BEFORE UPDATE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION archive_version_check()",
        f"CREATE TRIGGER {update} AFTER UPDATE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION archive_history()",
        f"CREATE TRIGGER {delete} AFTER DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION archive_history()",
    ]


def _sqlite_snapshot(columns: Sequence[str], json_columns: Sequence[str]) -> str:
    # JSON columns are stored as text in SQLite: json() embeds them as JSON,
    # not as a string holding JSON, so snapshots read the same on both databases.
    pairs = []
    for column in columns:
        if column in SNAPSHOT_EXCLUDED:
            continue
        value = f"json(OLD.{column})" if column in json_columns else f"OLD.{column}"
        pairs.append(f"'{column}', {value}")
    return "json_object(" + ", ".join(pairs) + ")"


def _sqlite_triggers(table: str, columns: Sequence[str], json_columns: Sequence[str]) -> list[str]:
    check, update, delete = trigger_names(table)
    snapshot = _sqlite_snapshot(columns, json_columns)
    insert = (
        "INSERT INTO history (table_name, row_id, version, operation, snapshot, "
        "changed_by, changed_at, recorded_at) VALUES "
    )
    return [
        f"CREATE TRIGGER {check} BEFORE UPDATE ON {table} FOR EACH ROW "
        "WHEN NEW.version IS NOT OLD.version + 1 BEGIN "
        f"SELECT RAISE(ABORT, '{STALE_WRITE_MESSAGE} to {table}: "
        "an update must raise version by exactly one'); END",
        f"CREATE TRIGGER {update} AFTER UPDATE ON {table} FOR EACH ROW BEGIN "
        f"{insert}('{table}', OLD.id, OLD.version, 'U', {snapshot}, NEW.changed_by, "
        f"CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at "
        f"ELSE {_SQLITE_NOW} END, {_SQLITE_NOW}); END",
        f"CREATE TRIGGER {delete} AFTER DELETE ON {table} FOR EACH ROW BEGIN "
        f"{insert}('{table}', OLD.id, OLD.version, 'D', {snapshot}, OLD.changed_by, "
        f"{_SQLITE_NOW}, {_SQLITE_NOW}); END",
    ]
