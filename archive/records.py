"""The canonical JSON record of a document: one builder over one row shape.

One shape, described by ``archive/schemas/document.schema.json``, serves the
public API, the JSON dump, OAI-PMH, ``manage.py show-record``, the as-of views
and the tests.  Two views:

* ``"public"`` — what a researcher may see: no parsing problems, no withdrawn
  footnotes, no per-row bookkeeping.  Only published documents are ever given
  this view by the public catalog (``catalog.public.visibility``).
* ``"full"`` — everything, including each child row's ``id``, ``version``,
  ``changed_by`` and ``changed_at``, so a backup can restore every row exactly.

Records are assembled from plain rows — tuples in the column order of the
``*_COLUMNS`` lists below — by the ``_assemble_*`` functions, whatever the rows
came from: SQLAlchemy Core queries for the catalog as it is now
(:func:`document_records`, :func:`iter_document_records`), or the versions valid
at a moment for an as-of record (:func:`record_from_rows`, used by
:mod:`archive.history`).  A field added to the record is added here once.

* Document ids are read first, a keyset page at a time over an index (only ids
  are ever sorted: sorting whole rows of 50 KB would cost time and memory).
* A page's documents are streamed (a server-side cursor on PostgreSQL) and cut
  into batches of at most ``batch_size`` documents and about ``batch_chars``
  characters of text, so memory stays flat whatever the size of the catalog
  or of its documents.
* A batch's children (authors with their people, affiliations, the
  disclaimer, footnotes, problems) come from one query per table over the
  batch's range of ids, ordered by position / number / id: the same statement
  for every batch, prepared once.
* Timestamps and JSON lists of the child rows are read as the driver hands
  them over and decoded with the column type's own result processor, exactly
  as SQLAlchemy would, with a small memo: the rows of one document share their
  timestamps, and most footnotes have no URLs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Literal, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session

from archive import schema
from archive.moments import to_iso

__all__ = [
    "DEFAULT_BATCH_CHARS",
    "RECORD_SCHEMA_PATH",
    "View",
    "core_document_records",
    "document_record",
    "document_records",
    "iter_document_records",
    "record_from_rows",
    "record_schema",
    "validate_record",
]

View = Literal["public", "full"]
RECORD_SCHEMA_PATH = Path(__file__).with_name("schemas") / "document.schema.json"
Record = dict[str, Any]
Row = Sequence[Any]
Where = Callable[[sa.ColumnElement[Any]], sa.ColumnElement[bool]]

# About 2 MB of document text per batch (ASCII text is one byte a character):
# the rows, the records and their JSON are a few times that, and the backup's
# peak memory follows this figure, not the size of the catalog.
DEFAULT_BATCH_CHARS = 2_000_000
_MEMO_SIZE = 4096
_SHORT_JSON = 32  # JSON texts memoised: "[]" and other short lists

_T = schema.metadata.tables
_DOCUMENT = _T["document"]
_AUTHORSHIP = _T["authorship"]
_PERSON = _T["person"]
_AFFILIATION = _T["affiliation"]
_ORGANIZATION = _T["organization"]
_DISCLAIMER = _T["disclaimer"]
_FOOTNOTE = _T["footnote"]
_PROBLEM = _T["problem"]
_SOURCE = _T["source_file"]
ACTIVE = str(schema.RecordStatus.ACTIVE)

# -- the row shape: column names, in the order of the tuples the assemblers take --

_BOOKKEEPING = ("id", "version", "changed_by", "changed_at")
DOCUMENT_COLUMNS = (
    "id", "status", "version", "title", "subtitle", "kind", "language", "published",
    "published_raw", "publisher.id", "publisher.name", "doi", "url", "container_title", "text",
    "section_starts",
    "repairs", "provenance", "changed_by", "changed_at", "created_at", "withdrawn_reason",
    "source_id", "source.filename", "source.format", "source.media_type", "source.sha256",
    "source.size", "source.ingested_at",
)  # fmt: skip
AFFILIATION_COLUMNS = (
    "authorship_id", "organization.id", "organization.name", "title", "place", "position",
    *_BOOKKEEPING,
)  # fmt: skip
AUTHORSHIP_COLUMNS = (
    "document_id", "person_id", "person.name", "printed_name", "honorific", "role", "position",
    *_BOOKKEEPING,
)  # fmt: skip
DISCLAIMER_COLUMNS = ("document_id", "text", "organization.id", "organization.name", *_BOOKKEEPING)
FOOTNOTE_COLUMNS = (
    "document_id", "number", "text", "anchor_paragraph", "anchor_offset", "urls",
    "url_fragments", "status", "withdrawn_reason", *_BOOKKEEPING,
)  # fmt: skip
PROBLEM_COLUMNS = (
    "document_id", "stage", "field", "line", "raw", "reason", "resolved", *_BOOKKEEPING,
)  # fmt: skip
_TEXT = DOCUMENT_COLUMNS.index("text")


class Decoder(Protocol):
    """Turns a row's timestamp and JSON-list values into record values."""

    def stamp(self, value: Any) -> str | None: ...
    def listed(self, value: Any) -> list[Any]: ...


