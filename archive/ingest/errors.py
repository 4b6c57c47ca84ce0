"""Exceptions of the ingest pipeline.

Bad *content* never raises: it becomes a :class:`~archive.ingest.document.Problem`.
Only a file that cannot be read at all raises, always an :class:`IngestError`
with a ``reason`` a librarian can act on, so that a caller never stores a
document decoded into replacement characters or half extracted.  Every reader
raises nothing else (the property tests hold them to it).
"""

from archive.errors import ArchiveError

__all__ = ["DecodeError", "IngestError", "LimitExceeded", "UnreadableFile"]


class IngestError(ArchiveError):
    """Base class of the errors ingest raises; ``reason`` says why in plain words."""

    reason: str = ""


class DecodeError(IngestError):
    """The bytes are not text in an encoding we can tell with confidence."""

    def __init__(self, filename: str, reason: str, position: int | None = None) -> None:
        self.filename, self.reason, self.position = filename, reason, position
        where = f" at byte {position}" if position is not None else ""
        super().__init__(f"{filename}: cannot decode as text{where}: {reason}")


class UnreadableFile(IngestError):
    """The file is not something we can catalog: damaged, unsupported, or without text."""

    def __init__(self, filename: str, reason: str, format: str = "unknown") -> None:
        self.filename, self.reason, self.format = filename, reason, format
        super().__init__(f"{filename}: {reason}")


class LimitExceeded(UnreadableFile):
    """The file is over a configured limit (size, pages, archive members …)."""
