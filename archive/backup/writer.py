"""Write a backup: one consistent snapshot of the catalog, streamed to JSON Lines.

Memory stays flat whatever the catalog size.  Documents are built from Core
rows in batches bounded by count and by text size (:mod:`archive.records`);
whole-row kinds (history above all) are streamed with a server-side cursor on
PostgreSQL and a few dozen rows at a time.  Everything is read in one
read-only transaction, so the counts in the manifest and the rows that follow
describe the same moment even while librarians keep writing.

Two processes share the work: this one reads, builds records and encodes them
as JSON; a child (:mod:`archive.backup.sink`) digests each line (BLAKE2b),
feeds the two sha256, compresses and writes.  Encoded lines go to it through a
pipe in groups of at most ``batch_size`` records and about :data:`GROUP_BYTES`
bytes; the pipe holds this side back when the child is behind.  (A thread did
the child's work until it was measured: the two halves fought for the GIL.)

A backup written to a path goes to a temporary file next to it, is flushed to
disk and renamed only when complete: a killed backup leaves at most a
``.<name>.*.tmp`` file, never a truncated backup under the final name.  The
temporary file is locked (``flock``) while it is written, by this process and
its child; the next backup to the same name removes the unlocked ones, which no
running backup owns (a ``kill -9`` used to leave hundreds of MB behind forever).
"""

from __future__ import annotations

import datetime as dt
import gc
import glob
import os
import shutil
import subprocess
import sys
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import IO, Any, NoReturn

import orjson
import sqlalchemy as sa
from sqlalchemy.pool import NullPool
from tqdm import tqdm

from archive import schema
from archive.attribution import utcnow
from archive.backup import sink
from archive.backup.auth import count_auth, iter_groups, iter_users, reflect_auth
from archive.backup.errors import BackupError
from archive.backup.format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    FULL_KINDS,
    RECORD_LINE_END,
    dumps,
    record_line_head,
)
from archive.backup.kinds import ROW_TABLES
from archive.backup.tables import json_rows
from archive.db import SQLITE_BUSY_TIMEOUT_MS
from archive.moments import to_iso
from archive.records import View, iter_document_records

try:
    import fcntl
except ImportError:  # not on Windows: the pipe keeps its default size
    fcntl = None  # type: ignore[assignment]

__all__ = ["GROUP_BYTES", "BackupResult", "BatchHook", "remove_stale_temporaries", "write_backup"]

BatchHook = Callable[[str, int], None]
"""Called after each batch with the kind and the number of records written so far."""

GROUP_BYTES = 2 << 20  # encoded lines sent to the child at once, about
_ROWS_PER_FETCH = 64  # whole-row kinds: a history row can hold a whole document

_DOCUMENT = schema.Document.__table__
# ``python -c``, not ``-m``: this package imports archive.backup.sink before runpy would run it.
_SINK_MAIN = "import sys; from archive.backup.sink import main; sys.exit(main(sys.argv[1:]))"

Records = Callable[[], Iterable[dict[str, Any]]]


@dataclass(frozen=True)
class BackupResult:
    counts: dict[str, int]
    lines: int
    sha256: str
    records_sha256: str
    path: Path | None