class PythonValues:
    """Rows of Python values (datetimes, lists), as the as-of state holds them."""

    @staticmethod
    def stamp(value: Any) -> str | None:
        return to_iso(value)

    @staticmethod
    def listed(value: Any) -> list[Any]:
        return list(value)


class _DriverValues:
    """Driver values of timestamp and JSON columns into record values, as SQLAlchemy would."""

    def __init__(self, dialect: sa.Dialect) -> None:
        self._datetime = _FOOTNOTE.c.changed_at.type.dialect_impl(dialect).result_processor(
            dialect, None
        )
        self._json = _FOOTNOTE.c.urls.type.dialect_impl(dialect).result_processor(dialect, None)
        self._stamps: dict[Any, str | None] = {}
        self._lists: dict[str, Any] = {}

    def stamp(self, raw: Any) -> str | None:
        """The ISO 8601 text of a timestamp column's driver value (``archive.moments.to_iso``)."""
        try:
            return self._stamps[raw]
        except KeyError:
            pass
        value = raw if self._datetime is None or raw is None else self._datetime(raw)
        text = to_iso(value)
        if len(self._stamps) >= _MEMO_SIZE:
            self._stamps.clear()
        self._stamps[raw] = text
        return text

    def listed(self, raw: Any) -> list[Any]:
        """``list(value)`` of a JSON column's driver value (a new list every time)."""
        if self._json is None or raw is None:
            return list(raw)
        if len(raw) > _SHORT_JSON:
            return list(self._json(raw))
        try:
            value = self._lists[raw]
        except KeyError:
            if len(self._lists) >= _MEMO_SIZE:
                self._lists.clear()
            value = self._lists[raw] = self._json(raw)
        return list(value)


# -- assembling records from rows ------------------------------------------------


def _assemble_authors(
    affiliation_rows: Iterable[Row], authorship_rows: Iterable[Row], full: bool, decode: Decoder
) -> dict[int, list[Record]]:
    """Authors by document id; rows ordered by (owner, position, id)."""
    stamp = decode.stamp
    affiliations: dict[int, list[Record]] = defaultdict(list)
    for (
        owner, org_id, org_name, title, place, position, row_id, version, changed_by, changed_at,
    ) in affiliation_rows:  # fmt: skip
        affiliation: Record = {
            "organization": None if org_id is None else {"id": org_id, "name": org_name},
            "title": title,
            "place": place,
            "position": position,
        }
        if full:
            affiliation["id"], affiliation["version"] = row_id, version
            affiliation["changed_by"], affiliation["changed_at"] = changed_by, stamp(changed_at)
        affiliations[owner].append(affiliation)
    authors: dict[int, list[Record]] = defaultdict(list)
    for (
        document_id, person_id, name, printed_name, honorific, role, position,
        row_id, version, changed_by, changed_at,
    ) in authorship_rows:  # fmt: skip
        author: Record = {
            "person_id": person_id,
            # As printed on this document, linked to the one person by person_id.
            "name": printed_name or name,
            "honorific": honorific,
            "role": role,
            "position": position,
            "affiliations": affiliations.get(row_id, []),
        }
        if full:
            author["printed_name"] = printed_name
            author["id"], author["version"] = row_id, version
            author["changed_by"], author["changed_at"] = changed_by, stamp(changed_at)
        authors[document_id].append(author)
    return authors


