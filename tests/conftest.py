"""Shared fixtures: the test database (built by ``migrate``, Alembic included) and factories.

Django's transactional test cases flush only the tables Django manages; the
archive tables are unmanaged, so ``archive_db`` empties them after each test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from archive import schema
from archive.attribution import acting_as, utcnow
from archive.schema import VERSIONED_TABLES
from archive.triggers import protect_history, unprotect_history


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