class _Output:
    """Numbers and encodes the record lines; a child process digests, hashes and writes them.

    The child (:mod:`archive.backup.sink`) writes straight to ``fd``, gzip
    included; the pipe between the two holds back this process whenever the
    child is behind, so memory stays flat.
    """

    def __init__(self, fd: int, compress: bool) -> None:
        self.lines = 0
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        # The child's answer comes on a pipe of its own: its stderr may carry warnings.
        answer_read, answer_write = os.pipe()
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-c", _SINK_MAIN, str(answer_write), *(["--gzip"] * compress)],
                stdin=subprocess.PIPE,
                stdout=fd,
                stderr=subprocess.PIPE,
                env=env,
                pass_fds=(answer_write,),
            )
        except BaseException:
            os.close(answer_read)
            raise
        finally:
            os.close(answer_write)
        assert self._process.stdin is not None and self._process.stderr is not None
        self._to_child = self._process.stdin
        _widen_pipe(self._to_child.fileno())
        self._answers = os.fdopen(answer_read, "rb")

    def _send(self, *parts: bytes | bytearray) -> None:
        try:
            self._to_child.write(parts[0] if len(parts) == 1 else b"".join(parts))
        except BrokenPipeError:
            self._failed("stopped")

    def manifest(self, line: bytes) -> None:
        self._send(sink.RAW, sink.LENGTH.pack(len(line)), line)
        self.lines += 1

    def write(self, kind: str, records: Iterable[dict[str, Any]], size: int) -> Iterator[int]:
        """Encode ``records`` as lines of ``kind``; yield each group's length once it is sent.

        A group holds at most ``size`` records and, unless one record is
        larger, about :data:`GROUP_BYTES` bytes.  Each record's JSON is
        copied once, into the group's buffer, and let go at once (orjson's
        output holds spare capacity: see :func:`archive.backup.format.record_line_rest`).
        """
        encoded_kind = dumps(kind)
        group, lengths = bytearray(), array("Q")
        for record in records:
            self.lines += 1
            start = len(group)
            group += record_line_head(encoded_kind, self.lines)
            group += dumps(record)
            group += RECORD_LINE_END
            lengths.append(len(group) - start)
            if len(lengths) >= size or len(group) >= GROUP_BYTES:
                self._group(lengths, group)
                yield len(lengths)
                group, lengths = bytearray(), array("Q")
        if lengths:
            self._group(lengths, group)
            yield len(lengths)

    def _group(self, lengths: array[int], group: bytearray) -> None:
        """Send one frame: the count, the lengths, then the digested parts, back to back."""
        if sys.byteorder != "little":
            lengths.byteswap()
        self._send(sink.GROUP, sink.LENGTH.pack(len(lengths)), lengths.tobytes())
        self._send(group)

    def finish(self, trailer: Callable[[str, str], bytes]) -> None:
        """Ask the child for the two sha256, send it ``trailer(records_sha256, sha256)``, wait."""
        self._send(sink.RECORDS_DONE)
        self._to_child.flush()
        answer = self._answers.readline()
        try:
            digests = orjson.loads(answer)
        except orjson.JSONDecodeError:
            self._failed("did not answer", answer)
        line = trailer(digests["records_sha256"], digests["sha256"])
        self._send(sink.TRAILER, sink.LENGTH.pack(len(line)), line)
        try:
            self._to_child.close()
        except BrokenPipeError:
            self._failed("stopped")
        if self._process.wait() != 0:
            self._failed("failed")
        self._close_pipes()

    def stop(self) -> None:
        """End the child at once (the backup failed on this side): nothing more is written."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._close_pipes()

    def _close_pipes(self) -> None:
        for pipe in (self._to_child, self._process.stderr, self._answers):
            try:
                if pipe is not None:
                    pipe.close()
            except OSError:  # a broken pipe's unwritten buffer
                pass

    def _failed(self, what: str, said: bytes = b"") -> NoReturn:
        self._process.kill()
        self._process.wait()
        assert self._process.stderr is not None
        said += self._process.stderr.read()
        self._close_pipes()
        message = said.decode("utf-8", "replace").strip()
        message = message or f"exit status {self._process.returncode}"
        raise BackupError(f"the backup's writing process {what}: {message}")


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
    options = _Options(public, batch_size, progress, on_batch, created_at)
    if isinstance(target, str | os.PathLike):
        path = Path(target)
        with _atomic_file(path) as raw:
            return _write(engine, raw.fileno(), path.suffix == ".gz", options, path)
    try:
        fd = target.fileno()
    except (AttributeError, OSError):  # io.UnsupportedOperation is an OSError
        # No file descriptor (an in-memory stream): written to a temporary file, then copied.
        with tempfile.TemporaryFile() as spool:
            result = _write(engine, spool.fileno(), False, options, None)
            spool.seek(0)
            shutil.copyfileobj(spool, target)
        target.flush()
        return result
    target.flush()  # whatever the stream holds goes first: the child writes to its descriptor
    return _write(engine, fd, False, options, None)


def _widen_pipe(fd: int) -> None:
    """The largest pipe buffer an unprivileged process may ask for (Linux; 64 KiB by default)."""
    setter = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if setter is None:
        return
    try:
        size = int(Path("/proc/sys/fs/pipe-max-size").read_text())
        fcntl.fcntl(fd, setter, size)
    except (OSError, ValueError):
        pass  # a smaller pipe only means more waiting


@dataclass(frozen=True)
class _Options:
    public: bool
    batch_size: int
    progress: bool
    on_batch: BatchHook | None
    created_at: dt.datetime | None


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove the temporary files of earlier backups to ``path`` that no process still writes.

    A running backup holds an exclusive ``flock`` on its temporary file; a killed
    one's lock went with its processes.  Returns what was removed.
    """
    if fcntl is None:
        return []
    removed = []
    for candidate in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            fd = os.open(candidate, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # locked: a backup is writing it now
            os.close(fd)
            continue
        try:
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
        finally:
            os.close(fd)
    return removed


@contextmanager
def _atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A temporary file beside ``path``, synced and renamed to ``path`` only when complete."""
    remove_stale_temporaries(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    if fcntl is not None:  # held as long as this process or the writing child has it open
        fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        with os.fdopen(handle, "wb") as raw:
            yield raw
            os.fsync(raw.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write(
    engine: sa.Engine, fd: int, compress: bool, options: _Options, path: Path | None
) -> BackupResult:
    # The child starts first: its start-up overlaps the counting below.
    out = _Output(fd, compress)
    try:
        with _snapshot(engine) as connection, _without_cyclic_gc():
            sources = _sources(connection, options.public, options.batch_size)
            counts = {kind: count for kind, (count, _records) in sources.items()}
            manifest = _manifest(connection, options.public, counts, options.created_at)
            out.manifest(dumps(manifest) + b"\n")
            with tqdm(
                total=sum(counts.values()),
                disable=not options.progress,
                unit="rec",
                file=sys.stderr,
            ) as bar:
                for kind, (_count, records) in sources.items():
                    written = 0
                    for group in out.write(kind, records(), options.batch_size):
                        written += group
                        bar.update(group)
                        if options.on_batch is not None:
                            options.on_batch(kind, written)
        trailer: dict[str, Any] = {"kind": "trailer", "counts": counts, "lines": out.lines + 1}

        def trailer_line(records_sha256: str, sha256: str) -> bytes:
            trailer.update(records_sha256=records_sha256, sha256=sha256)
            return dumps(trailer) + b"\n"

        out.finish(trailer_line)
    except BaseException:
        out.stop()
        raise
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
def _without_cyclic_gc() -> Iterator[None]:
    """No cyclic garbage collection for the block (reference counting goes on).

    A backup allocates millions of small dicts and lists (the records), which
    are trees: reference counting frees each batch, and the cyclic collector,
    triggered by the allocations, would only walk them again and again (about
    a tenth of a backup's time at 100,000 documents).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
