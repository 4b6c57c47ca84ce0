"""The JSON backup of the archive: write, verify, restore, and upgrade old formats.

A backup is a JSON Lines file a person can read and a program can restore
exactly (:mod:`archive.backup.format` describes it).  ``write_backup`` streams
one consistent snapshot of the catalog; ``verify_backup`` checks a file line by
line; ``restore_backup`` loads a full backup in one transaction, all or
nothing, without writing new history.  Files written by an older format
version are upgraded on the fly by the ordered steps of
:mod:`archive.backup.upgrade`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archive.backup.errors import (
        BackupError,
        DatabaseNotEmpty,
        RestoreError,
        UnsupportedFormat,
    )
    from archive.backup.format import FORMAT_VERSION
    from archive.backup.restore import RestoreResult, VerificationFailed, restore_backup
    from archive.backup.verify import Problem, VerifyReport, verify_backup
    from archive.backup.writer import BackupResult, write_backup

# Imported on first use (PEP 562): the backup's child process (archive.backup.sink)
# needs only the line format, not SQLAlchemy and the schemas these modules load.
_HOMES = {
    "BackupError": "errors",
    "DatabaseNotEmpty": "errors",
    "RestoreError": "errors",
    "UnsupportedFormat": "errors",
    "FORMAT_VERSION": "format",
    "RestoreResult": "restore",
    "VerificationFailed": "restore",
    "restore_backup": "restore",
    "Problem": "verify",
    "VerifyReport": "verify",
    "verify_backup": "verify",
    "BackupResult": "writer",
    "write_backup": "writer",
}


def __getattr__(name: str) -> Any:
    try:
        home = _HOMES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "FORMAT_VERSION",
    "BackupError",
    "BackupResult",
    "DatabaseNotEmpty",
    "Problem",
    "RestoreError",
    "RestoreResult",
    "UnsupportedFormat",
    "VerificationFailed",
    "VerifyReport",
    "restore_backup",
    "verify_backup",
    "write_backup",
]
