"""Storing parsed documents: created, unchanged, corrected as new versions, shared people."""

from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from archive import schema
from archive.attribution import acting_as
from archive.ingest.document import (
    ParsedAffiliation,
    ParsedAuthor,
    ParsedDisclaimer,
    ParsedDocument,
    ParsedFootnote,
    Problem,
)
from archive.ingest.store import Outcome, SourceBytes, store_document
from archive.records import document_record, validate_record


def parsed(**changes: object) -> ParsedDocument:
    document = ParsedDocument(
        title="Rivers and Borders",
        subtitle=None,
        kind="opinion",
        language="en",
        published=dt.date(2019, 11, 25),
        published_raw="25 November 2019",
        authors=[
            ParsedAuthor(
                name="Mira Okafor",
                honorific="Prof.",
                position=1,
                affiliations=[
                    ParsedAffiliation(organization="Lakeside University", title="professor")
                ],
            ),
            ParsedAuthor(name="Tomas Berg", position=2),
        ],
        publisher="Delta Forum",
        disclaimer=ParsedDisclaimer(
            text="Views are the authors' own and not those of the Delta Forum.",
            disclaims="Delta Forum",
        ),
        paragraphs=["First paragraph.", "Second paragraph, with a note."],
        section_starts=[0],
        footnotes=[
            ParsedFootnote(number=1, text="A source.", paragraph=1, offset=16),
            ParsedFootnote(
                number=2,
                text="Another, https://example.org/x",
                paragraph=2,
                offset=30,
                urls=["https://example.org/x"],
            ),
        ],
        repairs=[],
        problems=[],
    )
    return dataclasses.replace(document, **changes)


def store(sessions: sessionmaker[Session], document: ParsedDocument, content: bytes, **kw):
    with acting_as("ingest:rivers.txt"), sessions.begin() as session:
        return store_document(session, document, SourceBytes("rivers.txt", content), **kw)


def count(sessions: sessionmaker[Session], model: type) -> int:
    with sessions() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(model))


def record(sessions: sessionmaker[Session], document_id: int, view: str = "full") -> dict:
    with sessions() as session:
        return document_record(session, document_id, view)


def test_new_document_is_stored_whole_and_valid(sessions) -> None:
    """Every field lands in its row, and the record validates in both views."""
    result = store(sessions, parsed(), b"original bytes", publish=True)
    assert result.outcome is Outcome.CREATED
    assert result.status == "published"
    data = record(sessions, result.document_id)
    assert validate_record(data) == []
    assert validate_record(record(sessions, result.document_id, "public")) == []
    assert [a["name"] for a in data["authors"]] == ["Mira Okafor", "Tomas Berg"]
    assert data["authors"][0]["affiliations"][0]["organization"]["name"] == "Lakeside University"
    assert data["publisher"]["name"] == "Delta Forum"
    assert data["disclaimer"]["disclaims"] == "Delta Forum"
    assert data["footnotes"][1]["anchor"] == {"paragraph": 2, "offset": 30}
    assert data["source"]["size"] == len(b"original bytes")
    assert data["changed_by"] == "ingest:rivers.txt"
    # The organisation named as publisher and in the disclaimer is one row.
    assert count(sessions, schema.Organization) == 2


def test_new_documents_notes_are_stamped_rows_in_number_order(sessions) -> None:
    """A new document's notes are written together: each is a first version, attributed."""
    notes = [ParsedFootnote(number=n, text=f"Note {n}.", paragraph=1, offset=n)
             for n in (3, 1, 2)]
    result = store(sessions, parsed(footnotes=notes), b"three notes")
    with sessions() as session:
        rows = session.execute(
            sa.select(schema.Footnote.number, schema.Footnote.text, schema.Footnote.version,
                      schema.Footnote.changed_by, schema.Footnote.status)
            .where(schema.Footnote.document_id == result.document_id)
            .order_by(schema.Footnote.number)).all()
    assert [tuple(row) for row in rows] == [
        (n, f"Note {n}.", 1, "ingest:rivers.txt", "active") for n in (1, 2, 3)]
    assert [n["number"] for n in record(sessions, result.document_id)["footnotes"]] == [1, 2, 3]


def test_same_bytes_twice_changes_nothing(sessions) -> None:
    """Idempotence: the same sha256 is recognised and nothing is written."""
    first = store(sessions, parsed(), b"same bytes")
    second = store(sessions, parsed(), b"same bytes")
    assert second.outcome is Outcome.UNCHANGED
    assert second.document_id == first.document_id
    assert count(sessions, schema.Document) == 1
    assert count(sessions, schema.History) == 0


def test_corrected_file_is_a_new_version_of_the_same_document(sessions) -> None:
    """Changed rows get version 2, dropped notes are withdrawn, untouched rows stay."""
    first = store(sessions, parsed(), b"first edition")
    corrected = parsed(
        footnotes=[ParsedFootnote(number=1, text="A corrected source.", paragraph=1, offset=16)]
    )
    second = store(sessions, corrected, b"second edition")
    assert (second.outcome, second.document_id) == (Outcome.UPDATED, first.document_id)
    assert count(sessions, schema.Document) == 1
    data = record(sessions, first.document_id)
    notes = {note["number"]: note for note in data["footnotes"]}
    assert (notes[1]["text"], notes[1]["version"]) == ("A corrected source.", 2)
    assert notes[2]["status"] == "withdrawn"  # gone from the file: withdrawn, not deleted
    assert data["authors"][0]["version"] == 1  # untouched rows keep their version
    assert count(sessions, schema.SourceFile) == 2  # both originals are kept
    with sessions() as session:
        old_texts = session.scalars(
            sa.select(schema.History.snapshot).where(schema.History.table_name == "footnote")
        ).all()
    assert {"A source.", "Another, https://example.org/x"} == {s["text"] for s in old_texts}


def test_a_retitled_file_is_a_correction_of_the_document_from_the_same_file_name(
    sessions,
) -> None:
    """Title and date changed: the file name still says which document it corrects."""
    first = store(sessions, parsed(), b"first edition")
    retitled = parsed(title="Rivers Reconsidered", published=dt.date(2020, 2, 2))
    second = store(sessions, retitled, b"retitled edition")
    assert (second.outcome, second.document_id) == (Outcome.UPDATED, first.document_id)
    assert record(sessions, first.document_id)["title"] == "Rivers Reconsidered"
    with acting_as("ingest:other.txt"), sessions.begin() as session:
        other = store_document(
            session, parsed(title="Another River", published=dt.date(2019, 1, 1)),
            SourceBytes("other.txt", b"another file"),
        )
    assert other.outcome is Outcome.CREATED and other.document_id != first.document_id


def test_one_person_across_documents(sessions) -> None:
    """The same name, spelled with other case and spacing, is the same person."""
    store(sessions, parsed(), b"one")
    other = parsed(title="Another Column", authors=[ParsedAuthor(name="mira  OKAFOR", position=1)])
    store(sessions, other, b"two")
    assert count(sessions, schema.Person) == 2  # Mira Okafor (shared) and Tomas Berg


def test_document_with_problems_stays_in_review(sessions) -> None:
    """--publish does not publish a document whose parsing found problems."""
    problem = Problem(
        stage="footnotes", line=12, raw="7 Orphan note", reason="note 7 has no marker"
    )
    result = store(sessions, parsed(problems=[problem]), b"with a problem", publish=True)
    assert result.status == "draft"
    data = record(sessions, result.document_id)
    assert data["problems"][0]["reason"] == "note 7 has no marker"
    assert data["problems"][0]["resolved"] is False
