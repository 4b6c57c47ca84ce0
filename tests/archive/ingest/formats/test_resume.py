"""kill -9 in the middle of a 1,000-file batch, run again: every document exactly once, whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from archive import schema
from archive.config import PROJECT_ROOT

FILES = 1000


def _url(engine: sa.Engine) -> str:
    url = engine.url
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _write_batch(folder: Path) -> None:
    for n in range(FILES):
        (folder / f"report-{n:04d}.txt").write_text(
            f"Harbour Report Number {n}\n\nBy Ann Berg and Piet Hollander\n\n"
            f"May {1 + n % 28}, 2022\n\n"
            f"Ships queued at berth {n} for most of the week.1 The pilots blamed the fog.2\n\n"
            f"1 Port log, week {n}.\n2 Pilots' association, statement {n}.\n",
            encoding="utf-8",
        )


def _counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            name: connection.scalar(sa.select(sa.func.count()).select_from(table))
            for name, table in (
                ("documents", schema.Document),
                ("sources", schema.SourceFile),
                ("footnotes", schema.Footnote),
                ("authorships", schema.Authorship),
            )
        }


def _incomplete(engine: sa.Engine) -> list[int]:
    """Documents lacking a child every generated file has: a partial write."""
    d = schema.Document.__table__
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(d.c.id).where(
                sa.or_(
                    d.c.source_id.is_(None),
                    sa.select(sa.func.count())
                    .where(schema.Footnote.document_id == d.c.id)
                    .scalar_subquery()
                    != 2,
                    sa.select(sa.func.count())
                    .where(schema.Authorship.document_id == d.c.id)
                    .scalar_subquery()
                    != 2,
                )
            )
        )
        return [row for (row,) in rows]


@pytest.mark.slow
def test_killed_batch_resumes_exactly_once(engine, tmp_path: Path) -> None:
    """Killed after some documents, run again: every document once, none half-written."""
    _write_batch(tmp_path)
    env = {**os.environ, "DATABASE_URL": _url(engine)}
    command = [sys.executable, "manage.py", "ingest", str(tmp_path)]
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while _counts(engine)["documents"] < 50:
            assert process.poll() is None, "the batch ended before it could be killed"
            assert time.monotonic() < deadline, "no documents after two minutes"
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    killed = _counts(engine)
    assert 50 <= killed["documents"] < FILES
    assert _incomplete(engine) == []
    assert killed["sources"] == killed["documents"]
    done = subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert f"unchanged {killed['documents']}, failed 0" in done.stdout
    assert _counts(engine) == {
        "documents": FILES,
        "sources": FILES,
        "footnotes": 2 * FILES,
        "authorships": 2 * FILES,
    }
    assert _incomplete(engine) == []
    with engine.connect() as connection:
        titles = connection.scalars(sa.select(schema.Document.title)).all()
    assert len(set(titles)) == FILES
