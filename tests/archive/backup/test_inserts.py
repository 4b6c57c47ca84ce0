"""The restore's bulk inserts store exactly what SQLAlchemy's own inserts stored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orjson
import sqlalchemy as sa

from archive import schema
from archive.backup import write_backup
from archive.backup.inserts import TablePlan
from archive.backup.kinds import ROW_TABLES
from archive.backup.rows import DOCUMENT_TABLES, DocumentRows, document_rows
from archive.backup.tables import row_from_json

_ORDER = ("organization", "person", "source_file", *DOCUMENT_TABLES, "history", "quarantined_file")


def _stored(connection: sa.Connection) -> dict[str, list]:
    """Every row of every archive table as the database holds it (types and text)."""
    stored = {}
    for name in _ORDER:
        if connection.dialect.name == "sqlite":
            columns = schema.metadata.tables[name].columns
            select = ", ".join(f"typeof({c.name}), quote({c.name})" for c in columns)
            query = f"SELECT {select} FROM {name} ORDER BY id"
        else:
            query = f"SELECT row_to_json(t)::text FROM {name} t ORDER BY id"
        stored[name] = [tuple(row) for row in connection.exec_driver_sql(query)]
    return stored


def _load(engine: sa.Engine, records: dict[str, list[dict]], insert: Callable) -> dict:
    """Insert ``records`` with ``insert``, read them back, and roll back."""
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            insert(connection, records)
            return _stored(connection)
        finally:
            transaction.rollback()


def _source_ids(records: dict[str, list[dict]]) -> dict[str, int]:
    return {r["sha256"]: r["id"] for r in records["source_file"]}


def _with_sqlalchemy(connection: sa.Connection, records: dict[str, list[dict]]) -> None:
    """What the restore did before: row_from_json / document_rows and Core executemany."""
    for kind in ("organization", "person", "source_file"):
        table = ROW_TABLES[kind]
        connection.execute(table.insert(), [row_from_json(table, r) for r in records[kind]])
    rows: dict[str, list[dict]] = {table: [] for table in DOCUMENT_TABLES}
    for record in records["document"]:
        for table, found in document_rows(record, _source_ids(records)).items():
            rows[table] += found
    for table in DOCUMENT_TABLES:
        if rows[table]:
            connection.execute(schema.metadata.tables[table].insert(), rows[table])
    for kind in ("history", "quarantined_file"):
        table = ROW_TABLES[kind]
        connection.execute(table.insert(), [row_from_json(table, r) for r in records[kind]])


def _with_plans(connection: sa.Connection, records: dict[str, list[dict]]) -> None:
    for kind in ("organization", "person", "source_file"):
        plan = TablePlan(ROW_TABLES[kind], connection.dialect)
        plan.insert(connection, [plan.row(r, kind) for r in records[kind]])
    documents = DocumentRows(connection.dialect)
    rows = documents.empty()
    for record in records["document"]:
        documents.add(rows, record, _source_ids(records))
    for table in DOCUMENT_TABLES:
        documents.plans[table].insert(connection, rows[table])
    for kind in ("history", "quarantined_file"):
        plan = TablePlan(ROW_TABLES[kind], connection.dialect)
        plan.insert(connection, [plan.row(r, kind) for r in records[kind]])


def test_bulk_inserts_store_what_sqlalchemy_stored(
    engine, sessions, populate, wipe_database, tmp_path: Path
) -> None:
    """Timestamps, dates, JSON (null included), booleans and bytes: the same stored values."""
    populate(sessions, 40, versions=3)
    path = tmp_path / "b.jsonl"
    write_backup(engine, path)
    records: dict[str, list[dict]] = {kind: [] for kind in _ORDER}
    for line in path.read_bytes().splitlines()[1:-1]:
        value = orjson.loads(line)
        if value["kind"] in records:
            records[value["kind"]].append(value["record"])
    # A JSON null and a timestamp with an offset, which the writer never makes.
    records["history"][0]["snapshot"] = None
    records["history"][1]["changed_at"] = "2024-05-06T09:08:09.5+02:00"
    # The person merged into a later one goes in last, as the restore orders it.
    records["person"].sort(key=lambda r: r["merged_into_id"] is not None)
    wipe_database(engine)
    expected = _load(engine, records, _with_sqlalchemy)
    assert all(expected[name] for name in _ORDER)
    assert _load(engine, records, _with_plans) == expected
