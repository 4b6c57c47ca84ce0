"""Exceptions of the ingest pipeline.

Bad *content* never raises: it becomes a :class:`~archive.ingest.document.Problem`.
Only bytes that cannot be read as text at all raise, so that a caller never
stores a document decoded into replacement characters.
"""

from archive.errors import ArchiveError

__all__ = ["DecodeError", "IngestError"]


class IngestError(ArchiveError):
    """Base class of the errors ingest raises."""


class DecodeError(IngestError):
    """The bytes are not text in an encoding we accept (strict UTF-8, BOM optional)."""

    def __init__(self, filename: str, reason: str, position: int | None = None) -> None:
        self.filename, self.reason, self.position = filename, reason, position
        where = f" at byte {position}" if position is not None else ""
        super().__init__(f"{filename}: cannot decode as text{where}: {reason}")
