"""Shared fixtures: the test database (built by ``migrate``, Alembic included) and factories.

Django's transactional test cases flush only the tables Django manages; the
archive tables are unmanaged, so ``archive_db`` empties them after each test.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from archive import schema
from archive.attribution import acting_as, utcnow
from archive.schema import VERSIONED_TABLES
from archive.triggers import protect_history, unprotect_history


def pytest_configure(config: pytest.Config) -> None:
    """The data folder the test SQLite file and static files live in.

    Importing the settings writes nothing (catalog/settings.py); a fresh clone
    has no ``data/`` until ``make run``, and the test database goes there.
    """
    from django.conf import settings

    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def _sqlalchemy_engines(django_db_setup: None) -> Iterator[None]:
    """Close SQLAlchemy's pooled connections before the test database is dropped."""
    yield
    from catalog.sa import dispose_engines

    dispose_engines()


@pytest.fixture
def engine(archive_db: None, _sqlalchemy_engines: None) -> Engine:
    from catalog.sa import engine_for

    return engine_for()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    from catalog.sa import session_for

    return session_for()


@pytest.fixture
def archive_db(transactional_db: None) -> Iterator[None]:
    """A database whose archive tables are emptied after the test."""
    yield
    from catalog.sa import engine_for

    empty_archive_tables(engine_for())


def empty_archive_tables(engine: Engine) -> None:
    """Empty every archive table, history included (lifting its protection for the moment)."""
    tables = [*reversed(VERSIONED_TABLES), "history", "quarantined_file"]
    with engine.begin() as connection:
        dialect = connection.dialect.name
        for statement in unprotect_history(dialect):
            connection.exec_driver_sql(statement)
        if sa.inspect(connection).has_table("oai_record"):
            tables.append("oai_record")  # derived from the catalog: emptied with it
        for derived in ("search_vocabulary", "search_vocabulary_change"):
            if sa.inspect(connection).has_table(derived):
                tables.append(derived)  # derived too
        if sa.inspect(connection).has_table("ingest_job"):
            tables.append("ingest_job")
        if dialect == "postgresql":
            connection.exec_driver_sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        else:
            # Row ids restart at 1 by themselves: the tables have no AUTOINCREMENT.
            for table in tables:
                connection.exec_driver_sql(f"DELETE FROM {table}")
        for statement in protect_history(dialect):
            connection.exec_driver_sql(statement)


@pytest.fixture
def empty_archive(engine: Engine):
    """Empty the archive tables in the middle of a test (a second import into a fresh catalog)."""
    return lambda: empty_archive_tables(engine)


@pytest.fixture
def actor() -> Iterator[str]:
    """Attribute the test's writes to a named actor."""
    with acting_as("test:setup"):
        yield "test:setup"


@pytest.fixture
def make_document(sessions: sessionmaker[Session]):
    """Create a document with an author, a disclaimer and footnotes, through the core."""

    def make(
        title: str = "A document",
        footnotes: int = 2,
        status: str = "draft",
        published: dt.date = dt.date(2020, 1, 31),
    ) -> int:
        with acting_as("test:factory"), sessions.begin() as session:
            document = build_document(title=title, footnotes=footnotes, status=status)
            document.published = published
            session.add(document)
            session.flush()
            return document.id

    return make


def build_document(title: str, footnotes: int, status: str) -> schema.Document:
    now = utcnow()
    publisher = schema.Organization(name="Example Press", name_key="example press")
    person = schema.Person(name="Ada Example", name_key="ada example")
    document = schema.Document(
        title=title, kind="article", language="en", status=status, text="Body text.",
        section_starts=[0], repairs=[], created_at=now, publisher=publisher,
        published=dt.date(2020, 1, 31),
    )
    document.authorships.append(schema.Authorship(person=person, position=1, honorific="Dr."))
    document.disclaimer = schema.Disclaimer(
        text="Views are the author's own.", organization=publisher
    )
    for number in range(1, footnotes + 1):
        document.footnotes.append(
            schema.Footnote(number=number, text=f"Note {number}.", urls=[], url_fragments=[])
        )
    return document


# -- the background ingest's queue and workers (real processes) --------------------------

ROOT = Path(__file__).resolve().parents[1]
# Overridable so that two test runs on one machine (two checkouts) use different Redis dbs.
REDIS_URL = os.environ.get("ARCHIVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")


def worker_database_url() -> str:
    """The test database, as a URL for a worker process."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return (
        f"postgresql://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT'] or 5432}"
        f"/{settings['NAME']}"
    )


@pytest.fixture
def queue_url(archive_db: None, tmp_path: Path) -> Iterator[str]:
    """The queue of this home, shared by this process (which enqueues) and the workers."""
    from django.db import connection
    from huey.contrib.djhuey import HUEY
    from huey.storage import RedisStorage, SqliteStorage

    original = HUEY.storage
    if connection.vendor == "sqlite":
        url = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
        HUEY.storage = SqliteStorage(name="archive", filename=str(tmp_path / "queue.sqlite3"))
    else:
        url = REDIS_URL
        HUEY.storage = RedisStorage(name="archive", url=REDIS_URL)
    HUEY.storage.flush_all()
    yield url
    HUEY.storage.flush_all()
    HUEY.storage = original


class Workers:
    """``run_huey`` processes started by this test (and only those are stopped by it)."""

    def __init__(self, queue_url: str, lease_seconds: int) -> None:
        self.env = {
            **os.environ,
            "DATABASE_URL": worker_database_url(),
            "ARCHIVE_QUEUE_URL": queue_url,
            "ARCHIVE_INGEST_LEASE_SECONDS": str(lease_seconds),
        }
        self.processes: list[subprocess.Popen] = []

    def start(self) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_huey", "--workers", "1", "--worker-type", "thread",
             "--delay", "0.1", "--max-delay", "0.5"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@pytest.fixture
def workers(queue_url: str) -> Iterator[Workers]:
    pool = Workers(queue_url, lease_seconds=3)
    yield pool
    pool.stop()


def wait_for(condition, timeout: float = 240.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)
