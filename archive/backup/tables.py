"""Rows of plain tables as JSON values and back, driven by the tables' column types.

Organisations, people, source files and history rows are written whole, one
line per row, every column by name.  Values become JSON as follows, and come
back through the column's type: timestamps as ISO 8601 UTC with ``Z``, dates as
``YYYY-MM-DD``, binary columns as base64, JSON columns as themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from archive.backup.format import decode_bytes, encode_bytes, parse_timestamp
from archive.moments import to_iso

__all__ = ["TIMESTAMP_PATTERN", "json_rows", "row_from_json", "row_to_json", "table_schema"]

TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"
_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def _to_json(value: Any) -> Any:
    if isinstance(value, dt.date):  # datetimes too
        return to_iso(value)
    if isinstance(value, bytes | memoryview):
        return encode_bytes(bytes(value))
    return value


def row_to_json(table: sa.Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """Every column of ``row``, by name, as JSON values."""
    return {str(column.name): _to_json(row[column.name]) for column in table.columns}


# Values JSON takes as they are: no call to _to_json for them.
_PLAIN = frozenset({str, int, float, bool, type(None), dict, list})
_MEMO_SIZE = 4096


def json_rows(table: sa.Table, rows: Iterable[Sequence[Any]]) -> Iterator[dict[str, Any]]:
    """:func:`row_to_json` of each row of ``SELECT table`` (columns in table order), faster.

    The same values: only the conversion of each value is cheaper (no call for
    plain values, timestamps memoised: many history rows share them).
    """
    names = [str(column.name) for column in table.columns]
    plain = _PLAIN
    memo: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if type(value) is not dt.datetime:  # bytes are not memoised: they may be large
            return _to_json(value)
        try:
            return memo[value]
        except KeyError:
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            converted = memo[value] = _to_json(value)
            return converted

    for row in rows:
        yield {
            name: value if type(value) in plain else convert(value)
            for name, value in zip(names, row, strict=True)
        }


def _from_json(column_type: sa.types.TypeEngine[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column_type, sa.DateTime):
        return parse_timestamp(value)
    if isinstance(column_type, sa.Date):
        return dt.date.fromisoformat(value)
    if isinstance(column_type, sa.LargeBinary):
        return decode_bytes(value)
    return value


def row_from_json(table: sa.Table, record: Mapping[str, Any]) -> dict[str, Any]:
    """The row to insert into ``table`` (columns missing from ``record`` are left out)."""
    return {
        column.name: _from_json(column.type, record[column.name])
        for column in table.columns
        if column.name in record
    }


def _column_schema(column: sa.Column[Any]) -> dict[str, Any]:
    kind = column.type
    schema: dict[str, Any]
    if isinstance(kind, sa.JSON):
        return {}  # any JSON value
    if isinstance(kind, sa.Boolean):
        schema = {"type": "boolean"}
    elif isinstance(kind, sa.Integer):
        schema = {"type": "integer"}
    elif isinstance(kind, sa.Float):
        schema = {"type": "number"}
    elif isinstance(kind, sa.DateTime):
        schema = {"type": "string", "pattern": TIMESTAMP_PATTERN}
    elif isinstance(kind, sa.Date):
        schema = {"type": "string", "pattern": _DATE_PATTERN}
    elif isinstance(kind, sa.LargeBinary):
        schema = {"type": "string", "contentEncoding": "base64"}
    else:
        schema = {"type": "string"}
    if column.nullable:
        schema["type"] = [schema["type"], "null"]
    return schema


def table_schema(table: sa.Table) -> dict[str, Any]:
    """A JSON Schema for one row of ``table`` as :func:`row_to_json` writes it."""
    return {
        "type": "object",
        "required": [column.name for column in table.columns],
        "additionalProperties": False,
        "properties": {column.name: _column_schema(column) for column in table.columns},
    }
