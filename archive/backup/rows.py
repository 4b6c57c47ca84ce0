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

import sqlalchemy as sa

from archive import schema
from archive.backup.inserts import TablePlan

__all__ = ["DOCUMENT_TABLES", "DocumentRows", "document_rows"]

# Insert order: each table after the ones it refers to.
DOCUMENT_TABLES = ("document", "authorship", "affiliation", "disclaimer", "footnote", "problem")

Row = dict[str, Any]
Values = tuple[Any, ...]


def _id(value: Mapping[str, Any] | None) -> int | None:
    return None if value is None else value["id"]


class DocumentRows:
    """The rows of documents and their children, as tuples in column order, by table.

    With a dialect the values are what its driver takes (see
    :class:`archive.backup.inserts.TablePlan`); without, Python values.
    """

    def __init__(self, dialect: sa.Dialect | None) -> None:
        self.plans = {t: TablePlan(schema.metadata.tables[t], dialect) for t in DOCUMENT_TABLES}

    def empty(self) -> dict[str, list[Values]]:
        return {table: [] for table in DOCUMENT_TABLES}

    def add(
        self,
        rows: dict[str, list[Values]],
        record: Mapping[str, Any],
        source_ids: Mapping[str, int],
    ) -> None:
        """Append the rows of the document ``record`` to ``rows`` (by table name)."""
        plans = self.plans
        document_id, where = record["id"], f"document {record['id']}"
        source = record["source"]
        mapped = {
            "publisher_id": _id(record["publisher"]),
            "source_id": None if source is None else source_ids[source["sha256"]],
        }
        rows["document"].append(plans["document"].row(record, where, mapped))
        for author in record["authors"]:
            rows["authorship"].append(
                plans["authorship"].row(
                    author, f"an author of {where}", {"document_id": document_id}
                )
            )
            for affiliation in author["affiliations"]:
                mapped = {
                    "authorship_id": author.get("id"),
                    "organization_id": _id(affiliation["organization"]),
                }
                rows["affiliation"].append(
                    plans["affiliation"].row(affiliation, f"an affiliation in {where}", mapped)
                )
        if (disclaimer := record["disclaimer"]) is not None:
            mapped = {
                "document_id": document_id,
                "organization_id": _id(disclaimer["organization"]),
            }
            rows["disclaimer"].append(
                plans["disclaimer"].row(disclaimer, f"the disclaimer of {where}", mapped)
            )
        for note in record["footnotes"]:
            anchor = note["anchor"] or {}
            mapped = {
                "document_id": document_id,
                "anchor_paragraph": anchor.get("paragraph"),
                "anchor_offset": anchor.get("offset"),
            }
            rows["footnote"].append(
                plans["footnote"].row(note, f"footnote {note['number']} of {where}", mapped)
            )
        for problem in record.get("problems", ()):
            rows["problem"].append(
                plans["problem"].row(problem, f"a problem of {where}", {"document_id": document_id})
            )


_PYTHON = DocumentRows(None)


def document_rows(record: Mapping[str, Any], source_ids: Mapping[str, int]) -> dict[str, list[Row]]:
    """The rows of one document and its children, by table name (Python values)."""
    rows = _PYTHON.empty()
    _PYTHON.add(rows, record, source_ids)
    return {
        table: [dict(zip(_PYTHON.plans[table].names, values, strict=True)) for values in found]
        for table, found in rows.items()
    }
