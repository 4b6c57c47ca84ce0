"""The quarantine: every file ingest refused, kept by sha256 with its reason.

One row per distinct content: the same bytes refused again raise ``attempts``
and move ``last_seen`` (and take the newest reason).  The bytes are kept when
they were read; a file refused for its size is not read, only its path is
kept.  Writes here are not versioned (see ``schema.QuarantinedFile``) and need
no attribution; each is its own short transaction, so a failing file never
takes a document transaction with it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from archive import schema
from archive.attribution import utcnow

__all__ = ["Refusal", "file_sha256", "quarantine", "release", "stream_sha256"]

_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Refusal:
    """What is known about a refused file."""

    path: Path
    sha256: str
    size: int
    format: str
    reason: str
    content: bytes | None = None


def file_sha256(path: Path) -> str:
    """The sha256 of a file read in chunks: memory stays flat whatever its size."""
    with path.open("rb") as handle:
        return stream_sha256(handle)


def stream_sha256(handle: BinaryIO) -> str:
    """The sha256 of what is left in an open file, read in chunks."""
    digest = hashlib.sha256()
    while chunk := handle.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def quarantine(sessions: sessionmaker[Session], refusal: Refusal) -> None:
    """Insert or refresh the quarantine row of ``refusal.sha256``."""
    table = schema.QuarantinedFile
    now = utcnow()
    with sessions.begin() as session:
        row = session.scalars(
            sa.select(table).where(table.sha256 == refusal.sha256).with_for_update()
        ).first()
        if row is None:
            session.add(
                table(
                    sha256=refusal.sha256,
                    filename=refusal.path.name[:500],
                    path=str(refusal.path)[:2000],
                    size=refusal.size,
                    format=refusal.format[:20],
                    reason=refusal.reason,
                    content=refusal.content,
                    first_seen=now,
                    last_seen=now,
                    attempts=1,
                )
            )
            return
        row.attempts += 1
        row.last_seen = now
        row.reason = refusal.reason
        row.path = str(refusal.path)[:2000]
        if row.content is None and refusal.content is not None:
            row.content = refusal.content


def release(session: Session, sha256: str) -> None:
    """Forget a quarantined file that has now been ingested (a newer reader read it)."""
    session.execute(
        sa.delete(schema.QuarantinedFile).where(schema.QuarantinedFile.sha256 == sha256)
    )
