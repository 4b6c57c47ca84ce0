"""Alembic environment: the archive tables only.

Two ways in: ``python manage.py migrate`` hands over a live connection (so test
databases and ``--keepdb`` just work); the ``alembic`` command line connects to
``DATABASE_URL`` (or the embedded SQLite file).  Django's own tables and the
full-text index tables share the database but are not Alembic's business.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from archive.config import database_url
from archive.db import create_engine
from archive.schema import metadata

config = context.config
target_metadata = metadata


def include_name(name: str | None, type_: str, _parent_names: Any) -> bool:
    """Compare only tables that our metadata declares."""
    if type_ == "table":
        return name in target_metadata.tables
    return True


def run_with_connection(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=include_name,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with_connection(connection)
        return
    engine = create_engine(database_url())
    with engine.connect() as connection:
        run_with_connection(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported: triggers differ by dialect")
run_migrations_online()
