"""The backup's second process: it digests, hashes and writes the lines a backup sends it.

A backup is CPU work of two kinds: reading rows and encoding records (Python,
under the GIL), and digesting every line (BLAKE2b), hashing the whole file
twice (sha256), compressing and writing it.  A thread for the second half
fought the first for the GIL and for the two cores of a small server; a
process of its own runs beside it (measured at 100,000 documents: about a
quarter faster).

The parent (:mod:`archive.backup.writer`) runs :func:`main` in a new Python
(``main(["ANSWER_FD", "--gzip"?])``) with the output as the child's standard
output, and sends frames on its standard input:

* ``R`` + length + bytes: written as they are and hashed into the file's
  sha256 (the manifest);
* ``G`` + count + that many lengths + the digested parts of that many record
  lines: each is finished into its line (:func:`archive.backup.format.finish_record_lines`),
  hashed into both sha256 and written;
* ``E``: the records are done: the child answers on the descriptor
  ``ANSWER_FD`` ``{"records_sha256": …, "sha256": …}`` and a newline;
* ``T`` + length + bytes: written as they are, not hashed (the trailer); the
  child then flushes, closes the output and exits 0.

Lengths are unsigned 64-bit, little-endian.  Anything else, or the end of its
input before ``T`` (a parent killed half way), and the child exits non-zero
without finishing the output: the parent never renames an unfinished file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import queue
import struct
import sys
import threading
from array import array
from collections.abc import Iterator
from typing import IO, Any, BinaryIO

from archive.backup.format import finish_record_lines

__all__ = [
    "GROUP",
    "HEADER",
    "LENGTH",
    "RAW",
    "RECORDS_DONE",
    "TRAILER",
    "SinkError",
    "main",
    "run",
]

RAW, GROUP, RECORDS_DONE, TRAILER = b"R", b"G", b"E", b"T"
LENGTH = struct.Struct("<Q")
HEADER = 1  # bytes of a frame's type


class SinkError(Exception):
    """The parent sent something this protocol does not know, or stopped half way."""


def _read_exactly(source: BinaryIO, size: int) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise SinkError(f"input ended after {len(data)} of {size} bytes")
    return data


def _length(source: BinaryIO) -> int:
    return int(LENGTH.unpack(_read_exactly(source, LENGTH.size))[0])


def _group(source: BinaryIO) -> list[memoryview]:
    """The digested parts of one frame's record lines, as views of one buffer (no copies)."""
    count = _length(source)
    lengths = array("Q")
    lengths.frombytes(_read_exactly(source, count * LENGTH.size))
    if sys.byteorder != "little":
        lengths.byteswap()
    data = memoryview(_read_exactly(source, sum(lengths)))
    parts, start = [], 0
    for length in lengths:
        parts.append(data[start : start + length])
        start += length
    return parts


_AHEAD = 2  # frames read ahead of the one being written, at most


def _frames(source: BinaryIO) -> Iterator[tuple[bytes, Any]]:
    """``(type, payload)`` of each frame, read by a thread of its own while the last is written.

    Without it the parent would wait, pipe full, while this process hashes and
    writes: reading ahead lets both sides work at once.  Reads, hashes and
    writes of large buffers release the GIL.
    """
    frames: queue.Queue[tuple[bytes, Any] | BaseException | None] = queue.Queue(_AHEAD)
    stop = threading.Event()

    def read() -> None:
        try:
            while not stop.is_set():
                kind = source.read(HEADER)
                if kind in (RAW, TRAILER):
                    frames.put((kind, _read_exactly(source, _length(source))))
                elif kind == GROUP:
                    frames.put((kind, _group(source)))
                elif kind == RECORDS_DONE:
                    frames.put((kind, None))
                elif not kind:
                    raise SinkError("input ended before the trailer: the backup was not finished")
                else:
                    raise SinkError(f"unknown frame {kind!r}")
                if kind == TRAILER:
                    break
            frames.put(None)
        except BaseException as error:  # noqa: BLE001 - handed to the writing thread
            frames.put(error)

    reader = threading.Thread(target=read, name="backup-sink-reader", daemon=True)
    reader.start()
    try:
        while (frame := frames.get()) is not None:
            if isinstance(frame, BaseException):
                raise frame
            yield frame
    finally:
        stop.set()


def run(source: BinaryIO, output: IO[bytes], answer: IO[str]) -> None:
    """Serve one backup: frames from ``source``, lines to ``output``, digests to ``answer``."""
    everything, records = hashlib.sha256(), hashlib.sha256()
    for kind, payload in _frames(source):
        if kind == RAW:
            everything.update(payload)
            output.write(payload)
        elif kind == GROUP:
            data = finish_record_lines(payload)
            records.update(data)
            everything.update(data)
            output.write(data)
        elif kind == RECORDS_DONE:
            digests = {"records_sha256": records.hexdigest(), "sha256": everything.hexdigest()}
            answer.write(json.dumps(digests) + "\n")
            answer.flush()
        else:  # the trailer, the last frame
            output.write(payload)
            # On a gzip stream a sync flush: the compressed bytes stay those of earlier
            # versions, which flushed here too (the same catalog, the same .gz).
            output.flush()
            return
    raise SinkError("input ended before the trailer: the backup was not finished")


def main(argv: list[str]) -> int:
    """``ANSWER_FD [--gzip]``: serve one backup from stdin to stdout; 0 when it is complete."""
    source = sys.stdin.buffer
    answer = os.fdopen(int(argv[0]), "w", encoding="ascii")
    raw = os.fdopen(sys.stdout.fileno(), "wb", closefd=False)
    try:
        if "--gzip" in argv[1:]:
            # mtime=0 and no name: the same catalog gives the same compressed bytes.
            # Level 6 (zlib's default): nearly level 9's size at a third of its time.
            with gzip.GzipFile(filename="", fileobj=raw, mode="wb", compresslevel=6, mtime=0) as z:
                run(source, z, answer)  # type: ignore[arg-type]
        else:
            run(source, raw, answer)
        raw.flush()
    except SinkError as error:
        print(f"backup sink: {error}", file=sys.stderr)
        return 1
    return 0
