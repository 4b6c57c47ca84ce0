"""Ingest: documents per second through the full pipeline, against parsing alone.

The same N generated text files (seed layout, distinct from the bulk-loaded
catalog) are parsed in one child process (``archive.ingest.parse_text``, no
database) and ingested in another (``archive.ingest.batch.ingest_paths``:
parse, then write with attribution, history and search triggers) into the
catalog already loaded with ``scale`` documents.  Each child reports the time
of its work loop; its peak memory comes from ``os.wait4``.
"""

from __future__ import annotations

import json
import sys

from bench.context import Context
from bench.corpus import catalog, render_text
from bench.procs import ChildResult, run_child
from bench.results import Result

__all__ = ["run"]

NAME = "ingest"
FIRST_INDEX = 10_000_000  # far past any catalog: these documents are new to it


def _child(ctx: Context, command: str, folder: str, timeout: float) -> tuple[ChildResult, dict]:
    result = run_child([sys.executable, "-m", "bench.child", command, folder], ctx.env(),
                       timeout=timeout)
    if not result.ok:
        return result, {}
    return result, json.loads(result.stdout.strip().splitlines()[-1])


def run(ctx: Context) -> list[Result]:
    n = ctx.sample(200, 4)
    folder = ctx.workdir / "ingest"
    folder.mkdir(exist_ok=True)
    generator = catalog(ctx.seed, ctx.doc_kb)
    size = 0
    for i in range(FIRST_INDEX, FIRST_INDEX + n):
        text = render_text(generator.document(i, raw=True)).encode()
        (folder / f"doc-{i}.txt").write_bytes(text)
        size += len(text)
    timeout = 120 if ctx.quick else 1800
    parse_proc, parsed = _child(ctx, "parse", str(folder), timeout)
    ingest_proc, ingested = _child(ctx, "ingest", str(folder), timeout)
    files = {"files": n, "mean_kb": round(size / n / 1024, 1)}

    def rate(out: dict) -> float | None:
        return out["documents"] / out["seconds"] if out.get("seconds") else None

    note = None
    if not ingest_proc.ok:
        note = f"ingest failed: {ingest_proc.failure()}"
    elif ingested.get("failed"):
        note = f"{ingested['failed']} of {n} files failed, e.g. {ingested['failures'][:1]}"
    parse_note = None if parse_proc.ok else f"parse failed: {parse_proc.failure()}"
    return [
        Result(NAME, f"documents per second, full pipeline ({n} files)", rate(ingested),
               "docs/s", baseline="parse only, no database", baseline_value=rate(parsed),
               better="higher", note=note or parse_note, extra={**files, **ingested}),
        Result(NAME, "peak memory, full pipeline", ingest_proc.peak_rss_mb if ingest_proc.ok
               else None, "MB", baseline="parse only", baseline_value=parse_proc.peak_rss_mb
               if parse_proc.ok else None, goal="flat across scales", note=note),
    ]
