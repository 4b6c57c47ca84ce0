"""Read a backup line by line, checking everything a restore relies on.

Checks, each reported with the line at fault:

* the manifest (line 1): format name, a format version this code can read
  (older ones are upgraded record by record, see :mod:`archive.backup.upgrade`),
  a scope, the kinds and their counts;
* every record line: valid JSON, its digest (an edited line), its own line
  number (a deleted, repeated or moved line), its kind in the manifest's order,
  ids strictly increasing within a kind (reordered lines), and the record
  against the JSON Schema of its kind;
* the trailer (last line): the sha256 of every byte before it, the counts
  against the lines actually read and against the manifest, and that nothing
  follows it.  A file without a trailer, or whose last line is cut short, is
  truncated.

:class:`BackupReader` yields the (upgraded) records as it checks them;
:func:`verify_backup` just reads to the end.  A restore verifies the whole file
first, then loads it with a reader that checks everything again but the JSON
Schemas (already checked), so a file changed in between is still caught.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from archive.backup.errors import UnsupportedFormat
from archive.backup.format import FORMAT_NAME, line_digest, open_input, split_digest
from archive.backup.kinds import record_errors
from archive.backup.upgrade import STEPS, Step, check_upgradable, upgrade_record

__all__ = ["BackupReader", "Problem", "VerifyReport", "verify_backup"]

DEFAULT_MAX_PROBLEMS = 20


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class VerifyReport:
    manifest: dict[str, Any] | None = None
    counts: Counter[str] = field(default_factory=Counter)
    lines: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.manifest is not None


class _TooManyProblems(Exception):
    pass


class BackupReader:
    """Checks a backup stream as it yields ``(line, kind, record)``; see ``report``."""

    def __init__(
        self,
        steps: Mapping[int, Step] = STEPS,
        max_problems: int = DEFAULT_MAX_PROBLEMS,
        validate: bool = True,
    ) -> None:
        self.report = VerifyReport()
        self.steps, self.max_problems, self.validate = steps, max_problems, validate
        self._hash = hashlib.sha256()
        self._records_hash = hashlib.sha256()
        self._kind_index = -1
        self._last_id: Any = None
        self._line_offset = 0  # resynchronises numbering after a missing line
        self._version = 0
        self._trailer_at = 0
        self._state: dict[str, Any] = {}  # the upgrade steps' own
        self.line_bytes = 0  # the size of the line of the record last yielded

    def problem(self, line: int, message: str) -> None:
        self.report.problems.append(Problem(line, message))
        if len(self.report.problems) >= self.max_problems:
            raise _TooManyProblems

    def records(self, stream: IO[bytes]) -> Iterator[tuple[int, str, dict[str, Any]]]:
        number = 0
        try:
            for number, raw in enumerate(stream, 1):
                self.report.lines = number
                self.line_bytes = len(raw)
                yield from self._line(number, raw)
            self._finish(number)
        except _TooManyProblems:
            return
        except (EOFError, gzip.BadGzipFile, zlib.error) as error:
            self._stop(number + 1, f"the compressed file is damaged or truncated ({error})")

    def _stop(self, line: int, message: str) -> None:
        try:
            self.problem(line, message)
        except _TooManyProblems:
            pass

    def _line(self, number: int, raw: bytes) -> Iterator[tuple[int, str, dict[str, Any]]]:
        if self._trailer_at:
            self.problem(number, "text after the trailer")
            return
        if not raw.endswith(b"\n"):
            self.problem(number, "the line is cut short: the file is truncated")
            return
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            self.problem(number, f"not valid JSON ({error})")
            return
        if number == 1:
            self._manifest(value)
            self._hash.update(raw)
            return
        if self.report.manifest is None:
            return
        if isinstance(value, dict) and value.get("kind") == "trailer":
            self._trailer(number, value)
            return
        self._hash.update(raw)
        self._records_hash.update(raw)
        checked = self._record(number, raw, value)
        if checked is not None:
            yield checked

    def _manifest(self, value: Any) -> None:
        if not isinstance(value, dict) or value.get("kind") != "manifest":
            self.problem(1, "the first line is not a backup manifest")
            return
        if value.get("format") != FORMAT_NAME:
            self.problem(1, f"not an {FORMAT_NAME} file (format {value.get('format')!r})")
            return
        version = value.get("format_version")
        if not isinstance(version, int):
            self.problem(1, "the manifest has no format version")
            return
        try:
            check_upgradable(version, self.steps)
        except UnsupportedFormat as error:
            self.problem(1, str(error))
            return
        if not isinstance(value.get("kinds"), list) or not isinstance(value.get("counts"), dict):
            self.problem(1, "the manifest does not list the kinds and their counts")
            return
        if value.get("scope") not in ("full", "public"):
            self.problem(1, f"unknown scope {value.get('scope')!r}")
            return
        self._version = version
        self.report.manifest = value

    def _record(
        self, number: int, raw: bytes, value: Any
    ) -> tuple[int, str, dict[str, Any]] | None:
        split = split_digest(raw)
        if split is None or not isinstance(value, dict):
            self.problem(number, "not a record line (no digest)")
            return None
        digest, rest = split
        if line_digest(rest) != digest:
            self.problem(number, "the line was edited: its digest does not match its content")
            return None
        declared = value.get("line")
        if declared != number + self._line_offset:
            self.problem(
                number,
                f"numbered {declared}: a line before it is missing, repeated or out of place",
            )
            if isinstance(declared, int):
                self._line_offset = declared - number
        kind, record = value.get("kind"), value.get("record")
        if not self._in_order(number, kind, record):
            return None
        assert isinstance(kind, str) and isinstance(record, dict)
        self.report.counts[kind] += 1
        record = upgrade_record(kind, record, self._version, self._state, self.steps)
        for message in record_errors(kind, record) if self.validate else ():
            self.problem(number, f"{kind} {record.get('id')}: {message}")
        return number, kind, record

    def _in_order(self, number: int, kind: Any, record: Any) -> bool:
        assert self.report.manifest is not None
        kinds = self.report.manifest["kinds"]
        if kind not in kinds or not isinstance(record, dict):
            self.problem(number, f"kind {kind!r} is not listed in the manifest")
            return False
        index = kinds.index(kind)
        if index < self._kind_index:
            self.problem(number, f"a {kind} after the {kinds[self._kind_index]}s: out of order")
            return False
        if index > self._kind_index:
            self._kind_index, self._last_id = index, None
        record_id = record.get("id")
        if self._last_id is not None and not (
            isinstance(record_id, int) and record_id > self._last_id
        ):
            self.problem(number, f"{kind} {record_id} after {kind} {self._last_id}: out of order")
            return True
        self._last_id = record_id
        return True

    def _trailer(self, number: int, trailer: dict[str, Any]) -> None:
        self._trailer_at = number
        assert self.report.manifest is not None
        if trailer.get("sha256") != self._hash.hexdigest():
            self.problem(number, "sha256 mismatch: the file was changed after it was written")
        if trailer.get("records_sha256") != self._records_hash.hexdigest():
            self.problem(number, "records_sha256 mismatch: the records were changed")
        if trailer.get("lines") != number:
            self.problem(number, f"the trailer is line {number}, it says {trailer.get('lines')}")
        read = {kind: self.report.counts.get(kind, 0) for kind in self.report.manifest["kinds"]}
        for source, counts in (
            ("manifest", self.report.manifest["counts"]),
            ("trailer", trailer.get("counts")),
        ):
            if counts != read:
                self.problem(number, f"counts read {read} differ from the {source}'s {counts}")

    def _finish(self, last: int) -> None:
        if last == 0:
            self.problem(1, "the file is empty")
        elif not self._trailer_at and self.report.manifest is not None:
            self.problem(last + 1, "the file ends without a trailer: it is truncated")


def verify_backup(
    path: str | Path, steps: Mapping[int, Step] = STEPS, max_problems: int = DEFAULT_MAX_PROBLEMS
) -> VerifyReport:
    """Check the backup at ``path`` from end to end; ``report.ok`` says if it is sound."""
    reader = BackupReader(steps, max_problems)
    try:
        with open_input(path) as stream:
            for _ in reader.records(stream):
                pass
    except OSError as error:
        reader.report.problems.append(Problem(0, f"cannot read {path}: {error}"))
    return reader.report
