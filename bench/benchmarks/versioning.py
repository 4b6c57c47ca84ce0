"""Versioning: the cost of the history triggers, and of reading a long history.

* A batch of N updates on the real table (history and version-check triggers,
  plus the search triggers when the column is indexed) against the same batch
  on a copy of the same rows made with ``CREATE TABLE … AS SELECT``: same
  columns and a unique index on ``id``, no triggers.
* Building the history of a document with 100 versions through
  ``archive.history.document_history``, against reading the document's current
  row and children (``archive.records``-free: one SELECT per table).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from archive.attribution import acting_as, utcnow
from bench.context import Context
from bench.results import Result

__all__ = ["run"]

NAME = "versioning"
ACTOR = "bench:versioning"
HISTORY_VERSIONS = 100


def _ids(ctx: Context, table: str, n: int) -> list[int]:
    with ctx.engine.connect() as connection:
        rows = connection.exec_driver_sql(f"SELECT id FROM {table} ORDER BY id LIMIT {n}")
        return [row[0] for row in rows]


def _copy(ctx: Context, table: str, ids: list[int]) -> str:
    copy = f"bench_copy_{table}"
    with ctx.engine.begin() as connection:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {copy}")
        connection.exec_driver_sql(
            f"CREATE TABLE {copy} AS SELECT * FROM {table} WHERE id <= {max(ids)}"
        )
        connection.exec_driver_sql(f"CREATE UNIQUE INDEX ix_{copy}_id ON {copy} (id)")
    return copy


def _timed_batch(ctx: Context, table: str, assignment: str, ids: list[int]) -> float:
    statement = sa.text(
        f"UPDATE {table} SET {assignment}, version = version + 1, changed_by = :by, "
        "changed_at = :at WHERE id = :id"
    )
    at = utcnow()
    params = [{"id": i, "by": ACTOR, "at": at} for i in ids]
    started = time.perf_counter()
    with ctx.engine.begin() as connection:
        connection.execute(statement, params)
    return time.perf_counter() - started


def _batch_result(ctx: Context, label: str, table: str, assignment: str, n: int) -> Result:
    ids = _ids(ctx, table, n)
    copy = _copy(ctx, table, ids)
    try:
        baseline = _timed_batch(ctx, copy, assignment, ids)
        value = _timed_batch(ctx, table, assignment, ids)
    finally:
        with ctx.engine.begin() as connection:
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {copy}")
    return Result(
        NAME, f"{label}: batch of {len(ids):,} updates", value, "s",
        baseline="same batch on a copy without triggers", baseline_value=baseline,
        goal="history costs a small constant factor per row",
        extra={"rows": len(ids), "per_row_ms": 1000 * value / max(len(ids), 1)},
    )


def _history_result(ctx: Context) -> Result:
    doc_id = _ids(ctx, "document", 1)[0]
    statement = sa.text(
        "UPDATE document SET published_raw = :raw, version = version + 1, changed_by = :by, "
        "changed_at = :at WHERE id = :id"
    )
    with ctx.engine.begin() as connection:
        for n in range(HISTORY_VERSIONS):
            # One change per version: distinct moments, as separate saves would have.
            connection.execute(
                statement, {"raw": f"revision {n}", "by": ACTOR, "at": utcnow(), "id": doc_id}
            )
    try:
        from archive.history import document_history
    except ImportError:
        document_history = None

    def current() -> object:
        with ctx.engine.connect() as connection:
            for table, column in (("document", "id"), ("authorship", "document_id"),
                                  ("footnote", "document_id"), ("disclaimer", "document_id")):
                connection.exec_driver_sql(
                    f"SELECT * FROM {table} WHERE {column} = {doc_id}"
                ).fetchall()
        return None

    if document_history is not None:
        def history() -> object:
            with Session(ctx.engine) as session:
                return document_history(session, doc_id)
        label, note = "history of a document with 100 versions (archive.history)", None
    else:
        def history() -> object:
            with ctx.engine.connect() as connection:
                return connection.exec_driver_sql(
                    "SELECT * FROM history WHERE table_name = 'document' "
                    f"AND row_id = {doc_id} ORDER BY version"
                ).fetchall()
        label = "history of a document with 100 versions (raw history query)"
        note = "archive.history missing: measured the raw history query"
    repeats = 3 if ctx.quick else 10
    value = _best(history, repeats)
    baseline = _best(current, repeats)
    return Result(NAME, label, value, "s", baseline="read the current rows of the document",
                  baseline_value=baseline, note=note, extra={"repeats": repeats})


def _best(work: Callable[[], object], repeats: int) -> float:
    """The median of ``repeats`` timings: the middle, not the luckiest run."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2]


def run(ctx: Context) -> list[Result]:
    n = ctx.sample(1000, 20)
    with acting_as(ACTOR):
        return [
            _batch_result(ctx, "document metadata (history + version check)", "document",
                          "published_raw = published_raw || ' '", n),
            _batch_result(ctx, "document title (history + search index)", "document",
                          "title = title || ' '", n),
            _batch_result(ctx, "footnote (small rows)", "footnote",
                          "text = text || ' '", n),
            _history_result(ctx),
        ]
