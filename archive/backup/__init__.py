"""The JSON backup of the archive: write, verify, restore, and upgrade old formats.

A backup is a JSON Lines file a person can read and a program can restore
exactly (:mod:`archive.backup.format` describes it).  ``write_backup`` streams
one consistent snapshot of the catalog; ``verify_backup`` checks a file line by
line; ``restore_backup`` loads a full backup in one transaction, all or
nothing, without writing new history.  Files written by an older format
version are upgraded on the fly by the ordered steps of
:mod:`archive.backup.upgrade`.
"""

from archive.backup.errors import BackupError, DatabaseNotEmpty, RestoreError, UnsupportedFormat
from archive.backup.format import FORMAT_VERSION
from archive.backup.restore import RestoreResult, VerificationFailed, restore_backup
from archive.backup.verify import Problem, VerifyReport, verify_backup
from archive.backup.writer import BackupResult, write_backup

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
