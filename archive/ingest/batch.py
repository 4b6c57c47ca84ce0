"""Ingest a batch of files: each one whole or not at all, and the batch goes on.

A file that cannot be read (too large, undecodable, a parser error) is reported
with its reason and leaves nothing behind; the other files are ingested.  Each
document is stored in its own transaction, attributed to ``ingest:<file name>``,
so a batch killed half way can simply be run again: finished files are
recognised by their sha256 and skipped.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from archive.attribution import acting_as
from archive.errors import ArchiveError
from archive.ingest import parse_text
from archive.ingest.store import Outcome, SourceBytes, store_document

__all__ = [
    "DEFAULT_MAX_FILE_BYTES",
    "BatchReport",
    "FileResult",
    "FileStatus",
    "collect_files",
    "ingest_file",
    "ingest_paths",
]

DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024


class FileStatus(enum.StrEnum):
    INGESTED = "ingested"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


_STATUS_OF_OUTCOME = {
    Outcome.CREATED: FileStatus.INGESTED,
    Outcome.UPDATED: FileStatus.UPDATED,
    Outcome.UNCHANGED: FileStatus.UNCHANGED,
}


@dataclass(frozen=True, slots=True)
class FileResult:
    path: Path
    status: FileStatus
    document_id: int | None = None
    document_status: str | None = None
    problems: int = 0
    reason: str | None = None


@dataclass(slots=True)
class BatchReport:
    results: list[FileResult] = field(default_factory=list)

    def count(self, status: FileStatus) -> int:
        return sum(1 for result in self.results if result.status is status)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status is FileStatus.FAILED]

    @property
    def ok(self) -> bool:
        return not self.failed


def collect_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and every file under named folders (sorted, hidden ones skipped)."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        else:
            yield path


def ingest_file(
    sessions: sessionmaker[Session],
    path: Path,
    publish: bool = False,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> FileResult:
    """Read, parse and store one file in its own transaction."""
    try:
        size = path.stat().st_size
        if size > max_bytes:  # refused before it is read whole
            return _failed(path, f"file is {size:,} bytes, over the limit of {max_bytes:,}")
        content = path.read_bytes()
        parsed = parse_text(content, path.name)
        with acting_as(f"ingest:{path.name}"), sessions.begin() as session:
            stored = store_document(session, parsed, SourceBytes(path.name, content), publish)
    except (OSError, ArchiveError) as error:
        return _failed(path, str(error))
    return FileResult(
        path,
        _STATUS_OF_OUTCOME[stored.outcome],
        stored.document_id,
        stored.status,
        stored.problems,
    )


def _failed(path: Path, reason: str) -> FileResult:
    return FileResult(path, FileStatus.FAILED, reason=reason)


def ingest_paths(
    sessions: sessionmaker[Session],
    paths: Iterable[Path],
    publish: bool = False,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    on_file: Callable[[FileResult], None] | None = None,
) -> BatchReport:
    """Ingest every file under ``paths``; ``on_file`` is told about each (progress)."""
    report = BatchReport()
    for path in collect_files(paths):
        result = ingest_file(sessions, path, publish, max_bytes)
        report.results.append(result)
        if on_file is not None:
            on_file(result)
    return report
