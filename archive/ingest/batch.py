"""Ingest a batch of files: each one whole or not at all, and the batch goes on.

For each file: refuse it unread if it is over the size limit; tell its format
from its content; unpack a zip safely into a staging folder and ingest its
members; read a bibliographic file into metadata-only records; parse anything
else into one document.  Each document (or each bibliographic file) is stored
in its own transaction, attributed to ``ingest:<file name>``, so a batch
killed half way can simply be run again: finished files are recognised by
their sha256 (and records by DOI, or title, year and first author, or what
an entry has) and skipped.

A file that cannot be read (too large, undecodable, damaged, a scanned PDF,
a zip bomb …) is reported with its reason and kept in the quarantine
(:mod:`archive.ingest.quarantine`); it leaves nothing else behind.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from archive.attribution import acting_as
from archive.errors import ArchiveError
from archive.ingest.errors import IngestError
from archive.ingest.files import NotARegularFile, open_regular, outside
from archive.ingest.limits import DEFAULT_LIMITS, IngestLimits
from archive.ingest.pipeline import cite_notes, parse_document
from archive.ingest.quarantine import Refusal, quarantine, release, stream_sha256
from archive.ingest.readers.bibliographic import read_records
from archive.ingest.records import store_records
from archive.ingest.safezip import extract_safely
from archive.ingest.sniff import BIBLIOGRAPHIC_FORMATS, MEDIA_TYPES, sniff_format
from archive.ingest.store import Outcome, SourceBytes, store_document
from archive.search import deferred_indexing
from archive.search import suggest as vocabulary

__all__ = [
    "DEFAULT_MAX_FILE_BYTES",
    "BatchReport",
    "FileResult",
    "FileStatus",
    "collect_files",
    "ingest_content",
    "ingest_file",
    "ingest_paths",
]

DEFAULT_MAX_FILE_BYTES = DEFAULT_LIMITS.max_file_bytes


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
    """What happened to one file (a zip member's path reads ``batch.zip/member``)."""

    path: Path
    status: FileStatus
    document_id: int | None = None
    document_status: str | None = None
    problems: int = 0
    reason: str | None = None
    format: str | None = None
    # Bibliographic files: entries cataloged, entries already held, entries skipped (why).
    created: int = 0
    existing: int = 0
    skipped: tuple[str, ...] = ()
    merged: tuple[str, ...] = ()  # entries that are a work already held, with why
    # A zip: the result of each member.
    members: tuple[FileResult, ...] = ()


@dataclass(slots=True)
class BatchReport:
    results: list[FileResult] = field(default_factory=list)

    def count(self, status: FileStatus) -> int:
        return sum(1 for result in self.results if result.status is status)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status is FileStatus.FAILED]

    @property
    def skipped(self) -> list[tuple[FileResult, str]]:
        """Each entry a bibliographic file held and could not catalog, with its file."""
        return [(r, why) for r in self.results for why in r.skipped]

    @property
    def ok(self) -> bool:
        """Every file stored whole: nothing failed, no bibliographic entry skipped."""
        return not self.failed and not self.skipped