def _assemble_disclaimers(rows: Iterable[Row], full: bool, decode: Decoder) -> dict[int, Record]:
    disclaimers = {}
    for document_id, text, org_id, org_name, row_id, version, changed_by, changed_at in rows:
        disclaimer: Record = {
            "text": text,
            "disclaims": None if org_id is None else org_name,
            "organization": None if org_id is None else {"id": org_id, "name": org_name},
        }
        if full:
            disclaimer["id"], disclaimer["version"] = row_id, version
            disclaimer["changed_by"] = changed_by
            disclaimer["changed_at"] = decode.stamp(changed_at)
        disclaimers[document_id] = disclaimer
    return disclaimers


def _assemble_footnotes(
    rows: Iterable[Row], full: bool, decode: Decoder
) -> dict[int, list[Record]]:
    """Footnotes by document id; rows ordered by (document, number), only active ones if public."""
    footnotes: dict[int, list[Record]] = defaultdict(list)
    listed, stamp = decode.listed, decode.stamp
    # The loop runs for every footnote of the catalog: one dict display per note.
    if full:
        for (
            document_id, number, text, paragraph, offset, urls, fragments, status, reason,
            row_id, version, changed_by, changed_at,
        ) in rows:  # fmt: skip
            footnotes[document_id].append(
                {
                    "number": number,
                    "text": text,
                    "anchor": None
                    if paragraph is None
                    else {"paragraph": paragraph, "offset": offset},
                    "urls": listed(urls),
                    "url_fragments": listed(fragments),
                    "status": status,
                    "withdrawn_reason": reason,
                    "id": row_id,
                    "version": version,
                    "changed_by": changed_by,
                    "changed_at": stamp(changed_at),
                }
            )
        return footnotes
    for document_id, number, text, paragraph, offset, urls, fragments, *_rest in rows:
        footnotes[document_id].append(
            {
                "number": number,
                "text": text,
                "anchor": None if paragraph is None else {"paragraph": paragraph, "offset": offset},
                "urls": listed(urls),
                "url_fragments": listed(fragments),
            }
        )
    return footnotes


def _assemble_problems(rows: Iterable[Row], decode: Decoder) -> dict[int, list[Record]]:
    problems: dict[int, list[Record]] = defaultdict(list)
    for (
        document_id, stage, field, line, raw, reason, resolved,
        row_id, version, changed_by, changed_at,
    ) in rows:  # fmt: skip
        problems[document_id].append(
            {
                "stage": stage,
                "field": field,
                "line": line,
                "raw": raw,
                "reason": reason,
                "resolved": resolved,
                "id": row_id,
                "version": version,
                "changed_by": changed_by,
                "changed_at": decode.stamp(changed_at),
            }
        )
    return problems


def _assemble_records(
    documents: Iterable[Row],
    authors: dict[int, list[Record]],
    disclaimers: dict[int, Record],
    footnotes: dict[int, list[Record]],
    problems: dict[int, list[Record]],
    full: bool,
    decode: Decoder,
) -> list[Record]:
    stamp = decode.stamp
    records = []
    for row in documents:
        (
            document_id, status, version, title, subtitle, kind, language, published,
            published_raw, publisher_id, publisher_name, doi, url, container_title, text,
            section_starts, repairs, provenance, changed_by, changed_at, created_at,
            withdrawn_reason, source_id, filename, format_, media_type, sha256, size, ingested_at,
        ) = row  # fmt: skip
        record: Record = {
            "id": document_id,
            "status": status,
            "version": version,
            "title": title,
            "subtitle": subtitle,
            "kind": kind,
            "language": language,
            "published": to_iso(published),
            "published_raw": published_raw,
            "publisher": None
            if publisher_id is None
            else {"id": publisher_id, "name": publisher_name},
            "doi": doi,
            "url": url,
            "container_title": container_title,
            "authors": authors.get(document_id, []),
            "disclaimer": disclaimers.get(document_id),
            "footnotes": footnotes.get(document_id, []),
            "text": text,
            "section_starts": list(section_starts),
            "repairs": list(repairs),
            "provenance": list(provenance or []),
            "source": None
            if source_id is None
            else {
                "filename": filename,
                "format": format_,
                "media_type": media_type,
                "sha256": sha256,
                "size": size,
                "ingested_at": stamp(ingested_at),
            },
            "changed_by": changed_by,
            "changed_at": stamp(changed_at),
            "created_at": stamp(created_at),
        }
        if full:
            record["withdrawn_reason"] = withdrawn_reason
            record["problems"] = problems.get(document_id, [])
        records.append(record)
    return records


