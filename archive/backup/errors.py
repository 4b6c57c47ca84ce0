"""Named errors of the backup, verify and restore."""

from __future__ import annotations

from archive.errors import ArchiveError

__all__ = ["BackupError", "DatabaseNotEmpty", "RestoreError", "UnsupportedFormat"]


class BackupError(ArchiveError):
    """A backup could not be written, read or restored."""


class UnsupportedFormat(BackupError):
    """The file is not a backup, or was written by a newer format than this code reads."""


class RestoreError(BackupError):
    """The restore was refused or failed; the database was left as it was."""


class DatabaseNotEmpty(RestoreError):
    """The target database holds a catalog and ``replace`` was not asked for."""
