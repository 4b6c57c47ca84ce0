"""`manage.py ingest` on the seed: exact records on an empty database, and idempotence."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.config import PROJECT_ROOT
from archive.records import document_record, validate_record
from catalog.models import Document, Footnote, History, Organization, Person, SourceFile

SEEDS = PROJECT_ROOT / "seeds"
SEED = next(SEEDS.glob("*.txt"))


def ingest(*args: str) -> str:
    out = StringIO()
    call_command("ingest", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def seed_record(sessions) -> dict:
    document = Document.objects.get()
    with sessions() as session:
        return document_record(session, document.id, "full")


def test_seed_ingests_into_exact_records(sessions) -> None:
    """Every field of the seed lands in its own record, valid against the JSON Schema."""
    assert "ingested 1, updated 0, unchanged 0, failed 0" in ingest("--publish", str(SEEDS))
    record = seed_record(sessions)
    assert validate_record(record) == []
    assert record["status"] == "published"
    assert record["title"] == "The Second Karabakh War: Russia vs. Turkey?"
    assert (record["kind"], record["language"]) == ("opinion", "en")
    assert record["published"] == "2021-03-22"
    assert record["publisher"]["name"] == "Ten Thousand Turks Campaign"
    assert [(a["honorific"], a["name"]) for a in record["authors"]] == [
        ("Dr.", "Hakan Yavuz"),
        ("Dr.", "Vasif Huseynov"),
    ]
    affiliations = [
        [(x["title"], x["organization"]["name"]) for x in a["affiliations"]]
        for a in record["authors"]
    ]
    assert affiliations == [
        [("professor", "University of Utah")],
        [
            ("senior fellow", "Center for Analysis of International Relations"),
            ("adjunct lecturer", "Khazar University"),
        ],
    ]
    assert record["disclaimer"]["text"].startswith("Opinions expressed in these columns")
    assert record["disclaimer"]["text"].endswith("Campaign’s positions.")
    assert record["disclaimer"]["disclaims"] == "Ten Thousand Turks Campaign"
    assert [note["number"] for note in record["footnotes"]] == list(range(1, 44))
    assert all(note["anchor"] for note in record["footnotes"])
    assert record["problems"] == []
    source = record["source"]
    assert source["sha256"] == SourceFile.objects.get().sha256
    assert bytes(SourceFile.objects.get().content) == SEED.read_bytes()


def test_markers_anchor_where_the_source_had_them(sessions) -> None:
    """Each anchor points just after the text its marker was glued to in the source."""
    ingest("--publish", str(SEEDS))
    record = seed_record(sessions)
    paragraphs = record["text"].split("\n\n")
    source = SEED.read_text(encoding="utf-8")
    for note in record["footnotes"]:
        paragraph = paragraphs[note["anchor"]["paragraph"] - 1]
        before = paragraph[: note["anchor"]["offset"]][-12:]
        assert before, f"note {note['number']} anchored at a paragraph start"
        # The marker follows that text in the original (modulo repaired spaces).
        pattern = r"\s?".join(map(re.escape, before.replace(" ", ""))) + str(note["number"])
        assert re.search(pattern, source), f"note {note['number']} after {before!r}"


def test_second_ingest_changes_nothing(sessions) -> None:
    """The same bytes again: no new document, row, version or history."""
    ingest("--publish", str(SEEDS))
    models = (Document, Footnote, Person, Organization, History)
    counts = [m.objects.count() for m in models]
    assert "unchanged 1" in ingest("--publish", str(SEEDS))
    assert [m.objects.count() for m in models] == counts
    assert Document.objects.get().version == 1


def test_corrected_file_becomes_a_new_version(tmp_path: Path, sessions) -> None:
    """A corrected copy of the seed updates the same document; the old text is in history."""
    ingest("--publish", str(SEEDS))
    corrected = SEED.read_text(encoding="utf-8").replace("Thousands of people", "Many people", 1)
    (tmp_path / SEED.name).write_text(corrected, encoding="utf-8")
    assert "updated 1" in ingest("--publish", str(tmp_path))
    document = Document.objects.get()
    assert document.version == 2 and "Many people" in document.text
    assert History.objects.filter(table_name="document", row_id=document.id).count() == 1
    assert SourceFile.objects.count() == 2


def test_a_bad_file_fails_alone(tmp_path: Path, archive_db) -> None:
    """An undecodable file is reported with its reason; the others are ingested."""
    (tmp_path / "a-broken.txt").write_bytes(b"Title\n\nBy Someone\n\n\xff\xfe\x00 broken")
    (tmp_path / "b-seed.txt").write_bytes(SEED.read_bytes())
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 2 file"):
        call_command("ingest", str(tmp_path), stdout=StringIO(), stderr=err)
    assert "a-broken.txt" in err.getvalue()
    assert Document.objects.count() == 1
    assert SourceFile.objects.count() == 1  # nothing kept of the broken file's document
