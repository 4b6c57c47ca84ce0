"""Bytes to text, only when the encoding is known or detected with confidence.

Accepted, in order:

1. a byte-order mark: UTF-8, UTF-16 (LE/BE) or UTF-32, decoded strictly;
2. strict UTF-8;
3. a legacy single-byte encoding: Windows-1252 / Latin-1 first, then whatever
   charset-normalizer detects, when the text is long enough to judge
   (:data:`MIN_DETECT_BYTES`) and reads cleanly (little "chaos").

Refused (:class:`DecodeError`), never decoded into replacement characters:
NUL bytes (binary data, or UTF-16 without a byte-order mark, whose byte order
we will not guess), UTF-8 with a damaged sequence among good ones, text too
short or too garbled to detect, and control characters after decoding.
"""

from __future__ import annotations

import codecs
import re

from archive.ingest.errors import DecodeError

__all__ = ["MIN_DETECT_BYTES", "decode_text"]

MIN_DETECT_BYTES = 32
_MAX_CHAOS = 0.1
_DETECT_SAMPLE = 256 * 1024  # detection time grows with the sample; this is plenty
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# A well-formed multi-byte UTF-8 sequence: its presence next to an invalid byte
# means a damaged UTF-8 file, not a legacy encoding.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# C0 controls other than tab/newline/CR/FF/VT, and C1 controls, do not occur in text.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]")


def _utf16_without_bom(data: bytes) -> bool:
    """Mostly-ASCII UTF-16 has a NUL in every other byte, on one side."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / max(len(odd), 1)
    return max(zeros_even, zeros_odd) > 0.4 and min(zeros_even, zeros_odd) < 0.05


def _check_controls(text: str, filename: str) -> str:
    control = _CONTROL.search(text)
    if control:
        reason = f"control character U+{ord(control.group()):04X}: binary data, not text"
        raise DecodeError(filename, reason)
    return text


def _legacy(data: bytes, filename: str, position: int) -> str:
    if len(data) < MIN_DETECT_BYTES:
        raise DecodeError(
            filename, "not valid UTF-8, and too short to detect another encoding", position
        )
    # Imported on first use: most files are UTF-8 and never need the detector.
    from charset_normalizer import from_bytes

    sample = data[:_DETECT_SAMPLE]
    match = from_bytes(sample, cp_isolation=["cp1252", "latin_1"]).best()
    if match is None or match.chaos > _MAX_CHAOS:
        match = from_bytes(sample).best()
    if match is None or match.chaos > _MAX_CHAOS or match.encoding.startswith("utf"):
        raise DecodeError(
            filename, "not valid UTF-8, and no other encoding reads it cleanly", position
        )
    try:
        return data.decode(match.encoding, errors="strict")
    except (UnicodeDecodeError, LookupError) as exc:
        reason = f"not valid UTF-8, and not valid {match.encoding} either"
        raise DecodeError(filename, reason, position) from exc


def decode_text(data: bytes, filename: str) -> str:
    """The text of ``data``; raises :class:`DecodeError` when it is not text we can trust."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _check_controls(data.decode(codec, errors="strict"), filename)
            except UnicodeDecodeError as exc:
                reason = f"damaged {codec.upper().removesuffix('-SIG')} after its byte-order mark"
                raise DecodeError(filename, reason, exc.start) from exc
    if b"\x00" in data:  # valid UTF-8, but never in a text file
        if _utf16_without_bom(data):
            reason = "looks like UTF-16 without a byte-order mark; its byte order is not guessed"
        else:
            reason = "NUL byte: binary data, not text"
        raise DecodeError(filename, reason, data.index(b"\x00"))
    try:
        return _check_controls(data.decode("utf-8", errors="strict"), filename)
    except UnicodeDecodeError as exc:
        position = exc.start
    if _UTF8_SEQUENCE.search(data):
        raise DecodeError(filename, "damaged UTF-8 (invalid byte among valid UTF-8)", position)
    return _check_controls(_legacy(data, filename, position), filename)
