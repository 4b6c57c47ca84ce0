"""Work run in a child process, so its peak memory is its own: ``python -m bench.child``.

``parse DIR``  — read every file under each subfolder of DIR (one per format) the way
               ingest does, without a database: the format from the content
               (``archive.ingest.sniff_format``), then ``archive.ingest.parse_document``
               and the notes' citations (``cite_notes``, which ingest also runs before
               its write transaction), or ``read_records`` for a bibliographic file;
``ingest DIR`` — the full pipeline, ``archive.ingest.batch.ingest_paths`` of each
               subfolder into ``DATABASE_URL``;
``ingest-without-citations DIR`` — the same without parsing the notes' citations
               (the baseline of the citation parser's cost).

Before any timing, both read the first file of every subfolder once (no
database): the first parse loads word lists and language models (about a
second) and the first PDF starts the PDF worker process, costs paid once per
process that would otherwise land on whichever format comes first; the ingest
child also stores the files of ``DIR/_warm_up`` (a document and a record of
their own), which sets up the ORM and compiles its statements.  Then each
subfolder is timed on its own.  Prints one JSON line: per subfolder, the files,
the documents (a document file is one, a bibliographic file its entries), the
formats the files were read as, failures, problems and the seconds of the work
loop itself (the interpreter's start-up is the same for both and left out).
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

__all__ = ["WARM_UP", "main"]

WARM_UP = "_warm_up"  # files the ingest child stores before any timing, uncounted


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file())


def _groups(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir() and p.name != WARM_UP)


def _read(path: Path) -> tuple[str, int, int, float]:
    """(format, documents, problems, seconds spent on the notes' citations) of one file,
    parsed as ingest parses it, no database."""
    from archive.ingest import cite_notes, parse_document, sniff_format
    from archive.ingest.readers.bibliographic import read_records
    from archive.ingest.sniff import BIBLIOGRAPHIC_FORMATS

    data = path.read_bytes()
    found = sniff_format(data, path.name)
    if found in BIBLIOGRAPHIC_FORMATS:
        read = read_records(data, path.name, found)
        return found, len(read.records), len(read.skipped), 0.0
    parsed = parse_document(data, path.name, format=found)
    started = time.perf_counter()
    if parsed.footnotes:
        cite_notes(parsed)  # parsing, as ingest does it before its transaction
    return found, 1, len(parsed.problems), time.perf_counter() - started


def _warm_up(groups: list[Path]) -> float:
    from archive.ingest import IngestError

    started = time.perf_counter()
    for group in groups:
        for path in _files(group)[:1]:
            try:
                _read(path)
            except IngestError:
                pass  # reported when the file is timed
    return time.perf_counter() - started


def parse_group(folder: Path) -> dict[str, Any]:
    from archive.ingest import IngestError

    files = _files(folder)
    formats: Counter[str] = Counter()
    documents = problems = 0
    citations_seconds = 0.0
    failures: list[str] = []
    started = time.perf_counter()
    for path in files:
        try:
            found, count, found_problems, citing = _read(path)
        except IngestError as error:
            failures.append(f"{path.name}: {error.reason or error}")
            continue
        formats[found] += 1
        documents += count
        problems += found_problems
        citations_seconds += citing
    seconds = time.perf_counter() - started
    return {
        "files": len(files),
        "documents": documents,
        "formats": dict(formats),
        "failed": len(failures),
        "failures": failures[:5],
        "problems": problems,
        "seconds": seconds,
        "citations_seconds": citations_seconds,  # part of seconds
    }


def ingest_group(sessions: Any, folder: Path, citations: bool = True) -> dict[str, Any]:
    from archive.ingest.batch import FileStatus, ingest_paths
    from archive.ingest.sniff import BIBLIOGRAPHIC_FORMATS

    files = _files(folder)
    started = time.perf_counter()
    report = ingest_paths(sessions, files, publish=True, citations=citations)
    seconds = time.perf_counter() - started
    results = report.results
    records = [r for r in results if r.format in BIBLIOGRAPHIC_FORMATS]
    documents = sum(r.created + r.existing for r in records) + sum(
        1
        for r in results
        if r.status is FileStatus.INGESTED and r.format not in BIBLIOGRAPHIC_FORMATS
    )
    return {
        "files": len(files),
        "documents": documents,
        "formats": dict(Counter(r.format or "?" for r in results)),
        "statuses": dict(Counter(str(r.status) for r in results)),
        "created": sum(r.created for r in records) or None,
        "existing": sum(r.existing for r in records) or None,
        "failed": len(report.failed),
        "failures": [f"{r.path.name}: {r.reason}" for r in report.failed][:5],
        "problems": sum(r.problems for r in results),
        "seconds": seconds,
    }


def parse(folder: Path) -> dict[str, Any]:
    groups = _groups(folder)
    warm = _warm_up(groups)
    return {"warm_up_seconds": warm, "groups": {g.name: parse_group(g) for g in groups}}


def ingest(folder: Path, citations: bool = True) -> dict[str, Any]:
    from archive.config import database_url
    from archive.db import create_engine, session_factory

    engine = create_engine(database_url())
    sessions = session_factory(engine)
    groups = _groups(folder)
    warm = _warm_up(groups)
    started = time.perf_counter()
    if (folder / WARM_UP).is_dir():
        # The first document and the first record stored configure the ORM mappers and
        # compile the statements: paid here, not by whichever format comes first.
        ingest_group(sessions, folder / WARM_UP, citations)
    warm += time.perf_counter() - started
    groups_out = {g.name: ingest_group(sessions, g, citations) for g in groups}
    return {"warm_up_seconds": warm, "groups": groups_out}


def ingest_without_citations(folder: Path) -> dict[str, Any]:
    return ingest(folder, citations=False)


def main(argv: list[str]) -> int:
    command, folder = argv[0], Path(argv[1])
    commands = {"parse": parse, "ingest": ingest,
                "ingest-without-citations": ingest_without_citations}
    result = commands[command](folder)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
