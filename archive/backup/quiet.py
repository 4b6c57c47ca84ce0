"""Triggers switched off inside the restore transaction; the derived tables rebuilt.

A restore inserts rows exactly as they were: the history DELETE triggers must
not record the rows ``--replace`` removes, the search triggers would refresh a
document's index once per child row inserted, and the OAI triggers would
restamp ``oai_record`` for each of them.  They are switched off for the load
and back on before the commit; the search index and ``oai_record`` are then
rebuilt in one pass each (``oai_record`` from the restored history, so every
record keeps the datestamp harvesters saw before the backup).  On both
databases this DDL is transactional: a failed or killed restore leaves every
trigger as it was.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa

from archive import schema, triggers
from archive.oai import store as oai_store
from archive.search import suggest

__all__ = [
    "TriggerName",
    "history_delete_triggers",
    "oai_triggers",
    "rebuild_oai_records",
    "rebuild_search",
    "rebuild_vocabulary",
    "search_triggers",
    "triggers_off",
]

TriggerName = tuple[str, str]  # (table, trigger)

_SEARCH_TABLE = "document_search"


def history_delete_triggers() -> list[TriggerName]:
    """What would record, or refuse, the deletion of the catalog and its history."""
    protection = [("history", name) for name in triggers.history_protection_names()]
    rows = [(table, triggers.trigger_names(table)[2]) for table in schema.VERSIONED_TABLES]
    return rows + protection


def _search_module(dialect: str):  # noqa: ANN202 - one of two modules
    if dialect == "postgresql":
        from archive.search import postgresql

        return postgresql
    from archive.search import sqlite

    return sqlite


def search_triggers(connection: sa.Connection) -> list[TriggerName]:
    """The search index's triggers, if this database has the index."""
    if not sa.inspect(connection).has_table(_SEARCH_TABLE):
        return []
    module = _search_module(connection.dialect.name)
    if connection.dialect.name == "postgresql":
        return [(table, name) for name, table, _ddl in module.TRIGGERS]
    return [("", name) for name, _body in module.TRIGGERS]


def oai_triggers(connection: sa.Connection) -> list[TriggerName]:
    """The triggers that keep ``oai_record``, if this database has the table."""
    if not sa.inspect(connection).has_table("oai_record"):
        return []
    return oai_store.trigger_names(connection.dialect.name)


def rebuild_oai_records(connection: sa.Connection) -> bool:
    """Recompute ``oai_record`` from the catalog and its history; False if there is none."""
    return oai_store.rebuild(connection)


def rebuild_search(connection: sa.Connection) -> bool:
    """Recompute the whole search index; False if the database has none."""
    if not sa.inspect(connection).has_table(_SEARCH_TABLE):
        return False
    for statement in _search_module(connection.dialect.name).rebuild_sql():
        connection.exec_driver_sql(statement)
    return True


def rebuild_vocabulary(connection: sa.Connection) -> bool:
    """Recount the "Did you mean" vocabulary (derived, not in a backup); False if none."""
    if not sa.inspect(connection).has_table(suggest.TABLE):
        return False
    suggest.rebuild(connection)
    return True


@contextmanager
def triggers_off(connection: sa.Connection, names: Sequence[TriggerName]) -> Iterator[None]:
    """Switch the triggers ``names`` that exist off for the block (in the caller's transaction)."""
    if connection.dialect.name == "postgresql":
        present = {
            (table, name)
            for table, name in connection.execute(
                sa.text(
                    "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal"
                )
            )
        }
        found = [pair for pair in names if pair in present]
        for table, name in found:
            connection.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
        yield
        for table, name in found:
            connection.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER {name}")
        return
    # SQLite cannot disable a trigger: drop it and recreate it from its exact
    # stored SQL, whatever migration created it.
    query = sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name = :name")
    saved = [row for _table, name in names for row in connection.execute(query, {"name": name})]
    for name, _sql in saved:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    yield
    for _name, sql in saved:
        connection.exec_driver_sql(sql)
