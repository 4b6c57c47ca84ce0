"""Engines and sessions for the archive tables.

SQLite needs three things to take more than one writer without "database is
locked" errors: WAL (readers never block the writer), a busy timeout (a writer
waits for the lock instead of failing at once) and ``BEGIN IMMEDIATE`` (a
transaction takes the write lock when it starts, so it can never be refused
half way through after a read, which a busy timeout cannot retry).  pysqlite's
own transaction handling issues a plain ``BEGIN`` lazily, so it is switched off
and the engine emits ``BEGIN IMMEDIATE`` itself (the SQLAlchemy-documented
recipe for pysqlite).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.compiler import InsertmanyvaluesSentinelOpts

from archive import attribution
from archive.schema import Versioned

__all__ = [
    "READ_ONLY_OPTION",
    "SQLITE_BUSY_TIMEOUT_MS",
    "create_engine",
    "read_session_factory",
    "session_factory",
]

SQLITE_BUSY_TIMEOUT_MS = 30_000
READ_ONLY_OPTION = "archive_read_only"


def create_engine(url: str | sa.URL, **kwargs: Any) -> Engine:
    """An engine for ``url``, with SQLite set up for concurrent writers."""
    url = sa.make_url(url)
    if url.drivername in ("postgres", "postgresql"):  # psycopg 3, not psycopg2
        url = url.set(drivername="postgresql+psycopg")
    engine = sa.create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    # A multi-row INSERT … RETURNING id gives each row the next rowid in the order the
    # rows are listed (one more than the largest in the table: SQLite's rule for an
    # INTEGER PRIMARY KEY without AUTOINCREMENT, taken under this writer's lock), so
    # the returned ids sorted are the rows' ids in order -- what SQLAlchemy relies on
    # for MySQL and PostgreSQL (``ANY_AUTOINCREMENT``).  Without the flag it inserts
    # the rows of an ORM flush one statement each (a document's notes, citations,
    # works and authors: ~30 statements a document instead of ~8).
    engine.dialect.insertmanyvalues_implicit_sentinel = (
        InsertmanyvaluesSentinelOpts.ANY_AUTOINCREMENT
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        # Readers (see read_session_factory) take no write lock: in WAL mode they
        # read a consistent snapshot and never wait behind a writer.
        read_only = connection.get_execution_options().get(READ_ONLY_OPTION, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that stamp every versioned row with the current attribution."""
    return sessionmaker(engine, expire_on_commit=False)


def read_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for reading only (pages, the API, backups): no write lock on SQLite."""
    return sessionmaker(engine.execution_options(**{READ_ONLY_OPTION: True}))


@event.listens_for(Session, "before_flush")
def _stamp_attribution(session: Session, _context: Any, _instances: Any) -> None:
    """Set ``changed_by``/``changed_at`` on every new or changed versioned row."""
    touched = [*session.new, *(obj for obj in session.dirty if session.is_modified(obj))]
    versioned = [obj for obj in touched if isinstance(obj, Versioned)]
    if not versioned:
        return
    change = attribution.current_change()
    for obj in versioned:
        obj.changed_by = change.actor
        obj.changed_at = change.at
