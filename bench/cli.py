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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from archive.config import PROJECT_ROOT
from archive.db import create_engine
from bench import accuracy
from bench.accuracy import FORMATS, SPLITS
from bench.benchmarks import NAMES, benchmark
from bench.context import Context, Terms
from bench.corpus import DEFAULT_DOC_KB
from bench.database import Databases
from bench.loader import bulk_load
from bench.machine import describe_machine
from bench.procs import manage, run_child
from bench.results import Report, markdown_table, write_report

__all__ = ["baseline_timeout", "choose_terms", "main"]

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
    parser.add_argument("--only", action="append", choices=(*NAMES, "accuracy"), metavar="NAME",
                        help=f"run only this benchmark (repeatable): {', '.join(NAMES)}; "
                        "'accuracy' (the parser against the real-document corpus, no "
                        "catalog) runs on its own")
    parser.add_argument("--split", action="append", choices=SPLITS,
                        help="accuracy: only this corpus split (repeatable)")
    parser.add_argument("--format", action="append", choices=FORMATS, dest="formats",
                        help="accuracy: only this format (repeatable)")
    parser.add_argument("--misses", action="store_true",
                        help="accuracy: list each development document's wrong fields")
    parser.add_argument("--out", type=Path, default=None,
                        help="the JSON file to write (the Markdown table goes beside it; "
                        "default: bench/results/scale-SCALE-DB.json)")
    parser.add_argument("--seed", type=int, default=9, help="random seed (default: %(default)s)")
    parser.add_argument("--doc-kb", type=float, default=DEFAULT_DOC_KB,
                        help="mean document size in KB (default: %(default)s, a realistic mix "
                        "of short pieces and long reports; see bench/README.md)")
    parser.add_argument("--baseline-timeout", type=float, default=None,
                        help="seconds a baseline command (dumpdata, loaddata, .dump) may run "
                        "before it is stopped and reported as a lower bound (default: by "
                        "scale, 900 - 0.005 s a document, at least 300: 850 at 10,000, 400 "
                        "at 100,000)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary folder (databases, dumps, texts)")
    return parser


def baseline_timeout(scale: int) -> float:
    """The default time limit of a baseline command: a run at 100,000 fits in 30 minutes.

    ``loaddata`` grows linearly with the catalog (~220–300 s at 10,000 documents
    of the default size): at 100,000 it would take most of an hour.  The rest of
    a run grows with the catalog too (~17 minutes at 100,000), so the baselines'
    share of 30 minutes shrinks as it does: 900 s for a small catalog, 850 s at
    10,000, 400 s at 100,000, never under 300.  A baseline stopped at its limit
    is reported as a lower bound, and the ratio against it as the bound it is
    ("≤ 0.3×").
    """
    return float(max(300, min(900, 900 - round(scale * 0.005))))


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


class _Phases:
    """Times each phase into the report, with a progress line on stderr as it starts and ends."""

    def __init__(self, report: Report, names: list[str]) -> None:
        self.report = report
        self.names = names
        self.started = time.perf_counter()

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        number = self.names.index(name) + 1 if name in self.names else "?"
        _log(f"[{number}/{len(self.names)}] {name} … (run at {self._elapsed()})")
        started = time.perf_counter()
        try:
            yield
        finally:
            seconds = self.report.phases[name] = time.perf_counter() - started
            _log(f"[{number}/{len(self.names)}] {name}: {seconds:.1f} s "
                 f"(run at {self._elapsed()})")

    def _elapsed(self) -> str:
        minutes, seconds = divmod(int(time.perf_counter() - self.started), 60)
        return f"{minutes}:{seconds:02d}"


