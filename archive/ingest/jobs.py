"""Background ingest: files submitted as jobs, read by workers of a task queue.

The task queue (Huey, configured on the Django side) carries only a job's id.
The job row holds the bytes and the state the upload page shows:
``queued`` → ``reading`` → ``done`` / ``held`` (stored, with parsing problems,
in the review queue) / ``refused`` (the reason; the quarantine keeps the bytes).

A worker *claims* a job in one short transaction: ``reading``, one attempt
more, and a lease (``lease_until``).  Reading and storing the file is the same
code as the ``ingest`` command (:func:`archive.ingest.batch.ingest_content`):
each document in one transaction, so a worker killed mid-file leaves nothing
of it behind.  Its job stays ``reading`` until the lease runs out; then
:func:`requeue_expired` sets it back to ``queued`` and the caller enqueues it
again (a periodic task and every worker start do this).  Storing twice is
harmless: the same bytes are recognised by their sha256 and change nothing,
so a worker killed after storing but before reporting finishes as ``done``.

Several workers on several machines share the load: they only need the
queue and the database; a claim is a conditional UPDATE, so one job is read
by one worker at a time.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from archive import schema
from archive.ingest.limits import IngestLimits

if TYPE_CHECKING:
    from archive.ingest.batch import FileResult

__all__ = [
    "DEFAULT_LEASE",
    "Claimed",
    "claim",
    "new_batch",
    "outcome_of",
    "requeue_expired",
    "run_job",
    "submit",
]

Status = schema.IngestJobStatus
# Longer than any one file may take (the PDF reader's own time limit is far shorter).
DEFAULT_LEASE = dt.timedelta(minutes=15)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_batch() -> str:
    return str(uuid.uuid4())


def submit(
    session: Session,
    files: Iterable[tuple[str, bytes]],
    *,
    submitted_by: str,
    publish: bool = False,
    batch: str | None = None,
) -> list[int]:
    """Queue each ``(file name, bytes)``; the ids to hand to the task queue, in order."""
    batch = batch or new_batch()
    now = _now()
    jobs = [
        schema.IngestJob(
            batch=batch, filename=name, content=content, size=len(content), publish=publish,
            status=Status.QUEUED, attempts=0, submitted_by=submitted_by, submitted_at=now,
        )
        for name, content in files
    ]
    session.add_all(jobs)
    session.flush()
    return [job.id for job in jobs]


@dataclass(frozen=True, slots=True)
class Claimed:
    id: int
    filename: str
    content: bytes
    publish: bool
    attempts: int


def claim(session: Session, job_id: int, lease: dt.timedelta = DEFAULT_LEASE) -> Claimed | None:
    """Take a queued job (or one whose worker's lease ran out); None if another has it."""
    now = _now()
    jobs = schema.IngestJob.__table__
    taken = session.execute(
        sa.update(jobs)
        .where(
            jobs.c.id == job_id,
            sa.or_(
                jobs.c.status == Status.QUEUED,
                sa.and_(jobs.c.status == Status.READING, jobs.c.lease_until < now),
            ),
        )
        .values(status=Status.READING, attempts=jobs.c.attempts + 1, lease_until=now + lease)
    ).rowcount
    if not taken:
        return None
    row = session.execute(
        sa.select(jobs.c.filename, jobs.c.content, jobs.c.publish, jobs.c.attempts).where(
            jobs.c.id == job_id
        )
    ).one()
    return Claimed(job_id, row.filename, bytes(row.content or b""), row.publish, row.attempts)


def outcome_of(result: FileResult) -> tuple[str, int | None, str | None, list[dict] | None]:
    """(status, document id, reason, member results) of one file's ingest."""
    from archive.ingest.batch import FileStatus  # the pipeline, loaded by the first job

    members = result.members
    if members:
        rows = [_member(member) for member in members]
        first = next((m.document_id for m in members if m.document_id), None)
        refused = [m for m in members if m.status is FileStatus.FAILED]
        held = [m for m in members if m.status is not FileStatus.FAILED and m.problems]
        status = Status.REFUSED if refused else Status.HELD if held else Status.DONE
        reason = result.reason if refused else None
        return status, first, reason, rows
    rows = [{"entry": why, "status": "skipped"} for why in result.skipped] or None
    if result.status is FileStatus.FAILED:
        return Status.REFUSED, None, result.reason, rows
    if result.problems or result.skipped:
        reason = None if not result.skipped else f"{len(result.skipped)} entries skipped"
        return Status.HELD, result.document_id, reason, rows
    return Status.DONE, result.document_id, None, rows


def _member(result: FileResult) -> dict:
    status, document_id, reason, _ = outcome_of(result)
    return {"path": str(result.path), "status": str(status), "document_id": document_id,
            "reason": reason}


def run_job(
    sessions: sessionmaker[Session],
    job_id: int,
    limits: IngestLimits | None = None,
    lease: dt.timedelta = DEFAULT_LEASE,
) -> str | None:
    """Claim, ingest and report one job; its final status, or None if it was not ours."""
    with sessions.begin() as session:
        claimed = claim(session, job_id, lease)
    if claimed is None:
        return None
    from archive.ingest.batch import ingest_content  # the pipeline, loaded by the first job

    result = ingest_content(sessions, claimed.content, claimed.filename, claimed.publish, limits)
    status, document_id, reason, rows = outcome_of(result)
    jobs = schema.IngestJob.__table__
    with sessions.begin() as session:
        session.execute(
            sa.update(jobs)
            .where(jobs.c.id == job_id)
            .values(
                status=status, document_id=document_id, reason=reason, results=rows,
                finished_at=_now(), lease_until=None, content=None,
            )
        )
    return str(status)


def requeue_expired(session: Session, now: dt.datetime | None = None) -> Sequence[int]:
    """Jobs whose worker stopped mid-file (lease run out), set back to ``queued``: enqueue them."""
    jobs = schema.IngestJob.__table__
    stalled = sa.and_(jobs.c.status == Status.READING, jobs.c.lease_until < (now or _now()))
    expired = session.scalars(sa.select(jobs.c.id).where(stalled).order_by(jobs.c.id)).all()
    if expired:
        # Conditional again: a worker may have claimed one since (its task then finds it taken).
        session.execute(
            sa.update(jobs).where(jobs.c.id.in_(expired), stalled).values(status=Status.QUEUED)
        )
    return expired
