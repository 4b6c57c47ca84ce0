"""The search index exists at head and follows every change to the indexed tables."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest
import sqlalchemy as sa
from django.db import connection
from sqlalchemy.orm import Session, sessionmaker

from archive import schema
from archive.attribution import acting_as
from archive.search import parse_query, postgresql, sqlite
from catalog.public.search import clause_for


def matching(text: str, notes: str = "") -> set[int]:
    clause = clause_for(parse_query(text), parse_query(notes))
    assert clause is not None
    with connection.cursor() as cursor:
        if clause.exclude:
            cursor.execute(f"SELECT id FROM document WHERE id NOT IN ({clause.ids})", clause.params)
        else:
            cursor.execute(clause.ids, clause.params)
        return {row[0] for row in cursor.fetchall()}


# One vector per indexed part of a document (title, authors, disclaimer, each note, body).
VECTORS = "SELECT (document_id, part, note_id)::text, tsv::text FROM search_part"


def assert_index_consistent(engine: sa.Engine) -> None:
    """FTS5's own integrity checks against the external contents (SQLite: the document
    rows and the active notes); recomputed vectors (PG)."""
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            for table in sqlite.INDEXES:
                conn.exec_driver_sql(
                    f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)"
                )
            return
        stored = dict(conn.exec_driver_sql(VECTORS).all())
        for statement in postgresql.rebuild_sql():
            conn.exec_driver_sql(statement)
        rebuilt = dict(conn.exec_driver_sql(VECTORS).all())
        assert stored == rebuilt


def test_every_search_trigger_exists_at_head(engine: sa.Engine) -> None:
    """The triggers that keep the index in sync are installed by the migrations."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            expected = {name for name, _ in sqlite.TRIGGERS}
        else:
            rows = conn.exec_driver_sql("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            expected = {name for name, _, _ in postgresql.TRIGGERS}
        assert expected <= {name for (name,) in rows}


def test_index_covers_title_body_authors_disclaimer_and_notes(
    create: Callable[..., int], factories: ModuleType, engine: sa.Engine
) -> None:
    """Each source of text finds its document, and only it."""
    Note = factories.Note
    doc = create(
        "Zanzibar treaty",
        text="Body with quokkas marching.\n\nMore.",
        authors=["Ottoline Quibble"],
        disclaimer="Views of the Xylophonists.",
        notes=[Note("See the Wombat report.", ["https://example.org/wombat"])],
    )
    other = create("Unrelated", text="Nothing here.")
    for word in ("zanzibar", "quokkas", "quibble", "xylophonists", "wombat"):
        assert matching(word) == {doc}, word
    assert matching("wombat", notes="") == {doc}
    assert matching("", notes="wombat") == {doc}
    assert matching("", notes="quokkas") == set()  # body text is not a footnote
    assert matching("-quokkas") == {other}
    assert matching('"quokkas marching"') == {doc}
    assert matching('"marching quokkas"') == set()
    assert_index_consistent(engine)


def test_terms_may_be_in_the_text_and_in_different_notes(
    create: Callable[..., int], factories: ModuleType, engine: sa.Engine
) -> None:
    """Notes are indexed apart from their document, yet a query's words may be spread over
    the document's own text and its notes; a phrase stays inside one note."""
    Note = factories.Note
    doc = create(
        "Harbour survey",
        text="Tides measured at dawn.",
        notes=[Note("Gazetteer of lighthouses."), Note("Almanac of moorings.")],
    )
    create("Other survey", text="Lighthouses and tides, no notes.")
    assert matching("dawn gazetteer almanac") == {doc}
    assert matching("survey moorings") == {doc}
    assert matching("dawn -almanac") == set()
    assert matching("", notes="gazetteer almanac") == {doc}
    assert matching('"gazetteer of lighthouses"') == {doc}
    assert matching('"lighthouses almanac"') == set()  # the end of one note, the next
    assert_index_consistent(engine)


def test_index_follows_updates_and_deletes(
    create: Callable[..., int],
    factories: ModuleType,
    sessions: sessionmaker[Session],
    engine: sa.Engine,
) -> None:
    """Edits of the document, a footnote, a person's name and the disclaimer move the index."""
    Note = factories.Note
    doc = create(
        "Old title",
        authors=["Ada Lovelace"],
        disclaimer="Old disclaimer.",
        notes=[Note("Old note"), Note("Kept note")],
    )
    with acting_as("test:edit"), sessions.begin() as session:
        document = session.get(schema.Document, doc)
        document.title = "Fresh title"
        document.footnotes[0].text = "Renewed note"
        document.footnotes[1].status = schema.RecordStatus.WITHDRAWN
        document.authorships[0].person.name = "Augusta King"
        session.delete(document.disclaimer)
    assert matching("fresh") == {doc} and matching("old") == set()
    assert matching("renewed") == {doc} and matching("kept") == set()
    assert matching("augusta") == {doc} and matching("lovelace") == set()
    assert matching("disclaimer") == set()
    assert_index_consistent(engine)
    with acting_as("test:edit"), sessions.begin() as session:
        document = session.get(schema.Document, doc)
        for row in [*document.footnotes, *document.authorships]:
            session.delete(row)
        session.flush()
        session.delete(document)
    assert matching("fresh") == set()
    assert_index_consistent(engine)


HOSTILE = ['"', "*", "NEAR(a b)", "a:b", "(", "-", "🙂", "\x00", "x" * 10_000]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_never_fail_in_the_engine(create: Callable[..., int], text: str) -> None:
    """Quoted terms reach the engine; nothing the user types is FTS syntax."""
    create("Plain document")
    clause = clause_for(parse_query(text), parse_query(text))
    if clause is not None:
        matching(text, text)
