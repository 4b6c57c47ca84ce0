"""``manage.py ingest PATH…``: a thin command over :mod:`archive.ingest.batch`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from archive.ingest.batch import (
    DEFAULT_MAX_FILE_BYTES,
    FileResult,
    FileStatus,
    collect_files,
    ingest_paths,
)
from catalog.sa import session_for


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
            default=DEFAULT_MAX_FILE_BYTES,
            help="Refuse files larger than this many bytes (default: %(default)s).",
        )
        parser.add_argument("--database", default="default", help="Database alias to write to.")

    def handle(self, *args: Any, **options: Any) -> None:
        files = list(collect_files(options["paths"]))
        missing = [path for path in files if not path.exists()]
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(map(str, missing))}")
        show_progress = sys.stderr.isatty() and options["verbosity"] >= 1
        with tqdm(total=len(files), unit="file", disable=not show_progress) as bar:
            report = ingest_paths(
                session_for(options["database"]),
                files,
                publish=options["publish"],
                max_bytes=options["max_bytes"],
                on_file=lambda result: self._advance(bar, result),
            )
        self._summarise(report.results, options["verbosity"])
        if not report.ok:
            raise CommandError(f"{len(report.failed)} of {len(files)} file(s) failed")

    def _advance(self, bar: tqdm, result: FileResult) -> None:
        bar.update(1)
        if result.status is FileStatus.FAILED:
            bar.write(f"FAILED {result.path}: {result.reason}", file=sys.stderr)

    def _summarise(self, results: list[FileResult], verbosity: int) -> None:
        if verbosity >= 2:
            for result in results:
                detail = f"document {result.document_id} ({result.document_status})"
                if result.problems:
                    detail += f", {result.problems} problem(s) to review"
                self.stdout.write(f"{result.status:>9} {result.path}: {result.reason or detail}")
        counts = {status: sum(r.status is status for r in results) for status in FileStatus}
        held = sum(1 for r in results if r.problems and r.status is not FileStatus.FAILED)
        self.stdout.write(
            f"ingested {counts[FileStatus.INGESTED]}, updated {counts[FileStatus.UPDATED]}, "
            f"unchanged {counts[FileStatus.UNCHANGED]}, failed {counts[FileStatus.FAILED]}"
            + (f"; {held} held for review with parsing problems" if held else "")
        )
        for result in results:
            if result.status is FileStatus.FAILED:
                self.stderr.write(f"failed: {result.path}: {result.reason}")
