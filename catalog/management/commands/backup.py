"""``backup FILE``: a streamed JSON Lines backup of the catalog (see ``archive.backup``)."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from archive.backup import verify_backup, write_backup
from archive.backup.writer import BatchHook
from catalog.sa import engine_for

# Test hook, read only here: seconds to sleep after each batch of documents,
# announcing each pause on stderr, so a crash test (tests/catalog/backup/test_crash.py)
# can kill the process half way, at a known point.
PAUSE_VARIABLE = "ARCHIVE_BACKUP_TEST_PAUSE"


def pause_hook() -> BatchHook | None:
    """The batch hook of :data:`PAUSE_VARIABLE`, or None when it is unset."""
    seconds = float(os.environ.get(PAUSE_VARIABLE) or 0)
    if not seconds:
        return None

    def pause(kind: str, done: int) -> None:
        if kind != "document":
            return
        print(f"paused after {done} {kind}", file=sys.stderr, flush=True)
        time.sleep(seconds)

    return pause


class Command(BaseCommand):
    # The system checks (about 0.2 s) vet settings and models, which `check` and CI
    # cover; a backup or restore run by cron or a script should not pay for them.
    requires_system_checks: list[str] = []
    help = (
        "Write a JSON Lines backup: a manifest, one line per record (documents as canonical "
        "records, people, organisations, sources, history, users and groups), a sha256 trailer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="the backup to write; '.gz' compresses it, '-' writes to stdout"
        )
        parser.add_argument(
            "--public",
            action="store_true",
            help="published documents only, public view: no history, users or drafts",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="the database alias to back up"
        )
        parser.add_argument(
            "--batch-size", type=int, default=500, help="documents read per query batch"
        )
        parser.add_argument(
            "--no-verify",
            action="store_false",
            dest="verify",
            help="do not read the file back through `verify` after writing it (the summary "
            "then says it was not verified)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        to_stdout = options["file"] == "-"
        result = write_backup(
            engine_for(options["database"]),
            sys.stdout.buffer if to_stdout else options["file"],
            public=options["public"],
            batch_size=options["batch_size"],
            progress=sys.stderr.isatty(),
            on_batch=pause_hook(),
        )
        counts = ", ".join(f"{n} {kind}" for kind, n in result.counts.items())
        summary = f"{result.lines} lines ({counts}), sha256 {result.sha256}"
        if to_stdout:  # the backup owns stdout: the summary goes to stderr
            self.stderr.write(f"{summary}; not verified (written to standard output: run "
                              "`verify` on the saved file)")
            return
        if not options["verify"]:
            self.stdout.write(f"{summary}; not verified (--no-verify)")
            return
        # A backup that `restore` would refuse is never reported as a success.
        report = verify_backup(options["file"])
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{options['file']} was written but does not verify: it cannot be restored"
            )
        self.stdout.write(f"{summary}; verified")
