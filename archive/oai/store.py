"""``oai_record``: when each published record last changed, and the queries of a harvest.

The table (revision 0013, which says what each column means and why) has one
row per document that has ever been published.  Triggers keep it: a document
published, edited or withdrawn, any of its authorships, affiliations,
disclaimer or footnotes written, a person or an organisation it names
changed.  Like the search index it is derived data, outside ``archive.schema``
and the backup: :func:`rebuild_sql` recomputes it from the catalog and its
history (a restore runs it; it must give what the triggers gave, which
``tests/archive/oai/test_store.py`` checks).

Pages are keyset pages over ``(datestamp, document_id)``: "the next N after
(d, i)" is two index range scans — the rest of second ``d`` after id ``i``,
then the seconds after ``d`` — joined by ``UNION ALL``, because SQLite does not
seek an index with a row-value comparison ``(datestamp, id) > (d, i)``: with many
records in one second (a bulk import) every later page would scan all of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from archive.oai.datestamps import whole_second
from archive.oai.sets import SetFilter

__all__ = [
    "Header",
    "SetCounts",
    "Window",
    "count",
    "earliest_datestamp",
    "header",
    "oai_records",
    "page",
    "rebuild",
    "rebuild_sql",
    "set_values",
    "trigger_names",
]

# Its own MetaData: derived data, not a table of the catalog (not backed up, no mirror).
_METADATA = sa.MetaData()
oai_records = sa.Table(
    "oai_record",
    _METADATA,
    sa.Column("document_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("datestamp", sa.DateTime(timezone=True), nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("language", sa.String(12), nullable=False),
    sa.Column("publisher_id", sa.Integer),
)
_R = oai_records.c


@dataclass(frozen=True, slots=True)
class Header:
    document_id: int
    datestamp: dt.datetime
    deleted: bool
    kind: str
    language: str
    publisher_id: int | None


@dataclass(frozen=True, slots=True)
class Window:
    """Which records a list holds: changed from ``since`` (inclusive) to ``upper``, in a set."""

    since: dt.datetime | None
    upper: dt.datetime
    set: SetFilter | None = None


def _header(row: sa.Row) -> Header:
    document_id, datestamp, deleted, kind, language, publisher_id = row
    return Header(document_id, whole_second(datestamp), bool(deleted), kind, language,
                  publisher_id)


def _in_set(query: sa.Select, chosen: SetFilter | None) -> sa.Select:
    if chosen is None:
        return query
    column = {"kind": _R.kind, "language": _R.language, "publisher": _R.publisher_id}[chosen.facet]
    if chosen.value is None:
        return query.where(column.is_not(None))
    return query.where(column == chosen.value)


def _select(chosen: SetFilter | None) -> sa.Select:
    return _in_set(
        sa.select(_R.document_id, _R.datestamp, _R.deleted, _R.kind, _R.language, _R.publisher_id),
        chosen,
    )


def header(connection: sa.Connection, document_id: int) -> Header | None:
    row = connection.execute(_select(None).where(_R.document_id == document_id)).first()
    return None if row is None else _header(row)


def earliest_datestamp(connection: sa.Connection) -> dt.datetime | None:
    value = connection.execute(sa.select(sa.func.min(_R.datestamp))).scalar()
    return None if value is None else whole_second(value)


def count(connection: sa.Connection, window: Window) -> int:
    query = _in_set(sa.select(sa.func.count()).select_from(oai_records), window.set)
    query = query.where(_R.datestamp <= window.upper)
    if window.since is not None:
        query = query.where(_R.datestamp >= window.since)
    return connection.execute(query).scalar() or 0


def page(
    connection: sa.Connection,
    window: Window,
    after: tuple[dt.datetime, int] | None,
    limit: int,
) -> list[Header]:
    """Up to ``limit`` headers of ``window`` after the keyset position ``after``, in order."""
    order = (_R.datestamp, _R.document_id)
    if after is None:
        query = _select(window.set).where(_R.datestamp <= window.upper)
        if window.since is not None:
            query = query.where(_R.datestamp >= window.since)
        rows = connection.execute(query.order_by(*order).limit(limit)).all()
        return [_header(row) for row in rows]
    stamp, last_id = after
    # Ordered by both columns although the first is fixed: so the planner walks the
    # (datestamp, document_id) index, not the primary key filtering every later id.
    same_second = (
        _select(window.set)
        .where(_R.datestamp == stamp, _R.document_id > last_id)
        .order_by(*order)
        .limit(limit)
    )
    later = (
        _select(window.set)
        .where(_R.datestamp > stamp, _R.datestamp <= window.upper)
        .order_by(*order)
        .limit(limit)
    )
    both = sa.union_all(
        sa.select(same_second.subquery()), sa.select(later.subquery())
    ).subquery()
    query = sa.select(*both.c).order_by(both.c.datestamp, both.c.document_id).limit(limit)
    return [_header(row) for row in connection.execute(query).all()]


@dataclass(frozen=True, slots=True)
class SetCounts:
    kinds: list[str]
    languages: list[str]
    publishers: list[tuple[int, str]]  # (id, current name)


def set_values(connection: sa.Connection) -> SetCounts:
    """The kinds, languages and publishers of the records (deleted ones included)."""
    kinds = connection.scalars(sa.select(_R.kind).distinct().order_by(_R.kind)).all()
    languages = connection.scalars(sa.select(_R.language).distinct().order_by(_R.language)).all()
    organization = sa.table("organization", sa.column("id"), sa.column("name"))
    used = sa.select(_R.publisher_id).where(_R.publisher_id.is_not(None)).distinct().subquery()
    publishers = connection.execute(
        sa.select(organization.c.id, organization.c.name)
        .join(used, used.c.publisher_id == organization.c.id)
        .order_by(organization.c.id)
    ).all()
    return SetCounts(list(kinds), list(languages), [(i, name) for i, name in publishers])


# -- triggers and rebuild ---------------------------------------------------------

_SQLITE_TRIGGERS = (
    "document_oai_insert", "document_oai_publish", "document_oai_unpublish",
    "document_oai_delete",
    *(f"{table}_oai_{event}" for table in ("authorship", "disclaimer", "footnote", "affiliation")
      for event in ("insert", "update", "delete")),
    "person_oai_update", "organization_oai_update",
)  # fmt: skip
_POSTGRESQL_TRIGGERS = tuple(
    f"{table}_oai"
    for table in ("document", "authorship", "disclaimer", "footnote", "affiliation", "person",
                  "organization")
)


def trigger_names(dialect: str) -> list[tuple[str, str]]:
    """(table, trigger) of every trigger that keeps ``oai_record``."""
    if dialect == "postgresql":
        return [(name.removesuffix("_oai"), name) for name in _POSTGRESQL_TRIGGERS]
    return [(name.split("_oai_")[0], name) for name in _SQLITE_TRIGGERS]


def _second(expression: str) -> str:
    """SQLite: a timestamp as SQLAlchemy stores a whole-second DateTime (comparable as text)."""
    return f"(strftime('%Y-%m-%d %H:%M:%S', {expression}) || '.000000')"


# Every moment a record changed: the document and its children (current rows and
# history), the people it names, the organisations it names (publisher, affiliations,
# disclaimer).  Changes made while it was not published are older than the moment it
# was (re)published, which is itself a change of the document row, so the maximum
# is what the triggers keep.
_CHANGES = """
    SELECT id AS document_id, changed_at AS changed FROM document
    UNION ALL SELECT document_id, changed_at FROM history
        WHERE document_id IS NOT NULL
        AND table_name IN ('document', 'authorship', 'affiliation', 'disclaimer', 'footnote')
    UNION ALL SELECT document_id, changed_at FROM authorship
    UNION ALL SELECT a.document_id, f.changed_at
        FROM affiliation f JOIN authorship a ON a.id = f.authorship_id
    UNION ALL SELECT document_id, changed_at FROM disclaimer
    UNION ALL SELECT document_id, changed_at FROM footnote
    UNION ALL SELECT a.document_id, p.changed_at
        FROM authorship a JOIN person p ON p.id = a.person_id
    UNION ALL SELECT a.document_id, h.changed_at
        FROM authorship a JOIN history h ON h.table_name = 'person' AND h.row_id = a.person_id
    UNION ALL SELECT d.id, o.changed_at
        FROM document d JOIN organization o ON o.id = d.publisher_id
    UNION ALL SELECT d.id, h.changed_at
        FROM document d
        JOIN history h ON h.table_name = 'organization' AND h.row_id = d.publisher_id
    UNION ALL SELECT a.document_id, o.changed_at
        FROM affiliation f JOIN authorship a ON a.id = f.authorship_id
        JOIN organization o ON o.id = f.organization_id
    UNION ALL SELECT a.document_id, h.changed_at
        FROM affiliation f JOIN authorship a ON a.id = f.authorship_id
        JOIN history h ON h.table_name = 'organization' AND h.row_id = f.organization_id
    UNION ALL SELECT c.document_id, o.changed_at
        FROM disclaimer c JOIN organization o ON o.id = c.organization_id
    UNION ALL SELECT c.document_id, h.changed_at
        FROM disclaimer c
        JOIN history h ON h.table_name = 'organization' AND h.row_id = c.organization_id
