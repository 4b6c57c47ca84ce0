"""Work run in a child process, so its peak memory is its own: ``python -m bench.child``.

``parse DIR``  — parse every file under DIR with ``archive.ingest.parse_text`` (no database);
``ingest DIR`` — the full pipeline, ``archive.ingest.batch.ingest_paths`` into ``DATABASE_URL``.

Each prints one JSON line: documents done, failures, and the seconds of the
work loop itself (the interpreter's start-up is the same for both and left out).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

__all__ = ["main"]


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file())


def parse(folder: Path) -> dict[str, object]:
    from archive.ingest import parse_text

    files = _files(folder)
    started = time.perf_counter()
    problems = 0
    for path in files:
        problems += len(parse_text(path.read_bytes(), path.name).problems)
    return {"documents": len(files), "failed": 0, "problems": problems,
            "seconds": time.perf_counter() - started}


def ingest(folder: Path) -> dict[str, object]:
    from archive.config import database_url
    from archive.db import create_engine, session_factory
    from archive.ingest.batch import FileStatus, ingest_paths

    sessions = session_factory(create_engine(database_url()))
    files = _files(folder)
    started = time.perf_counter()
    report = ingest_paths(sessions, files, publish=True)
    seconds = time.perf_counter() - started
    failed = [f"{r.path.name}: {r.reason}" for r in report.failed]
    return {"documents": report.count(FileStatus.INGESTED), "failed": len(failed),
            "failures": failed[:5], "seconds": seconds}


def main(argv: list[str]) -> int:
    command, folder = argv[0], Path(argv[1])
    result = {"parse": parse, "ingest": ingest}[command](folder)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
