"""One record builder (``archive.records``) for current records, as-of records and backups.

The catalog's current records (Core rows) and its as-of records (the history's
versions laid out as the same rows) go through the same assembly: for a moment
after the last change, they are the same records; a backup's lines are those
records, byte for byte.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from archive import schema
from archive.attribution import acting_as
from archive.backup import write_backup
from archive.backup.format import dumps, encode_record_line
from archive.history import document_record_as_of
from archive.moments import as_utc
from archive.records import core_document_records, document_records, iter_document_records


@pytest.fixture
def catalog(engine, sessions, populate) -> list[int]:
    """The synthetic catalog (drafts, withdrawn footnotes, non-Latin text, sources, problems,
    several versions) and a bare document: no author, disclaimer, footnote, source or problem."""
    ids = populate(sessions, 30, versions=3)
    with acting_as("ingest:bare"), sessions.begin() as session:
        bare = schema.Document(
            title="Без авторов — 著者なし",
            kind="note",
            language="ru",
            status="draft",
            text="Только текст.\n\n👍",
            section_starts=[],
            repairs=[],
            created_at=dt.datetime(2024, 3, 4, 5, 6, 7, tzinfo=dt.UTC),
        )
        session.add(bare)
        session.flush()
        ids.append(bare.id)
    return ids


def _as_of_now(connection: sa.Connection, ids: list[int], view: str) -> list[dict]:
    """Each document's record rebuilt from its history, as of a moment after every change."""
    later = as_utc(dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    with Session(bind=connection) as session:
        built = [document_record_as_of(session, i, later, view) for i in ids]  # type: ignore[arg-type]
    return [record for record in built if record is not None]


@pytest.mark.parametrize("view", ["full", "public"])
def test_as_of_records_are_the_current_records(engine, catalog: list[int], view: str) -> None:
    """History laid out as rows gives the current records, same encoded bytes, in the order
    asked (missing ids skipped); a deleted problem is not brought back."""
    asked = [catalog[-1], *catalog[:-1], 10**9, catalog[0]]
    with engine.connect() as connection:
        expected = _as_of_now(connection, asked, view)
        got = core_document_records(connection, asked, view)  # type: ignore[arg-type]
    assert len(got) == len(catalog) + 1
    assert got == expected
    assert [dumps(r) for r in got] == [dumps(r) for r in expected]
    bare = got[0]
    assert bare["authors"] == [] and bare["footnotes"] == [] and bare["disclaimer"] is None
    assert bare["source"] is None and bare["publisher"] is None
    if view == "full":
        assert bare["problems"] == []
        withdrawn = [n for r in got for n in r["footnotes"] if n["status"] == "withdrawn"]
        assert withdrawn and all(n["withdrawn_reason"] for n in withdrawn)
        assert any(a["affiliations"] for r in got for a in r["authors"])
        assert any(r["problems"] for r in got) and any(r["disclaimer"] for r in got)
    else:
        assert all("status" not in n for r in got for n in r["footnotes"])


def test_a_session_sees_its_own_unflushed_changes(engine, catalog: list[int]) -> None:
    """document_records flushes the session first: a record built mid-transaction is current."""
    with Session(bind=engine) as session, acting_as("test:edit"):
        document = session.get(schema.Document, catalog[0])
        document.title = "Changed in this unit of work"
        (record,) = document_records(session, [catalog[0]], "full")
        assert record["title"] == "Changed in this unit of work"
        session.rollback()


def test_records_without_their_text_are_the_same_records_without_it(engine, catalog) -> None:
    """``with_text=False`` (OAI-PMH) leaves out the body and nothing else."""
    with engine.connect() as connection:
        whole = core_document_records(connection, catalog, "public")
        light = core_document_records(connection, catalog, "public", with_text=False)
    assert [r["text"] for r in light] == [None] * len(whole)
    assert [{**r, "text": None} for r in whole] == light


def test_batches_are_bounded_and_in_id_order(engine, catalog: list[int]) -> None:
    """At most batch_size documents, cut earlier by the text budget; every document once."""
    with engine.connect() as connection:
        everything = core_document_records(connection, sorted(catalog), "full")
        for size, chars in ((7, 10**9), (500, 1), (4, 300)):
            batches = list(
                iter_document_records(connection, "full", batch_size=size, batch_chars=chars)
            )
            assert all(0 < len(batch) <= size for batch in batches)
            if chars == 1:
                assert all(len(batch) == 1 for batch in batches)
            assert [r for batch in batches for r in batch] == everything
        published = schema.Document.__table__.c.status == schema.DocumentStatus.PUBLISHED
        public = [
            r for batch in iter_document_records(connection, "public", published, batch_size=3)
            for r in batch
        ]  # fmt: skip
        ids = [r["id"] for r in everything if r["status"] == "published"]
        assert 0 < len(ids) < len(everything)
        assert public == core_document_records(connection, ids, "public")


@pytest.mark.parametrize("public", [False, True])
def test_backup_lines_are_the_records(
    engine, catalog: list[int], public: bool, tmp_path: Path
) -> None:
    """Each document line of a backup is the line of the document's record, byte for byte."""
    path = tmp_path / "backup.jsonl"
    write_backup(engine, path, public=public, batch_size=4)
    lines = path.read_bytes().splitlines(keepends=True)[1:-1]
    numbered = [
        (number, line)
        for number, line in enumerate(lines, 2)
        if orjson.loads(line)["kind"] == "document"
    ]
    ids = [orjson.loads(line)["record"]["id"] for _number, line in numbered]
    with engine.connect() as connection:
        expected = core_document_records(connection, ids, "public" if public else "full")
    assert len(expected) == len(numbered) > 0
    for (number, line), record in zip(numbered, expected, strict=True):
        assert line == encode_record_line("document", number, record)
