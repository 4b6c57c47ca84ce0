"""DDL of the history, version-check and history-protection triggers (SQLite, PostgreSQL).

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
  set ``changed_at`` is dated by the database clock.  From revision 0003 on the
  history row also names the document the row belongs to (``document_id``), so a
  document's history is one indexed look-up;
* from revision 0023 on, an UPDATE of a document that leaves its body ``text``
  as it was stores a snapshot without it, marked ``"_same_as_next": ["text"]``:
  the old text is the next version's (the next history row's, or the current
  row's), which :mod:`archive.history` fills back in.  Copying the unchanged
  ~10 KB text into every snapshot (JSON conversion, compression, TOAST) was most
  of a title or metadata update's cost on PostgreSQL;
* from revision 0003 on, history rows can be neither updated nor deleted
  (``archive: history is append-only``).  Only a restore (which replaces the
  whole history with the one in the dump) lifts that, inside its transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "DOCUMENT_LINKS",
    "SAME_AS_NEXT",
    "SAME_AS_NEXT_COLUMNS",
    "HISTORY_APPEND_ONLY_MESSAGE",
    "STALE_WRITE_MESSAGE",
    "create_row_triggers",
    "drop_row_triggers",
    "history_protection_names",
    "postgresql_functions",
    "protect_history",
    "trigger_names",
    "unprotect_history",
]

STALE_WRITE_MESSAGE = "archive: stale or unversioned write"
HISTORY_APPEND_ONLY_MESSAGE = "archive: history is append-only"

# Columns that never go into a JSON snapshot: binary payloads, immutable anyway
# and identified by their sha256.
SNAPSHOT_EXCLUDED = frozenset({"content"})

# Large columns an UPDATE snapshot leaves out when the update kept them (revision 0023),
# and the snapshot key that lists the ones left out: their value is the next version's.
SAME_AS_NEXT = "_same_as_next"
SAME_AS_NEXT_COLUMNS: dict[str, tuple[str, ...]] = {"document": ("text",)}

# How a history row finds the document an old row belonged to.
DOCUMENT_LINKS: dict[str, str] = {
    "document": "self",
    "authorship": "document_id",
    "disclaimer": "document_id",
    "footnote": "document_id",
    "problem": "document_id",
    "affiliation": "authorship",
    "citation": "document_id",
}

_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
_SQLITE_DOCUMENT_EXPRESSIONS = {
    "self": "OLD.id",
    "document_id": "OLD.document_id",
    "authorship": "(SELECT document_id FROM authorship WHERE id = OLD.authorship_id)",
}


def trigger_names(table: str) -> list[str]:
    return [f"{table}_version_check", f"{table}_history_update", f"{table}_history_delete"]


def history_protection_names() -> list[str]:
    return ["history_append_only_update", "history_append_only_delete"]


def postgresql_functions(document_links: bool = False, same_as_next: bool = True) -> list[str]:
    """The trigger functions every versioned PostgreSQL table shares.

    ``document_links`` (revision 0003 on): ``archive_history`` fills
    ``history.document_id`` as told by its trigger argument (see DOCUMENT_LINKS).
    ``same_as_next`` (revision 0023 on): a document's unchanged text is left
    out of its UPDATE snapshot (see SAME_AS_NEXT).
    """
    version_check = f"""
CREATE OR REPLACE FUNCTION archive_version_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.version IS DISTINCT FROM OLD.version + 1 THEN
        RAISE EXCEPTION '{STALE_WRITE_MESSAGE} to % row % (version % -> %): '
            'an update must raise version by exactly one', TG_TABLE_NAME, OLD.id,
            OLD.version, NEW.version USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
END $$"""
    return [version_check, _postgresql_history_function(document_links, same_as_next)]


def _postgresql_same_as_next() -> str:
    """The UPDATE snapshot of a document whose text the update kept, without that text.

    The text is set to null in a copy of the row before ``to_jsonb``, so the
    ~10 KB are never converted, and the key is then dropped.  Nested IFs: PL/pgSQL
    plans a condition when it first runs it, and ``OLD.text`` exists only in the
    branch a document's rows reach.
    """
    branches = []
    for table, columns in SAME_AS_NEXT_COLUMNS.items():
        kept = " AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in columns)
        nulled = "\n".join(f"                old_row.{c} := NULL;" for c in columns)
        dropped = "".join(f" - '{c}'" for c in columns)
        marker = "[" + ", ".join(f'"{c}"' for c in columns) + "]"
        branches.append(f"""        IF TG_TABLE_NAME = '{table}' THEN
            IF {kept} THEN
                old_row := OLD;
{nulled}
                snap := to_jsonb(old_row) - 'content'{dropped}
                    || '{{"{SAME_AS_NEXT}": {marker}}}'::jsonb;
            END IF;
        END IF;
