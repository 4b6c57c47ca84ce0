"""Deferred indexing: documents inserted in bulk are indexed once, whole, and never lost."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import ModuleType

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from archive import schema
from archive.attribution import acting_as, utcnow
from archive.search import deferred_indexing

from .test_index_sync import assert_index_consistent, matching


def _new_document(session: Session, title: str, notes: list[str]) -> schema.Document:
    person = schema.Person(name="Philippa Quern", name_key="philippa quern")
    document = schema.Document(
        title=title, kind="opinion", language="en", status="published",
        text="The body speaks of lighthouses.", section_starts=[0], repairs=[],
        created_at=utcnow(), published=dt.date(2020, 1, 2),
    )
    document.authorships.append(schema.Authorship(person=person, position=1))
    document.disclaimer = schema.Disclaimer(text="Views of the Marmoset Society.")
    for number, text in enumerate(notes, start=1):
        note = schema.Footnote(number=number, text=text, urls=[], url_fragments=[])
        document.footnotes.append(note)
    session.add(document)
    return document


def _deferred_rows(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        true = "true" if conn.dialect.name == "postgresql" else "1"
        return conn.exec_driver_sql(
            f"SELECT count(*) FROM document_search WHERE deferred = {true}"
        ).scalar_one()


def test_a_document_inserted_in_a_deferral_is_indexed_whole_at_its_end(
    sessions: sessionmaker[Session], engine: sa.Engine
) -> None:
    notes = [f"Note {n} cites the quarterly almanac." for n in range(1, 30)] + ["A zebu note."]
    with acting_as("test:bulk"), sessions.begin() as session:
        with deferred_indexing(session.connection()):
            document = _new_document(session, "Harbour records", notes)
            session.flush()
            # Inside the block the document waits, unindexed, for the end.
            assert session.connection().exec_driver_sql(
                f"SELECT deferred FROM document_search WHERE document_id = {document.id}"
            ).scalar_one()
            # Its notes, edited or withdrawn before the end, are indexed as they end up.
            document.footnotes[0].text = "A note about the okapi."
            document.footnotes[1].status = schema.RecordStatus.WITHDRAWN
            document.footnotes[1].text = "A withdrawn note about the tapir."
            session.flush()
        doc = document.id
    for word in ("harbour", "lighthouses", "quern", "marmoset", "almanac", "zebu", "okapi"):
        assert matching(word) == {doc}, word
    assert matching("", notes="zebu") == {doc}
    assert matching("tapir") == set()
    assert _deferred_rows(engine) == 0
    assert_index_consistent(engine)


def test_documents_already_indexed_are_updated_row_by_row_inside_a_deferral(
    create: Callable[..., int], factories: ModuleType,
    sessions: sessionmaker[Session], engine: sa.Engine,
) -> None:
    doc = create("Old harbour", notes=[factories.Note("An original note.")])
    with acting_as("test:edit"), sessions.begin() as session:
        with deferred_indexing(session.connection()):
            document = session.get(schema.Document, doc)
            document.footnotes[0].text = "A corrected gazetteer note."
            document.title = "New harbour"
            session.flush()
            # Not deferred: the edit is in the index before the block ends.
            assert not session.connection().exec_driver_sql(
                f"SELECT deferred FROM document_search WHERE document_id = {doc}"
            ).scalar_one()
    assert matching("gazetteer") == {doc} and matching("original") == set()
    assert matching("new") == {doc} and matching("old") == set()
    assert_index_consistent(engine)


def test_an_error_inside_a_deferral_leaves_no_marker_behind(
    sessions: sessionmaker[Session], engine: sa.Engine
) -> None:
    with pytest.raises(RuntimeError), acting_as("test:bulk"), sessions.begin() as session:
        with deferred_indexing(session.connection()):
            _new_document(session, "Never stored", ["A lost note."])
            session.flush()
            raise RuntimeError("the writer fails half way")
    assert matching("never") == set()
    # A later insert outside any deferral is indexed at once, not deferred.
    with acting_as("test:bulk"), sessions.begin() as session:
        document = _new_document(session, "Stored later", ["A kept note."])
        session.flush()
        doc = document.id
    assert matching("later") == {doc}
    assert _deferred_rows(engine) == 0
    assert_index_consistent(engine)


def test_flagging_an_indexed_document_deferred_cannot_corrupt_the_index(
    create: Callable[..., int], engine: sa.Engine
) -> None:
    """SQLite refuses (the index would lose the row's old values); PostgreSQL re-indexes."""
    doc = create("Indexed lighthouse")
    flag = f"UPDATE document_search SET deferred = true WHERE document_id = {doc}"
    if engine.dialect.name == "sqlite":
        with pytest.raises(sa.exc.DatabaseError, match="only a document inserted"):
            with engine.begin() as conn:
                conn.exec_driver_sql(flag)
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql(flag)
            conn.exec_driver_sql("UPDATE document_search SET deferred = false WHERE deferred")
    assert matching("lighthouse") == {doc}
    assert_index_consistent(engine)
