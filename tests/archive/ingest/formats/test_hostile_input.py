"""The hostile-input corpus of issue 14: each file gets a clear reason, the batch goes on,
and no refused file changes the catalog (documents, notes, people, history).

Files: an untitled text, YAML alias bomb / recursive / too deep front matter, a
FIFO, links out of the folder (to ``/etc/passwd``, ``/dev/zero``, a folder), a Word
file whose text is over the limit, 10,000 notes in plain text and Markdown, an
encrypted PDF, and a BibTeX file with one broken entry among good ones.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from archive import schema
from archive.backup.quiet import rebuild_search, search_triggers, triggers_off
from archive.backup.restore import empty_catalog
from archive.ingest.batch import FileStatus, ingest_file, ingest_paths
from archive.ingest.limits import DEFAULT_LIMITS

from . import hostile


def _counts(sessions) -> dict[str, int]:
    tables = {
        "documents": schema.Document,
        "notes": schema.Footnote,
        "people": schema.Person,
        "history": schema.History,
        "sources": schema.SourceFile,
    }
    with sessions() as session:
        return {
            name: session.scalar(sa.select(sa.func.count()).select_from(model))
            for name, model in tables.items()
        }


# File name -> words its reason must hold.
REFUSED = {
    "b-yaml-bomb.md": "alias bomb",
    "b-yaml-recursive.md": "recursive alias",
    "b-yaml-deep.md": "nests deeper",
    "c-fifo.txt": "named pipe",
    "d-passwd.txt": "outside the folder",
    "d-zero.txt": "outside the folder",
    "d-etc": "outside the folder",
    "e-long.docx": "over the limit",
    "f-encrypted.pdf": "encrypted PDF",
}


@pytest.fixture
def quick_cleanup(engine: sa.Engine) -> Iterator[None]:
    """Empty the catalog after the test with the search triggers off, then rebuild the index.

    The shared teardown deletes row by row with every trigger on: each of 20,000
    notes deleted would re-index its document (minutes on SQLite).
    """
    yield
    with engine.begin() as connection:
        with triggers_off(connection, search_triggers(connection)):
            empty_catalog(connection)
        rebuild_search(connection)


@pytest.fixture
def corpus(tmp_path: Path, twins, quick_cleanup: None) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    files = {
        "a-good.md": twins["markdown"][1],
        "a-no-title.txt": hostile.untitled_text(),
        "b-yaml-bomb.md": hostile.yaml_alias_bomb(),
        "b-yaml-recursive.md": hostile.yaml_recursive(),
        "b-yaml-deep.md": hostile.yaml_deep(),
        "e-long.docx": hostile.long_word_file(DEFAULT_LIMITS.max_text_chars + 10_000),
        "f-encrypted.pdf": hostile.encrypted_pdf(twins["pdf"][1]),
        "g-many-notes.txt": hostile.many_notes_text(),
        "g-many-notes.md": hostile.many_notes_markdown(),
        "h-refs.bib": hostile.bibtex_with_a_broken_entry()[0],
        "z-good.html": twins["html"][1],
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    hostile.make_fifo(folder / "c-fifo.txt")
    hostile.make_link(folder / "d-passwd.txt", "/etc/passwd")
    hostile.make_link(folder / "d-zero.txt", "/dev/zero")
    hostile.make_link(folder / "d-etc", "/etc")
    hostile.make_link(folder / "i-inside.md", folder / "a-good.md")  # inside: followed
    return folder


def test_hostile_corpus(sessions, clean_quarantine, corpus: Path) -> None:
    """Every file is answered; refusals say why; good and awkward files are stored whole."""
    started = time.monotonic()
    report = ingest_paths(sessions, [corpus])
    elapsed = time.monotonic() - started
    results = {r.path.name: r for r in report.results}
    for name, words in REFUSED.items():
        assert results[name].status is FileStatus.FAILED, name
        assert words in (results[name].reason or ""), (name, results[name].reason)
    assert results["a-good.md"].status is FileStatus.INGESTED
    assert results["z-good.html"].status is FileStatus.INGESTED  # the batch went on to the end
    assert results["i-inside.md"].status is FileStatus.UNCHANGED  # same bytes as a-good.md
    # A hang guard, not a speed goal: a FIFO used to block the batch forever; the bound is
    # generous so that a loaded CI machine (the batch takes ~20 s when quiet) never trips it.
    assert elapsed < 900
    with sessions() as session:
        untitled = session.get(schema.Document, results["a-no-title.txt"].document_id)
        assert untitled.title == "a no title" and untitled.status == "draft"
        assert [p.field for p in untitled.problems if p.stage == "untitled"] == ["title"]
        for name in ("g-many-notes.txt", "g-many-notes.md"):
            document = session.get(schema.Document, results[name].document_id)
            numbers = [note.number for note in document.footnotes]
            assert numbers == list(range(1, 10_001)), name
            assert all(note.anchor_paragraph for note in document.footnotes), name
            assert not [p for p in document.problems if p.field == "footnotes"], name
    bib = results["h-refs.bib"]
    assert bib.created == 50 and len(bib.skipped) == 1
    assert "line" in bib.skipped[0]
    assert not report.ok  # a skipped entry is a failure of the batch, as a failed file is
    assert {r.path.name for r in report.failed} == set(REFUSED)


def test_no_refused_file_changes_the_catalog(sessions, clean_quarantine, corpus: Path) -> None:
    """Documents, notes, people and history are the same before and after each refusal."""
    ingest_paths(sessions, [corpus])
    for name in REFUSED:
        before = _counts(sessions)
        if name.startswith("d-"):  # refused as a link out of the folder being walked
            again = ingest_paths(sessions, [corpus]).results
            again = [r for r in again if r.path.name == name]
        else:
            again = [ingest_file(sessions, corpus / name)]
        assert [r.status for r in again] == [FileStatus.FAILED], name
        assert _counts(sessions) == before, name


def test_a_link_named_directly_must_still_be_a_regular_file(
    sessions, clean_quarantine, tmp_path: Path
) -> None:
    """ingest /path/to/link-to-/dev/zero: a character device, refused unread."""
    link = hostile.make_link(tmp_path / "zero.txt", "/dev/zero")
    result = ingest_file(sessions, link)
    assert result.status is FileStatus.FAILED
    assert "character device" in (result.reason or "")


def test_the_broken_bibtex_entry_is_named_with_its_line(
    sessions, clean_quarantine, tmp_path: Path
) -> None:
    """One broken entry among 50 good ones: 50 cataloged, the broken one named by line."""
    data, line = hostile.bibtex_with_a_broken_entry()
    (tmp_path / "refs.bib").write_bytes(data)
    result = ingest_file(sessions, tmp_path / "refs.bib")
    assert result.created == 50
    assert result.skipped == (f"unparsable BibTeX near line {line}",)
