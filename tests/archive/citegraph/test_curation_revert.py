"""A librarian's merge, split and correction of the citation graph are versioned and revertible."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from archive import schema
from archive.attribution import acting_as
from archive.citegraph.curation import (
    CurationError,
    merge_works,
    split_citations,
    undo_curation,
)
from archive.citegraph.linking import link_citations
from archive.history import revert_document, row_history

BOOK = ("Farid Shafiyev, Resettling the Borderlands: State Relocations and Ethnic Conflict in "
        "the South Caucasus (Montreal: McGill-Queen’s University Press, {year}), 64.")
ARTICLE = ("Arsene Saparov, “Why Autonomy? The Making of Nagorno-Karabakh Autonomous Region "
           "1918-1925,” Europe-Asia Studies, no. 2 vol.64 (March 2012): 281-323.")


def _document(sessions: sessionmaker[Session], title: str, notes: list[str]) -> int:
    with acting_as("ingest:test"), sessions.begin() as session:
        document = schema.Document(
            title=title, kind="article", language="en", status="published", text="Body.",
            section_starts=[0], repairs=[], created_at=dt.datetime.now(dt.UTC))
        for number, text in enumerate(notes, 1):
            document.footnotes.append(schema.Footnote(number=number, text=text, urls=[],
                                                      url_fragments=[]))
        session.add(document)
        session.flush()
        link_citations(session, document)
        return document.id


def _citations(sessions: sessionmaker[Session]) -> dict[int, tuple[int, str, int]]:
    """citation id → (work id, match, version)."""
    with sessions() as session:
        rows = session.execute(sa.select(schema.Citation.id, schema.Citation.work_id,
                                         schema.Citation.match, schema.Citation.version))
        return {r.id: (r.work_id, r.match, r.version) for r in rows}


def _works(sessions: sessionmaker[Session]) -> dict[int, tuple[str, int | None, int]]:
    """work id → (status, merged into, version)."""
    with sessions() as session:
        rows = session.execute(sa.select(schema.Work.id, schema.Work.status,
                                         schema.Work.merged_into_id, schema.Work.version))
        return {r.id: (r.status, r.merged_into_id, r.version) for r in rows}


def test_a_merge_is_undone_as_a_whole(sessions: sessionmaker[Session]) -> None:
    """Citations go back to the works they cited; the merged work is active again."""
    _document(sessions, "First", [BOOK.format(year=2018)])
    _document(sessions, "Second", [BOOK.format(year=2019), ARTICLE])
    citations, works = _citations(sessions), _works(sessions)
    kept, merged = sorted(w for w, _ in {c[0]: 1 for c in citations.values()}.items())[:2]
    with acting_as("ann"), sessions.begin() as session:
        result = merge_works(session, kept, [merged])
    assert result.moved_citations == 1
    assert _works(sessions)[merged][:2] == ("withdrawn", kept)
    with acting_as("bob"), sessions.begin() as session:
        assert undo_curation(session, merged) == 2
    after = _works(sessions)
    assert after[merged] == ("active", None, works[merged][2] + 2)
    assert {c: (w, v) for c, (w, _m, v) in _citations(sessions).items()} == {
        c: (w, v + 2 if w == merged else v) for c, (w, _m, v) in citations.items()}
    with sessions() as session:
        changes = row_history(session, "work", merged)
    assert [change.actor for change in changes][-2:] == ["ann", "bob"]
    with acting_as("bob"), sessions.begin() as session, pytest.raises(CurationError):
        undo_curation(session, kept)  # made by ingest: nothing of a librarian's to undo


def test_a_split_is_undone_and_its_work_withdrawn(sessions: sessionmaker[Session]) -> None:
    _document(sessions, "First", [BOOK.format(year=2018), BOOK.format(year=2018)])
    first, second = sorted(_citations(sessions))
    original = _citations(sessions)[second]
    with acting_as("ann"), sessions.begin() as session:
        new = split_citations(session, [second]).id
    assert _citations(sessions)[second][:2] == (new, "librarian")
    with acting_as("bob"), sessions.begin() as session:
        undo_curation(session, new)
    assert _citations(sessions)[second] == (*original[:2], 3)
    assert _works(sessions)[new][0] == "withdrawn"


def test_a_later_change_is_not_undone_silently(sessions: sessionmaker[Session]) -> None:
    """A citation moved again after the merge stays where the later change put it."""
    _document(sessions, "First", [BOOK.format(year=2018)])
    _document(sessions, "Second", [BOOK.format(year=2019)])
    kept, merged = sorted(_works(sessions))
    with acting_as("ann"), sessions.begin() as session:
        merge_works(session, kept, [merged])
    moved = next(c for c, (_w, m, _v) in _citations(sessions).items() if m == "librarian")
    with acting_as("carla"), sessions.begin() as session:
        new = split_citations(session, [moved]).id
    with acting_as("bob"), sessions.begin() as session:
        undo_curation(session, merged)
    assert _works(sessions)[merged][0] == "active"
    assert _citations(sessions)[moved][0] == new


def test_a_correction_reverts_with_its_document(sessions: sessionmaker[Session]) -> None:
    """A citation is a child of its document: the document's revert sets a correction back."""
    document_id = _document(sessions, "First", [ARTICLE])
    time.sleep(0.002)
    before = dt.datetime.now(dt.UTC)
    time.sleep(0.002)
    with acting_as("ann"), sessions.begin() as session:
        citation = session.scalars(sa.select(schema.Citation)).one()
        parsed = dict(citation.csl)
        citation.csl = {**parsed, "title": "Why Autonomy? (corrected)"}
        citation.corrected = True
    with acting_as("bob"), sessions.begin() as session:
        assert revert_document(session, document_id, before) == 1
    with sessions() as session:
        citation = session.scalars(sa.select(schema.Citation)).one()
        assert (citation.csl, citation.corrected, citation.version) == (parsed, False, 3)
        assert citation.changed_by == "bob"
