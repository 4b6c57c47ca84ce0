"""``manage.py backup``, ``verify`` and ``restore``: thin commands over ``archive.backup``."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.attribution import acting_as
from archive.backup import verify_backup
from catalog.models import Document


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_backup_then_verify(sessions, populate, tmp_path: Path) -> None:
    """backup writes a file that verify accepts, with its counts."""
    populate(sessions, 5, versions=3)
    path = tmp_path / "catalog.jsonl.gz"
    assert "sha256" in run("backup", str(path))
    assert "OK:" in run("verify", str(path)) and "5 document" in run("verify", str(path))


def test_verify_names_the_damaged_line(sessions, populate, tmp_path: Path) -> None:
    """verify exits non-zero and prints the line at fault."""
    populate(sessions, 3, versions=3)
    path = tmp_path / "catalog.jsonl"
    run("backup", str(path))
    lines = path.read_bytes().splitlines(keepends=True)
    del lines[3]
    path.write_bytes(b"".join(lines))
    err = StringIO()
    with pytest.raises(CommandError, match="did not verify"):
        call_command("verify", str(path), stdout=StringIO(), stderr=err)
    assert "line 4:" in err.getvalue()


def test_backup_to_stdout(sessions, populate, capsysbinary, tmp_path: Path) -> None:
    """'-' writes the backup to stdout and the summary to stderr."""
    populate(sessions, 2, versions=3)
    call_command("backup", "-", stderr=StringIO())
    path = tmp_path / "piped.jsonl"
    path.write_bytes(capsysbinary.readouterr().out)
    assert verify_backup(path).ok


def test_restore_refuses_a_non_empty_database(sessions, populate, tmp_path: Path) -> None:
    """restore exits non-zero without --replace when a catalog is there, and changes nothing."""
    populate(sessions, 3, versions=3)
    path = tmp_path / "catalog.jsonl"
    run("backup", str(path))
    with pytest.raises(CommandError, match="not empty"):
        run("restore", str(path))
    assert Document.objects.count() == 3


def test_restore_replace(sessions, populate, tmp_path: Path) -> None:
    """restore --replace brings the backup's catalog back and rebuilds the search index."""
    populate(sessions, 4, versions=3)
    path = tmp_path / "catalog.jsonl"
    run("backup", str(path))
    with acting_as("librarian-ann"):
        Document.objects.filter(pk=Document.objects.first().pk).update(title="Changed")
    assert "search index rebuilt" in run("restore", "--replace", str(path))
    assert not Document.objects.filter(title="Changed").exists()
    assert Document.objects.count() == 4


def test_restore_refuses_a_damaged_file(sessions, populate, tmp_path: Path) -> None:
    """A file that does not verify is not restored, even with --replace."""
    populate(sessions, 3, versions=3)
    path = tmp_path / "catalog.jsonl"
    run("backup", str(path))
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(CommandError, match="nothing was restored"):
        run("restore", "--replace", str(path))
    assert Document.objects.count() == 3
