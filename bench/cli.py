"""``python -m bench``: build a synthetic catalog, run the benchmarks, write JSON and Markdown."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from archive.config import PROJECT_ROOT
from archive.db import create_engine
from bench.benchmarks import NAMES, benchmark
from bench.context import Context, Terms
from bench.database import Databases
from bench.loader import bulk_load
from bench.machine import describe_machine
from bench.procs import manage, run_child
from bench.results import Report, markdown_table, write_report

__all__ = ["choose_terms", "main"]

SMOKE_SCALE = 500  # at or below: tiny samples and short time caps
ABSENT_TERM = "zqxjvbwk"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark the archive against its baselines on a synthetic catalog.",
    )
    parser.add_argument("--scale", type=int, default=1000,
                        help="documents in the synthetic catalog (default: %(default)s; "
                        f"≤ {SMOKE_SCALE} is the quick smoke mode)")
    parser.add_argument("--only", action="append", choices=NAMES, metavar="NAME",
                        help=f"run only this benchmark (repeatable): {', '.join(NAMES)}")
    parser.add_argument("--out", type=Path, default=None,
                        help="the JSON file to write (the Markdown table goes beside it; "
                        "default: bench/results/scale-SCALE-DB.json)")
    parser.add_argument("--seed", type=int, default=9, help="random seed (default: %(default)s)")
    parser.add_argument("--doc-kb", type=float, default=50.0,
                        help="mean document size in KB (default: %(default)s)")
    parser.add_argument("--baseline-timeout", type=float, default=900.0,
                        help="seconds a baseline command (dumpdata, loaddata, .dump) may run "
                        "before it is stopped and reported as such (default: %(default)s)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary folder (databases, dumps, texts)")
    return parser


def choose_terms(frequency: dict[str, int], documents: int) -> Terms:
    """Rare, medium and common terms from the document frequencies counted while generating."""
    present = {w: n for w, n in frequency.items() if n > 0}

    def closest(target: float, pool: dict[str, int]) -> str:
        return min(sorted(pool), key=lambda w: (abs(pool[w] - target), w))

    everywhere = sorted(w for w, n in present.items() if n >= documents)
    others = {w: n for w, n in present.items() if n < documents} or present
    return Terms(
        rare=closest(max(1.0, documents / 1000), present),
        medium=closest(documents / 20, others),
        common=closest(documents * 0.6, others) if everywhere else max(
            sorted(present), key=present.__getitem__),
        everywhere=everywhere[0] if everywhere else None,
        absent=ABSENT_TERM,
        frequency=frequency,
    )


def _log(message: str) -> None:
    print(f"[bench {dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


@contextmanager
def _phase(report: Report, name: str) -> Iterator[None]:
    _log(f"{name} …")
    started = time.perf_counter()
    try:
        yield
    finally:
        report.phases[name] = time.perf_counter() - started
        _log(f"{name}: {report.phases[name]:.1f} s")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.scale < 1:
        raise SystemExit("--scale must be at least 1")
    server_url = os.environ.get("DATABASE_URL") or None
    kind = "postgresql" if server_url else "sqlite"
    out = args.out or PROJECT_ROOT / "bench" / "results" / f"scale-{args.scale}-{kind}.json"
    only = args.only or list(NAMES)
    workdir = Path(tempfile.mkdtemp(prefix="archive-bench-"))
    databases = Databases(workdir, server_url)
    started = time.perf_counter()
    report = Report(
        scale=args.scale, seed=args.seed,
        started_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        machine=describe_machine(databases.server_version()),
        settings={"database": kind, "doc_kb": args.doc_kb, "smoke": args.scale <= SMOKE_SCALE,
                  "benchmarks": only, "baseline_timeout_s": args.baseline_timeout},
    )
    engine = None
    try:
        with _phase(report, "migrate"):
            url = databases.create("main")
        with _phase(report, "collectstatic"):
            # The pages use hashed static names (whitenoise's manifest): collect them once.
            collected = run_child(manage("collectstatic", "--noinput", "--verbosity", "0"),
                                  databases.env(url), timeout=300)
            if not collected.ok:
                report.errors["collectstatic"] = collected.failure()
        engine = create_engine(url)
        with _phase(report, "generate and load"):
            loaded = bulk_load(engine, args.seed, args.scale, args.doc_kb,
                               progress=lambda n: _log(f"  loaded {n:,} documents"))
        terms = choose_terms(loaded.term_frequency, args.scale)
        report.catalog = {
            "documents": loaded.documents, "rows": loaded.rows,
            "text_mb": round(loaded.text_bytes / 1e6, 1),
            "database_mb": round(databases.size_bytes(url) / 1e6, 1),
            "load_seconds": round(loaded.seconds, 1),
            "terms": {"rare": terms.rare, "medium": terms.medium, "common": terms.common,
                      "everywhere": terms.everywhere, "absent": terms.absent,
                      "document_frequency": {w: terms.frequency.get(w, 0) for w in
                                             (terms.rare, terms.medium, terms.common,
                                              terms.everywhere) if w}},
        }
        ctx = Context(scale=args.scale, seed=args.seed, doc_kb=args.doc_kb, workdir=workdir,
                      databases=databases, url=url, engine=engine, terms=terms,
                      quick=args.scale <= SMOKE_SCALE,
                      info={"baseline_timeout": args.baseline_timeout})
        for name in NAMES:
            if name not in only:
                continue
            with _phase(report, name):
                try:
                    report.results.extend(benchmark(name)(ctx))
                except Exception as error:  # one broken benchmark must not lose the others
                    report.errors[name] = f"{type(error).__name__}: {error}"
                    traceback.print_exc()
    finally:
        report.phases["total"] = time.perf_counter() - started
        if engine is not None:
            engine.dispose()
        databases.drop_all()
        if args.keep:
            _log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
        md = write_report(report, out)
        _log(f"wrote {out} and {md}")
    print(markdown_table(report))
    return 1 if report.errors else 0
