"""Two writers, one through Django and one through SQLAlchemy, never hit "database is locked"."""

from __future__ import annotations

import threading
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
