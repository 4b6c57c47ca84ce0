"""``verify FILE``: check a backup's manifest, trailer hash, counts and every record."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from archive.backup import verify_backup


class Command(BaseCommand):
    # The system checks (about 0.2 s) vet settings and models, which `check` and CI
    # cover; a backup or restore run by cron or a script should not pay for them.
    requires_system_checks: list[str] = []
    help = (
        "Verify a backup: the manifest, every line's digest, numbering, order and JSON Schema, "
        "the counts and the trailer's sha256. Exits non-zero naming the line at fault."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the backup file to check (gzip is recognised)")
        parser.add_argument(
            "--max-problems",
            type=int,
            default=20,
            help="stop after reporting this many problems",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_backup(options["file"], max_problems=options["max_problems"])
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{options['file']} did not verify")
        counts = ", ".join(f"{n} {kind}" for kind, n in report.counts.items())
        assert report.manifest is not None
        self.stdout.write(
            f"OK: {report.lines} lines, format version {report.manifest['format_version']}, "
            f"{report.manifest['scope']} backup ({counts or 'no records'})"
        )
