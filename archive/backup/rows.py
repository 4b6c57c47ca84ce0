"""A canonical document record (view "full") back into the rows it was built from.

The record nests every child row with its ``id``, ``version``, ``changed_by``
and ``changed_at`` (``archive.records``), so each row comes back exactly.
Columns are taken from the record *by name*, converted by the column's type;
only the few the record spells differently are mapped here (``publisher`` for
``publisher_id``, ``anchor`` for the footnote's anchor columns, the parent
ids).  A column the record lacks is an error, never a silent NULL: a migration
that adds a column must also add it to the record, or give older formats an
upgrade step.  The source file is named by its sha256 (unique), which the
caller resolves to the ``source_file`` row restored before the documents.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from archive import schema
from archive.backup.errors import RestoreError
from archive.backup.tables import row_from_json

__all__ = ["DOCUMENT_TABLES", "document_rows"]

# Insert order: each table after the ones it refers to.
DOCUMENT_TABLES = ("document", "authorship", "affiliation", "disclaimer", "footnote", "problem")

Row = dict[str, Any]


def _row(table: str, values: Mapping[str, Any], where: str, **mapped: Any) -> Row:
    """Every column of ``table``: from ``mapped`` if given, else from ``values`` by name."""
    columns = schema.metadata.tables[table].columns
    missing = [c.name for c in columns if c.name not in mapped and c.name not in values]
    if missing:
        raise RestoreError(
            f"{where} has no {', '.join(missing)}: only full backups of a known format "
            "can be restored"
        )
    row = row_from_json(schema.metadata.tables[table], values)
    row.update((name, mapped[name]) for name in mapped if name in columns)
    return {c.name: row[c.name] for c in columns}


def _id(value: Mapping[str, Any] | None) -> int | None:
    return None if value is None else value["id"]


def document_rows(record: Mapping[str, Any], source_ids: Mapping[str, int]) -> dict[str, list[Row]]:
    """The rows of one document and its children, by table name."""
    document_id, where = record["id"], f"document {record['id']}"
    source = record["source"]
    rows: dict[str, list[Row]] = {table: [] for table in DOCUMENT_TABLES}
    rows["document"].append(
        _row(
            "document",
            record,
            where,
            publisher_id=_id(record["publisher"]),
            source_id=None if source is None else source_ids[source["sha256"]],
        )
    )
    for author in record["authors"]:
        rows["authorship"].append(
            _row("authorship", author, f"an author of {where}", document_id=document_id)
        )
        for affiliation in author["affiliations"]:
            rows["affiliation"].append(
                _row(
                    "affiliation",
                    affiliation,
                    f"an affiliation in {where}",
                    authorship_id=author.get("id"),
                    organization_id=_id(affiliation["organization"]),
                )
            )
    if (disclaimer := record["disclaimer"]) is not None:
        rows["disclaimer"].append(
            _row(
                "disclaimer",
                disclaimer,
                f"the disclaimer of {where}",
                document_id=document_id,
                organization_id=_id(disclaimer["organization"]),
            )
        )
    for note in record["footnotes"]:
        anchor = note["anchor"] or {}
        rows["footnote"].append(
            _row(
                "footnote",
                note,
                f"footnote {note['number']} of {where}",
                document_id=document_id,
                anchor_paragraph=anchor.get("paragraph"),
                anchor_offset=anchor.get("offset"),
            )
        )
    for problem in record.get("problems", ()):
        rows["problem"].append(
            _row("problem", problem, f"a problem of {where}", document_id=document_id)
        )
    return rows