def _load_progress(total: int) -> Callable[[int], None]:
    """A progress line about every 10 % of the load (every batch for a small catalog)."""
    step = max(1, total // 10)
    shown = [0]

    def progress(done: int) -> None:
        if done - shown[0] >= step or done == total:
            shown[0] = done
            _log(f"  loaded {done:,} of {total:,} documents")

    return progress


def _database_target(url: str | None) -> tuple[str | None, Path | None]:
    """(PostgreSQL server URL or None, the folder the scratch folder goes in).

    A SQLite ``DATABASE_URL`` names where the user keeps databases: the run's
    scratch files go in a temporary folder next to that file (and go away with
    it), never into the working directory as if the URL named a server.
    """
    if url is None:
        return None, None
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return url, None
    database = parsed.database
    if not database or database == ":memory:":
        return None, None
    folder = Path(database).expanduser().resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    return None, folder


def _accuracy(args: argparse.Namespace) -> int:
    """The corpus accuracy needs no catalog: run it alone (``bench/accuracy.py``)."""
    if set(args.only) != {"accuracy"}:
        raise SystemExit("--only accuracy runs alone: give the catalog benchmarks another run")
    forwarded = [*(f"--split={s}" for s in args.split or ()),
                 *(f"--format={f}" for f in args.formats or ())]
    if args.misses:
        forwarded.append("--misses")
    if args.out:
        forwarded.append(f"--out={args.out}")
    return accuracy.main(forwarded)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.only and "accuracy" in args.only:
        return _accuracy(args)
    if args.scale < 1:
        raise SystemExit("--scale must be at least 1")
    server_url, scratch_parent = _database_target(os.environ.get("DATABASE_URL") or None)
    kind = "postgresql" if server_url else "sqlite"
    out = args.out or PROJECT_ROOT / "bench" / "results" / f"scale-{args.scale}-{kind}.json"
    only = args.only or list(NAMES)
    limit = args.baseline_timeout or baseline_timeout(args.scale)
    workdir = Path(tempfile.mkdtemp(prefix="archive-bench-", dir=scratch_parent))
    databases = Databases(workdir, server_url)
    started = time.perf_counter()
    report = Report(
        scale=args.scale, seed=args.seed,
        started_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        machine=describe_machine(databases.server_version()),
        settings={"database": kind, "doc_kb": args.doc_kb, "smoke": args.scale <= SMOKE_SCALE,
                  "benchmarks": only, "baseline_timeout_s": limit},
    )
    phase = _Phases(report, ["migrate", "collectstatic", "generate and load",
                             *(name for name in NAMES if name in only)])
    engine = None
    try:
        with phase("migrate"):
            url = databases.create("main")
        with phase("collectstatic"):
            # The pages use hashed static names (whitenoise's manifest): collect them once.
            collected = run_child(manage("collectstatic", "--noinput", "--verbosity", "0"),
                                  databases.env(url), timeout=300)
            if not collected.ok:
                report.errors["collectstatic"] = collected.failure()
        engine = create_engine(url)
        with phase("generate and load"):
            loaded = bulk_load(engine, args.seed, args.scale, args.doc_kb,
                               progress=_load_progress(args.scale))
        terms = choose_terms(loaded.term_frequency, args.scale)
        report.catalog = {
            "documents": loaded.documents, "rows": loaded.rows,
            "text_mb": round(loaded.text_bytes / 1e6, 1),
            "mean_doc_kb": round(loaded.text_bytes / max(loaded.documents, 1) / 1024, 1),
            "database_mb": round(databases.size_bytes(url) / 1e6, 1),
            "load_seconds": round(loaded.seconds, 1),
            "load_seconds_by_step": loaded.timings,
            "terms": {"rare": terms.rare, "medium": terms.medium, "common": terms.common,
                      "everywhere": terms.everywhere, "absent": terms.absent,
                      "document_frequency": {w: terms.frequency.get(w, 0) for w in
                                             (terms.rare, terms.medium, terms.common,
                                              terms.everywhere) if w}},
        }
        ctx = Context(scale=args.scale, seed=args.seed, doc_kb=args.doc_kb, workdir=workdir,
                      databases=databases, url=url, engine=engine, terms=terms,
                      quick=args.scale <= SMOKE_SCALE,
                      info={"baseline_timeout": limit})
        for name in NAMES:
            if name not in only:
                continue
            with phase(name):
                try:
                    report.results.extend(benchmark(name)(ctx))
                except Exception as error:  # one broken benchmark must not lose the others
                    report.errors[name] = f"{type(error).__name__}: {error}"
                    traceback.print_exc()
    finally:
        report.phases["total"] = time.perf_counter() - started
        if engine is not None:
            engine.dispose()
        if args.keep:
            # --keep promises the databases too: a PostgreSQL run's live on the server.
            _log(f"kept {workdir}" + "".join(f", database {url}" for url in databases.kept()))
        else:
            databases.drop_all()
            shutil.rmtree(workdir, ignore_errors=True)
        md = write_report(report, out)
        _log(f"wrote {out} and {md}")
    print(markdown_table(report))
    return 1 if report.errors else 0
