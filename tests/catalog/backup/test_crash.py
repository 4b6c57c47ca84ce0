"""kill -9 half way: a backup leaves no final file, a restore leaves the database as it was.

The commands run as real processes on the test database.  ``ARCHIVE_BACKUP_TEST_PAUSE``
(see ``catalog/management/commands/backup.py``) makes them announce and sleep
after each batch, so the kill lands mid-way, inside the restore's transaction.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from archive import schema
from archive.backup import write_backup
from archive.config import PROJECT_ROOT
from archive.triggers import history_protection_names, trigger_names


def _url(engine: sa.Engine) -> str:
    url = engine.url
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _kill_mid_way(engine: sa.Engine, *args: str, when: str) -> None:
    """Run ``manage.py *args`` and kill -9 it once it has paused after ``when``."""
    env = {**os.environ, "DATABASE_URL": _url(engine), "ARCHIVE_BACKUP_TEST_PAUSE": "30"}
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args, "--batch-size", "5"],
        cwd=PROJECT_ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if line.strip() == f"paused after {when}":
                break
        else:
            raise AssertionError(f"{args} ended without pausing after {when}")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL


def _records(engine: sa.Engine, path: Path) -> list[bytes]:
    write_backup(engine, path)
    return path.read_bytes().splitlines()[1:-1]


def _triggers(engine: sa.Engine) -> set[str]:
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        else:
            query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'O'"
        return {name for (name,) in connection.exec_driver_sql(query)}


def test_killed_backup_leaves_no_backup(engine, sessions, populate, tmp_path: Path) -> None:
    """Killed while writing documents: no file under the final name, the catalog untouched."""
    populate(sessions, 30, versions=3)
    before = _records(engine, tmp_path / "before.jsonl")
    target = tmp_path / "out" / "catalog.jsonl"
    target.parent.mkdir()
    _kill_mid_way(engine, "backup", str(target), when="5 document")
    assert not target.exists()
    assert all(p.name.startswith(".catalog.jsonl.") for p in target.parent.iterdir())
    assert _records(engine, tmp_path / "after.jsonl") == before


def _wait_unlocked(path: Path, seconds: float = 20) -> None:
    """Until no process holds ``path``: the killed backup's writing child ends on its own,
    when it reads the end of its input."""
    deadline = time.monotonic() + seconds
    with path.open("rb") as handle:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                assert time.monotonic() < deadline, f"{path} is still locked"
                time.sleep(0.05)
                continue
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            return


def test_next_backup_removes_what_a_killed_one_left(
    engine, sessions, populate, tmp_path: Path
) -> None:
    """kill -9 leaves a temporary file; the next backup to that name removes it (issue 14),
    but never the temporary file of a backup still running (it is locked)."""
    populate(sessions, 30, versions=3)
    target = tmp_path / "out" / "catalog.jsonl"
    target.parent.mkdir()
    _kill_mid_way(engine, "backup", str(target), when="5 document")
    (stale,) = target.parent.iterdir()
    assert stale.name.startswith(".catalog.jsonl.") and stale.name.endswith(".tmp")
    _wait_unlocked(stale)
    running = target.parent / ".catalog.jsonl.running.tmp"
    with running.open("wb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # as a backup writing now holds it
        write_backup(engine, target)
        assert sorted(p.name for p in target.parent.iterdir()) == [running.name, target.name]
    assert not stale.exists()


def test_killed_replace_restores_nothing(engine, sessions, populate, tmp_path: Path) -> None:
    """Killed inside restore --replace: the old catalog, its history and triggers are intact."""
    populate(sessions, 30, versions=3)
    path = tmp_path / "backup.jsonl"
    before = _records(engine, path)
    triggers = _triggers(engine)
    expected = {name for table in schema.VERSIONED_TABLES for name in trigger_names(table)}
    assert expected | set(history_protection_names()) <= triggers
    _kill_mid_way(engine, "restore", "--replace", str(path), when="5 document")
    assert _triggers(engine) == triggers
    assert _records(engine, tmp_path / "after.jsonl") == before


def test_killed_restore_leaves_an_empty_database_empty(
    engine, sessions, populate, wipe_database, tmp_path: Path
) -> None:
    """Killed while loading into an empty database: still empty, and restorable afterwards."""
    populate(sessions, 30, versions=3)
    path = tmp_path / "backup.jsonl"
    before = _records(engine, path)
    wipe_database(engine)
    _kill_mid_way(engine, "restore", str(path), when="5 document")
    with engine.connect() as connection:
        for table in (*schema.VERSIONED_TABLES, "history"):
            count = sa.select(sa.func.count()).select_from(schema.metadata.tables[table])
            assert connection.scalar(count) == 0, table
    subprocess.run(
        [sys.executable, "manage.py", "restore", str(path)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": _url(engine)},
        check=True,
        capture_output=True,
    )
    assert _records(engine, tmp_path / "after.jsonl") == before
