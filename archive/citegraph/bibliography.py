"""A document's bibliography as readers see it: each note's citations and the works cited.

The shapes here are what the public catalog shows and exports, whatever the
source: the present catalog (read by ``catalog.public.works`` through the one
"published only" rule) or the catalog as it was at a past moment, read back
from the history (:func:`document_citations_as_of`, :func:`citing_documents_as_of`).
A citation is shown with the *work* it is linked to: the work's CSL item is
how the catalog describes the book or article, the citation's own item is
what the note said (its pages, a short form's locator).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from archive import schema
from archive.history import document_state_at, row_at

__all__ = [
    "CitedWork",
    "NoteCitation",
    "citing_documents_as_of",
    "document_citations_as_of",
    "name_text",
    "reference",
    "works_cited",
]

ACTIVE = schema.RecordStatus.ACTIVE


@dataclass(frozen=True, slots=True)
class NoteCitation:
    """One citation of one note, with the work it cites."""

    note: int  # the footnote's number
    position: int  # 1-based, within the note
    work_id: int
    work: dict[str, Any]  # the work's CSL item
    item: dict[str, Any]  # the citation's CSL fields, as read in the note
    form: str  # "full", "short" or "ibid"


@dataclass(frozen=True, slots=True)
class CitedWork:
    """One work a document cites, and the notes that cite it."""

    work_id: int
    item: dict[str, Any]
    notes: tuple[int, ...]


def works_cited(citations: Iterable[NoteCitation]) -> list[CitedWork]:
    """Each work once, in the order the notes first cite it."""
    notes: dict[int, list[int]] = {}
    items: dict[int, dict[str, Any]] = {}
    for citation in citations:
        items.setdefault(citation.work_id, citation.work)
        numbers = notes.setdefault(citation.work_id, [])
        if citation.note not in numbers:
            numbers.append(citation.note)
    return [CitedWork(work_id, items[work_id], tuple(numbers))
            for work_id, numbers in notes.items()]


def name_text(name: dict[str, Any]) -> str:
    """A CSL name as printed: "Ronald Grigor Suny", or an organisation's literal name."""
    if name.get("literal"):
        return str(name["literal"])
    parts = (name.get("given"), name.get("dropping-particle"),
             name.get("non-dropping-particle"), name.get("family"), name.get("suffix"))
    return " ".join(str(part) for part in parts if part)


def _names(item: dict[str, Any]) -> str:
    names = [name_text(n) for n in item.get("author") or item.get("editor") or []]
    names = [n for n in names if n]
    if len(names) > 3:
        return f"{names[0]} et al."
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


def _year(item: dict[str, Any]) -> int | None:
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return parts[0][0] if parts and parts[0] else None


def reference(item: dict[str, Any]) -> str:
    """A plain-text reference: Authors (year). Title. Container. Publisher."""
    names, year = _names(item), _year(item)
    title = item.get("title") or item.get("container-title") or "(untitled)"
    container = item.get("container-title") if item.get("title") else None
    parts = [f"{names} ({year if year else 'n.d.'})." if names else
             (f"({year})." if year else None),
             f"{title}.", f"{container}." if container else None,
             f"{item['publisher']}." if item.get("publisher") else None]
    return " ".join(part for part in parts if part)


# -- the catalog as it was at a past moment ----------------------------------------


def _citations_in_state(session: Session, state: dict[tuple[str, int], dict[str, Any]],
                        at: dt.datetime, work_id: int | None = None) -> list[NoteCitation]:
    notes = {row_id: values for (table, row_id), values in state.items()
             if table == "footnote" and values["status"] == ACTIVE}
    works: dict[int, dict[str, Any] | None] = {}
    found = []
    for (table, _row_id), values in state.items():
        if table != "citation" or values["status"] != ACTIVE:
            continue
        if work_id is not None and values["work_id"] != work_id:
            continue
        note = notes.get(values["footnote_id"])
        if note is None:
            continue
        if values["work_id"] not in works:
            works[values["work_id"]] = row_at(session, "work", values["work_id"], at)
        work = works[values["work_id"]]
        if work is None or work["status"] != ACTIVE:
            continue
        found.append(NoteCitation(note["number"], values["position"], values["work_id"],
                                  work["csl"], values["csl"], values["form"]))
    return sorted(found, key=lambda c: (c.note, c.position))


def document_citations_as_of(session: Session, document_id: int,
                             at: dt.datetime) -> list[NoteCitation]:
    """The citations of the document's active notes as they were at ``at``.

    The caller has checked that the document was public then (``catalog.public.as_of``).
    """
    return _citations_in_state(session, document_state_at(session, document_id, at), at)


def _documents_ever_citing(session: Session, work_id: int) -> set[int]:
    """Documents with a citation of the work now, or in any earlier version."""
    now = session.scalars(sa.select(schema.Citation.document_id).where(
        schema.Citation.work_id == work_id))
    history = schema.History
    before = session.scalars(sa.select(history.document_id).where(
        history.table_name == "citation",
        history.snapshot["work_id"].as_integer() == work_id))
    return {*now, *(i for i in before if i is not None)}


def citing_documents_as_of(session: Session, work_id: int, at: dt.datetime,
                           public_ids: Sequence[int]) -> dict[int, list[NoteCitation]]:
    """Of the documents ``public_ids`` (public at ``at``), those whose notes cited the
    work at ``at``, with those citations, in id order."""
    public = set(public_ids)
    citing: dict[int, list[NoteCitation]] = {}
    for document_id in sorted(_documents_ever_citing(session, work_id) & public):
        state = document_state_at(session, document_id, at)
        if citations := _citations_in_state(session, state, at, work_id):
            citing[document_id] = citations
    return citing