"""
_COLUMNS = "document_id, datestamp, deleted, kind, language, publisher_id"


def rebuild_sql(dialect: str) -> list[str]:
    """Statements that recompute ``oai_record`` whole from the catalog and its history.

    Published documents: the latest change of the record.  Documents published
    once and no longer: a deleted record, dated when they left publication (the
    moment their last published version was replaced), in the sets of that version.
    """
    if dialect == "postgresql":
        return [
            "DELETE FROM oai_record",
            f"WITH changes (document_id, changed) AS ({_CHANGES}) "
            f"INSERT INTO oai_record ({_COLUMNS}) "
            "SELECT d.id, date_trunc('second', max(c.changed)), false, d.kind, d.language, "
            "d.publisher_id "
            "FROM document d JOIN changes c ON c.document_id = d.id "
            "WHERE d.status = 'published' GROUP BY d.id",
            f"INSERT INTO oai_record ({_COLUMNS}) "
            "SELECT d.id, date_trunc('second', h.changed_at), true, h.snapshot->>'kind', "
            "h.snapshot->>'language', (h.snapshot->>'publisher_id')::integer "
            "FROM document d JOIN history h ON h.table_name = 'document' AND h.row_id = d.id "
            "WHERE d.status <> 'published' AND h.snapshot->>'status' = 'published' "
            "AND h.version = (SELECT max(p.version) FROM history p WHERE p.table_name = 'document' "
            "AND p.row_id = d.id AND p.snapshot->>'status' = 'published')",
        ]
    return [
        "DELETE FROM oai_record",
        f"WITH changes (document_id, changed) AS ({_CHANGES}) "
        f"INSERT INTO oai_record ({_COLUMNS}) "
        f"SELECT d.id, max({_second('c.changed')}), 0, d.kind, d.language, d.publisher_id "
        "FROM document d JOIN changes c ON c.document_id = d.id "
        "WHERE d.status = 'published' GROUP BY d.id",
        f"INSERT INTO oai_record ({_COLUMNS}) "
        f"SELECT d.id, {_second('h.changed_at')}, 1, json_extract(h.snapshot, '$.kind'), "
        "json_extract(h.snapshot, '$.language'), json_extract(h.snapshot, '$.publisher_id') "
        "FROM document d JOIN history h ON h.table_name = 'document' AND h.row_id = d.id "
        "WHERE d.status <> 'published' AND json_extract(h.snapshot, '$.status') = 'published' "
        "AND h.version = (SELECT max(p.version) FROM history p WHERE p.table_name = 'document' "
        "AND p.row_id = d.id AND json_extract(p.snapshot, '$.status') = 'published')",
    ]


def rebuild(connection: sa.Connection, statements: Sequence[str] | None = None) -> bool:
    """Recompute ``oai_record`` in the caller's transaction; False if the database has none."""
    if not sa.inspect(connection).has_table("oai_record"):
        return False
    for statement in statements or rebuild_sql(connection.dialect.name):
        connection.exec_driver_sql(statement)
    return True
