"""Resumption tokens carry the list's state, signed, and expire."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.oai.tokens import BadToken, ListState, decode_token, encode_token

KEY = b"k" * 32
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def state(**changes: object) -> ListState:
    fields = dict(
        verb="ListRecords", metadata_prefix="oai_dc", set_spec="kind:opinion",
        since=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), upper=NOW,
        after=(dt.datetime(2026, 5, 1, 8, 30, tzinfo=dt.UTC), 1234), cursor=100, complete=250,
        expires=NOW + dt.timedelta(hours=24),
    )
    fields.update(changes)
    return ListState(**fields)  # type: ignore[arg-type]


def test_a_token_round_trips() -> None:
    for original in (state(), state(since=None, set_spec=None, after=None)):
        token = encode_token(original, KEY)
        assert token.isascii() and " " not in token and "&" not in token
        assert decode_token(token, KEY, NOW) == original


def test_an_altered_token_is_refused() -> None:
    token = encode_token(state(), KEY)
    payload, signature = token.split(".")
    forged = encode_token(state(cursor=0), KEY).split(".")[0] + "." + signature
    for bad in (forged, payload + "." + signature[::-1], payload, "", "x.y", token + "x"):
        with pytest.raises(BadToken, match="not issued by this repository|not one this"):
            decode_token(bad, KEY, NOW)


def test_a_token_signed_with_another_key_is_refused() -> None:
    with pytest.raises(BadToken, match="not issued by this repository"):
        decode_token(encode_token(state(), b"other"), KEY, NOW)


def test_a_token_expires() -> None:
    token = encode_token(state(expires=NOW + dt.timedelta(seconds=1)), KEY)
    decode_token(token, KEY, NOW)
    with pytest.raises(BadToken, match="expired at 2026-11-25T10:00:01Z"):
        decode_token(token, KEY, NOW + dt.timedelta(seconds=1))