def record_from_rows(
    document: Row,
    affiliations: Sequence[Row],
    authorships: Sequence[Row],
    disclaimer: Row | None,
    footnotes: Sequence[Row],
    problems: Sequence[Row],
    view: View = "public",
) -> Record:
    """One record from rows of Python values in the ``*_COLUMNS`` shapes, in any order.

    The as-of record (:mod:`archive.history`) is built here from the versions
    valid at a moment: the same assembly as the catalog's current records.
    """
    full = view == "full"
    decode = PythonValues()
    by_key = {
        "affiliations": sorted(affiliations, key=lambda r: (r[0], r[5], r[6])),
        "authorships": sorted(authorships, key=lambda r: (r[6], r[7])),
        "footnotes": sorted((r for r in footnotes if full or r[7] == ACTIVE), key=lambda r: r[1]),
        "problems": sorted(problems, key=lambda r: r[7]),
    }
    return _assemble_records(
        [document],
        _assemble_authors(by_key["affiliations"], by_key["authorships"], full, decode),
        _assemble_disclaimers([disclaimer] if disclaimer else [], full, decode),
        _assemble_footnotes(by_key["footnotes"], full, decode),
        _assemble_problems(by_key["problems"], decode) if full else {},
        full,
        decode,
    )[0]


# -- reading the rows: SQLAlchemy Core, in the *_COLUMNS order ----------------------


def _raw(column: sa.Column[Any]) -> sa.ColumnElement[Any]:
    """``column`` as the driver returns it: SQLAlchemy applies no result processor."""
    return sa.type_coerce(column, sa.String).label(column.name)


def _documents_query(with_text: bool = True) -> sa.Select[Any]:
    publisher = _ORGANIZATION.alias("publisher")
    d, s = _DOCUMENT.c, _SOURCE.c
    text = d.text if with_text else sa.null().label("text")
    columns = [
        d.id, d.status, d.version, d.title, d.subtitle, d.kind, d.language, d.published,
        d.published_raw, publisher.c.id, publisher.c.name, d.doi, d.url, d.container_title, text,
        d.section_starts, d.repairs, d.provenance, d.changed_by, _raw(d.changed_at),
        _raw(d.created_at),
        d.withdrawn_reason, d.source_id, s.filename, s.format, s.media_type, s.sha256, s.size,
        _raw(s.ingested_at),
    ]  # fmt: skip
    return (
        sa.select(*columns)
        .select_from(
            _DOCUMENT.outerjoin(publisher, publisher.c.id == d.publisher_id).outerjoin(
                _SOURCE, _SOURCE.c.id == d.source_id
            )
        )
        .order_by(d.id)
    )


_STREAM = {"stream_results": True, "yield_per": 32}


