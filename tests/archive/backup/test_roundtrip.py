"""Backup -> restore into an empty database -> backup gives the same file, byte for byte."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
import sqlalchemy as sa

from archive import schema
from archive.attribution import acting_as
from archive.backup import (
    DatabaseNotEmpty,
    VerificationFailed,
    restore_backup,
    verify_backup,
    write_backup,
)
from archive.config import PROJECT_ROOT
from archive.triggers import history_protection_names, trigger_names

DOCUMENTS = 1000


def _installed_triggers(engine: sa.Engine) -> set[str]:
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        else:
            query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'O'"
        return {name for (name,) in connection.exec_driver_sql(query)}


def _count(engine: sa.Engine, table: str) -> int:
    with engine.connect() as connection:
        return connection.scalar(sa.text(f"SELECT count(*) FROM {table}"))


def _ingest_seeds(sessions) -> int:
    try:
        from archive.ingest.batch import ingest_paths
    except ImportError:  # the seed ingest is not there yet
        return 0
    report = ingest_paths(sessions, [PROJECT_ROOT / "seeds"], publish=True)
    return len(report.results)


def _same_backup(first: Path, second: Path) -> None:
    """Identical but for the manifest's creation time (and so the trailer's sha256)."""
    one, two = first.read_bytes().splitlines(), second.read_bytes().splitlines()
    assert one[1:-1] == two[1:-1]
    manifests = [orjson.loads(lines[0]) for lines in (one, two)]
    for manifest in manifests:
        del manifest["created_at"]
    assert manifests[0] == manifests[1]
    trailers = [orjson.loads(lines[-1]) for lines in (one, two)]
    for trailer in trailers:
        del trailer["sha256"]
    assert trailers[0] == trailers[1]


@pytest.mark.slow
def test_round_trip_is_byte_identical(
    engine, sessions, populate, add_users, wipe_database, tmp_path: Path
) -> None:
    """1,000 synthetic documents (3+ versions each), the seeds and users survive exactly."""
    seeds = _ingest_seeds(sessions)
    populate(sessions, DOCUMENTS, versions=3)
    add_users(engine)
    first = tmp_path / "first.jsonl"
    written = write_backup(engine, first)
    assert written.counts["document"] == DOCUMENTS + seeds
    assert written.counts["history"] >= 2 * DOCUMENTS
    history = _count(engine, "history")
    expected_triggers = _installed_triggers(engine)

    wipe_database(engine)
    restored = restore_backup(engine, first)
    assert restored.counts == written.counts

    assert _count(engine, "history") == history  # the restore itself wrote no history
    assert _installed_triggers(engine) == expected_triggers
    second = tmp_path / "second.jsonl"
    again = write_backup(engine, second)
    assert again.records_sha256 == written.records_sha256
    _same_backup(first, second)


def test_restore_keeps_ids_and_new_rows_continue(
    engine, sessions, populate, wipe_database, tmp_path
):
    """After a restore new rows get fresh ids (PostgreSQL sequences reset) and versions go on."""
    ids = populate(sessions, 12, versions=3)
    path = tmp_path / "b.jsonl"
    write_backup(engine, path)
    wipe_database(engine)
    restore_backup(engine, path)
    with acting_as("librarian-ann"), sessions.begin() as session:
        document = session.get(schema.Document, ids[-1])
        assert document.version == 3
        document.title = "Edited after the restore"
        person = schema.Person(name="Нова Особа", name_key="нова особа")
        session.add(person)
        session.flush()
        assert person.id > 30
    with sessions() as session:
        assert session.get(schema.Document, ids[-1]).version == 4
        entry = session.scalars(
            sa.select(schema.History)
            .where(schema.History.table_name == "document", schema.History.row_id == ids[-1])
            .order_by(schema.History.id.desc())
        ).first()
        assert entry.version == 3 and entry.changed_by == "librarian-ann"


def test_restore_refuses_a_non_empty_database(engine, sessions, populate, tmp_path) -> None:
    """A catalog already there is never mixed with a backup, and stays as it was."""
    populate(sessions, 5, versions=3)
    path = tmp_path / "b.jsonl"
    write_backup(engine, path)
    with pytest.raises(DatabaseNotEmpty, match="--replace"):
        restore_backup(engine, path)
    again = tmp_path / "again.jsonl"
    write_backup(engine, again)
    _same_backup(path, again)


def test_replace_swaps_the_catalog_without_new_history(
    engine, sessions, populate, tmp_path
) -> None:
    """--replace restores the backup's catalog exactly and keeps every trigger."""
    ids = populate(sessions, 8, versions=3)
    path = tmp_path / "b.jsonl"
    write_backup(engine, path)
    triggers = _installed_triggers(engine)
    with acting_as("librarian-bo"), sessions.begin() as session:
        session.get(schema.Document, ids[0]).title = "Changed after the backup"
        session.add(schema.Organization(name="Later", name_key="later"))
    result = restore_backup(engine, path, replace=True)
    assert result.replaced
    assert _installed_triggers(engine) == triggers
    expected = {name for table in schema.VERSIONED_TABLES for name in trigger_names(table)}
    assert expected | set(history_protection_names()) <= triggers
    after = tmp_path / "after.jsonl"
    write_backup(engine, after)
    _same_backup(path, after)


def test_a_bad_file_restores_nothing(engine, sessions, populate, tmp_path) -> None:
    """A file damaged near its end fails verification and --replace leaves the catalog intact."""
    populate(sessions, 6, versions=3)
    path = tmp_path / "b.jsonl"
    write_backup(engine, path)
    lines = path.read_bytes().splitlines(keepends=True)
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_bytes(b"".join(lines[:-3] + lines[-2:]))  # one history line gone
    assert not verify_backup(damaged).ok
    with pytest.raises(VerificationFailed):
        restore_backup(engine, damaged, replace=True)
    again = tmp_path / "again.jsonl"
    write_backup(engine, again)
    _same_backup(path, again)