""")
    return "".join(branches)


def _postgresql_history_function(document_links: bool, same_as_next: bool = False) -> str:
    """``archive_history()``: copy the old row to ``history``, once.

    The snapshot is built once per row: before revision 0015 a second
    ``to_jsonb(OLD)`` (to read the document link out of it) converted the whole
    row again, body text included, which doubled a document update's cost.  The
    link is read from the row's own field instead; PL/pgSQL plans each branch
    only when it runs (and a trigger function once per table), so a table
    without ``document_id`` never plans the branch that names it.
    """
    column, value, declare, compute = "", "", "", ""
    snapshot, skip = "to_jsonb(OLD) - 'content'", ""
    if same_as_next:
        declare = "    old_row record;\n    snap jsonb;\n"
        snapshot = "COALESCE(snap, to_jsonb(OLD) - 'content')"
        skip = _postgresql_same_as_next()
    if document_links:
        column, value = ", document_id", ", doc"
        declare = "    doc integer;\n" + declare
        compute = """    IF TG_ARGV[0] = 'self' THEN
        doc := OLD.id;
    ELSIF TG_ARGV[0] = 'document_id' THEN
        doc := OLD.document_id;
    ELSIF TG_ARGV[0] = 'authorship' THEN
        SELECT a.document_id INTO doc FROM authorship a WHERE a.id = OLD.authorship_id;
    END IF;
"""
    if declare:
        declare = "DECLARE\n" + declare
    return f"""
CREATE OR REPLACE FUNCTION archive_history() RETURNS trigger LANGUAGE plpgsql AS $$
{declare}BEGIN
{compute}    IF TG_OP = 'UPDATE' THEN
{skip}        INSERT INTO history (table_name, row_id, version, operation, snapshot,
                             changed_by, changed_at, recorded_at{column})
        VALUES (TG_TABLE_NAME, OLD.id, OLD.version, 'U', {snapshot},
                NEW.changed_by,
                CASE WHEN NEW.changed_at IS DISTINCT FROM OLD.changed_at
                     THEN NEW.changed_at ELSE clock_timestamp() END,
                clock_timestamp(){value});
        RETURN NEW;
    END IF;
    INSERT INTO history (table_name, row_id, version, operation, snapshot,
                         changed_by, changed_at, recorded_at{column})
    VALUES (TG_TABLE_NAME, OLD.id, OLD.version, 'D', to_jsonb(OLD) - 'content',
            OLD.changed_by, clock_timestamp(), clock_timestamp(){value});
    RETURN OLD;
