"""What each kind of line holds: its table and its JSON Schema.

``document`` lines are canonical records (``archive/schemas/document.schema.json``,
view "full" in a full backup, "public" in a public one).  ``organization``,
``person``, ``source_file``, ``work``, ``citation``, ``history`` and
``quarantined_file`` lines are
whole rows of their table (:mod:`archive.backup.tables`); ``user`` and
``group`` are Django's
(:mod:`archive.backup.auth`).  Records are validated against the schemas of the
*current* format, after upgrading (see :mod:`archive.backup.upgrade`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import fastjsonschema
import sqlalchemy as sa

from archive import schema
from archive.backup.auth import GROUP_SCHEMA, USER_SCHEMA
from archive.backup.tables import table_schema
from archive.records import record_schema

__all__ = ["NOT_BACKED_UP", "ROW_TABLES", "kind_schema", "record_errors"]

# Kinds written as whole rows of one table.
ROW_TABLES: dict[str, sa.Table] = {
    "organization": schema.Organization.__table__,  # type: ignore[dict-item]
    "person": schema.Person.__table__,  # type: ignore[dict-item]
    "source_file": schema.SourceFile.__table__,  # type: ignore[dict-item]
    "work": schema.Work.__table__,  # type: ignore[dict-item]
    "citation": schema.Citation.__table__,  # type: ignore[dict-item]
    "history": schema.History.__table__,  # type: ignore[dict-item]
    "quarantined_file": schema.QuarantinedFile.__table__,  # type: ignore[dict-item]
}

# Tables a backup leaves out, and why.
NOT_BACKED_UP: dict[str, str] = {
    "ingest_job": "files in flight to the background ingest: a restored archive starts with "
    "an empty queue (submit again what had not finished; finished files are in the catalog)",
}


def kind_schema(kind: str) -> dict[str, Any]:
    if kind == "document":
        return record_schema()
    if kind == "group":
        return GROUP_SCHEMA
    if kind == "user":
        return USER_SCHEMA
    if kind in ROW_TABLES:
        return table_schema(ROW_TABLES[kind])
    raise KeyError(kind)


@cache
def _fast(kind: str) -> Any:
    # Compiled to Python: about ten times faster than jsonschema on large records.
    return fastjsonschema.compile(kind_schema(kind))


@cache
def _explaining(kind: str) -> Any:
    from jsonschema import Draft202012Validator  # only for bad records: slow to import

    return Draft202012Validator(kind_schema(kind))


def record_errors(kind: str, record: Any) -> list[str]:
    """How ``record`` breaks the schema of ``kind`` (empty when valid)."""
    try:
        validate = _fast(kind)
    except KeyError:
        return [f"unknown kind {kind!r}"]
    try:
        validate(record)
    except fastjsonschema.JsonSchemaValueException as error:
        # The slow path, only for bad records: every error, with its path.
        messages = [
            f"{'/'.join(map(str, e.absolute_path)) or '(record)'}: {e.message}"
            for e in _explaining(kind).iter_errors(record)
        ]
        return messages or [error.message]
    return []
