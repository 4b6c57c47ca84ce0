"""Old formats are upgraded by ordered steps; the committed format-1 dump restores at today's."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
import sqlalchemy as sa

from archive import schema
from archive.backup import FORMAT_VERSION, UnsupportedFormat, restore_backup, write_backup
from archive.backup.format import open_input
from archive.backup.upgrade import STEPS, check_upgradable, upgrade_record
from archive.backup.verify import BackupReader

FORMAT_1 = Path(__file__).parent / "data" / "format-1.jsonl"


def _history(table: str, row_id: int, snapshot: dict) -> dict:
    return {"table_name": table, "row_id": row_id, "snapshot": snapshot}


def test_step_1_names_the_document_of_each_history_row() -> None:
    """Format 1 -> 2: documents gain doi/url; history rows document_id, as 0003's backfill."""
    step, state = STEPS[1], {}
    document = {"id": 7, "authors": [{"id": 70, "affiliations": []}]}
    assert step("document", document, state) is document
    assert document["doi"] is None and document["url"] is None
    cases = [
        (_history("document", 7, {}), 7),
        (_history("footnote", 3, {"document_id": 7}), 7),
        (_history("affiliation", 5, {"authorship_id": 70}), 7),
        (_history("affiliation", 6, {"authorship_id": 99}), None),  # authorship gone since
        (_history("person", 2, {"name": "Анна"}), None),
    ]
    for record, expected in cases:
        assert step("history", record, state)["document_id"] == expected
    user = {"id": 1, "username": "admin"}
    assert step("user", dict(user), state) == user


def test_step_4_gives_older_documents_an_empty_provenance() -> None:
    """Format 4 -> 5 (revision 0014): nothing was recorded, so an empty list; others pass."""
    step = STEPS[4]
    document = {"id": 7, "title": "Old"}
    assert step("document", document, {})["provenance"] == []
    kept = {"id": 8, "provenance": [{"field": "title", "source": "s", "value": "v", "other": []}]}
    assert step("document", dict(kept), {}) == kept
    assert step("history", {"table_name": "document"}, {}) == {"table_name": "document"}


def test_step_5_gives_older_documents_no_container_title() -> None:
    """Format 5 -> 6 (revision 0020): no container was recorded, so null; others pass."""
    step = STEPS[5]
    assert step("document", {"id": 7, "title": "Old"}, {})["container_title"] is None
    kept = {"id": 8, "container_title": "Caucasus Review"}
    assert step("document", dict(kept), {}) == kept
    assert step("history", {"table_name": "document"}, {}) == {"table_name": "document"}


def test_steps_run_in_order_from_the_file_version() -> None:
    """A record of version 1 goes through every step up to the current version, in order."""
    seen: list[int] = []

    def make(version: int):
        def upgrade(kind: str, record: dict, state: dict) -> dict:
            seen.append(version)
            return {**record, f"v{version + 1}": True}

        return upgrade

    steps = {1: make(1), 2: make(2), 3: make(3)}
    record = upgrade_record("organization", {"id": 1}, 2, {}, steps, current=4)
    assert seen == [2, 3]
    assert record == {"id": 1, "v3": True, "v4": True}


def test_unreadable_versions_are_refused() -> None:
    """Newer than this code, below 1, or with a step missing: refused with a reason."""
    with pytest.raises(UnsupportedFormat, match="newer"):
        check_upgradable(FORMAT_VERSION + 1)
    with pytest.raises(UnsupportedFormat, match="does not exist"):
        check_upgradable(0)
    with pytest.raises(UnsupportedFormat, match="no upgrade step from format version 2"):
        check_upgradable(1, {1: STEPS[1]}, current=3)


def _upgraded_records(path: Path) -> list[tuple[str, dict]]:
    reader = BackupReader()
    with open_input(path) as stream:
        records = [(kind, record) for _line, kind, record in reader.records(stream)]
    assert reader.report.ok, reader.report.problems
    return records


def test_the_format_1_dump_restores_at_the_current_version(engine, tmp_path: Path) -> None:
    """The committed first-format dump restores after later migrations, exactly as upgraded."""
    assert orjson.loads(FORMAT_1.read_bytes().splitlines()[0])["format_version"] == 1
    result = restore_backup(engine, FORMAT_1)
    assert result.counts["document"] == 6
    with engine.connect() as connection:
        history = connection.execute(sa.select(schema.History)).mappings().all()
        query = sa.select(schema.Authorship.id, schema.Authorship.document_id)
        authorship_document = {pk: document for pk, document in connection.execute(query)}
    for row in history:  # document_id as the step computed it, checked against the tables
        expected = {
            "document": row["row_id"],
            "affiliation": authorship_document.get(row["snapshot"].get("authorship_id")),
        }.get(row["table_name"], row["snapshot"].get("document_id"))
        assert row["document_id"] == expected
    assert any(row["table_name"] == "affiliation" and row["document_id"] for row in history)

    again = tmp_path / "again.jsonl"
    write_backup(engine, again)
    assert orjson.loads(again.read_bytes().splitlines()[0])["format_version"] == FORMAT_VERSION
    assert _upgraded_records(again) == _upgraded_records(FORMAT_1)


def test_step_3_gives_full_authors_no_printed_name() -> None:
    """Format 3 kept no printed byline: null (the person's name); public records unchanged."""
    full = {"id": 1, "authors": [{"id": 5, "person_id": 2, "name": "A"}]}
    public = {"id": 2, "authors": [{"person_id": 2, "name": "A"}]}
    assert STEPS[3]("document", full, {})["authors"][0]["printed_name"] is None
    assert "printed_name" not in STEPS[3]("document", public, {})["authors"][0]