def _author_rows(
    connection: sa.Connection, where: Where
) -> tuple[list[sa.Row[Any]], list[sa.Row[Any]]]:
    a, p, f, o = _AUTHORSHIP.c, _PERSON.c, _AFFILIATION.c, _ORGANIZATION.c
    affiliations = (
        sa.select(
            f.authorship_id,
            o.id,
            o.name,
            f.title,
            f.place,
            f.position,
            f.id,
            f.version,
            f.changed_by,
            _raw(f.changed_at),
        )  # fmt: skip
        .select_from(
            _AFFILIATION.join(_AUTHORSHIP, a.id == f.authorship_id).outerjoin(
                _ORGANIZATION, o.id == f.organization_id
            )
        )
        .where(where(a.document_id))
        .order_by(f.authorship_id, f.position, f.id)
    )
    authorships = (
        sa.select(
            a.document_id,
            a.person_id,
            p.name,
            a.printed_name,
            a.honorific,
            a.role,
            a.position,
            a.id,
            a.version,
            a.changed_by,
            _raw(a.changed_at),
        )  # fmt: skip
        .select_from(_AUTHORSHIP.join(_PERSON, p.id == a.person_id))
        .where(where(a.document_id))
        .order_by(a.document_id, a.position, a.id)
    )
    return connection.execute(affiliations).all(), connection.execute(authorships).all()


def _disclaimer_rows(connection: sa.Connection, where: Where) -> list[sa.Row[Any]]:
    c, o = _DISCLAIMER.c, _ORGANIZATION.c
    query = (
        sa.select(
            c.document_id, c.text, o.id, o.name, c.id, c.version, c.changed_by, _raw(c.changed_at)
        )
        .select_from(_DISCLAIMER.outerjoin(_ORGANIZATION, o.id == c.organization_id))
        .where(where(c.document_id))
    )
    return connection.execute(query).all()


def _footnote_rows(connection: sa.Connection, where: Where, full: bool) -> list[sa.Row[Any]]:
    n = _FOOTNOTE.c
    query = sa.select(
        n.document_id, n.number, n.text, n.anchor_paragraph, n.anchor_offset, _raw(n.urls),
        _raw(n.url_fragments), n.status, n.withdrawn_reason,
        n.id, n.version, n.changed_by, _raw(n.changed_at),
    ).where(where(n.document_id))  # fmt: skip
    if not full:
        query = query.where(n.status == ACTIVE)
    return connection.execute(query.order_by(n.document_id, n.number)).all()


def _problem_rows(connection: sa.Connection, where: Where) -> list[sa.Row[Any]]:
    q = _PROBLEM.c
    query = (
        sa.select(
            q.document_id,
            q.stage,
            q.field,
            q.line,
            q.raw,
            q.reason,
            q.resolved,
            q.id,
            q.version,
            q.changed_by,
            _raw(q.changed_at),
        )  # fmt: skip
        .where(where(q.document_id))
        .order_by(q.document_id, q.id)
    )
    return connection.execute(query).all()


