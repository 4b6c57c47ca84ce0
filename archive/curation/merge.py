"""Merging duplicate people.

Two person records for one author happen when ingest meets two spellings of a
name.  Merging moves every authorship of the duplicates to the kept record
(each keeping the name as its document printed it, ``printed_name``)
and withdraws each duplicate with a pointer (``merged_into_id``) and a reason.
Nothing is deleted, so links to a merged record can still be followed.

The caller owns the transaction and the attribution (``acting_as(...)``): run
the merge in one ``session.begin()`` block inside one ``acting_as`` context and
every row it touches carries the same ``changed_by`` and ``changed_at``, so the
history reads the merge as one change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from archive import schema
from archive.errors import ArchiveError

__all__ = ["MergeError", "MergeResult", "merge_people"]


class MergeError(ArchiveError):
    """The merge asked for cannot be made (unknown, withdrawn or repeated records)."""


@dataclass(frozen=True, slots=True)
class MergeResult:
    kept_id: int
    merged_ids: tuple[int, ...]
    moved_authorships: int


def merge_people(
    session: Session, keep_id: int, merged_ids: Sequence[int], reason: str | None = None
) -> MergeResult:
    """Merge the people ``merged_ids`` into ``keep_id``; see the module docstring."""
    merged_ids = tuple(dict.fromkeys(merged_ids))
    if not merged_ids or keep_id in merged_ids:
        raise MergeError("merge at least one other record into the kept one")
    people = _active_people(session, [keep_id, *merged_ids])
    kept = people[keep_id]
    authorships = session.scalars(
        sa.select(schema.Authorship)
        .where(schema.Authorship.person_id.in_(merged_ids))
        .order_by(schema.Authorship.id)
    ).all()
    for authorship in authorships:
        # The byline keeps the spelling this document printed, now linked to the kept person.
        if authorship.printed_name is None:
            authorship.printed_name = people[authorship.person_id].name
        authorship.person_id = kept.id
    for person_id in merged_ids:
        person = people[person_id]
        person.status = schema.RecordStatus.WITHDRAWN
        person.merged_into_id = kept.id
        person.withdrawn_reason = reason or f"merged into #{kept.id} {kept.name}"
    session.flush()
    return MergeResult(kept.id, merged_ids, len(authorships))


def _active_people(session: Session, ids: list[int]) -> dict[int, schema.Person]:
    rows = session.scalars(
        sa.select(schema.Person).where(schema.Person.id.in_(ids)).with_for_update()
    ).all()
    people = {person.id: person for person in rows}
    missing = [i for i in ids if i not in people]
    if missing:
        raise MergeError(f"no person with id {', '.join(map(str, missing))}")
    withdrawn = [p.name for p in rows if p.status != schema.RecordStatus.ACTIVE]
    if withdrawn:
        raise MergeError(f"already withdrawn or merged: {', '.join(withdrawn)}")
    return people
