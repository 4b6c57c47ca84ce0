"""A librarian's corrections of the citation graph: merge works, split a citation off.

Both are ordinary versioned writes in the caller's transaction and
attribution (the admin's request), so each is in the history and can be
reverted row by row like any other change.

* **Merge**: the citations of the merged works move to the kept one
  (``match = "librarian"``), and each merged work is withdrawn with
  ``merged_into_id``, so ingest links later citations of it to the kept work.
* **Split**: citations that a fuzzy match (or a wrong parse) put under the
  wrong work get a new work of their own, described by the first one's fields.
* **Undo**: a merge or a split is undone as a whole, as a new change
  (:func:`undo_curation`): the citations go back to the works they cited
  before, the merged works are active again, a work made by a split is withdrawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from archive import schema
from archive.citegraph.identity import identity_of
from archive.history import revert_change

__all__ = ["CurationError", "MergeResult", "merge_works", "new_work", "split_citations",
           "undo_curation"]


class CurationError(ValueError):
    """A merge or split that cannot be done as asked (the message says why)."""


@dataclass(frozen=True, slots=True)
class MergeResult:
    kept_id: int
    merged_ids: tuple[int, ...]
    moved_citations: int


def _active_works(session: Session, ids: Sequence[int]) -> dict[int, schema.Work]:
    rows = session.scalars(sa.select(schema.Work).where(schema.Work.id.in_(ids))).all()
    works = {work.id: work for work in rows}
    missing = [str(i) for i in ids if i not in works]
    if missing:
        raise CurationError(f"no work with id {', '.join(missing)}")
    withdrawn = [w.title for w in rows if w.status != schema.RecordStatus.ACTIVE]
    if withdrawn:
        raise CurationError(f"already withdrawn or merged: {'; '.join(withdrawn)}")
    return works


def merge_works(session: Session, keep_id: int, merged_ids: Sequence[int]) -> MergeResult:
    merged = tuple(dict.fromkeys(merged_ids))
    if not merged or keep_id in merged:
        raise CurationError("merge at least one other work into the kept one")
    works = _active_works(session, [keep_id, *merged])
    kept = works[keep_id]
    citations = session.scalars(sa.select(schema.Citation).where(
        schema.Citation.work_id.in_(merged)).order_by(schema.Citation.id)).all()
    for citation in citations:
        citation.work_id = kept.id
        citation.match = "librarian"
    for work_id in merged:
        work = works[work_id]
        work.status = schema.RecordStatus.WITHDRAWN
        work.merged_into_id = kept.id
        work.withdrawn_reason = f"merged into #{kept.id} {kept.title[:200]}"
    session.flush()
    return MergeResult(kept.id, merged, len(citations))


def new_work(item: dict[str, Any]) -> schema.Work:
    """A new work row described by a citation's CSL fields (not added to a session)."""
    identity = identity_of(item)
    return schema.Work(type=item.get("type", "document"),
                       title=item.get("title") or item.get("container-title") or "(untitled)",
                       csl=item, year=identity.year, doi=identity.doi, url=identity.url,
                       identity_key=identity.key, author_key=identity.author,
                       status=schema.RecordStatus.ACTIVE)


def split_citations(session: Session, citation_ids: Sequence[int]) -> schema.Work:
    """A new work for these citations, described by the first one's parsed fields."""
    citations = session.scalars(sa.select(schema.Citation).where(
        schema.Citation.id.in_(citation_ids)).order_by(schema.Citation.id)).all()
    if not citations or len(citations) != len(set(citation_ids)):
        raise CurationError("choose the citations to split off")
    work = new_work(dict(citations[0].csl))
    session.add(work)
    session.flush()
    for citation in citations:
        citation.work_id = work.id
        citation.match = "librarian"
    session.flush()
    return work


# Changes written by the core, not by a librarian: not curation to undo here.
_NOT_CURATION = ("ingest:", "restore:")


def undo_curation(session: Session, work_id: int) -> int:
    """Undo the librarian's merge or split that last wrote the work (a merged work, or the
    work a split made); the rows written since by anyone else are left as they are."""
    work = session.get(schema.Work, work_id)
    if work is None:
        raise CurationError(f"no work with id {work_id}")
    if work.changed_by.startswith(_NOT_CURATION) or (
            work.version > 1 and work.merged_into_id is None):
        raise CurationError(f"“{work.title[:80]}” was not made by a merge or a split; "
                            "to go back on an edit of its fields, edit it again")
    written = revert_change(session, work.changed_by, work.changed_at, ("work", "citation"))
    if not written:
        raise CurationError(f"nothing left to undo for “{work.title[:80]}”")
    return written
