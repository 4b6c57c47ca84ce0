"""Resumption tokens: where a list stopped, signed and with an expiry.

A token carries the whole state of a list, so the server keeps none:

* what was asked (verb, metadata prefix, set, ``from``);
* ``upper`` — the snapshot bound: the list holds records whose datestamp was at
  most this second when the list was started (``until``, or the moment of the
  first request if earlier).  A record changed during the harvest moves past the
  bound and is left to the next incremental harvest (``from`` = this one's
  ``responseDate``), which gets it with its new content; nothing is skipped;
* ``after`` — the keyset position (datestamp, document id) of the last record
  sent: the next page starts strictly after it, so records inserted or changed
  meanwhile never shift a page (an offset would);
* ``cursor`` and ``complete`` — the protocol's ``cursor`` and ``completeListSize``
  (counted when the list was started);
* ``expires`` — when the token stops being accepted (``badResumptionToken``).

The token is ``<payload>.<signature>``, both base64url: the payload is compact
JSON, the signature an HMAC-SHA256 of it with the server's key, so a token the
server did not issue, or one edited by hand, is refused with a clear reason.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass

__all__ = ["BadToken", "ListState", "decode_token", "encode_token"]

VERSION = 1
_SIGNATURE_BYTES = 18


class BadToken(ValueError):
    """The token was not issued here, was altered, or has expired; the message says which."""


@dataclass(frozen=True, slots=True)
class ListState:
    verb: str
    metadata_prefix: str | None
    set_spec: str | None
    since: dt.datetime | None
    upper: dt.datetime
    after: tuple[dt.datetime, int] | None  # ListSets: (upper, index of the last set sent)
    cursor: int
    complete: int
    expires: dt.datetime


def _seconds(moment: dt.datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())


def _moment(seconds: int | None) -> dt.datetime | None:
    return None if seconds is None else dt.datetime.fromtimestamp(seconds, dt.UTC)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(payload: str, key: bytes) -> str:
    digest = hmac.new(key, b"oai-resumption-token:" + payload.encode(), hashlib.sha256).digest()
    return _b64(digest[:_SIGNATURE_BYTES])


def encode_token(state: ListState, key: bytes) -> str:
    fields = [
        VERSION, state.verb, state.metadata_prefix, state.set_spec, _seconds(state.since),
        _seconds(state.upper), None if state.after is None else _seconds(state.after[0]),
        None if state.after is None else state.after[1], state.cursor, state.complete,
        _seconds(state.expires),
    ]  # fmt: skip
    payload = _b64(json.dumps(fields, separators=(",", ":")).encode())
    return f"{payload}.{_sign(payload, key)}"


def decode_token(token: str, key: bytes, now: dt.datetime) -> ListState:
    """The state a token carries; :class:`BadToken` if it is not valid here and now."""
    payload, _, signature = token.partition(".")
    if not payload or not signature or len(token) > 1000:
        raise BadToken("the resumptionToken is not one this repository issues")
    if not hmac.compare_digest(signature, _sign(payload, key)):
        raise BadToken("the resumptionToken was not issued by this repository, or was altered")
    try:
        fields = json.loads(_unb64(payload))
        (version, verb, prefix, set_spec, since, upper, after_stamp, after_id,
         cursor, complete, expires) = fields  # fmt: skip
    except (ValueError, TypeError, binascii.Error):
        raise BadToken("the resumptionToken is not one this repository issues") from None
    if version != VERSION:
        raise BadToken("the resumptionToken is from another version of this repository")
    state = ListState(
        verb, prefix, set_spec, _moment(since), _moment(upper),  # type: ignore[arg-type]
        None if after_stamp is None else (_moment(after_stamp), after_id),  # type: ignore[arg-type]
        cursor, complete, _moment(expires),  # type: ignore[arg-type]
    )
    if now >= state.expires:
        raise BadToken(
            f"the resumptionToken expired at {state.expires.strftime('%Y-%m-%dT%H:%M:%SZ')}: "
            "start the list again without it"
        )
    return state
