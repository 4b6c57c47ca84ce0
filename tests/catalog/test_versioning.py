"""Every write path leaves one history row with the old snapshot, and stale writes are refused."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from django.db import DatabaseError, connection, transaction
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from archive import schema
from archive.attribution import MissingAttribution, acting_as
from archive.errors import StaleWrite
from archive.triggers import HISTORY_APPEND_ONLY_MESSAGE, STALE_WRITE_MESSAGE
from catalog.models import Footnote, History


def footnote_id(make_document) -> int:
    document_id = make_document(footnotes=1)
    return Footnote.objects.get(document_id=document_id).id


def history_of(row_id: int) -> list[History]:
    return list(History.objects.filter(table_name="footnote", row_id=row_id).order_by("id"))


def assert_one_change(row_id: int, old_text: str, actor: str) -> None:
    (entry,) = history_of(row_id)
    assert entry.operation == "U"
    assert entry.version == 1
    assert entry.snapshot["text"] == old_text
    assert entry.snapshot["version"] == 1
    assert entry.snapshot["changed_by"] == "test:factory"
    assert entry.changed_by == actor
    current = Footnote.objects.get(pk=row_id)
    assert current.version == 2
    assert current.changed_by == actor


def test_django_save_is_versioned(make_document) -> None:
    """Model.save() raises the version and the trigger keeps the old row."""
    pk = footnote_id(make_document)
    note = Footnote.objects.get(pk=pk)
    with acting_as("librarian-ann"):
        note.text = "Corrected."
        note.save()
    assert note.version == 2
    assert_one_change(pk, "Note 1.", "librarian-ann")


def test_sqlalchemy_session_is_versioned(make_document, sessions: sessionmaker[Session]) -> None:
    """A SQLAlchemy unit of work is versioned and attributed the same way."""
    pk = footnote_id(make_document)
    with acting_as("ingest:fixture.txt"), sessions.begin() as session:
        session.get(schema.Footnote, pk).text = "Corrected."
    assert_one_change(pk, "Note 1.", "ingest:fixture.txt")


def test_queryset_update_is_versioned(make_document) -> None:
    """QuerySet.update() raises versions and attributes the change."""
    pk = footnote_id(make_document)
    with acting_as("librarian-bo"):
        assert Footnote.objects.filter(pk=pk).update(text="Corrected.") == 1
    assert_one_change(pk, "Note 1.", "librarian-bo")


def test_raw_sql_is_versioned(make_document) -> None:
    """Raw SQL that follows the rule (version + 1) is recorded by the trigger too."""
    pk = footnote_id(make_document)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE footnote SET text = %s, version = version + 1, changed_by = %s WHERE id = %s",
            ["Corrected.", "sql:maintenance", pk],
        )
    assert_one_change(pk, "Note 1.", "sql:maintenance")


def test_raw_sql_without_version_is_refused(make_document) -> None:
    """An UPDATE that does not raise the version is refused by the database itself."""
    pk = footnote_id(make_document)
    with pytest.raises(DatabaseError, match=STALE_WRITE_MESSAGE):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE footnote SET text = 'Sneaky.' WHERE id = %s", [pk])
    assert Footnote.objects.get(pk=pk).text == "Note 1."
    assert history_of(pk) == []


def test_delete_keeps_the_row_in_history(make_document) -> None:
    """A DELETE (not the normal way: records are withdrawn) still leaves the row in history."""
    pk = footnote_id(make_document)
    Footnote.objects.filter(pk=pk).delete()
    (entry,) = history_of(pk)
    assert (entry.operation, entry.snapshot["text"]) == ("D", "Note 1.")


def test_stale_django_save_is_refused(make_document) -> None:
    """Two copies of one row: the second save fails with StaleWrite and overwrites nothing."""
    pk = footnote_id(make_document)
    first, second = Footnote.objects.get(pk=pk), Footnote.objects.get(pk=pk)
    with acting_as("ann"):
        first.text = "Ann's fix."
        first.save()
        second.text = "Bo's fix."
        with pytest.raises(StaleWrite, match="changed by someone else"):
            second.save()
    assert Footnote.objects.get(pk=pk).text == "Ann's fix."
    assert len(history_of(pk)) == 1


def test_stale_sqlalchemy_write_is_refused(make_document, sessions: sessionmaker[Session]) -> None:
    """SQLAlchemy's version_id_col refuses a flush when the row moved on since it was read."""
    pk = footnote_id(make_document)
    with sessions.begin() as session:
        note = session.get(schema.Footnote, pk)  # read, then the transaction ends
    with acting_as("ann"):
        Footnote.objects.filter(pk=pk).update(text="Ann's fix.")
    note.text = "Bo's fix."
    with acting_as("bo"), pytest.raises(StaleDataError), sessions.begin() as session:
        session.add(note)
    assert Footnote.objects.get(pk=pk).text == "Ann's fix."


def test_write_without_attribution_is_refused(make_document, sessions) -> None:
    """No anonymous changes: a write outside acting_as() raises before touching the row."""
    pk = footnote_id(make_document)
    note = Footnote.objects.get(pk=pk)
    note.text = "Anonymous."
    with pytest.raises(MissingAttribution):
        note.save()
    with pytest.raises(MissingAttribution), sessions.begin() as session:
        session.get(schema.Footnote, pk).text = "Anonymous."
    assert Footnote.objects.get(pk=pk).text == "Note 1."


def test_empty_attribution_is_refused_by_the_database(engine: sa.Engine, make_document) -> None:
    """The CHECK constraint refuses an empty changed_by even from raw SQL."""
    pk = footnote_id(make_document)
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.exec_driver_sql(
            f"UPDATE footnote SET version = version + 1, changed_by = '' WHERE id = {pk}"
        )


def test_history_cannot_be_rewritten_or_deleted(make_document, engine: sa.Engine) -> None:
    """Tampering with history is refused by the database, from any connection."""
    pk = footnote_id(make_document)
    with acting_as("ann"):
        Footnote.objects.filter(pk=pk).update(text="Changed.")
    (entry,) = history_of(pk)
    for statement in (
        f"UPDATE history SET changed_by = 'someone else' WHERE id = {entry.id}",
        f"DELETE FROM history WHERE id = {entry.id}",
    ):
        with pytest.raises(sa.exc.DBAPIError, match=HISTORY_APPEND_ONLY_MESSAGE):
            with engine.begin() as conn:
                conn.exec_driver_sql(statement)
    with pytest.raises(DatabaseError, match=HISTORY_APPEND_ONLY_MESSAGE):
        History.objects.filter(pk=entry.id).delete()
    assert history_of(pk)[0].changed_by == "ann"


def test_history_rows_name_their_document(make_document) -> None:
    """Each history row of a child row carries its document's id (one indexed look-up)."""
    document_id = make_document(footnotes=1)
    with acting_as("ann"):
        Footnote.objects.filter(document_id=document_id).update(text="Changed.")
    assert [h.document_id for h in History.objects.all()] == [document_id]
