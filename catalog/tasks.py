"""The background ingest's tasks (Huey; run by ``manage.py run_huey``).

Thin: each task calls the core (:mod:`archive.ingest.jobs`).  A task carries a
job id only; the bytes wait in the database for whichever worker takes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from archive.ingest.jobs import requeue_expired, run_job
from archive.ingest.limits import limits_from_environment
from catalog.sa import session_for

__all__ = ["enqueue", "ingest_job", "requeue_stalled"]


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.INGEST_LEASE_SECONDS)


@db_task()
def ingest_job(job_id: int) -> str | None:
    """Read and store one submitted file (``None``: another worker has it)."""
    return run_job(session_for(), job_id, limits_from_environment(), _lease())


def enqueue(job_ids: Iterable[int]) -> None:
    for job_id in job_ids:
        ingest_job(job_id)


@db_periodic_task(crontab(minute="*"))
def requeue_stalled() -> list[int]:
    """Queue again the files whose worker stopped mid-file (killed, machine lost)."""
    with session_for().begin() as session:
        expired = list(requeue_expired(session))
    enqueue(expired)
    return expired


@HUEY.on_startup()
def _requeue_on_start() -> None:
    # A worker restarted after a crash picks up what it (or another) left half read.
    requeue_stalled.call_local()
