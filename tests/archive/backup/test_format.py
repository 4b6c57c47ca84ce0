"""The line format: canonical JSON, digests that cover the line, timestamps in UTC."""

from __future__ import annotations

import datetime as dt

import orjson

from archive.backup.format import (
    decode_bytes,
    dumps,
    encode_bytes,
    encode_record_line,
    finish_record_lines,
    line_digest,
    record_line_rest,
    split_digest,
)
from archive.moments import to_iso


def test_a_record_line_is_canonical_json() -> None:
    """The hand-assembled line equals orjson's sorted dump of the same dict."""
    record = {"title": "Карабах 👍", "id": 3, "b": None, "nested": {"z": 1, "a": [2, 1]}}
    line = encode_record_line("document", 12, record)
    value = orjson.loads(line)
    assert line == dumps(value) + b"\n"
    assert value["line"] == 12 and value["record"] == record
    assert "Карабах 👍".encode() in line  # readable, not \u-escaped


def test_the_digest_covers_everything_after_it() -> None:
    """split_digest finds the digest and the bytes it covers."""
    line = encode_record_line("person", 2, {"id": 1, "name": "Zoë"})
    digest, rest = split_digest(line)
    assert line_digest(rest) == digest
    assert rest.endswith(b"}") and b'"kind":"person"' in rest
    assert split_digest(b'{"kind":"manifest"}\n') is None


def test_lines_finished_together_equal_lines_finished_one_by_one() -> None:
    """The writer's one-copy join gives the same bytes as encoding each line alone."""
    records = [{"id": i, "name": name} for i, name in enumerate(["Zoë", "", "Карабах 👍" * 300])]
    rests = [record_line_rest(dumps("person"), n, dumps(r)) for n, r in enumerate(records, 2)]
    expected = b"".join(encode_record_line("person", n, r) for n, r in enumerate(records, 2))
    assert finish_record_lines(rests) == expected
    assert finish_record_lines([]) == b""


def test_timestamps_are_utc_with_z() -> None:
    """Naive (SQLite) and aware (PostgreSQL) datetimes give the same text."""
    aware = dt.datetime(2024, 2, 1, 14, 30, 15, 123456, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    naive = dt.datetime(2024, 2, 1, 12, 30, 15, 123456)
    assert to_iso(aware) == to_iso(naive) == "2024-02-01T12:30:15.123456Z"
    assert to_iso(dt.date(2021, 3, 22)) == "2021-03-22"
    assert to_iso(None) is None


def test_binary_round_trips_through_base64() -> None:
    """Arbitrary bytes (not UTF-8) survive."""
    data = bytes(range(256))
    assert decode_bytes(encode_bytes(data)) == data
