"""The database is built by ``migrate`` (Django, then Alembic) and matches the models."""

from __future__ import annotations

from io import StringIO

import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from django.core.management import call_command

from archive.schema import VERSIONED_TABLES, metadata
from archive.triggers import history_protection_names, trigger_names
from catalog.schema_migrations import alembic_config


def installed_triggers(connection: sa.Connection) -> set[str]:
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    else:
        rows = connection.exec_driver_sql("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
    return {name for (name,) in rows}


def test_alembic_check_is_clean(engine: sa.Engine) -> None:
    """The migrations at head produce exactly the SQLAlchemy metadata (alembic check)."""
    with engine.begin() as connection:
        command.check(alembic_config(connection))


def test_expression_indexes_exist_at_head(engine: sa.Engine) -> None:
    """``alembic check`` cannot compare expression indexes on SQLite: look them up by name."""
    expected = {
        index.name
        for table in metadata.tables.values()
        for index in table.indexes
        if any(not isinstance(e, sa.Column) for e in index.expressions)
    }
    assert "ix_document_title_lower" in expected
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            rows = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
        else:
            rows = connection.exec_driver_sql("SELECT indexname FROM pg_indexes")
        assert expected <= {name for (name,) in rows}


def test_every_history_trigger_exists_at_head(engine: sa.Engine) -> None:
    """Each versioned table has its version check and history triggers; history is protected."""
    expected = {name for table in VERSIONED_TABLES for name in trigger_names(table)}
    expected |= set(history_protection_names())
    with engine.connect() as connection:
        assert expected <= installed_triggers(connection)


def test_migrate_twice_changes_nothing(engine: sa.Engine) -> None:
    """A second migrate applies nothing and leaves the schema and triggers as they were."""
    with engine.connect() as connection:
        before = (installed_triggers(connection), set(sa.inspect(connection).get_table_names()))
    out = StringIO()
    call_command("migrate", stdout=out, verbosity=1)
    assert "No migrations to apply." in out.getvalue()
    with engine.connect() as connection:
        after = (installed_triggers(connection), set(sa.inspect(connection).get_table_names()))
        revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert after == before
    assert revision == ScriptDirectory.from_config(alembic_config()).get_current_head()
