"""Merging duplicate people in the core: one transaction, one change, nothing deleted."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from archive import schema
from archive.attribution import acting_as
from archive.curation import MergeError, merge_people


def person_of(session: Session, document_id: int) -> int:
    return session.scalars(
        sa.select(schema.Authorship.person_id).where(schema.Authorship.document_id == document_id)
    ).one()


def test_merge_moves_authorships_and_leaves_a_pointer(
    make_document, sessions: sessionmaker[Session]
) -> None:
    """Authorships move to the kept record; the duplicate is withdrawn, pointing to it."""
    first, second = make_document(title="One"), make_document(title="Two")
    with sessions() as session:
        kept, duplicate = person_of(session, first), person_of(session, second)
    with acting_as("librarian-ann") as change, sessions.begin() as session:
        result = merge_people(session, kept, [duplicate])
    assert (result.kept_id, result.merged_ids, result.moved_authorships) == (kept, (duplicate,), 1)
    with sessions() as session:
        assert person_of(session, second) == kept
        merged = session.get(schema.Person, duplicate)
        assert (merged.status, merged.merged_into_id, merged.version) == ("withdrawn", kept, 2)
        history = session.scalars(sa.select(schema.History)).all()
    # One change: every history row carries the same actor and moment.
    assert sorted(h.table_name for h in history) == ["authorship", "person"]
    assert {(h.changed_by, h.changed_at.replace(tzinfo=None)) for h in history} == {
        ("librarian-ann", change.at.replace(tzinfo=None))
    }


@pytest.mark.parametrize("merged", [[], "self"])
def test_merge_refuses_nonsense(make_document, sessions, merged) -> None:
    """Merging nothing, or a record into itself, is refused."""
    document = make_document()
    with sessions() as session:
        kept = person_of(session, document)
    with acting_as("librarian-ann"), sessions.begin() as session:
        with pytest.raises(MergeError):
            merge_people(session, kept, [kept] if merged == "self" else merged)


def test_merge_refuses_withdrawn_or_missing_people(make_document, sessions) -> None:
    """A record already merged away cannot be merged again, and unknown ids are named."""
    first, second = make_document(title="One"), make_document(title="Two")
    with sessions() as session:
        kept, duplicate = person_of(session, first), person_of(session, second)
    with acting_as("librarian-ann"), sessions.begin() as session:
        merge_people(session, kept, [duplicate])
    with acting_as("librarian-ann"), sessions.begin() as session:
        with pytest.raises(MergeError, match="already withdrawn"):
            merge_people(session, kept, [duplicate])
        with pytest.raises(MergeError, match="no person with id 999"):
            merge_people(session, kept, [999])
