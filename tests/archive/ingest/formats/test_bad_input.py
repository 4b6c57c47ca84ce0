"""The bad-input corpus: zero crashes, zero partial records, a clear reason for each refusal."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from archive import schema
from archive.ingest.batch import FileStatus, ingest_paths
from archive.ingest.errors import LimitExceeded, UnreadableFile
from archive.ingest.limits import IngestLimits
from archive.ingest.readers.pdf import extract_pdf

from .badinput import write_corpus


def _count(sessions, model) -> int:
    with sessions() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(model))


def test_bad_corpus_is_refused_with_reasons(
    sessions, clean_quarantine, twins, tmp_path: Path
) -> None:
    expected = write_corpus(tmp_path, twins["pdf"][1])
    # A good file and a malformed-but-readable page go through alongside.
    (tmp_path / "good.md").write_bytes(twins["markdown"][1])
    (tmp_path / "malformed.html").write_bytes(
        b"<html><body><h1>Ice Roads<p>By Ann Berg</b><p>January 5, 2021<div>Trucks cross the "
        b"frozen lake<i> each winter.<p>The season grows shorter</table></html"
    )
    report = ingest_paths(sessions, [tmp_path])
    by_name = {r.path.name: r for r in report.results}
    assert set(by_name) == {*expected, "good.md", "malformed.html"}
    for name, word in expected.items():
        result = by_name[name]
        assert result.status is FileStatus.FAILED, name
        assert word.lower() in (result.reason or "").lower(), (name, result.reason)
    assert by_name["good.md"].status is FileStatus.INGESTED
    assert by_name["malformed.html"].status is FileStatus.INGESTED
    with sessions() as session:
        documents = session.scalars(sa.select(schema.Document)).all()
        assert sorted(d.title for d in documents) == sorted(
            ["Ice Roads", "Tidal Power and the Fishing Towns of the North Coast"]
        )
        for document in documents:  # whole: source, text and children
            assert document.source is not None and document.text
            assert document.authorships
        quarantined = {
            row.filename: row for row in session.scalars(sa.select(schema.QuarantinedFile))
        }
    # Every refusal is in the quarantine, once, with its reason; nothing escaped the zips.
    assert set(quarantined) == set(expected)
    assert all(row.reason and row.attempts == 1 for row in quarantined.values())
    assert quarantined["huge-sparse.txt"].content is None  # refused unread
    assert quarantined["huge-sparse.txt"].size == 200 * 1024 * 1024
    assert bytes(quarantined["nul-byte.txt"].content) == (tmp_path / "nul-byte.txt").read_bytes()
    assert not list(tmp_path.parent.glob("escaped.txt")) and not Path("/tmp/absolute.txt").exists()
    assert _count(sessions, schema.SourceFile) == 2
    # A second run: the same refusals, counted as new attempts; no new rows anywhere.
    again = ingest_paths(sessions, [tmp_path])
    assert again.count(FileStatus.FAILED) == len(expected)
    assert again.count(FileStatus.UNCHANGED) == 2
    with sessions() as session:
        attempts = session.scalars(sa.select(schema.QuarantinedFile.attempts)).all()
    assert attempts == [2] * len(expected)
    assert _count(sessions, schema.Document) == 2


def test_zip_batch_is_unpacked_and_ingested(sessions, clean_quarantine, twins, tmp_path) -> None:
    """A safe zip's members are ingested one by one, named inside the archive."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("batch/tidal.html", twins["html"][1])
        archive.writestr("batch/empty.txt", b"")
    (tmp_path / "batch.zip").write_bytes(out.getvalue())
    report = ingest_paths(sessions, [tmp_path / "batch.zip"])
    shown = {str(r.path): r.status for r in report.results}
    assert shown == {
        str(tmp_path / "batch.zip" / "batch" / "empty.txt"): FileStatus.FAILED,
        str(tmp_path / "batch.zip" / "batch" / "tidal.html"): FileStatus.INGESTED,
    }
    assert _count(sessions, schema.Document) == 1


def test_zip_limits_are_settings(sessions, clean_quarantine, tmp_path) -> None:
    """Too many members is refused before anything is unpacked."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(5):
            archive.writestr(f"note-{n}.txt", f"Note {n}\n\nBody {n}.\n")
    (tmp_path / "many.zip").write_bytes(out.getvalue())
    report = ingest_paths(sessions, [tmp_path], limits=IngestLimits(zip_max_members=4))
    assert [r.status for r in report.results] == [FileStatus.FAILED]
    assert "5 members, over the limit of 4" in (report.results[0].reason or "")
    assert _count(sessions, schema.Document) == 0


@pytest.mark.parametrize(
    ("limits", "reason"),
    [
        (IngestLimits(pdf_max_pages=0), "over the limit of 0"),
        (IngestLimits(pdf_seconds=0.001), "longer than"),
        (IngestLimits(pdf_memory_bytes=8 * 1024 * 1024), "memory"),
    ],
)
def test_pdf_process_limits(twins, limits: IngestLimits, reason: str) -> None:
    """Pages, time and memory of the PDF process are limits; LimitExceeded says which."""
    with pytest.raises(LimitExceeded) as raised:
        extract_pdf(twins["pdf"][1], "report.pdf", limits)
    assert reason in raised.value.reason
    assert isinstance(raised.value, UnreadableFile)
