"""Canonical document records built from SQLAlchemy Core rows, in bounded batches.

The same records as :func:`archive.records.document_records`, value for value,
without the ORM: no identity map, no instrumented objects, no relationship
loaders.  This is what the backup writes; the ORM builder stays the reference
for everything else, and ``tests/archive/backup/test_records_core.py`` holds
the two to the same output.  A field added to the record in
``archive/records.py`` must be added here too (that test names the difference).

* Document ids are read first, a keyset page at a time over an index (only ids
  are ever sorted: sorting whole rows of 50 KB would cost time and memory).
* A page's documents are streamed (a server-side cursor on PostgreSQL) and cut
  into batches of at most ``batch_size`` documents and about ``batch_chars``
  characters of text, so memory stays flat whatever the size of the catalog
  or of its documents.
* A batch's children (authors with their people, affiliations, the
  disclaimer, footnotes, problems) come from one query per table over the
  batch's range of ids, ordered as the ORM relationships order them: the
  same statement for every batch, prepared once.
* Timestamps and JSON lists of the child rows are read as the driver hands
  them over and decoded with the column type's own result processor, exactly
  as SQLAlchemy would, with a small memo: the rows of one document share their
  timestamps, and most footnotes have no URLs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from archive import schema
from archive.moments import to_iso
from archive.records import View

__all__ = ["DEFAULT_BATCH_CHARS", "core_document_records", "iter_document_records"]

Record = dict[str, Any]
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
_ACTIVE = str(schema.RecordStatus.ACTIVE)


def _raw(column: sa.Column[Any]) -> sa.ColumnElement[Any]:
    """``column`` as the driver returns it: SQLAlchemy applies no result processor."""
    return sa.type_coerce(column, sa.String).label(column.name)


class _Decoder:
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


_TEXT = 14  # the position of ``text`` in the rows of _documents_query
_STREAM = {"stream_results": True, "yield_per": 32}


def _authors(
    connection: sa.Connection, where: Where, full: bool, decode: _Decoder
) -> dict[int, list[Record]]:
    a, p, f, o = _AUTHORSHIP.c, _PERSON.c, _AFFILIATION.c, _ORGANIZATION.c
    stamp = decode.stamp
    affiliations: dict[int, list[Record]] = defaultdict(list)
    query = (
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
    for (
        owner, org_id, org_name, title, place, position, row_id, version, changed_by, changed_at,
    ) in connection.execute(query).all():  # fmt: skip
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
    query = (
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
    for (
        document_id, person_id, name, printed_name, honorific, role, position,
        row_id, version, changed_by, changed_at,
    ) in connection.execute(query).all():  # fmt: skip
        author: Record = {
            "person_id": person_id,
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


def _disclaimers(
    connection: sa.Connection, where: Where, full: bool, decode: _Decoder
) -> dict[int, Record]:
    c, o = _DISCLAIMER.c, _ORGANIZATION.c
    query = (
        sa.select(
            c.document_id, c.text, o.id, o.name, c.id, c.version, c.changed_by, _raw(c.changed_at)
        )
        .select_from(_DISCLAIMER.outerjoin(_ORGANIZATION, o.id == c.organization_id))
        .where(where(c.document_id))
    )
    disclaimers = {}
    rows = connection.execute(query).all()
    for document_id, text, org_id, org_name, row_id, version, changed_by, changed_at in rows:
        disclaimer: Record = {
            "text": text,
            "disclaims": None if org_id is None else org_name,
            "organization": None if org_id is None else {"id": org_id, "name": org_name},
        }
        if full:
            disclaimer["id"], disclaimer["version"] = row_id, version
            disclaimer["changed_by"], disclaimer["changed_at"] = (
                changed_by,
                decode.stamp(changed_at),
            )
        disclaimers[document_id] = disclaimer
    return disclaimers


def _footnotes(
    connection: sa.Connection, where: Where, full: bool, decode: _Decoder
) -> dict[int, list[Record]]:
    n = _FOOTNOTE.c
    query = sa.select(
        n.document_id, n.number, n.text, n.anchor_paragraph, n.anchor_offset, _raw(n.urls),
        _raw(n.url_fragments), n.status, n.withdrawn_reason,
        n.id, n.version, n.changed_by, _raw(n.changed_at),
    ).where(where(n.document_id))  # fmt: skip
    if not full:
        query = query.where(n.status == _ACTIVE)
    rows = connection.execute(query.order_by(n.document_id, n.number)).all()
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


def _problems(connection: sa.Connection, where: Where, decode: _Decoder) -> dict[int, list[Record]]:
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
    problems: dict[int, list[Record]] = defaultdict(list)
    for (
        document_id, stage, field, line, raw, reason, resolved,
        row_id, version, changed_by, changed_at,
    ) in connection.execute(query).all():  # fmt: skip
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


def _records(
    connection: sa.Connection,
    documents: Sequence[sa.Row[Any]],
    view: View,
    decode: _Decoder,
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

    authors = _authors(connection, where, full, decode)
    disclaimers = _disclaimers(connection, where, full, decode)
    footnotes = _footnotes(connection, where, full, decode)
    problems = _problems(connection, where, decode) if full else {}
    stamp = decode.stamp
    records = []
    for row in documents:
        (
            document_id, status, version, title, subtitle, kind, language, published,
            published_raw, publisher_id, publisher_name, doi, url, container_title, text,
            section_starts, repairs,
            provenance, changed_by, changed_at, created_at, withdrawn_reason, source_id, filename,
            format_, media_type, sha256, size, ingested_at,
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
    decode = _Decoder(connection.dialect)
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

    The Core counterpart of :func:`archive.records.document_records`.
    ``with_text=False`` leaves the body out (``text`` is None) for a caller that
    does not show it: an OAI-PMH page of 100 records then reads no document body
    (on PostgreSQL, decompressing them was a third of the page's time).
    """
    if not ids:
        return []
    wanted = list(dict.fromkeys(ids))
    query = _documents_query(with_text).where(_DOCUMENT.c.id.in_(wanted))
    rows = connection.execute(query).all()
    by_id = {r["id"]: r for r in _records(connection, rows, view, _Decoder(connection.dialect))}
    return [by_id[i] for i in ids if i in by_id]
