"""Backup and restore: time and peak memory against Django's and the database's own dumps.

* ``manage.py backup --no-verify FILE`` (the writing alone, as before the
  backup read its file back through ``verify`` by default) against
  ``manage.py dumpdata catalog`` (the same tables: the unmanaged mirrors are
  dumpable) and against ``sqlite3 FILE .dump``
  (``pg_dump --format custom`` on PostgreSQL);
* ``manage.py restore FILE`` into an empty database against ``manage.py
  loaddata`` of the dumpdata file into another empty database, and against
  the database's own restore of its dump into a blank database, in the same
  run (``sqlite3 NEW ".read dump.sql"``; ``pg_restore --single-transaction``).

Every command runs in its own child process; peak memory is that child's own
(``os.wait4``), or its process tree's when it starts processes of its own (the
backup does: see :mod:`bench.procs`).  The backup and the database's dump run
three times each, after a ``sync``, and the fastest run of each is compared
(their times swing by half with the page cache's writeback; the memory figure
is the worst run's).  The same commands on an empty catalog give their fixed cost
(Python, Django and its system checks, imports), reported in the notes: at
small scales it is most of the time, and no catalog work brings it under a
``sqlite3 .dump`` that takes a fraction of a second.  Baselines run under a
time limit and a memory limit: one that hits either is reported as such, never
as a number it did not reach.  A command the archive does not have yet is
reported "not available".
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from bench.context import Context
from bench.procs import ChildResult, manage, run_child
from bench.results import Result

__all__ = ["run"]

NAME = "backup"
GOAL_DECIDING_FACTOR = 8.5  # loaddata's limit, in restores: enough to decide ">= 8x"
MEMORY_LIMIT_MB = 12_000  # half the machine: a runaway baseline must not take the run down
REPEATS = 3  # runs of the backup and of the database's own dump; the fastest is reported


def _settle() -> None:
    """Write back what earlier commands left in the page cache, so each pays only its own writes.

    Without it a command inherits the writeback of the gigabytes written just
    before it (measured: ``sqlite3 .dump`` of the same catalog took 7 s after a
    ``sync`` and 16 s right after a backup and a dumpdata).
    """
    os.sync()


def _best_of(
    repeats: int, run: Callable[[], ChildResult | None], output: Path
) -> ChildResult | None:
    """The fastest of ``repeats`` runs (each after :func:`_settle`), with the highest peak memory.

    The fastest, as ``timeit`` reports: on a shared machine noise only ever adds
    time.  The memory figure is the worst run's, never the best's.  A failed
    run ends the series and is what is reported.  The previous run's
    ``output`` is deleted first, outside the timing: every run writes a new
    file (a shell's ``>`` truncates before the command starts; a backup
    replacing its file would pay for freeing the old one).
    """
    runs: list[ChildResult] = []
    for _ in range(repeats):
        output.unlink(missing_ok=True)
        _settle()
        result = run()
        if result is None or not result.ok:
            return result
        runs.append(result)
    best = min(runs, key=lambda r: r.seconds)
    return replace(best, peak_rss_mb=max(r.peak_rss_mb for r in runs))


def _has_command(ctx: Context, name: str) -> bool:
    result = run_child(manage("help", name), ctx.env(), timeout=60)
    return result.ok


def _figure(result: ChildResult | None) -> tuple[float | None, float | None, str | None]:
    """(seconds, peak MB, note) of a command; no figures for one that failed.

    A command stopped at its time limit keeps its time, marked as a lower bound
    (it would have taken at least that long), and has no memory figure.
    """
    if result is None:
        return None, None, None
    if result.ok:
        return result.seconds, result.peak_rss_mb, None
    if result.returncode is None:
        return result.seconds, None, (
            f"stopped at the {result.seconds:.0f} s time limit: its time is a lower bound"
        )
    return None, None, result.failure()


def _db_dump_name(ctx: Context) -> str:
    return "sqlite3 .dump" if ctx.databases.sqlite_path(ctx.url) is not None else "pg_dump -Fc"


def _db_restore_name(ctx: Context) -> str:
    return ("sqlite3 < dump.sql" if ctx.databases.sqlite_path(ctx.url) is not None
            else "pg_restore --single-transaction")


def _db_restore(ctx: Context, dump: Path, timeout: float) -> ChildResult | None:
    """The database's own restore of its dump into a blank database; None if its tool is missing.

    ``pg_restore`` of a custom-format dump in one transaction (tables, COPY, then
    indexes, constraints and triggers, as it orders them); ``sqlite3`` reading the
    ``.dump`` script into a new file.
    """
    target = ctx.databases.blank("db_restore")
    path = ctx.databases.sqlite_path(target)
    if path is not None:
        if not shutil.which("sqlite3"):
            return None
        return run_child(["sqlite3", str(path), f".read {dump}"], ctx.env(), timeout=timeout)
    if not shutil.which("pg_restore"):
        return None
    return run_child(["pg_restore", "--single-transaction", "--no-owner", "--dbname",
                      ctx.databases.conninfo(target), str(dump)], ctx.env(), timeout=timeout)


def _db_dump(ctx: Context, out: Path, timeout: float) -> ChildResult | None:
    """The database's own dump of the catalog into ``out``; None if its tool is missing."""
    path = ctx.databases.sqlite_path(ctx.url)
    with out.open("wb") as handle:
        if path is not None:
            if not shutil.which("sqlite3"):
                return None
            return run_child(["sqlite3", str(path), ".dump"], ctx.env(), timeout=timeout,
                             stdout=handle)
        if not shutil.which("pg_dump"):
            return None
        # The custom format: what pg_restore reads (and restores indexes after the data).
        return run_child(["pg_dump", "--format", "custom", "--dbname",
                          ctx.databases.conninfo(ctx.url)], ctx.env(), timeout=timeout,
                         stdout=handle)


