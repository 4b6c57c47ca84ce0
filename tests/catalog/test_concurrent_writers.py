"""Two writers, one through Django and one through SQLAlchemy, never hit "database is locked"."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.db import connection, transaction
from sqlalchemy.orm import Session, sessionmaker

from archive import schema
from archive.attribution import acting_as
from catalog.models import Footnote, History

UPDATES_PER_WRITER = 1_000


def django_writer(pk: int) -> None:
    try:
        with acting_as("writer:django"):
            for _ in range(UPDATES_PER_WRITER):
                with transaction.atomic():
                    note = Footnote.objects.select_for_update().get(pk=pk)
                    note.anchor_offset += 1
                    note.save()
    finally:
        connection.close()


def sqlalchemy_writer(sessions: sessionmaker[Session], pk: int) -> None:
    with acting_as("writer:sqlalchemy"):
        for _ in range(UPDATES_PER_WRITER):
            with sessions.begin() as session:
                note = session.get(schema.Footnote, pk, with_for_update=True)
                note.anchor_offset += 1


def run_concurrently(*jobs: Callable[[], None]) -> list[BaseException]:
    errors: list[BaseException] = []

    def guarded(job: Callable[[], None]) -> None:
        try:
            job()
        except BaseException as error:  # collected and asserted on below
            errors.append(error)

    threads = [threading.Thread(target=guarded, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_writers_read_modify_write_without_lock_errors(make_document, sessions) -> None:
    """1,000 read-modify-write updates each: no error, no lost update, every version kept."""
    document_id = make_document(footnotes=1)
    pk = Footnote.objects.get(document_id=document_id).id
    with acting_as("test:setup"):
        Footnote.objects.filter(pk=pk).update(anchor_offset=0)

    errors = run_concurrently(
        lambda: django_writer(pk), lambda: sqlalchemy_writer(sessions, pk)
    )

    assert errors == []
    note = Footnote.objects.get(pk=pk)
    assert note.anchor_offset == 2 * UPDATES_PER_WRITER
    assert note.version == 2 + 2 * UPDATES_PER_WRITER
    history = History.objects.filter(table_name="footnote", row_id=pk)
    assert history.count() == 1 + 2 * UPDATES_PER_WRITER
    assert history.filter(changed_by="writer:django").count() == UPDATES_PER_WRITER
    assert history.filter(changed_by="writer:sqlalchemy").count() == UPDATES_PER_WRITER


def test_readers_do_not_wait_for_a_writer(make_document, engine) -> None:
    """A page's read session reads while another transaction holds the write lock."""
    from archive.db import read_session_factory

    document_id = make_document()
    with engine.connect() as writer:
        writer.begin()  # BEGIN IMMEDIATE on SQLite: the write lock is taken now
        writer.execute(
            schema.Document.__table__.update()
            .where(schema.Document.id == document_id)
            .values(title="Being edited", version=schema.Document.version + 1)
        )
        started = time.monotonic()
        with read_session_factory(engine)() as session:
            title = session.get(schema.Document, document_id).title
        assert title == "A document"  # the committed snapshot, not the pending edit
        assert time.monotonic() - started < 5  # well under the 30 s busy timeout
        writer.rollback()
