"""Fixtures of the command tests: the synthetic catalog of ``tests/archive/backup``."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from archive.backup.restore import empty_catalog
from archive.config import PROJECT_ROOT
from archive.db import create_engine

SYNTHETIC = Path(__file__).parents[2] / "archive" / "backup" / "synthetic.py"


def _synthetic():
    # --import-mode=importlib: test folders are not packages, so load the helper by path.
    spec = importlib.util.spec_from_file_location("backup_commands_synthetic", SYNTHETIC)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


synthetic = _synthetic()


@pytest.fixture
def populate(engine: sa.Engine) -> Callable[..., list[int]]:
    """``populate(sessions, count)``: the synthetic catalog (see synthetic.py).

    The shared teardown (``tests/conftest.py``) empties every archive table afterwards.
    """
    return synthetic.populate


@pytest.fixture
def add_users():
    return synthetic.add_users


@pytest.fixture
def wipe_database():
    """Empty the catalog, its history, users and groups, writing no history."""

    def wipe(engine: sa.Engine) -> None:
        with engine.begin() as connection:
            empty_catalog(connection)

    return wipe


def _url(engine: sa.Engine, database: str | None = None) -> str:
    url = engine.url
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql")
    if database is not None:
        url = url.set(database=database)
    return url.render_as_string(hide_password=False)


@pytest.fixture
def fresh_database(engine: sa.Engine, tmp_path: Path) -> Iterator[FreshDatabase]:
    """A new database of the test database's kind, after ``manage.py migrate`` alone.

    Nothing else is run in it (no ``setup_roles``): what a newcomer has before a
    first restore.  A PostgreSQL one is dropped afterwards.
    """
    postgresql = engine.url.get_backend_name() == "postgresql"
    if postgresql:
        name = f"{engine.url.database}_fresh_{os.getpid()}"
        admin = _url(engine, "postgres")
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {name}")
        url = _url(engine, name)
    else:
        url = f"sqlite:///{tmp_path}/fresh.sqlite3"
    fresh = FreshDatabase(url, tmp_path)
    fresh.manage("migrate", "-v0")
    try:
        yield fresh
    finally:
        fresh.dispose()
        if postgresql:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class FreshDatabase:
    """A database reached by ``manage.py`` in a child process, as a user would."""

    def __init__(self, url: str, data_dir: Path) -> None:
        self.url, self.data_dir = url, data_dir
        self._engine: sa.Engine | None = None

    def manage(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "DATABASE_URL": self.url, "ARCHIVE_DATA_DIR": str(self.data_dir)}
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False,
        )

    @property
    def engine(self) -> sa.Engine:
        if self._engine is None:
            self._engine = create_engine(self.url)
        return self._engine

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
