"""Write a backup: one consistent snapshot of the catalog, streamed to JSON Lines.

Memory stays flat whatever the catalog size: documents are read by keyset
pages of ``batch_size`` ids (a handful of queries per page, see
``archive.records``) and the session is emptied after each page; whole-row
kinds are streamed with ``yield_per``.  Everything is read in one read-only
transaction, so the counts in the manifest and the rows that follow describe
the same moment even while librarians keep writing.

A backup written to a path goes to a temporary file next to it, is flushed to
disk and renamed only when complete: a killed backup leaves at most a
``.<name>.*.tmp`` file, never a truncated backup under the final name.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson
import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool
from tqdm import tqdm

from archive import schema
from archive.attribution import utcnow
from archive.backup.auth import count_auth, iter_groups, iter_users, reflect_auth
from archive.backup.format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    FULL_KINDS,
    dumps,
    encode_record_line,
    to_iso,
)
from archive.backup.kinds import ROW_TABLES
from archive.backup.tables import row_to_json
from archive.db import SQLITE_BUSY_TIMEOUT_MS
from archive.records import document_records

__all__ = ["BackupResult", "BatchHook", "write_backup"]

BatchHook = Callable[[str, int], None]
"""Called after each batch with the kind and the number of records written so far."""

_DOCUMENT = schema.Document.__table__


@dataclass(frozen=True)
class BackupResult:
    counts: dict[str, int]
    lines: int
    sha256: str
    records_sha256: str
    path: Path | None


class _Output:
    """Counts lines and hashes them on their way out."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream, self.lines = stream, 0
        self.all, self.records = hashlib.sha256(), hashlib.sha256()

    def manifest(self, line: bytes) -> None:
        self._write(line)

    def record(self, line: bytes) -> None:
        self.records.update(line)
        self._write(line)

    def _write(self, line: bytes) -> None:
        self.all.update(line)
        self.stream.write(line)
        self.lines += 1


def write_backup(
    engine: sa.Engine,
    target: str | os.PathLike[str] | IO[bytes],
    *,
    public: bool = False,
    batch_size: int = 500,
    progress: bool = False,
    on_batch: BatchHook | None = None,
    created_at: dt.datetime | None = None,
) -> BackupResult:
    """Back up the catalog of ``engine`` to ``target`` (a path, or an open binary stream).

    ``public`` writes published documents only, in the public view: no history,
    no users, nothing a researcher may not see.  A path ending in ``.gz`` is
    compressed.  ``progress`` shows a progress bar on stderr.
    """
    if not isinstance(target, str | os.PathLike):
        return _write(engine, target, public, batch_size, progress, on_batch, created_at, None)
    path = Path(target)
    with _atomic_file(path) as stream:
        return _write(engine, stream, public, batch_size, progress, on_batch, created_at, path)


@contextmanager
def _atomic_file(path: Path) -> Iterator[IO[bytes]]:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as raw:
            if path.suffix == ".gz":
                # mtime=0 and no name: the same catalog gives the same compressed bytes.
                # Level 6 (zlib's default): nearly level 9's size at a third of its time.
                with gzip.GzipFile(
                    filename="", fileobj=raw, mode="wb", compresslevel=6, mtime=0
                ) as zipped:
                    yield zipped  # type: ignore[misc]
            else:
                yield raw
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write(
    engine: sa.Engine,
    stream: IO[bytes],
    public: bool,
    batch_size: int,
    progress: bool,
    on_batch: BatchHook | None,
    created_at: dt.datetime | None,
    path: Path | None,
) -> BackupResult:
    with _snapshot(engine) as connection:
        sources = _sources(connection, public, batch_size)
        counts = {kind: count for kind, (count, _rows) in sources.items()}
        out = _Output(stream)
        out.manifest(dumps(_manifest(connection, public, counts, created_at)) + b"\n")
        with tqdm(
            total=sum(counts.values()), disable=not progress, unit="rec", file=sys.stderr
        ) as bar:
            for kind, (_count, rows) in sources.items():
                written = 0
                for batch in rows():
                    for record in batch:
                        out.record(encode_record_line(kind, out.lines + 1, record))
                    written += len(batch)
                    bar.update(len(batch))
                    if on_batch is not None:
                        on_batch(kind, written)
    trailer = {
        "kind": "trailer",
        "counts": counts,
        "lines": out.lines + 1,
        "records_sha256": out.records.hexdigest(),
        "sha256": out.all.hexdigest(),
    }
    stream.write(dumps(trailer) + b"\n")
    stream.flush()
    return BackupResult(counts, out.lines + 1, trailer["sha256"], trailer["records_sha256"], path)


