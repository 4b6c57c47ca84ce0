"""``manage.py ingest PATH…``: a thin command over :mod:`archive.ingest.batch`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from archive.ingest.batch import (
    FileResult,
    FileStatus,
    collect_files,
    ingest_paths,
)
from archive.ingest.limits import limits_from_environment
from catalog.sa import session_for
from catalog.wording import counted


class Command(BaseCommand):
    help = (
        "Ingest documents from files or folders into the catalog. New documents are drafts "
        "for review unless --publish is given; a file that fails is reported with its reason "
        "and the rest of the batch goes on."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="Files or folders to ingest.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish what is ingested (documents with parsing problems stay in review).",
        )
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=None,
            help="Refuse files larger than this many bytes (default: ARCHIVE_INGEST_MAX_FILE_BYTES "
            "or 50 MB). Other limits: ARCHIVE_INGEST_PDF_MAX_PAGES, …_PDF_SECONDS, "
            "…_PDF_MEMORY_BYTES, …_ZIP_MAX_MEMBERS, …_ZIP_MAX_TOTAL_BYTES, …_ZIP_MAX_RATIO.",
        )
        parser.add_argument(
            "--replaces",
            type=int,
            metavar="ID",
            default=None,
            help="The one file given is a corrected version of document ID (by default a "
            "correction is recognised only by the same file name and a similar text).",
        )
        parser.add_argument("--database", default="default", help="Database alias to write to.")

    def handle(self, *args: Any, **options: Any) -> None:
        files = list(collect_files(options["paths"]))
        missing = [path for path in files if not path.exists()]
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(map(str, missing))}")
        if options["replaces"] is not None and len(files) != 1:
            raise CommandError(f"--replaces names one document: give one file, not {len(files)}")
        try:
            limits = limits_from_environment()
        except ValueError as error:
            raise CommandError(str(error)) from error
        # A bar on a terminal; plain lines (one per file) for logs and pipes.
        verbose = options["verbosity"] >= 1
        show_bar = sys.stderr.isatty() and verbose
        self._lines = verbose and not show_bar
        self._done, self._total = 0, len(files)
        with tqdm(total=len(files), unit="file", disable=not show_bar) as bar:
            report = ingest_paths(
                session_for(options["database"]),
                files,
                publish=options["publish"],
                max_bytes=options["max_bytes"],
                limits=limits,
                on_file=lambda result: self._advance(bar, result),
                replaces=options["replaces"],
            )
        self._summarise(report.results, options["verbosity"])
        if not report.ok:
            failures = [f"{len(report.failed)} of {counted(len(files), 'file')} failed"]
            if report.skipped:
                failures.append(f"{len(report.skipped)} bibliographic entr"
                                f"{'y' if len(report.skipped) == 1 else 'ies'} skipped")
            raise CommandError(", ".join(failures))

    def _advance(self, bar: tqdm, result: FileResult) -> None:
        bar.update(1)
        self._done += 1
        if self._lines:
            # The count is of files found; a zip's members add to it as they are read.
            total = max(self._total, self._done)
            line = f"[{self._done}/{total}] {result.status} {result.path}"
            if result.status is FileStatus.FAILED:
                line += f": {result.reason}"
            self.stderr.write(line)
        elif result.status is FileStatus.FAILED:
            bar.write(f"FAILED {result.path}: {result.reason}", file=sys.stderr)

    def _summarise(self, results: list[FileResult], verbosity: int) -> None:
        if verbosity >= 2:
            for result in results:
                detail = f"document {result.document_id} ({result.document_status})"
                if result.format in ("bibtex", "ris", "csl-json"):
                    detail = (f"{counted(result.created, 'record')} cataloged, "
                              f"{result.existing} already held")
                    if result.skipped:
                        detail += f", {len(result.skipped)} skipped: {'; '.join(result.skipped)}"
                if result.problems:
                    detail += f", {counted(result.problems, 'problem')} to review"
                self.stdout.write(f"{result.status:>9} {result.path}: {result.reason or detail}")
        counts = {status: sum(r.status is status for r in results) for status in FileStatus}
        held = sum(1 for r in results if r.problems and r.status is not FileStatus.FAILED)
        self.stdout.write(
            f"ingested {counts[FileStatus.INGESTED]}, updated {counts[FileStatus.UPDATED]}, "
            f"unchanged {counts[FileStatus.UNCHANGED]}, failed {counts[FileStatus.FAILED]}"
            + (f"; {held} held for review with parsing problems" if held else "")
        )
        records = sum(r.created for r in results)
        if records:
            self.stdout.write(f"{counted(records, 'bibliographic record')} cataloged")
        for result in results:
            if result.status is FileStatus.FAILED:
                self.stderr.write(f"failed: {result.path}: {result.reason}")
            for why in result.skipped:  # each one named, whatever the verbosity
                self.stderr.write(f"skipped: {result.path}: {why}")
            for why in result.merged:  # so is each entry taken as a work already held
                self.stdout.write(f"merged: {result.path}: {why}")
        if any(r.status is FileStatus.FAILED for r in results):
            self.stderr.write("refused files are kept in the quarantine (admin: Quarantined files)")