def collect_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and every file under named folders (sorted, hidden ones skipped)."""
    return (path for path, _root in _walk(paths))


def _walk(paths: Iterable[Path]) -> Iterator[tuple[Path, Path | None]]:
    """Each file to ingest and the folder it was found in (None: named directly).

    Links to folders are not walked into (``os.walk``'s default, no loops): one
    that leads inside the folder adds nothing the walk does not reach; one that
    leads out of it is yielded, to be refused with its reason (:mod:`.files`).
    """
    for path in paths:
        if not path.is_dir():
            yield path, None
            continue
        for root, dirs, files in os.walk(path):
            linked = {d for d in dirs if (Path(root) / d).is_symlink()}
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in linked)
            for name in sorted([*files, *linked]):
                found = Path(root) / name
                if name.startswith("."):
                    continue
                if name in linked and not outside(os.path.realpath(found), path):
                    continue
                yield found, path


log = logging.getLogger(__name__)

# Each stored document's words for "Did you mean" wait as one pending row
# (archive/search/suggest.py); they are folded into the vocabulary every
# FOLD_EVERY files of a batch and when it ends, each word once for them all.
FOLD_EVERY = 200


def fold_vocabulary(sessions: sessionmaker[Session]) -> None:
    """Fold the pending vocabulary changes in, in a transaction of their own."""
    try:
        with sessions.begin() as session:
            vocabulary.fold_pending(session.connection())
    except SQLAlchemyError as error:
        # The documents are stored; their words stay pending for the next fold.
        log.warning("vocabulary changes left pending: %s", error)


def _limits(limits: IngestLimits | None, max_bytes: int | None) -> IngestLimits:
    chosen = limits or DEFAULT_LIMITS
    if max_bytes is not None and max_bytes != chosen.max_file_bytes:
        chosen = replace(chosen, max_file_bytes=max_bytes)
    return chosen


def ingest_file(
    sessions: sessionmaker[Session],
    path: Path,
    publish: bool = False,
    max_bytes: int | None = None,
    limits: IngestLimits | None = None,
    replaces: int | None = None,
    *,
    citations: bool = True,
) -> FileResult:
    """Read, parse and store one file (regular files only); a zip's members are in
    ``FileResult.members``.

    ``replaces``: the id of the document this file is a new version of.
    ``citations=False`` leaves the notes' citations unparsed (only to measure their cost).
    """
    result = _ingest(sessions, path, path, publish, _limits(limits, max_bytes), replaces,
                     citations=citations)
    fold_vocabulary(sessions)
    return result


def _ingest(
    sessions: sessionmaker[Session],
    path: Path,
    shown: Path,
    publish: bool,
    limits: IngestLimits,
    replaces: int | None = None,
    root: Path | None = None,
    *,
    citations: bool = True,
) -> FileResult:
    try:
        fd, status = open_regular(path, root)
        with os.fdopen(fd, "rb") as handle:
            size = status.st_size
            if size > limits.max_file_bytes:  # refused before it is read whole
                head = handle.read(8192)
                handle.seek(0)
                reason = f"file is {size:,} bytes, over the limit of {limits.max_file_bytes:,}"
                format = sniff_format(head, path.name)
                refusal = Refusal(shown, stream_sha256(handle), size, format, reason)
                return _refuse(sessions, refusal)
            # Never more than the limit, even if the file grows while it is read.
            content = handle.read(limits.max_file_bytes + 1)
        if len(content) > limits.max_file_bytes:
            reason = f"file grew over the limit of {limits.max_file_bytes:,} bytes while read"
            return FileResult(shown, FileStatus.FAILED, reason=reason)
    except NotARegularFile as error:  # never read, so nothing to quarantine
        return FileResult(shown, FileStatus.FAILED, reason=error.reason)
    except OSError as error:
        return FileResult(shown, FileStatus.FAILED, reason=str(error))
    return _ingest_content(
        sessions, content, shown, publish, limits, replaces, citations=citations
    )


def ingest_content(
    sessions: sessionmaker[Session],
    content: bytes,
    name: str,
    publish: bool = False,
    limits: IngestLimits | None = None,
    *,
    citations: bool = True,
) -> FileResult:
    """Ingest the bytes of one file named ``name`` (an upload): what ``ingest`` does after
    reading a file from disk, the same code; a zip's members are in ``FileResult.members``."""
    chosen = limits or DEFAULT_LIMITS
    if len(content) > chosen.max_file_bytes:
        reason = f"file is {len(content):,} bytes, over the limit of {chosen.max_file_bytes:,}"
        refusal = Refusal(Path(name), hashlib.sha256(content).hexdigest(), len(content),
                          sniff_format(content[:8192], name), reason)
        return _refuse(sessions, refusal)
    result = _ingest_content(sessions, content, Path(name), publish, chosen, citations=citations)
    fold_vocabulary(sessions)
    return result


def _ingest_content(
    sessions: sessionmaker[Session],
    content: bytes,
    shown: Path,
    publish: bool,
    limits: IngestLimits,
    replaces: int | None = None,
    *,
    citations: bool = True,
) -> FileResult:
    format = sniff_format(content, shown.name)
    source = SourceBytes(shown.name, content, format, _media_type(format, content))
    try:
        if format == "zip":
            return _ingest_zip(sessions, content, shown, publish, limits, citations=citations)
        if format in BIBLIOGRAPHIC_FORMATS:
            return _ingest_records(sessions, source, shown, format, publish, limits)
        parsed = parse_document(content, shown.name, format=format, limits=limits)
        # Parsed before the transaction opens: it holds SQLite's one writer only to write.
        cited = cite_notes(parsed) if citations and parsed.footnotes else None
        with acting_as(f"ingest:{shown.name}"), sessions.begin() as session:
            stored = store_document(session, parsed, source, publish, replaces,
                                    citations=citations, cited=cited)
            release(session, source.sha256)
    except IngestError as error:
        refused = getattr(error, "format", format)
        reason = error.reason or str(error)
        refusal = Refusal(shown, source.sha256, len(content), refused, reason, content)
        return _refuse(sessions, refusal)
    except (ArchiveError, SQLAlchemyError) as error:  # not the file's fault: not quarantined
        return FileResult(shown, FileStatus.FAILED, reason=str(error), format=format)
    return FileResult(
        shown,
        _STATUS_OF_OUTCOME[stored.outcome],
        stored.document_id,
        stored.status,
        stored.problems,
        format=format,
    )


def _media_type(format: str, content: bytes) -> str:
    if format == "text":
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return "text/plain"
        return "text/plain; charset=utf-8"
    return MEDIA_TYPES.get(format, "application/octet-stream")


def _refuse(sessions: sessionmaker[Session], refusal: Refusal) -> FileResult:
    try:
        quarantine(sessions, refusal)
    except SQLAlchemyError as error:  # the reason is still reported; the batch goes on
        reason = f"{refusal.reason} (and not quarantined: {type(error).__name__})"
        return FileResult(refusal.path, FileStatus.FAILED, reason=reason, format=refusal.format)
    return FileResult(refusal.path, FileStatus.FAILED, reason=refusal.reason, format=refusal.format)


def _ingest_records(
    sessions: sessionmaker[Session],
    source: SourceBytes,
    shown: Path,
    format: str,
    publish: bool,
    limits: IngestLimits,
) -> FileResult:
    read = read_records(source.content, shown.name, format, limits)
    # One transaction for the file: a reference list is imported whole or not at all;
    # its entries are looked up and written together, its new documents indexed once,
    # together, when it ends.
    with acting_as(f"ingest:{shown.name}"), sessions.begin() as session:
        with deferred_indexing(session.connection()):
            stored = store_records(session, read.records, source, publish)
        release(session, source.sha256)
    outcomes = [each.outcome for each in stored]
    merged = [f"entry {record.key}: {each.same_as}"
              for record, each in zip(read.records, stored, strict=True) if each.same_as]
    first = next((each.document_id for each in stored if each.document_id), None)
    created = outcomes.count(Outcome.CREATED)
    return FileResult(
        shown,
        FileStatus.INGESTED if created else FileStatus.UNCHANGED,
        first,
        format=format,
        created=created,
        existing=len(outcomes) - created,
        skipped=tuple(read.skipped),
        merged=tuple(merged),
    )


def _ingest_zip(
    sessions: sessionmaker[Session],
    content: bytes,
    shown: Path,
    publish: bool,
    limits: IngestLimits,
    *,
    citations: bool = True,
) -> FileResult:
    with tempfile.TemporaryDirectory(prefix="archive-ingest-") as staging:
        root = Path(staging)
        members = extract_safely(content, shown.name, root, limits)
        results = tuple(
            _ingest(sessions, member, shown / member.relative_to(root), publish, limits,
                    root=root, citations=citations)
            for member in sorted(members)
            if not member.name.startswith(".")
        )
    failed = [r for r in results if r.status is FileStatus.FAILED]
    status = FileStatus.FAILED if failed else FileStatus.INGESTED
    noun = "member" if len(results) == 1 else "members"
    reason = f"{len(failed)} of {len(results)} {noun} failed" if failed else None
    return FileResult(shown, status, reason=reason, format="zip", members=results)


def ingest_paths(
    sessions: sessionmaker[Session],
    paths: Iterable[Path],
    publish: bool = False,
    max_bytes: int | None = None,
    on_file: Callable[[FileResult], None] | None = None,
    limits: IngestLimits | None = None,
    replaces: int | None = None,
    *,
    citations: bool = True,
) -> BatchReport:
    """Ingest every file under ``paths``; ``on_file`` is told about each (progress).

    A zip's members are reported one by one, as if they had been files of the batch.
    ``replaces`` (one file only): the id of the document the file is a new version of.
    """
    chosen = _limits(limits, max_bytes)
    report = BatchReport()
    try:
        for n, (path, root) in enumerate(_walk(paths), start=1):
            result = _ingest(sessions, path, path, publish, chosen, replaces, root,
                             citations=citations)
            for each in result.members or (result,):
                report.results.append(each)
                if on_file is not None:
                    on_file(each)
            if n % FOLD_EVERY == 0:
                fold_vocabulary(sessions)
    finally:
        fold_vocabulary(sessions)
    return report
