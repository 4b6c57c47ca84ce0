"""One scratch database per run (and per restore target), built by ``manage.py migrate``.

SQLite (``DATABASE_URL`` unset): files in the run's temporary folder.
PostgreSQL (``DATABASE_URL`` set): scratch databases named ``bench_<pid>_<name>``
on that server, dropped when the run ends.  The schema is built once, by
``python manage.py migrate`` in a child process (Django's tables, then Alembic's,
as in production); every further empty database is a copy of that template (a
file copy, or ``CREATE DATABASE … TEMPLATE``), which takes a fraction of a second.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import psycopg
import sqlalchemy as sa

from archive.config import PROJECT_ROOT
from bench.procs import manage, run_child

__all__ = ["Databases", "MigrateFailed"]

BENCH_SECRET_KEY = "bench-only-not-a-secret-" + "x" * 40


class MigrateFailed(RuntimeError):
    """``manage.py migrate`` did not build the schema."""


class Databases:
    """Creates, copies and drops the run's databases."""

    def __init__(self, workdir: Path, server_url: str | None) -> None:
        self.workdir = workdir
        self.server_url = sa.make_url(server_url) if server_url else None
        self.kind = "postgresql" if self.server_url else "sqlite"
        self.data_dir = workdir / "data"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._created: list[str] = []
        self._template: str | None = None

    # -- environment ----------------------------------------------------------------

    def env(self, url: str) -> dict[str, str]:
        """The environment of a child process that should use the database at ``url``."""
        env = dict(os.environ)
        env.update(
            DATABASE_URL=url,
            ARCHIVE_DATA_DIR=str(self.data_dir),
            DJANGO_SETTINGS_MODULE="catalog.settings",
            DJANGO_SECRET_KEY=BENCH_SECRET_KEY,
            DJANGO_DEBUG="0",
            PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")])),
        )
        return env

    def url(self, name: str) -> str:
        if self.server_url is None:
            return f"sqlite:///{self.workdir / f'{name}.sqlite3'}"
        return self.server_url.set(database=self._pg_name(name)).render_as_string(
            hide_password=False
        )

    def _pg_name(self, name: str) -> str:
        return f"bench_{os.getpid()}_{name}"

    # -- lifecycle ------------------------------------------------------------------

    def create(self, name: str) -> str:
        """An empty database at head, named ``name``; its URL."""
        if self._template is None:
            self._template = self._migrate("template")
        url = self.url(name)
        if self.server_url is None:
            shutil.copyfile(self._sqlite_path(self._template), self._sqlite_path(url))
        else:
            self._admin(
                f'CREATE DATABASE "{self._pg_name(name)}" TEMPLATE "{self._pg_name("template")}"'
            )
            self._created.append(self._pg_name(name))
        return url

    def blank(self, name: str) -> str:
        """A database with nothing in it, not even the schema (a dump's restore target)."""
        url = self.url(name)
        if self.server_url is not None:
            self._admin(f'CREATE DATABASE "{self._pg_name(name)}" TEMPLATE template0')
            self._created.append(self._pg_name(name))
        return url

    def conninfo(self, url: str) -> str:
        """``url`` as libpq tools (``pg_dump``, ``pg_restore``) take it."""
        return url.replace("postgresql+psycopg://", "postgresql://")

    def _migrate(self, name: str) -> str:
        url = self.url(name)
        if self.server_url is not None:
            self._admin(f'CREATE DATABASE "{self._pg_name(name)}"')
            self._created.append(self._pg_name(name))
        result = run_child(manage("migrate", "--noinput", "--verbosity", "0"), self.env(url))
        if not result.ok:
            raise MigrateFailed(f"manage.py migrate failed: {result.failure()}")
        if self.server_url is None:
            # Fold the WAL into the main file, so a plain file copy is the whole database.
            with sqlite3.connect(self._sqlite_path(url)) as connection:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return url

    def kept(self) -> list[str]:
        """The URLs of the run's PostgreSQL databases (``--keep`` leaves them for a look)."""
        if self.server_url is None:
            return []
        return [self.server_url.set(database=name).render_as_string(hide_password=False)
                for name in self._created]

    def drop_all(self) -> None:
        """Drop every scratch database of the run (PostgreSQL; SQLite files go with the folder)."""
        for name in reversed(self._created):
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._created.clear()

    def size_bytes(self, url: str) -> int:
        if self.server_url is None:
            path = self._sqlite_path(url)
            wal = path.with_name(path.name + "-wal")
            return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
        with psycopg.connect(self._conninfo(sa.make_url(url).database)) as connection:
            row = connection.execute("SELECT pg_database_size(current_database())").fetchone()
            return int(row[0]) if row else 0

    def server_version(self) -> str | None:
        if self.server_url is None:
            return None
        with psycopg.connect(self._conninfo("postgres")) as connection:
            row = connection.execute("SHOW server_version").fetchone()
            return str(row[0]) if row else None

    # -- helpers --------------------------------------------------------------------

    @staticmethod
    def _sqlite_path(url: str) -> Path:
        return Path(str(sa.make_url(url).database))

    def sqlite_path(self, url: str) -> Path | None:
        return self._sqlite_path(url) if self.server_url is None else None

    def _conninfo(self, database: str | None) -> str:
        assert self.server_url is not None
        url = self.server_url.set(drivername="postgresql", database=database)
        return url.render_as_string(hide_password=False)

    def _admin(self, statement: str) -> None:
        # The maintenance database always exists; the one named in DATABASE_URL may not.
        with psycopg.connect(self._conninfo("postgres"), autocommit=True) as connection:
            connection.execute(statement)

