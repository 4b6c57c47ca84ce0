"""The database is built by ``migrate`` (Django, then Alembic) and matches the models."""

from __future__ import annotations

from io import StringIO

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from django.core.management import call_command

from archive.attribution import utcnow
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


def _insert(connection: sa.Connection, table: str, **values: object) -> int:
    """A row with exactly these columns: the head schema's later columns (and their
    Python-side defaults) do not exist in an older database."""
    columns = metadata.tables[table].columns
    shape = sa.table(table, *(sa.column(name, columns[name].type) for name in values),
                     sa.column("id"))
    return connection.execute(sa.insert(shape).values(**values).returning(shape.c.id)).scalar_one()


def _insert_untitled_document(connection: sa.Connection, title: str) -> int:
    """A document as ingest stored an untitled file before revision 0008 (raw SQL)."""
    now = utcnow()
    source = _insert(
        connection, "source_file",
        sha256="0" * 64, filename="report_a.txt", format="text", media_type="text/plain",
        size=4, content=b"text", ingested_at=now, version=1, changed_by="ingest:report_a.txt",
        changed_at=now,
    )
    return _insert(
        connection, "document",
        status="published", title=title, kind="article", language="en", text="A body.",
        section_starts=[], repairs=[], source_id=source, created_at=now, version=1,
        changed_by="ingest:report_a.txt", changed_at=now,
    )


def test_0008_repairs_untitled_documents_and_forbids_them(engine: sa.Engine) -> None:
    """Untitled rows of an older database get a derived title, history and a problem; then
    the CHECK refuses an empty title, and every trigger is still there (SQLite rebuild)."""
    with engine.connect() as connection:
        triggers_at_head = installed_triggers(connection)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0007")
    with engine.begin() as connection:
        untitled = _insert_untitled_document(connection, "")
        blank = _insert(
            connection, "document",
            status="draft", title="   ", kind="article", language="en", text="Body.",
            section_starts=[], repairs=[], created_at=utcnow(), version=1,
            changed_by="test:setup", changed_at=utcnow(),
        )
        _insert(
            connection, "footnote",
            document_id=untitled, number=1, text="A note.", urls=[], url_fragments=[],
            status="active", version=1, changed_by="test:setup", changed_at=utcnow(),
        )
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    document, problem = metadata.tables["document"], metadata.tables["problem"]
    with engine.connect() as connection:
        assert installed_triggers(connection) == triggers_at_head
        rows = {
            row.id: row
            for row in connection.execute(sa.select(document).order_by(document.c.id))
        }
        assert rows[untitled].title == "report a"
        assert rows[blank].title == f"Untitled document {blank}"
        assert rows[untitled].version == 2 and rows[untitled].changed_by == "migration:0008"
        assert rows[untitled].status == "published"  # a title is repaired, not a decision undone
        history = connection.execute(sa.text(
            "SELECT version, changed_by FROM history WHERE table_name = 'document' AND row_id = :id"
        ), {"id": untitled}).all()
        assert [tuple(h) for h in history] == [(1, "migration:0008")]
        problems = connection.execute(
            sa.select(problem.c.document_id, problem.c.field, problem.c.resolved)
        ).all()
        assert sorted(tuple(p) for p in problems) == [
            (untitled, "title", False), (blank, "title", False)
        ]
        notes = connection.scalar(sa.text("SELECT count(*) FROM footnote"))
        assert notes == 1  # children kept their document through the rebuild
    for bad in ("", "  "):
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
            _insert_untitled_document(connection, bad)
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
        connection.execute(sa.text(
            "UPDATE document SET title = '', version = version + 1 WHERE id = :id"
        ), {"id": untitled})


def test_0025_downgrade_folds_pending_vocabulary_changes(engine: sa.Engine) -> None:
    """Going back below 0025 counts what ingest left pending before dropping its table."""
    from archive.search import suggest

    with engine.begin() as connection:
        connection.exec_driver_sql(
            f"INSERT INTO {suggest.TABLE} (word, documents) VALUES ('harbour', 1), ('tolls', 1)")
        suggest.defer_change(connection, set(), {"harbour", "ledgers"})
        suggest.defer_change(connection, {"tolls"}, set())
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0024")
        with engine.connect() as connection:
            assert not sa.inspect(connection).has_table(suggest.PENDING)
            counts = dict(connection.exec_driver_sql(
                f"SELECT word, documents FROM {suggest.TABLE}").all())
        assert counts == {"harbour": 2, "ledgers": 1}  # tolls fell to 0 and left
    finally:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")


def _search_functions(connection: sa.Connection) -> dict[str, str]:
    if connection.dialect.name == "sqlite":
        return {}
    rows = connection.exec_driver_sql(
        "SELECT proname, prosrc FROM pg_proc WHERE proname IN "
        "('archive_search_tiers', 'archive_search_estimate')"
    )
    return dict(rows.all())


def test_0026_search_tiers_and_estimate_go_down_and_up(engine: sa.Engine) -> None:
    """Revision 0026 adds the two functions on PostgreSQL (nothing on SQLite) and takes
    them away again; back at head they are the code's (``archive.search.postgresql``)."""
    from archive.search.postgresql import ESTIMATE_FUNCTION, TIERS_FUNCTION

    with engine.connect() as connection:
        at_head = _search_functions(connection)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0025")
    with engine.connect() as connection:
        assert _search_functions(connection) == {}
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    with engine.connect() as connection:
        assert _search_functions(connection) == at_head
    if engine.dialect.name == "postgresql":
        assert set(at_head) == {"archive_search_tiers", "archive_search_estimate"}
        for name, source in at_head.items():
            code = TIERS_FUNCTION if name == "archive_search_tiers" else ESTIMATE_FUNCTION
            assert " ".join(source.split()) in " ".join(code.split())
