"""Every column of every table is in the backup: a migration cannot silently drop one."""

from __future__ import annotations

import pytest

from archive import schema
from archive.backup.errors import RestoreError
from archive.backup.format import FULL_KINDS
from archive.backup.kinds import NOT_BACKED_UP, ROW_TABLES
from archive.backup.rows import DOCUMENT_TABLES, document_rows

_STAMP = {"version": 2, "changed_by": "librarian-ann", "changed_at": "2024-05-06T07:08:09Z"}


def _full_record() -> dict:
    organization = {"id": 4, "name": "Институт"}
    return {
        "id": 9, "status": "draft", "version": 3, "title": "Заголовок 👍", "subtitle": None,
        "kind": "opinion", "language": "ru", "published": "2021-03-22", "published_raw": "22/3",
        "publisher": organization, "doi": "10.1000/x", "url": "https://example.org/a",
        "container_title": "Caucasus Review",
        "authors": [{"id": 11, "person_id": 2, "name": "Анна", "printed_name": "Анна",
                     "honorific": "Dr.",
                     "role": "author", "position": 1, **_STAMP,
                     "affiliations": [{"id": 21, "organization": organization, "title": None,
                                       "place": "Yerevan", "position": 1, **_STAMP}]}],
        "disclaimer": {"id": 31, "text": "Views…", "disclaims": "Институт",
                       "organization": organization, **_STAMP},
        "footnotes": [{"id": 41, "number": 1, "text": "Note", "urls": [], "url_fragments": [],
                       "anchor": {"paragraph": 2, "offset": 5}, "status": "withdrawn",
                       "withdrawn_reason": "wrong", **_STAMP}],
        "problems": [{"id": 51, "stage": "byline", "field": None, "line": 3, "raw": "?",
                      "reason": "no name", "resolved": True, **_STAMP}],
        "text": "Body", "section_starts": [0], "repairs": [], "withdrawn_reason": None,
        "provenance": [{"field": "title", "source": "the front matter's title", "value": "T",
                        "other": []}],
        "source": {"sha256": "a" * 64}, "changed_by": "ingest:x",
        "changed_at": "2024-05-06T07:08:09Z", "created_at": "2024-05-06T07:08:09Z",
    }  # fmt: skip


def test_document_rows_fill_every_column() -> None:
    """A full record gives one row per table with every column of that table."""
    rows = document_rows(_full_record(), {"a" * 64: 77})
    for table in DOCUMENT_TABLES:
        (row,) = rows[table]
        assert set(row) == {c.name for c in schema.metadata.tables[table].columns}, table
    assert rows["document"][0]["source_id"] == 77
    assert rows["footnote"][0]["anchor_offset"] == 5
    assert rows["affiliation"][0]["authorship_id"] == 11


def test_a_record_missing_a_column_is_refused() -> None:
    """A column the record does not carry is an error, not a silent NULL."""
    record = _full_record()
    del record["footnotes"][0]["version"]
    with pytest.raises(RestoreError, match="footnote 1 of document 9 has no version"):
        document_rows(record, {"a" * 64: 77})


def test_every_archive_table_is_backed_up() -> None:
    """Each table of the schema is a kind of its own or inside the document records."""
    covered = set(DOCUMENT_TABLES) | {table.name for table in ROW_TABLES.values()}
    assert covered | set(NOT_BACKED_UP) == set(schema.metadata.tables)
    assert set(ROW_TABLES) <= set(FULL_KINDS)
