"""A public backup holds published documents only, in the public view, and is not restorable."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
import sqlalchemy as sa

from archive import schema
from archive.backup import RestoreError, restore_backup, verify_backup, write_backup


def test_public_backup_has_published_documents_only(
    engine, sessions, populate, add_users, tmp_path: Path
) -> None:
    """No drafts, withdrawn documents or footnotes, history, users or bookkeeping."""
    populate(sessions, 12, versions=3)
    add_users(engine)
    path = tmp_path / "public.jsonl"
    result = write_backup(engine, path, public=True)
    with engine.connect() as connection:
        published = connection.scalar(
            sa.select(sa.func.count()).where(schema.Document.status == "published")
        )
    assert 0 < published < 12
    assert result.counts == {"document": published}
    lines = [orjson.loads(line) for line in path.read_bytes().splitlines()]
    assert lines[0]["scope"] == "public" and lines[0]["kinds"] == ["document"]
    for line in lines[1:-1]:
        record = line["record"]
        assert line["kind"] == "document" and record["status"] == "published"
        assert "problems" not in record and "withdrawn_reason" not in record
        assert all("changed_by" not in author for author in record["authors"])
        assert all("status" not in note for note in record["footnotes"])
    assert b"pbkdf2" not in path.read_bytes()
    assert verify_backup(path).ok


def test_a_public_backup_is_not_restored(
    engine, sessions, populate, wipe_database, tmp_path: Path
) -> None:
    """Restoring a public dump is refused (it lacks history and bookkeeping); nothing is written."""
    populate(sessions, 4, versions=3)
    path = tmp_path / "public.jsonl"
    write_backup(engine, path, public=True)
    wipe_database(engine)
    with pytest.raises(RestoreError, match="public backup cannot be restored"):
        restore_backup(engine, path)
    with engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(schema.Document)) == 0
