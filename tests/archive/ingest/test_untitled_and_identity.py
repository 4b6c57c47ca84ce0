"""Untitled files get a derived title; a correction is recognised by evidence, never by title.

Issue 14, items 1 and 2: an untitled plain-text file was stored with ``title = ''``
(which made every later backup unrestorable), and every untitled file became a
new version of the first one, since ``'' == ''``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from archive import schema
from archive.attribution import acting_as
from archive.curation import withdraw
from archive.ingest import parse_document
from archive.ingest.batch import FileStatus, ingest_file, ingest_paths
from archive.ingest.stages.untitled import derived_title
from archive.ingest.store import similar_text

HARBOUR = (
    "The harbour of Vardholm has changed a great deal over the last decade, as the fishing "
    "fleet shrank and the tidal turbines arrived, and the people who live there have opinions "
    "about all of it, which they share freely with anyone who asks and with many who do not, "
    "in the cafe by the pier every morning before the boats go out."
)
ROADS = (
    "Ice roads across the frozen lakes of the north carry fuel, food and building materials "
    "to communities that have no other way in for most of the year, and every winter the "
    "season during which the trucks can cross safely grows a little shorter than the last, "
    "which worries the drivers and the councils that depend on them."
)


def untitled(opening: str, rest: str = "A second paragraph follows here.") -> bytes:
    """A plain-text file that opens with a long paragraph: no title line at all."""
    return f"{opening}\n\n{rest}\n".encode()


def documents(sessions) -> list[schema.Document]:
    with sessions() as session:
        return list(session.scalars(sa.select(schema.Document).order_by(schema.Document.id)))


def test_an_untitled_file_gets_a_title_from_its_file_name_and_goes_to_review() -> None:
    """No title line: the title is derived from the file name and a problem says so."""
    parsed = parse_document(untitled(HARBOUR), "report_a.txt")
    assert parsed.title == "report a"
    assert [p.field for p in parsed.problems if p.stage == "untitled"] == ["title"]
    assert "derived from the file name" in parsed.problems[-1].reason


@pytest.mark.parametrize(
    ("filename", "title"),
    [
        ("report_a.txt", "report a"),
        ("folder/Annual-Report.2021.pdf", "Annual Report 2021"),
        (".txt", "txt"),  # a hidden file: its whole name
        ("", "Untitled document"),
        ("___.md", "Untitled document"),
    ],
)
def test_derived_title(filename: str, title: str) -> None:
    """The file name without folder and extension; separators become spaces."""
    assert derived_title(filename) == title


def test_untitled_files_never_overwrite_each_other(sessions, tmp_path: Path) -> None:
    """report_a.txt then memo_b.txt, both untitled: two documents, each with its own text."""
    (tmp_path / "report_a.txt").write_bytes(untitled(HARBOUR))
    (tmp_path / "memo_b.txt").write_bytes(untitled(ROADS))
    report = ingest_paths(sessions, [tmp_path])
    assert sorted(r.status for r in report.results) == [FileStatus.INGESTED] * 2
    stored = documents(sessions)
    assert sorted(d.title for d in stored) == ["memo b", "report a"]
    assert all(d.version == 1 and d.status == "draft" for d in stored)
    assert {d.text.split("\n\n")[0] for d in stored} == {HARBOUR, ROADS}


def test_same_title_and_date_is_not_a_correction(sessions, tmp_path: Path) -> None:
    """Two columns both called "Editorial", the same day, from different files: two documents."""
    for name, body in (("north.txt", HARBOUR), ("south.txt", ROADS)):
        (tmp_path / name).write_text(f"Editorial\n\nBy Ann Berg\n\nMarch 3, 2021\n\n{body}\n")
    report = ingest_paths(sessions, [tmp_path])
    assert [r.status for r in report.results] == [FileStatus.INGESTED] * 2
    assert [d.title for d in documents(sessions)] == ["Editorial", "Editorial"]


def test_a_corrected_file_of_the_same_name_is_a_new_version(sessions, tmp_path: Path) -> None:
    """Same file name and a similar text: the same document, version 2."""
    path = tmp_path / "report_a.txt"
    path.write_bytes(untitled(HARBOUR))
    first = ingest_file(sessions, path)
    path.write_bytes(untitled(HARBOUR.replace("decade", "ten years")))
    second = ingest_file(sessions, path)
    assert second.status is FileStatus.UPDATED and second.document_id == first.document_id
    (stored,) = documents(sessions)
    assert stored.version == 2 and "ten years" in stored.text


def test_a_different_text_under_the_same_file_name_is_a_new_document(
    sessions, tmp_path: Path
) -> None:
    """notes.txt from two folders, unrelated texts: never one document's versions."""
    for folder, body in (("a", HARBOUR), ("b", ROADS)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "notes.txt").write_bytes(untitled(body))
    report = ingest_paths(sessions, [tmp_path])
    assert [r.status for r in report.results] == [FileStatus.INGESTED] * 2
    assert len(documents(sessions)) == 2


def test_replaces_names_the_document_a_file_corrects(sessions, tmp_path: Path) -> None:
    """--replaces ID: a renamed, rewritten file becomes the next version of document ID."""
    (tmp_path / "draft.txt").write_bytes(untitled(HARBOUR))
    first = ingest_file(sessions, tmp_path / "draft.txt")
    (tmp_path / "final.txt").write_bytes(untitled(ROADS))
    second = ingest_file(sessions, tmp_path / "final.txt", replaces=first.document_id)
    assert (second.status, second.document_id) == (FileStatus.UPDATED, first.document_id)
    (stored,) = documents(sessions)
    assert stored.version == 2 and stored.text.startswith(ROADS)


def test_replaces_an_unknown_document_fails_and_writes_nothing(sessions, tmp_path) -> None:
    """--replaces 999 when there is no document 999: a clear failure, nothing stored."""
    (tmp_path / "final.txt").write_bytes(untitled(ROADS))
    result = ingest_file(sessions, tmp_path / "final.txt", replaces=999)
    assert result.status is FileStatus.FAILED
    assert "no document has that id" in (result.reason or "")
    assert documents(sessions) == []
    with sessions() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(schema.SourceFile)) == 0


def test_a_correction_never_republishes_a_withdrawn_document(sessions, tmp_path: Path) -> None:
    """A withdrawn document stays withdrawn when a corrected file arrives with --publish."""
    path = tmp_path / "column.txt"
    path.write_text(f"Harbour Days\n\nBy Ann Berg\n\nMarch 3, 2021\n\n{HARBOUR}\n")
    first = ingest_file(sessions, path, publish=True)
    assert first.document_status == "published"  # read without problems: --publish applies
    with acting_as("librarian-ann"), sessions.begin() as session:
        withdraw(session, "document", first.document_id, "court order")
    path.write_text(f"Harbour Days\n\nBy Ann Berg\n\nMarch 3, 2021\n\n{HARBOUR} And more.\n")
    second = ingest_file(sessions, path, publish=True)
    assert second.document_id == first.document_id
    (stored,) = documents(sessions)
    assert (stored.status, stored.withdrawn_reason) == ("withdrawn", "court order")


def test_similar_text() -> None:
    """A few words changed: similar; another text or nothing: not similar."""
    assert similar_text(HARBOUR, HARBOUR.replace("decade", "ten years"))
    assert not similar_text(HARBOUR, ROADS)
    assert not similar_text("", "")
