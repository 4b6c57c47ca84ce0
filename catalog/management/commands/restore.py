"""``restore FILE``: load a full backup in one transaction, exactly, writing no new history."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from archive.backup import RestoreError, VerificationFailed, restore_backup
from catalog.management.commands.backup import pause_hook
from catalog.sa import engine_for


class Command(BaseCommand):
    # The system checks (about 0.2 s) vet settings and models, which `check` and CI
    # cover; a backup or restore run by cron or a script should not pay for them.
    requires_system_checks: list[str] = []
    help = (
        "Restore a full backup into an empty database, all or nothing: verified while loaded, "
        "ids, versions, attributions and history kept exactly, search index rebuilt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the backup file to restore (gzip is recognised)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the catalog, users and groups already there (swapped only on success)",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="the database alias to restore into"
        )
        parser.add_argument(
            "--batch-size", type=int, default=500, help="records inserted per statement batch"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore_backup(
                engine_for(options["database"]),
                options["file"],
                replace=options["replace"],
                batch_size=options["batch_size"],
                progress=sys.stderr.isatty(),
                on_batch=pause_hook(),
            )
        except VerificationFailed as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{options['file']} did not verify: nothing was restored") from None
        except RestoreError as error:
            raise CommandError(str(error)) from None
        counts = ", ".join(f"{n} {kind}" for kind, n in result.counts.items())
        search = "search index rebuilt" if result.search_rebuilt else "no search index to rebuild"
        self.stdout.write(f"restored {counts or 'an empty catalog'}; {search}")
