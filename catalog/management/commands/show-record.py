"""``manage.py show-record ID``: print a document's canonical JSON record."""

from __future__ import annotations

from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser

from archive.records import document_record
from catalog.sa import session_for


class Command(BaseCommand):
    help = "Print the canonical JSON record of a document (the shape the API and backups use)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("id", type=int, help="The document's id.")
        parser.add_argument(
            "--view",
            choices=["public", "full"],
            default="full",
            help="'full' (default) includes problems, withdrawn notes and row versions; "
            "'public' is what the API shows.",
        )
        parser.add_argument("--database", default="default", help="Database alias to read.")

    def handle(self, *args: Any, **options: Any) -> None:
        with session_for(options["database"])() as session:
            try:
                record = document_record(session, options["id"], options["view"])
            except LookupError as error:
                raise CommandError(str(error)) from None
        self.stdout.write(orjson.dumps(record, option=orjson.OPT_INDENT_2).decode())
