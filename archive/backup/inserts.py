"""Bulk inserts for a restore: values converted once, straight to what the driver takes.

SQLAlchemy's executemany builds a parameter dict for every row and passes each
value through its type's bind processor; for the hundreds of thousands of rows
of a catalog that was most of a restore.  Here each table gets a
:class:`TablePlan` once: its INSERT in the driver's parameter style and, for
each column, the conversion of a backup's JSON value into the driver's value —
the column type's conversion from JSON (:func:`archive.backup.tables.row_from_json`)
followed by the dialect's own bind processor, the very function SQLAlchemy
would call, so the database receives exactly the same values.  Dates and
timestamps are converted once per distinct text.  Rows are tuples in column
order, inserted with the driver's executemany — on PostgreSQL with ``COPY … FROM
STDIN`` (psycopg's ``copy.write_row``, same values and adapters, in the same
transaction): one stream per batch instead of a statement per row, what
``pg_restore`` does.

Without a dialect (``dialect=None``) a plan gives Python values, as
``row_from_json`` does: :func:`archive.backup.rows.document_rows` uses that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from archive.backup.errors import RestoreError
from archive.backup.format import decode_bytes, parse_timestamp

__all__ = ["TablePlan"]

Convert = Callable[[Any], Any]
_MEMO_SIZE = 4096
_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def _to_python(column_type: sa.types.TypeEngine[Any]) -> Convert | None:
    """The conversion of a non-null JSON value of this type (``tables._from_json``)."""
    if isinstance(column_type, sa.DateTime):
        return parse_timestamp
    if isinstance(column_type, sa.Date):
        return dt.date.fromisoformat
    if isinstance(column_type, sa.LargeBinary):
        return decode_bytes
    return None


def _memoised(convert: Convert) -> Convert:
    """``convert`` remembering its results for texts (dates and timestamps repeat a lot)."""
    memo: dict[str, Any] = {}

    def convert_text(value: Any) -> Any:
        if type(value) is not str:
            return convert(value)
        try:
            return memo[value]
        except KeyError:
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            result = memo[value] = convert(value)
            return result

    return convert_text


def _from_json(column: sa.Column[Any], bind: Convert | None) -> Convert | None:
    to_python = _to_python(column.type)
    if to_python is None:
        return bind

    def convert(value: Any) -> Any:
        if value is not None:
            value = to_python(value)
        return value if bind is None else bind(value)

    if isinstance(column.type, sa.Date | sa.DateTime):
        return _memoised(convert)
    return convert


class TablePlan:
    """How the rows of one table go from backup records to the database."""

    def __init__(self, table: sa.Table, dialect: sa.Dialect | None) -> None:
        self.table = table
        self.names = tuple(str(column.name) for column in table.columns)
        binds: list[Convert | None] = [
            None if dialect is None else column.type.dialect_impl(dialect).bind_processor(dialect)
            for column in table.columns
        ]
        # From a JSON value of the record, and from a Python value given by the caller.
        self.from_json = tuple(
            _from_json(column, bind) for column, bind in zip(table.columns, binds, strict=True)
        )
        self.from_python = tuple(binds)
        self.sql: str | None = None
        self.copy_sql: str | None = None
        if dialect is not None and dialect.name == "postgresql":
            preparer = dialect.identifier_preparer
            self.copy_sql = "COPY {} ({}) FROM STDIN".format(
                preparer.format_table(table), ", ".join(preparer.quote(n) for n in self.names)
            )
        if dialect is not None:
            if dialect.paramstyle not in _PLACEHOLDERS:
                raise RestoreError(f"no bulk insert for parameter style {dialect.paramstyle}")
            quote = dialect.identifier_preparer.quote
            self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
                dialect.identifier_preparer.format_table(table),
                ", ".join(quote(name) for name in self.names),
                ", ".join([_PLACEHOLDERS[dialect.paramstyle]] * len(self.names)),
            )

    def row(
        self, values: Mapping[str, Any], where: str, mapped: Mapping[str, Any] | None = None
    ) -> tuple[Any, ...]:
        """Every column: from ``mapped`` (Python values) if there, else from ``values`` (JSON).

        A column in neither is an error, never a silent NULL.
        """
        row = []
        for name, from_json, from_python in zip(
            self.names, self.from_json, self.from_python, strict=True
        ):
            if mapped is not None and name in mapped:
                value = mapped[name]
                row.append(value if from_python is None else from_python(value))
                continue
            try:
                value = values[name]
            except KeyError:
                raise self._missing(values, where, mapped) from None
            row.append(value if from_json is None else from_json(value))
        return tuple(row)

    def _missing(
        self, values: Mapping[str, Any], where: str, mapped: Mapping[str, Any] | None
    ) -> RestoreError:
        missing = [n for n in self.names if n not in values and n not in (mapped or {})]
        return RestoreError(
            f"{where} has no {', '.join(missing)}: only full backups of a known format "
            "can be restored"
        )

    def insert(self, connection: sa.Connection, rows: Sequence[tuple[Any, ...]]) -> None:
        """executemany of ``rows`` (tuples from :meth:`row` of a plan with a dialect)."""
        if not rows:
            return
        assert self.sql is not None, "a plan without a dialect inserts nothing"
        if self.copy_sql is not None:
            raw = connection.connection.driver_connection
            with raw.cursor() as cursor, cursor.copy(self.copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        connection.exec_driver_sql(self.sql, list(rows))