def _records(
    connection: sa.Connection,
    documents: Sequence[sa.Row[Any]],
    view: View,
    decode: Decoder,
    where: Where | None = None,
) -> list[Record]:
    """The records of ``documents`` (rows of :func:`_documents_query`), in their order.

    ``where`` selects the children of exactly these documents by their
    ``document_id`` column (default: ``IN`` their ids).
    """
    full = view == "full"
    if where is None:
        ids = [row[0] for row in documents]

        def where(column: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
            return column.in_(ids)

    return _assemble_records(
        documents,
        _assemble_authors(*_author_rows(connection, where), full, decode),
        _assemble_disclaimers(_disclaimer_rows(connection, where), full, decode),
        _assemble_footnotes(_footnote_rows(connection, where, full), full, decode),
        _assemble_problems(_problem_rows(connection, where), decode) if full else {},
        full,
        decode,
    )


def _id_pages(
    connection: sa.Connection, where: sa.ColumnElement[bool] | None, size: int
) -> Iterator[list[int]]:
    """The ids of the documents to write, ``size`` at a time (keyset pages over an index)."""
    last = 0
    while True:
        query = sa.select(_DOCUMENT.c.id).where(_DOCUMENT.c.id > last)
        if where is not None:
            query = query.where(where)
        ids = list(connection.scalars(query.order_by(_DOCUMENT.c.id).limit(size)))
        if not ids:
            return
        yield ids
        last = ids[-1]


def _in_range(
    first: int, last: int, where: sa.ColumnElement[bool] | None
) -> sa.ColumnElement[bool]:
    """The documents selected by ``where`` whose ids are ``first`` … ``last``."""
    within = _DOCUMENT.c.id.between(first, last)
    return within if where is None else sa.and_(within, where)


def _children_of_range(first: int, last: int, where: sa.ColumnElement[bool] | None) -> Where:
    """Children of the documents of :func:`_in_range`, by their ``document_id`` column.

    A range, not ``IN`` the ids: the statement's text is the same for every
    batch, so it is compiled and prepared once (a list of a few hundred ids is
    rendered, parsed and planned anew for every batch and table: a third of
    the time of a backup, measured at 100,000 documents).
    """
    if where is None:
        return lambda column: column.between(first, last)
    chosen = sa.select(_DOCUMENT.c.id).where(_in_range(first, last, where))
    return lambda column: column.between(first, last) & column.in_(chosen)


def iter_document_records(
    connection: sa.Connection,
    view: View = "full",
    where: sa.ColumnElement[bool] | None = None,
    *,
    batch_size: int = 500,
    batch_chars: int = DEFAULT_BATCH_CHARS,
) -> Iterator[list[Record]]:
    """Records of every document (``where``: only those), in id order, batch by batch.

    A batch holds at most ``batch_size`` documents and, unless one document is
    larger, at most about ``batch_chars`` characters of text.
    """
    decode = _DriverValues(connection.dialect)
    documents = _documents_query()

    def records(batch: list[sa.Row[Any]]) -> list[Record]:
        children = _children_of_range(batch[0][0], batch[-1][0], where)
        return _records(connection, batch, view, decode, children)

    for page in _id_pages(connection, where, batch_size):
        query = documents.where(_in_range(page[0], page[-1], where))
        # Options of this statement only (Connection.execution_options() would set them
        # for every later one: server-side cursors for the children's small queries too).
        result = connection.execute(query, execution_options=_STREAM)
        batch: list[sa.Row[Any]] = []
        chars = 0
        with result:
            for row in result:
                batch.append(row)
                chars += len(row[_TEXT])
                if chars >= batch_chars:
                    yield records(batch)
                    batch, chars = [], 0
        if batch:
            yield records(batch)


def core_document_records(
    connection: sa.Connection, ids: Sequence[int], view: View = "public", *, with_text: bool = True
) -> list[Record]:
    """Records of the documents ``ids``, in that order (missing ids are skipped).

    ``with_text=False`` leaves the body out (``text`` is None) for a caller that
    does not show it: an OAI-PMH page of 100 records then reads no document body
    (on PostgreSQL, decompressing them was a third of the page's time).
    """
    if not ids:
        return []
    wanted = list(dict.fromkeys(ids))
    query = _documents_query(with_text).where(_DOCUMENT.c.id.in_(wanted))
    rows = connection.execute(query).all()
    decode = _DriverValues(connection.dialect)
    by_id = {r["id"]: r for r in _records(connection, rows, view, decode)}
    return [by_id[i] for i in ids if i in by_id]


def document_records(session: Session, ids: Sequence[int], view: View = "public") -> list[Record]:
    """Records of the documents ``ids``, in that order, as this session sees them.

    The session's pending changes are flushed first, so a record built inside
    a unit of work shows what that work has written so far.
    """
    session.flush()
    return core_document_records(session.connection(), ids, view)


def document_record(session: Session, document_id: int, view: View = "public") -> Record:
    """The record of one document; ``LookupError`` if there is none."""
    records = document_records(session, [document_id], view)
    if not records:
        raise LookupError(f"no document with id {document_id}")
    return records[0]


@cache
def record_schema() -> dict[str, Any]:
    return json.loads(RECORD_SCHEMA_PATH.read_text(encoding="utf-8"))


def validate_record(record: dict[str, Any]) -> list[str]:
    """Every way ``record`` breaks the JSON Schema, as readable messages (empty if valid)."""
    from jsonschema import Draft202012Validator

    validator = _validator(Draft202012Validator)
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(record)'}: {error.message}"
        for error in validator.iter_errors(record)
    ]


@cache
def _validator(cls: type) -> Any:
    return cls(record_schema())