END $$"""


def create_row_triggers(
    dialect: str,
    table: str,
    columns: Sequence[str],
    json_columns: Sequence[str] = (),
    document_link: str | None = None,
) -> list[str]:
    """SQL creating the three triggers of one versioned table.

    ``document_link`` (a key of DOCUMENT_LINKS' values, revision 0003 on) makes
    the history rows name their document.
    """
    if dialect == "postgresql":
        return _postgresql_triggers(table, document_link)
    if dialect == "sqlite":
        return _sqlite_triggers(table, columns, json_columns, document_link)
    raise ValueError(f"no history triggers for the {dialect!r} dialect")


def drop_row_triggers(dialect: str, table: str) -> list[str]:
    suffix = f" ON {table}" if dialect == "postgresql" else ""
    return [f"DROP TRIGGER IF EXISTS {name}{suffix}" for name in trigger_names(table)]


def protect_history(dialect: str) -> list[str]:
    """Triggers that refuse any UPDATE or DELETE of a history row."""
    update, delete = history_protection_names()
    if dialect == "sqlite":
        refuse = f"BEGIN SELECT RAISE(ABORT, '{HISTORY_APPEND_ONLY_MESSAGE}'); END"
        return [
            f"CREATE TRIGGER {update} BEFORE UPDATE ON history FOR EACH ROW {refuse}",
            f"CREATE TRIGGER {delete} BEFORE DELETE ON history FOR EACH ROW {refuse}",
        ]
    function = f"""
CREATE OR REPLACE FUNCTION archive_history_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- No percent placeholders: this DDL also goes through DB-API drivers that read them.
    RAISE EXCEPTION USING MESSAGE = '{HISTORY_APPEND_ONLY_MESSAGE}: ' || TG_OP || ' refused',
        ERRCODE = 'P0001';
END $$"""
    return [
        function,
        f"CREATE TRIGGER {update} BEFORE UPDATE ON history "
        "FOR EACH ROW EXECUTE FUNCTION archive_history_append_only()",
        f"CREATE TRIGGER {delete} BEFORE DELETE OR TRUNCATE ON history "
        "FOR EACH STATEMENT EXECUTE FUNCTION archive_history_append_only()",
    ]


def unprotect_history(dialect: str) -> list[str]:
    """Drop the protection (a restore does this inside its own transaction only)."""
    suffix = " ON history" if dialect == "postgresql" else ""
    return [f"DROP TRIGGER IF EXISTS {name}{suffix}" for name in history_protection_names()]


def _postgresql_triggers(table: str, document_link: str | None) -> list[str]:
    check, update, delete = trigger_names(table)
    argument = f"'{document_link}'" if document_link else ""
    return [
        f"CREATE TRIGGER {check} BEFORE UPDATE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION archive_version_check()",
        f"CREATE TRIGGER {update} AFTER UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION archive_history({argument})",
        f"CREATE TRIGGER {delete} AFTER DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION archive_history({argument})",
    ]


def _sqlite_snapshot(
    columns: Sequence[str], json_columns: Sequence[str], left_out: Sequence[str] = ()
) -> str:
    # JSON columns are stored as text in SQLite: json() embeds them as JSON,
    # not as a string holding JSON, so snapshots read the same on both databases.
    pairs = []
    for column in columns:
        if column in SNAPSHOT_EXCLUDED or column in left_out:
            continue
        value = f"json(OLD.{column})" if column in json_columns else f"OLD.{column}"
        pairs.append(f"'{column}', {value}")
    if left_out:
        listed = ", ".join(f"'{column}'" for column in left_out)
        pairs.append(f"'{SAME_AS_NEXT}', json_array({listed})")
    return "json_object(" + ", ".join(pairs) + ")"


def _sqlite_update_snapshot(
    table: str, columns: Sequence[str], json_columns: Sequence[str]
) -> str:
    """The UPDATE snapshot: without the large columns the update kept (SAME_AS_NEXT)."""
    full = _sqlite_snapshot(columns, json_columns)
    left_out = [c for c in SAME_AS_NEXT_COLUMNS.get(table, ()) if c in columns]
    if not left_out:
        return full
    kept = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in left_out)
    return f"CASE WHEN {kept} THEN {_sqlite_snapshot(columns, json_columns, left_out)} " \
        f"ELSE {full} END"


def _sqlite_triggers(
    table: str,
    columns: Sequence[str],
    json_columns: Sequence[str],
    document_link: str | None,
) -> list[str]:
    check, update, delete = trigger_names(table)
    snapshot = _sqlite_snapshot(columns, json_columns)
    update_snapshot = _sqlite_update_snapshot(table, columns, json_columns)
    column, value = "", ""
    if document_link:
        column, value = ", document_id", ", " + _SQLITE_DOCUMENT_EXPRESSIONS[document_link]
    insert = (
        "INSERT INTO history (table_name, row_id, version, operation, snapshot, "
        f"changed_by, changed_at, recorded_at{column}) VALUES "
    )
    return [
        f"CREATE TRIGGER {check} BEFORE UPDATE ON {table} FOR EACH ROW "
        "WHEN NEW.version IS NOT OLD.version + 1 BEGIN "
        f"SELECT RAISE(ABORT, '{STALE_WRITE_MESSAGE} to {table}: "
        "an update must raise version by exactly one'); END",
        f"CREATE TRIGGER {update} AFTER UPDATE ON {table} FOR EACH ROW BEGIN "
        f"{insert}('{table}', OLD.id, OLD.version, 'U', {update_snapshot}, NEW.changed_by, "
        f"CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at "
        f"ELSE {_SQLITE_NOW} END, {_SQLITE_NOW}{value}); END",
        f"CREATE TRIGGER {delete} AFTER DELETE ON {table} FOR EACH ROW BEGIN "
        f"{insert}('{table}', OLD.id, OLD.version, 'D', {snapshot}, OLD.changed_by, "
        f"{_SQLITE_NOW}, {_SQLITE_NOW}{value}); END",
    ]
