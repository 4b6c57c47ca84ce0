"""The backup file format: JSON Lines with a manifest, digested records and a trailer.

A backup is UTF-8 JSON Lines, keys sorted, compact (``orjson``), so the same
catalog always gives the same bytes:

* line 1, the **manifest**: ``{"kind": "manifest", "format": "archive-backup",
  "format_version": 2, "alembic_revision": …, "created_at": …, "scope": "full" |
  "public", "kinds": [...], "counts": {kind: n}}``;
* one line per **record**: ``{"digest": …, "kind": …, "line": n, "record": {…}}``.
  ``line`` is the line's own 1-based number and ``digest`` a BLAKE2b-64 of the
  bytes that follow it on the line, so an edited, deleted or moved line is
  reported *at that line*, not only by the trailer;
* last line, the **trailer**: ``{"kind": "trailer", "counts": {…}, "lines": n,
  "records_sha256": …, "sha256": …}``; ``sha256`` covers every byte before the
  trailer (manifest included), ``records_sha256`` only the record lines, so two
  backups of the same catalog share it whatever their creation time.

Files whose name ends in ``.gz`` are gzip-compressed (with a zero mtime, so the
compressed bytes are deterministic too); readers recognise gzip by its magic
number, whatever the name.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Final

import orjson

__all__ = [
    "DIGEST_HEX_LENGTH",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "FULL_KINDS",
    "PUBLIC_KINDS",
    "RECORD_LINE_END",
    "decode_bytes",
    "dumps",
    "encode_bytes",
    "encode_record_line",
    "finish_record_line",
    "finish_record_lines",
    "line_digest",
    "open_input",
    "parse_timestamp",
    "record_line_head",
    "record_line_rest",
    "split_digest",
]

FORMAT_NAME: Final = "archive-backup"
# Raise this, and add an upgrade step in ``archive.backup.upgrade``, whenever a
# migration changes what a record looks like (see that module's docstring).
FORMAT_VERSION: Final = 6
# 1: the first format (schema 0001-0002).
# 2: schema 0004: history rows name their document (``document_id``, 0003);
#    documents have ``doi`` and ``url``; the ingest quarantine is a kind (0004).
# 3: schema 0012: the citation graph's ``work`` and ``citation`` rows are kinds.
# 4: schema 0016: a document's authors carry ``printed_name`` (the byline as printed).
# 5: schema 0014: documents say where each field came from (``provenance``).
# 6: schema 0020: documents name the journal, book or site they appear in
#    (``container_title``).

# The order of kinds in a full backup is the order a restore inserts them:
# every row comes after the rows it refers to.
FULL_KINDS: Final = (
    "group",
    "user",
    "organization",
    "person",
    "source_file",
    "work",
    "document",
    "citation",
    "history",
    "quarantined_file",
)
PUBLIC_KINDS: Final = ("document",)

_DIGEST_BYTES = 8
DIGEST_HEX_LENGTH: Final = 2 * _DIGEST_BYTES
_DIGEST_PREFIX = b'{"digest":"'
_DIGEST_END = len(_DIGEST_PREFIX) + DIGEST_HEX_LENGTH
_OPTIONS = orjson.OPT_SORT_KEYS


def dumps(value: Any) -> bytes:
    """Canonical JSON: sorted keys, compact, UTF-8 (emoji and non-Latin text unescaped)."""
    return orjson.dumps(value, option=_OPTIONS)


def line_digest(rest: bytes) -> str:
    return hashlib.blake2b(rest, digest_size=_DIGEST_BYTES).hexdigest()


def encode_record_line(kind: str, number: int, record: Any) -> bytes:
    """One record line, byte for byte what ``dumps`` gives for the same dict."""
    return finish_record_line(record_line_rest(dumps(kind), number, dumps(record)))


# A record line in two steps, so that a writer can leave the second to another
# thread: ``{"digest":"D",`` + rest + newline, where the rest is
# ``"kind":K,"line":N,"record":R}`` and D its BLAKE2b.


def record_line_rest(kind: bytes, number: int, record: bytes) -> bytes:
    """The digested part of a line, from the JSON-encoded kind and record.

    A new bytes object of the exact size: orjson's output keeps the spare
    capacity of its buffer (several times the JSON for long strings), which
    must not be held while lines wait for the writer.
    """
    return record_line_head(kind, number) + record + RECORD_LINE_END


def record_line_head(kind: bytes, number: int) -> bytes:
    """What comes before the record in the digested part of a line (the record, then ``}``)."""
    return b'"kind":%s,"line":%d,"record":' % (kind, number)


RECORD_LINE_END: Final = b"}"


def finish_record_line(rest: bytes) -> bytes:
    """The whole line, newline included, from its digested part."""
    return b"".join((_DIGEST_PREFIX, line_digest(rest).encode(), b'",', rest, b"\n"))


def finish_record_lines(rests: Iterable[bytes]) -> bytes:
    """:func:`finish_record_line` of each digested part, joined: the data is copied once."""
    parts: list[bytes] = []
    for rest in rests:
        parts += (_DIGEST_PREFIX, line_digest(rest).encode(), b'",', rest, b"\n")
    return b"".join(parts)


def split_digest(line: bytes) -> tuple[str, bytes] | None:
    """``(digest, digested bytes)`` of a record line, or None if it has no digest."""
    body = line.rstrip(b"\n")
    if not body.startswith(_DIGEST_PREFIX) or body[_DIGEST_END : _DIGEST_END + 2] != b'",':
        return None
    return body[len(_DIGEST_PREFIX) : _DIGEST_END].decode("ascii", "replace"), body[
        _DIGEST_END + 2 :
    ]


def parse_timestamp(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value)


def encode_bytes(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def decode_bytes(value: str) -> bytes:
    return base64.b64decode(value.encode("ascii"), validate=True)


@contextmanager
def open_input(path: str | Path) -> Iterator[IO[bytes]]:
    """A backup file for reading, gunzipped if it is gzip (by magic number)."""
    with open(path, "rb") as raw:
        if raw.read(2) == b"\x1f\x8b":
            raw.seek(0)
            with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                yield unzipped
            return
        raw.seek(0)
        yield raw
