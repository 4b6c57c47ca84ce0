"""``manage.py parse-citations FILE``: one note per line in, one JSON line of citations out.

Needs no database (no system checks, no connection): it is how the citation
parser is measured from outside.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser

from archive.citegraph import ModelError
from archive.citegraph.output import note_lines


class Command(BaseCommand):
    help = ("Parse each line of FILE (a note or a reference, UTF-8) and print one JSON line "
            'per input line: {"citations": [CSL-JSON item, …]}.')
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The file to read, one note per line ('-': stdin).")
        parser.add_argument(
            "--independent", action="store_true",
            help="Read each line on its own. By default the lines are one document's notes "
            "in order, so a short form or 'Ibid.' refers to an earlier line.")

    def handle(self, *args: Any, **options: Any) -> None:
        lines = _read_lines(options["file"])
        try:
            results = note_lines(lines, document=not options["independent"])
        except ModelError as error:
            raise CommandError(str(error)) from None
        for result in results:
            self.stdout.write(orjson.dumps(result).decode())


def _read_lines(name: str) -> list[str]:
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {name}: {error.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise CommandError(f"{name}: line {line} is not UTF-8 ({error.reason})") from None
    # Only a line feed ends a line: str.splitlines() would also split a note at U+2028
    # or a form feed, and the output would no longer match the input line for line.
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    return lines