Batches = Callable[[], Iterator[list[dict[str, Any]]]]


def _sources(connection: sa.Connection, public: bool, size: int) -> dict[str, tuple[int, Batches]]:
    """Each kind to write, in file order: its count and a generator of record batches."""
    if public:
        published = _DOCUMENT.c.status == schema.DocumentStatus.PUBLISHED
        query = sa.select(sa.func.count()).select_from(_DOCUMENT).where(published)
        count = connection.scalar(query) or 0
        return {"document": (count, lambda: _documents(connection, "public", published, size))}
    sources: dict[str, tuple[int, Batches]] = {}
    auth = reflect_auth(connection)
    if auth is not None:
        counts = count_auth(connection, auth)
        sources["group"] = (counts["group"], lambda: _chunks(iter_groups(connection, auth), size))
        sources["user"] = (counts["user"], lambda: _chunks(iter_users(connection, auth), size))
    for kind in FULL_KINDS:
        if kind in ROW_TABLES:
            table = ROW_TABLES[kind]
            count = connection.scalar(sa.select(sa.func.count()).select_from(table)) or 0
            sources[kind] = (count, _row_batches(connection, table, size))
        elif kind == "document":
            count = connection.scalar(sa.select(sa.func.count()).select_from(_DOCUMENT)) or 0
            sources[kind] = (count, lambda: _documents(connection, "full", sa.true(), size))
    order = {kind: i for i, kind in enumerate(FULL_KINDS)}
    return dict(sorted(sources.items(), key=lambda item: order[item[0]]))


def _chunks(records: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _row_batches(connection: sa.Connection, table: sa.Table, size: int) -> Batches:
    def batches() -> Iterator[list[dict[str, Any]]]:
        query = sa.select(table).order_by(table.c.id)
        result = connection.execution_options(stream_results=True, yield_per=size).execute(query)
        for partition in result.mappings().partitions():
            yield [row_to_json(table, row) for row in partition]

    return batches


def _documents(
    connection: sa.Connection, view: str, where: sa.ColumnElement[bool], size: int
) -> Iterator[list[dict[str, Any]]]:
    # Keyset pages rather than one cursor: the records module loads each page's
    # children with a few IN queries, and the session forgets the page after it.
    session = Session(bind=connection)
    last = 0
    while True:
        query = (
            sa.select(_DOCUMENT.c.id)
            .where(where, _DOCUMENT.c.id > last)
            .order_by(_DOCUMENT.c.id)
            .limit(size)
        )
        ids = list(connection.scalars(query))
        if not ids:
            return
        yield document_records(session, ids, view)  # type: ignore[arg-type]
        session.expunge_all()
        last = ids[-1]


def _manifest(
    connection: sa.Connection, public: bool, counts: dict[str, int], created_at: dt.datetime | None
) -> dict[str, Any]:
    return {
        "kind": "manifest",
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "alembic_revision": alembic_revision(connection),
        "created_at": to_iso(created_at or utcnow()),
        "scope": "public" if public else "full",
        "kinds": list(counts),
        "counts": counts,
    }


def alembic_revision(connection: sa.Connection) -> str | None:
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.scalar(sa.text("SELECT version_num FROM alembic_version"))


@contextmanager
def _snapshot(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A read-only transaction that sees one moment of the database."""
    if engine.dialect.name != "sqlite":
        with engine.connect() as connection:
            connection = connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
            with connection.begin():
                yield connection
        return
    # The archive's SQLite engines open every transaction with BEGIN IMMEDIATE,
    # which would hold the write lock for the whole backup.  A plain (deferred)
    # BEGIN on a WAL database is a snapshot that blocks no writer.
    # orjson parses the JSON columns (history snapshots) several times faster than json.
    reader = sa.create_engine(engine.url, poolclass=NullPool, json_deserializer=orjson.loads)

    @sa.event.listens_for(reader, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")

    @sa.event.listens_for(reader, "begin")
    def _begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    try:
        with reader.connect() as connection, connection.begin():
            yield connection
    finally:
        reader.dispose()
