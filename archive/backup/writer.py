"""Write a backup: one consistent snapshot of the catalog, streamed to JSON Lines.

Memory stays flat whatever the catalog size.  Documents are built from Core
rows in batches bounded by count and by text size (:mod:`archive.records_core`);
whole-row kinds (history above all) are streamed with a server-side cursor on
PostgreSQL and a few dozen rows at a time.  Encoded lines go to the writer
thread in groups of at most ``batch_size`` records and about
:data:`GROUP_BYTES` bytes, through a queue of :data:`QUEUED_GROUPS`.  Everything
is read in one read-only transaction, so the counts in the manifest and the
rows that follow describe the same moment even while librarians keep writing.

Two threads share the work: this one reads, builds records and encodes them
as JSON; the writer thread digests each line (BLAKE2b), feeds the two sha256
and writes (gzip included): hashlib, zlib and file writes release the GIL on
large buffers, so on two cores the two halves overlap.

A backup written to a path goes to a temporary file next to it, is flushed to
disk and renamed only when complete: a killed backup leaves at most a
``.<name>.*.tmp`` file, never a truncated backup under the final name.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import queue
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import IO, Any

import orjson
import sqlalchemy as sa
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
    finish_record_line,
    record_line_rest,
    to_iso,
)
from archive.backup.kinds import ROW_TABLES
from archive.backup.tables import json_rows
from archive.db import SQLITE_BUSY_TIMEOUT_MS
from archive.records import View
from archive.records_core import iter_document_records

__all__ = ["GROUP_BYTES", "QUEUED_GROUPS", "BackupResult", "BatchHook", "write_backup"]

BatchHook = Callable[[str, int], None]
"""Called after each batch with the kind and the number of records written so far."""

GROUP_BYTES = 2 << 20  # encoded lines handed to the writer thread at once, about
QUEUED_GROUPS = 2  # groups waiting for the writer thread, at most
_ROWS_PER_FETCH = 64  # whole-row kinds: a history row can hold a whole document

_DOCUMENT = schema.Document.__table__

Records = Callable[[], Iterable[dict[str, Any]]]


@dataclass(frozen=True)
class BackupResult:
    counts: dict[str, int]
    lines: int
    sha256: str
    records_sha256: str
    path: Path | None


class _Output:
    """Numbers and encodes the record lines; a writer thread digests, hashes and writes them."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream, self.lines = stream, 0
        self.all, self.records = hashlib.sha256(), hashlib.sha256()
        self._queue: queue.Queue[list[bytes] | None] = queue.Queue(maxsize=QUEUED_GROUPS)
        self._error: BaseException | None = None

    def manifest(self, line: bytes) -> None:
        self.all.update(line)
        self.stream.write(line)
        self.lines += 1

    @contextmanager
    def writing(self) -> Iterator[None]:
        """The writer thread runs for the block; its error, if any, is raised at the end."""
        thread = threading.Thread(target=self._drain, name="backup-writer", daemon=True)
        thread.start()
        try:
            yield
        finally:
            self._queue.put(None)
            thread.join()
        if self._error is not None:
            raise self._error

    def write(self, kind: str, records: Iterable[dict[str, Any]], size: int) -> Iterator[int]:
        """Encode ``records`` as lines of ``kind``; yield each group's length once it is queued.

        A group holds at most ``size`` records and, unless one record is
        larger, about :data:`GROUP_BYTES` bytes.
        """
        encoded_kind = dumps(kind)
        group: list[bytes] = []
        group_bytes = 0
        for record in records:
            self.lines += 1
            rest = record_line_rest(encoded_kind, self.lines, dumps(record))
            group.append(rest)
            group_bytes += len(rest)
            if len(group) >= size or group_bytes >= GROUP_BYTES:
                self._put(group)
                yield len(group)
                group, group_bytes = [], 0
        if group:
            self._put(group)
            yield len(group)

    def _put(self, group: list[bytes]) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(group)

    def _drain(self) -> None:
        try:
            while (group := self._queue.get()) is not None:
                data = b"".join([finish_record_line(rest) for rest in group])
                self.records.update(data)
                self.all.update(data)
                self.stream.write(data)
        except BaseException as error:  # noqa: BLE001 - handed to the main thread
            self._error = error
            while self._queue.get() is not None:  # never leave the producer blocked
                pass


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
        counts = {kind: count for kind, (count, _records) in sources.items()}
        out = _Output(stream)
        out.manifest(dumps(_manifest(connection, public, counts, created_at)) + b"\n")
        with (
            out.writing(),
            tqdm(
                total=sum(counts.values()), disable=not progress, unit="rec", file=sys.stderr
            ) as bar,
        ):
            for kind, (_count, records) in sources.items():
                written = 0
                for group in out.write(kind, records(), batch_size):
                    written += group
                    bar.update(group)
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


def _sources(connection: sa.Connection, public: bool, size: int) -> dict[str, tuple[int, Records]]:
    """Each kind to write, in file order: its count and a generator of its records."""
    if public:
        published = _DOCUMENT.c.status == schema.DocumentStatus.PUBLISHED
        query = sa.select(sa.func.count()).select_from(_DOCUMENT).where(published)
        count = connection.scalar(query) or 0
        return {"document": (count, lambda: _documents(connection, "public", published, size))}
    sources: dict[str, tuple[int, Records]] = {}
    auth = reflect_auth(connection)
    if auth is not None:
        counts = count_auth(connection, auth)
        sources["group"] = (counts["group"], lambda: iter_groups(connection, auth))
        sources["user"] = (counts["user"], lambda: iter_users(connection, auth))
    for kind in FULL_KINDS:
        if kind in ROW_TABLES:
            table = ROW_TABLES[kind]
            count = connection.scalar(sa.select(sa.func.count()).select_from(table)) or 0
            sources[kind] = (count, _rows(connection, table))
        elif kind == "document":
            count = connection.scalar(sa.select(sa.func.count()).select_from(_DOCUMENT)) or 0
            sources[kind] = (count, lambda: _documents(connection, "full", None, size))
    order = {kind: i for i, kind in enumerate(FULL_KINDS)}
    return dict(sorted(sources.items(), key=lambda item: order[item[0]]))


def _rows(connection: sa.Connection, table: sa.Table) -> Records:
    def records() -> Iterator[dict[str, Any]]:
        query = sa.select(table).order_by(table.c.id)
        options = {"stream_results": True, "yield_per": _ROWS_PER_FETCH}
        with connection.execute(query, execution_options=options) as result:
            yield from json_rows(table, result)

    return records


def _documents(
    connection: sa.Connection, view: View, where: sa.ColumnElement[bool] | None, size: int
) -> Iterator[dict[str, Any]]:
    # Core rows, not ORM objects: records straight from the rows of a few queries per batch.
    return chain.from_iterable(iter_document_records(connection, view, where, batch_size=size))


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
