"""A document update that keeps the body text leaves it out of its snapshot (revision 0023).

The history readers give it back from the next version: as-of reads, diffs and
reverts read exactly what they read when every snapshot carried the text.
"""

from __future__ import annotations

import datetime as dt
import time

import sqlalchemy as sa

from archive import schema
from archive.attribution import acting_as
from archive.history import document_history, document_record_as_of, revert_change, revert_document
from archive.records import document_record
from archive.triggers import SAME_AS_NEXT

TEXT_0 = "The first body text, long enough to be a real one."
TEXT_1 = "The second body text, written over the first."


def read(sessions, fn, *args):
    with sessions() as session:
        return fn(session, *args)


def tick() -> dt.datetime:
    """A moment strictly between two changes."""
    time.sleep(0.002)
    moment = dt.datetime.now(dt.UTC)
    time.sleep(0.002)
    return moment


def _edit(sessions, document_id: int, actor: str, **values) -> None:
    with acting_as(actor), sessions.begin() as session:
        document = session.get(schema.Document, document_id)
        for name, value in values.items():
            setattr(document, name, value)


def _document_snapshots(sessions, document_id: int) -> list[dict]:
    with sessions() as session:
        return list(
            session.scalars(
                sa.select(schema.History.snapshot)
                .where(schema.History.table_name == "document",
                       schema.History.row_id == document_id)
                .order_by(schema.History.version)
            )
        )


def _history_moment(sessions, actor: str):
    with sessions() as session:
        return session.scalar(
            sa.select(schema.History.changed_at).where(schema.History.changed_by == actor)
        )


def test_kept_text_is_left_out_and_read_back_exactly(make_document, sessions) -> None:
    """Title, text and metadata edits in turn: every past record reads as it was."""
    document_id = make_document(footnotes=1, status="published")
    _edit(sessions, document_id, "ann", text=TEXT_0)
    records, moments = [], []
    for actor, values in (
        ("bo", {"title": "Retitled once"}),  # text kept
        ("carla", {"text": TEXT_1, "title": "Retitled twice"}),  # text changed
        ("dan", {"published_raw": "31 Jan 2020"}),  # text kept
        ("eve", {"title": "Retitled thrice"}),  # text kept
    ):
        records.append(read(sessions, document_record, document_id, "full"))
        moments.append(tick())
        _edit(sessions, document_id, actor, **values)
    records.append(read(sessions, document_record, document_id, "full"))
    moments.append(tick())

    snapshots = _document_snapshots(sessions, document_id)
    left_out = [s for s in snapshots if SAME_AS_NEXT in s]
    assert [s[SAME_AS_NEXT] for s in left_out] == [["text"]] * 3
    assert all("text" not in s for s in left_out)
    # The factory's text went with ann's update (it changed it), TEXT_0 with carla's.
    assert [s.get("text") for s in snapshots if SAME_AS_NEXT not in s] == ["Body text.", TEXT_0]

    for moment, record in zip(moments, records, strict=True):
        assert read(sessions, document_record_as_of, document_id, moment, "full") == record

    text_changes = [
        (change.actor, field.old, field.new)
        for change in read(sessions, document_history, document_id)
        for field in change.fields
        if field.table == "document" and field.field == "text"
    ]
    assert text_changes == [("ann", "Body text.", TEXT_0), ("carla", TEXT_0, TEXT_1)]


def test_reverts_give_back_a_left_out_text(make_document, sessions) -> None:
    """Reverting to before a text change, or undoing a title change, writes the right text."""
    document_id = make_document(footnotes=1)
    _edit(sessions, document_id, "ann", text=TEXT_0)
    moment = tick()
    _edit(sessions, document_id, "bo", title="Retitled")  # text kept: left out
    _edit(sessions, document_id, "carla", text=TEXT_1)
    _edit(sessions, document_id, "dan", title="Retitled again")  # text kept: left out

    with acting_as("fay"), sessions.begin() as session:
        undone = revert_change(session, "dan", _history_moment(sessions, "dan"), ("document",))
    assert undone == 1
    now = read(sessions, document_record, document_id, "full")
    assert (now["title"], now["text"]) == ("Retitled", TEXT_1)

    with acting_as("gus"), sessions.begin() as session:
        revert_document(session, document_id, moment)
    now = read(sessions, document_record, document_id, "full")
    assert (now["title"], now["text"]) == ("A document", TEXT_0)