def _fixed_costs(
    ctx: Context, folder: Path, has_backup: bool, has_restore: bool
) -> dict[str, dict[str, float]]:
    """Backup of an empty catalog, and its restore: what the commands cost before any work."""
    costs: dict[str, dict[str, float]] = {}
    if not has_backup:
        return costs
    empty = ctx.databases.create("empty")
    path = folder / "empty.jsonl"
    result = run_child(manage("backup", "--no-verify", str(path)), ctx.env(empty), timeout=120)
    if not result.ok:
        return costs
    costs["backup"] = {"seconds": result.seconds, "peak_mb": result.peak_rss_mb}
    if has_restore:
        target = ctx.databases.create("empty_restore")
        result = run_child(manage("restore", str(path)), ctx.env(target), timeout=120)
        if result.ok:
            costs["restore"] = {"seconds": result.seconds, "peak_mb": result.peak_rss_mb}
    return costs


def _fixed_note(cost: dict[str, float] | None, memory: bool = False) -> str | None:
    if cost is None:
        return None
    if memory:
        return f"empty catalog: {cost['peak_mb']:.0f} MB"
    return f"empty catalog: {cost['seconds']:.2f} s (start-up)"


def run(ctx: Context) -> list[Result]:
    folder = ctx.workdir / "backup"
    folder.mkdir(exist_ok=True)
    # Smoke mode only proves the commands run: short limits (loaddata alone takes minutes).
    timeout = 8.0 if ctx.quick else ctx.info.get("baseline_timeout", 900.0)
    has_backup = _has_command(ctx, "backup")
    has_restore = _has_command(ctx, "restore")

    repeats = 1 if ctx.quick else REPEATS
    # Ours get a longer limit than the baselines: their figures are the point of the run.
    ours = _best_of(repeats, lambda: run_child(
        manage("backup", "--no-verify", str(folder / "backup.jsonl")), ctx.env(),
        timeout=max(timeout * 4, 300)), folder / "backup.jsonl") if has_backup else None
    _settle()
    with (folder / "dumpdata.json").open("wb") as handle:
        dumpdata = run_child(manage("dumpdata", "catalog", "--verbosity", "0"), ctx.env(),
                             timeout=timeout, memory_limit_mb=MEMORY_LIMIT_MB, stdout=handle)
    db_dump_name = _db_dump_name(ctx)
    db_dump = _best_of(repeats, lambda: _db_dump(ctx, folder / "db.dump.sql", timeout),
                       folder / "db.dump.sql")

    restore = loaddata = None
    if has_restore and ours is not None and ours.ok:
        target = ctx.databases.create("restore")
        _settle()
        restore = run_child(manage("restore", str(folder / "backup.jsonl")), ctx.env(target),
                            timeout=max(timeout * 4, 300))
    db_restore = None
    if db_dump is not None and db_dump.ok:
        _settle()
        db_restore = _db_restore(ctx, folder / "db.dump.sql", timeout)
    fixed = _fixed_costs(ctx, folder, has_backup, has_restore)
    if dumpdata.ok:
        target = ctx.databases.create("loaddata")
        # Long enough to decide the goal (>= 8x): stopped at 8.5x the restore's time,
        # loaddata is at least that much slower, whatever the scale.
        limit = timeout
        if not ctx.quick and restore is not None and restore.ok:
            limit = max(timeout, GOAL_DECIDING_FACTOR * restore.seconds)
        loaddata = run_child(manage("loaddata", str(folder / "dumpdata.json"), "--verbosity",
                                    "0"), ctx.env(target), timeout=limit,
                             memory_limit_mb=MEMORY_LIMIT_MB)

    missing_backup = None if has_backup else "not available: command missing (manage.py backup)"
    missing_restore = None if has_restore else "not available: command missing (manage.py restore)"
    b_s, b_mb, b_note = _figure(ours)
    d_s, d_mb, d_note = _figure(dumpdata)
    x_s, x_mb, x_note = _figure(db_dump)
    r_s, r_mb, r_note = _figure(restore)
    l_s, l_mb, l_note = _figure(loaddata)
    y_s, y_mb, y_note = _figure(db_restore)
    db_restore_name = _db_restore_name(ctx)

    def note(*parts: str | None) -> str | None:
        text = "; ".join(p for p in parts if p)
        return text or None

    sizes = {name: (folder / name).stat().st_size for name in
             ("backup.jsonl", "dumpdata.json", "db.dump.sql") if (folder / name).exists()}
    extra = {"file_bytes": sizes, "empty_catalog": fixed, "backup_and_dump_runs": repeats}
    best = f"fastest of {repeats} runs of each, after sync" if repeats > 1 else None
    backup_fixed = _fixed_note(fixed.get("backup"))
    restore_fixed = _fixed_note(fixed.get("restore"))
    return [
        Result(NAME, "backup time", b_s, "s", baseline="dumpdata catalog", baseline_value=d_s,
               goal="≥ 3× faster than dumpdata",
               note=note(missing_backup, b_note, d_note and f"dumpdata: {d_note}"), extra=extra),
        Result(NAME, "backup time", b_s, "s", baseline=db_dump_name, baseline_value=x_s,
               goal=f"within 1.5× of {db_dump_name}",
               note=note(missing_backup, b_note, x_note and f"{db_dump_name}: {x_note}", best,
                         backup_fixed)),
        Result(NAME, "restore time", r_s, "s", baseline="loaddata", baseline_value=l_s,
               goal="≥ 8× faster than loaddata",
               note=note(missing_restore, r_note, l_note and f"loaddata: {l_note}",
                         restore_fixed)),
        Result(NAME, "restore time", r_s, "s", baseline=db_restore_name, baseline_value=y_s,
               goal=f"within 2× of {db_restore_name}",
               note=note(missing_restore, r_note, y_note and f"{db_restore_name}: {y_note}",
                         restore_fixed)),
        Result(NAME, "backup peak memory", b_mb, "MB", baseline="dumpdata catalog",
               baseline_value=d_mb, goal="flat, < 150 MB",
               note=note(missing_backup, b_note, _fixed_note(fixed.get("backup"), memory=True))),
        Result(NAME, "backup peak memory", b_mb, "MB", baseline=db_dump_name,
               baseline_value=x_mb, goal="flat, < 150 MB", note=note(missing_backup, b_note)),
        Result(NAME, "restore peak memory", r_mb, "MB", baseline=db_restore_name,
               baseline_value=y_mb, goal="flat, < 150 MB", note=note(missing_restore, r_note)),
        Result(NAME, "restore peak memory", r_mb, "MB", baseline="loaddata",
               baseline_value=l_mb, goal="flat, < 150 MB",
               note=note(missing_restore, r_note, l_note and f"loaddata: {l_note}",
                         _fixed_note(fixed.get("restore"), memory=True))),
    ]

