"""OAI identifiers and datestamps survive a backup and a restore: harvesters see no change."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from lxml import etree

from archive import schema
from archive.backup.restore import empty_catalog

from .conftest import OAI, utc


def harvest_everything(oai: Any) -> list[bytes]:
    """Every header and every MODS record, as XML (responseDate and tokens left out)."""
    pages = oai.harvest("ListRecords", metadataPrefix="mods")
    return [etree.tostring(record) for page in pages for record in page.iter(f"{OAI}record")]


@pytest.mark.parametrize("replace", [False, True], ids=["into an empty database", "--replace"])
def test_a_restore_keeps_every_identifier_and_datestamp(
    oai: Any, create: Any, change: Any, footnote_of: Any, engine: Any, clock: Any,
    factories: Any, tmp_path: Path, replace: bool,
) -> None:
    kept = create("Kept", notes=[factories.Note("n", ["https://x.example/"])], at=utc(2024, 1, 1))
    change(schema.Footnote, footnote_of(kept), utc(2024, 2, 1), text="m")
    withdrawn = create("Withdrawn", kind="report", at=utc(2024, 1, 2))
    change(schema.Document, withdrawn, utc(2024, 2, 2), status="withdrawn",
           withdrawn_reason="takedown")
    unpublished = create("Unpublished", at=utc(2024, 1, 3))
    change(schema.Document, unpublished, utc(2024, 2, 3), status="draft")
    create("Draft", status="draft", at=utc(2024, 1, 4))
    before = harvest_everything(oai)
    assert len(before) == 3

    path = tmp_path / "catalog.jsonl"
    call_command("backup", str(path), stdout=StringIO(), stderr=StringIO())
    if replace:
        call_command("restore", "--replace", str(path), stdout=StringIO(), stderr=StringIO())
    else:
        with engine.begin() as connection:
            empty_catalog(connection)
            assert connection.exec_driver_sql("SELECT count(*) FROM oai_record").scalar() == 0
        call_command("restore", str(path), stdout=StringIO(), stderr=StringIO())

    assert harvest_everything(oai) == before
    # The triggers are back after the restore: a new change is seen.
    change(schema.Document, kept, utc(2024, 12, 1), title="After the restore")
    after = oai.get(verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2024-12-01"})
    assert [h.findtext(f"{OAI}datestamp") for h in after.iter(f"{OAI}header")] == [
        "2024-12-01T00:00:00Z"]
