"""A document's history: grouped changes with diffs, as-of reads, and revert as a new version."""

from __future__ import annotations

import datetime as dt
import time

import sqlalchemy as sa
from django.db import connection, transaction
from sqlalchemy.orm import Session, sessionmaker

from archive import schema
from archive.attribution import acting_as
from archive.history import (
    document_history,
    document_record_as_of,
    published_document_ids_as_of,
    revert_document,
    word_diff,
)
from archive.records import document_record
from catalog.models import Footnote

VOLATILE = {"version", "changed_by", "changed_at"}


def content(record: dict) -> dict:
    """A record without per-version bookkeeping, to compare content across versions."""
    if isinstance(record, dict):
        return {k: content(v) for k, v in record.items() if k not in VOLATILE}
    if isinstance(record, list):
        return [content(v) for v in record]
    return record


def tick() -> dt.datetime:
    """A moment strictly between two changes."""
    time.sleep(0.002)
    moment = dt.datetime.now(dt.UTC)
    time.sleep(0.002)
    return moment


def read(sessions: sessionmaker[Session], fn, *args):
    with sessions() as session:
        return fn(session, *args)


def edit_through_every_path(sessions, document_id: int) -> None:
    notes = list(Footnote.objects.filter(document_id=document_id).order_by("number"))
    with acting_as("ann"):  # one admin-style save of two footnotes: one change
        for note in notes[:2]:
            note.text = note.text + " (checked)"
            note.save()
    tick()
    with acting_as("ingest:fix.txt"), sessions.begin() as session:
        session.get(schema.Document, document_id).title = "A retitled document"
    tick()
    with acting_as("bo"):
        Footnote.objects.filter(pk=notes[2].pk).update(text="Rewritten by a bulk update.")
    tick()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE footnote SET text = %s, version = version + 1, changed_by = %s WHERE id = %s",
            ["Fixed in SQL.", "sql:maintenance", notes[0].pk],
        )


def test_history_groups_changes_with_authors_and_diffs(make_document, sessions) -> None:
    """Each write path shows as one change with the right author, route and field diff."""
    document_id = make_document(footnotes=3)
    edit_through_every_path(sessions, document_id)
    changes = read(sessions, document_history, document_id)
    assert [(c.actor, c.via) for c in changes] == [
        ("test:factory", "test"),
        ("ann", "admin"),
        ("ingest:fix.txt", "ingest"),
        ("bo", "admin"),
        ("sql:maintenance", "sql"),
    ]
    created, by_ann, by_ingest, by_bo, by_sql = changes
    assert "footnote 3" in created.created and "document" in created.created
    assert {(f.label, f.field, f.old, f.new) for f in by_ann.fields} == {
        ("footnote 1", "text", "Note 1.", "Note 1. (checked)"),
        ("footnote 2", "text", "Note 2.", "Note 2. (checked)"),
    }
    assert [(f.field, f.new) for f in by_ingest.fields] == [("title", "A retitled document")]
    assert [(f.label, f.new) for f in by_bo.fields] == [
        ("footnote 3", "Rewritten by a bulk update.")
    ]
    assert [(f.old, f.new) for f in by_sql.fields] == [("Note 1. (checked)", "Fixed in SQL.")]


def test_as_of_reads_return_the_record_as_it_was(make_document, sessions) -> None:
    """The record as of a past moment equals the record that was current then."""
    document_id = make_document(footnotes=2, status="published")
    before = read(sessions, document_record, document_id, "public")
    moment = tick()
    with acting_as("ann"):
        Footnote.objects.filter(document_id=document_id, number=1).update(text="Changed.")
    assert read(sessions, document_record_as_of, document_id, moment, "public") == before
    now = read(sessions, document_record, document_id, "public")
    later = read(sessions, document_record_as_of, document_id, tick(), "public")
    assert later == now != before
    long_ago = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    assert read(sessions, document_record_as_of, document_id, long_ago) is None


def test_a_deleted_row_is_gone_as_of_after_its_deletion(make_document, sessions) -> None:
    """A footnote deleted outright (a "D" history row) is in the record before, not after."""
    document_id = make_document(footnotes=3)
    before_delete = tick()
    with acting_as("ann"), sessions.begin() as session:
        note = session.scalars(
            sa.select(schema.Footnote).where(
                schema.Footnote.document_id == document_id, schema.Footnote.number == 2
            )
        ).one()
        session.delete(note)
    after_delete = tick()

    def numbers(at: dt.datetime) -> list[int]:
        record = read(sessions, document_record_as_of, document_id, at, "full")
        return [note["number"] for note in record["footnotes"]]

    assert numbers(before_delete) == [1, 2, 3]
    assert numbers(after_delete) == [1, 3]
    now = read(sessions, document_record, document_id, "full")
    assert read(sessions, document_record_as_of, document_id, after_delete, "full") == now


def test_withdrawn_document_is_in_the_catalog_as_of_before(make_document, sessions) -> None:
    """A withdrawn document is gone now but listed as of a moment before its withdrawal."""
    document_id = make_document(status="published")
    moment = tick()
    with acting_as("ann"), sessions.begin() as session:
        document = session.get(schema.Document, document_id)
        document.status, document.withdrawn_reason = "withdrawn", "duplicate record"
    assert read(sessions, published_document_ids_as_of, moment) == [document_id]
    assert read(sessions, published_document_ids_as_of, tick()) == []


def test_revert_restores_the_earlier_record_as_a_new_version(make_document, sessions) -> None:
    """Revert gives back the earlier content exactly; the history only grows."""
    document_id = make_document(footnotes=2)
    original = read(sessions, document_record, document_id, "full")
    moment = tick()
    with acting_as("ann"), sessions.begin() as session:
        document = session.get(schema.Document, document_id)
        document.title = "Vandalised"
        document.footnotes[0].text = "Wrong."
        document.footnotes.append(
            schema.Footnote(number=3, text="Added later.", urls=[], url_fragments=[])
        )
    with sessions() as session:
        history_before = session.scalar(sa.select(sa.func.count()).select_from(schema.History))
    with acting_as("carla"), sessions.begin() as session:
        assert revert_document(session, document_id, moment) == 3
    reverted = read(sessions, document_record, document_id, "full")
    assert reverted["version"] == original["version"] + 2
    assert reverted["changed_by"] == "carla"
    added = [n for n in reverted["footnotes"] if n["number"] == 3]
    assert added[0]["status"] == "withdrawn"
    reverted["footnotes"] = [n for n in reverted["footnotes"] if n["number"] != 3]
    assert content(reverted) == content(original)
    with sessions() as session:
        history_after = session.scalar(sa.select(sa.func.count()).select_from(schema.History))
    assert history_after == history_before + 3  # title, footnote 1, footnote 3: all kept
    assert document_history_actors(sessions, document_id)[-1] == "carla"


def document_history_actors(sessions, document_id: int) -> list[str]:
    return [change.actor for change in read(sessions, document_history, document_id)]


def test_word_diff_marks_changed_words() -> None:
    ops = word_diff("The war erupt ed in 2020.", "The war erupted in 2020.")
    assert [(op.op, op.text) for op in ops if op.op != "equal"] == [
        ("delete", "erupt ed"),
        ("insert", "erupted"),
    ]
    assert "".join(op.text for op in ops if op.op != "insert") == "The war erupt ed in 2020."
