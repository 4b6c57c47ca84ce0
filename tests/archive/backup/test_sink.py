"""The backup's writing process: the lines it writes, and what it does with broken input."""

from __future__ import annotations

import hashlib
import io
import json
from array import array

import pytest

from archive.backup import sink
from archive.backup.format import dumps, encode_record_line, record_line_rest


def _raw(kind: bytes, data: bytes) -> bytes:
    return kind + sink.LENGTH.pack(len(data)) + data


def _group(rests: list[bytes]) -> bytes:
    lengths = array("Q", map(len, rests))
    assert lengths.itemsize == sink.LENGTH.size
    return sink.GROUP + sink.LENGTH.pack(len(rests)) + lengths.tobytes() + b"".join(rests)


def test_the_lines_are_those_of_encode_record_line_and_the_digests_cover_them() -> None:
    records = [{"id": 1, "name": "Zoë"}, {"id": 2, "name": "Карабах 👍" * 500}, {"id": 3}]
    rests = [record_line_rest(dumps("person"), n, dumps(r)) for n, r in enumerate(records, 2)]
    manifest = b'{"kind":"manifest"}\n'
    trailer = b'{"kind":"trailer"}\n'
    source = io.BytesIO(
        _raw(sink.RAW, manifest)
        + _group(rests[:2])
        + _group(rests[2:])
        + sink.RECORDS_DONE
        + _raw(sink.TRAILER, trailer)
    )
    output, answer = io.BytesIO(), io.StringIO()
    sink.run(source, output, answer)
    lines = b"".join(encode_record_line("person", n, r) for n, r in enumerate(records, 2))
    assert output.getvalue() == manifest + lines + trailer
    assert json.loads(answer.getvalue()) == {
        "records_sha256": hashlib.sha256(lines).hexdigest(),
        "sha256": hashlib.sha256(manifest + lines).hexdigest(),
    }


@pytest.mark.parametrize(
    ("tail", "reason"),
    [
        (b"", "input ended before the trailer"),  # the parent was killed
        (sink.GROUP + sink.LENGTH.pack(2) + sink.LENGTH.pack(5), "input ended after"),
        (b"X", "unknown frame"),
    ],
)
def test_broken_input_is_an_error_and_the_trailer_is_never_written(
    tail: bytes, reason: str
) -> None:
    source = io.BytesIO(_raw(sink.RAW, b'{"kind":"manifest"}\n') + tail)
    output = io.BytesIO()
    with pytest.raises(sink.SinkError, match=reason):
        sink.run(source, output, io.StringIO())
    assert output.getvalue() == b'{"kind":"manifest"}\n'
