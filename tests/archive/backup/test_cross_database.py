"""SQLite -> PostgreSQL -> SQLite: three backups of one catalog, the same records byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from archive.backup import restore_backup, write_backup
from archive.config import PROJECT_ROOT
from archive.db import create_engine, session_factory

SERVER = "postgresql://postgres@127.0.0.1:5432"


def _migrate(url: str, data_dir: Path) -> sa.Engine:
    """A database built like every other: ``manage.py migrate`` (Django, then Alembic)."""
    env = {**os.environ, "DATABASE_URL": url, "ARCHIVE_DATA_DIR": str(data_dir)}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=PROJECT_ROOT, env=env, check=True
    )
    return create_engine(url)


@pytest.fixture
def scratch_postgresql() -> Iterator[str]:
    """A PostgreSQL database of its own, dropped afterwards."""
    name = f"archive_backup_test_{os.getpid()}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{SERVER}/{name}"
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _records(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines()[1:-1]


@pytest.mark.slow
def test_sqlite_to_postgresql_to_sqlite(
    populate, add_users, scratch_postgresql: str, tmp_path: Path
) -> None:
    """Timestamps, JSON, binary sources, users and history cross both databases unchanged."""
    source = _migrate(f"sqlite:///{tmp_path}/source.sqlite3", tmp_path)
    middle = _migrate(scratch_postgresql, tmp_path)
    target = _migrate(f"sqlite:///{tmp_path}/target.sqlite3", tmp_path)
    try:
        populate(session_factory(source), 120, versions=3)
        add_users(source)
        paths = [tmp_path / f"{name}.jsonl" for name in ("sqlite", "postgresql", "sqlite-again")]
        write_backup(source, paths[0])
        restore_backup(middle, paths[0])
        write_backup(middle, paths[1])
        restore_backup(target, paths[1])
        write_backup(target, paths[2])
        assert _records(paths[0]) == _records(paths[1]) == _records(paths[2])
        assert len(_records(paths[0])) > 120
    finally:
        for engine in (source, middle, target):
            engine.dispose()
