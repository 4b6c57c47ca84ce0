"""A backup always restores: into a database after ``migrate`` alone, and back to the same file.

Issue 14: an untitled document made every full backup unrestorable while
``backup`` exited 0 (item 1); a restore into a freshly migrated database failed
because the librarian group's ``publish_document`` permission was only created
by ``setup_roles`` (item 3).  The commands run as a user runs them: ``backup``
and ``verify`` here, ``migrate``, ``restore`` and the second ``backup`` in a
child process on a new database.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import orjson
import pytest
import sqlalchemy as sa
from django.core.management import CommandError, call_command

from archive import schema
from archive.attribution import acting_as
from archive.config import PROJECT_ROOT
from archive.curation import merge_people, withdraw
from archive.ingest.batch import FileStatus, ingest_file, ingest_paths
from catalog.models import Document, Footnote
from catalog.roles import create_librarian

OPENING = (
    "The harbour of Vardholm has changed a great deal over the last decade, as the fishing "
    "fleet shrank and the tidal turbines arrived, and the people who live there have opinions "
    "about all of it, which they share freely with anyone who asks and with many who do not."
)
OTHER = (
    "Ice roads across the frozen lakes of the north carry fuel, food and building materials "
    "to communities that have no other way in for most of the year, and every winter the "
    "season during which the trucks can cross safely grows a little shorter than the last."
)


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def same_backup(first: Path, second: Path) -> None:
    """Identical but for the manifest's creation time (and so the trailer's sha256)."""
    one, two = first.read_bytes().splitlines(), second.read_bytes().splitlines()
    assert len(one) == len(two)
    assert one[1:-1] == two[1:-1]
    manifests = [orjson.loads(lines[0]) for lines in (one, two)]
    trailers = [orjson.loads(lines[-1]) for lines in (one, two)]
    for manifest, trailer in zip(manifests, trailers, strict=True):
        del manifest["created_at"], trailer["sha256"]
    assert manifests[0] == manifests[1] and trailers[0] == trailers[1]


def test_backup_of_an_untitled_document_verifies_and_restores(
    sessions, fresh_database, tmp_path: Path
) -> None:
    """An ingested untitled file no longer poisons the backup: verified, then restored."""
    (tmp_path / "report_a.txt").write_text(f"{OPENING}\n\nA second paragraph.\n")
    assert ingest_file(sessions, tmp_path / "report_a.txt").status is FileStatus.INGESTED
    path = tmp_path / "catalog.jsonl"
    assert "verified" in run("backup", str(path))
    assert "OK:" in run("verify", str(path))
    restored = fresh_database.manage("restore", str(path))
    assert restored.returncode == 0, restored.stderr
    with fresh_database.engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT title FROM document")) == "report a"


def test_backup_does_not_report_an_unrestorable_file_as_a_success(
    sessions, make_document, tmp_path: Path
) -> None:
    """When what was written does not verify, backup says so and exits non-zero."""
    document_id = make_document(title="A document")
    with acting_as("librarian-ann"):
        Document.objects.filter(pk=document_id).update(language="e")  # the schema wants 2+
    err = StringIO()
    with pytest.raises(CommandError, match="does not verify: it cannot be restored"):
        call_command("backup", str(tmp_path / "bad.jsonl"), stdout=StringIO(), stderr=err)
    assert "language" in err.getvalue()


def test_backup_says_when_it_did_not_verify(sessions, make_document, tmp_path: Path) -> None:
    """--no-verify and '-' (stdout) say plainly that the file was not verified."""
    make_document()
    assert "not verified (--no-verify)" in run("backup", "--no-verify", str(tmp_path / "x.jsonl"))
    err = StringIO()
    call_command("backup", "-", stdout=StringIO(), stderr=err)
    assert "not verified" in err.getvalue()


def test_restore_after_migrate_alone(sessions, make_document, fresh_database, tmp_path) -> None:
    """The librarian group's publish permission exists after migrate: the restore succeeds."""
    make_document(status="published")
    run("setup_roles")
    create_librarian("alice", "a long and careful passphrase")
    path = tmp_path / "good.jsonl"
    run("backup", str(path))
    restored = fresh_database.manage("restore", str(path))
    assert restored.returncode == 0, restored.stderr
    assert "restored" in restored.stdout
    with fresh_database.engine.connect() as connection:
        groups = connection.execute(sa.text("SELECT name FROM auth_group ORDER BY name")).all()
        assert [g for (g,) in groups] == ["librarian", "viewer"]
        publishers = connection.scalar(sa.text(
            "SELECT count(*) FROM auth_group_permissions gp JOIN auth_permission p "
            "ON p.id = gp.permission_id WHERE p.codename = 'publish_document'"
        ))
        assert publishers == 1


def _curate(sessions, folder: Path) -> None:
    """Ingests, a correction, --replaces, edits by two paths, a withdrawal and a merge."""
    (folder / "report_a.txt").write_text(f"{OPENING}\n\nA second paragraph.\n")
    (folder / "memo_b.txt").write_text(f"{OTHER}\n\nAnother paragraph.\n")
    (folder / "ann.txt").write_text(f"Harbour Days\n\nBy Ann Berg\n\n{OPENING}\n")
    (folder / "anne.txt").write_text(f"Winter Roads\n\nBy Anne Berg\n\n{OTHER}\n")
    report = ingest_paths(sessions, [PROJECT_ROOT / "seeds", folder], publish=True)
    assert report.ok
    (folder / "report_a.txt").write_text(f"{OPENING} Corrected.\n\nA second paragraph.\n")
    assert ingest_file(sessions, folder / "report_a.txt").status is FileStatus.UPDATED
    memo = next(r.document_id for r in report.results if r.path.name == "memo_b.txt")
    (folder / "memo_final.txt").write_text(f"{OTHER}\n\nThe final paragraph.\n")
    assert ingest_file(sessions, folder / "memo_final.txt", replaces=memo).document_id == memo
    seed = next(r.document_id for r in report.results if r.path.parent.name == "seeds")
    with acting_as("librarian-ann"):
        Document.objects.filter(pk=seed).update(title="The Second Karabakh War, revised")
        note = Footnote.objects.filter(document_id=seed).order_by("number").first()
        note.text = note.text + " (checked)"
        note.save()
    with acting_as("librarian-bob"), sessions.begin() as session:
        ann = next(r.document_id for r in report.results if r.path.name == "ann.txt")
        withdraw(session, "document", ann, "court order")
        people = {
            p.name: p.id
            for p in session.scalars(
                sa.select(schema.Person).where(schema.Person.name.in_(["Ann Berg", "Anne Berg"]))
            )
        }
        merge_people(session, people["Ann Berg"], [people["Anne Berg"]])


def test_round_trip_into_a_freshly_migrated_database(
    sessions, fresh_database, tmp_path: Path
) -> None:
    """backup -> verify -> restore (after migrate alone) -> backup: the same file but its time."""
    folder = tmp_path / "in"
    folder.mkdir()
    _curate(sessions, folder)
    run("setup_roles")
    create_librarian("alice", "a long and careful passphrase")
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    assert "verified" in run("backup", str(first))
    assert "OK:" in run("verify", str(first))
    restored = fresh_database.manage("restore", str(first))
    assert restored.returncode == 0, restored.stderr
    again = fresh_database.manage("backup", str(second))
    assert again.returncode == 0, again.stderr
    assert "verified" in again.stdout
    same_backup(first, second)
    counts = orjson.loads(first.read_bytes().splitlines()[0])["counts"]
    assert counts["document"] == 5 and counts["history"] > 5 and counts["group"] == 2
