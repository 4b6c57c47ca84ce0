"""Opening the files of a batch: regular files only, never through a link out of the folder.

A librarian's folder may hold things that are not documents: a named pipe
(reading one blocks until someone writes to it: forever), a link to
``/dev/zero`` (endless bytes), a link to ``/etc/passwd`` (a file from outside the
folder, which must not end up in the catalog).  Every file is opened without
blocking and checked on the open descriptor, so what is checked is what is read:

* only a regular file is read; a pipe, device, socket or folder is refused;
* a file reached by walking a folder must lie inside that folder once every
  link is resolved.  Links that stay inside the folder are followed (a "latest"
  link to a file in it; the same bytes are recognised by their sha256 and stored
  once); a link leading out of it is refused, whatever it points at.  A file
  named directly on the command line is the caller's choice and may be a link
  to anywhere, but it must still be a regular file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from archive.ingest.errors import IngestError

__all__ = ["NotARegularFile", "open_regular", "outside"]

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


class NotARegularFile(IngestError):
    """The path is not a regular file inside the folder being ingested: it is not read."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"{path}: {reason}")


def outside(real: str, root: Path) -> bool:
    """Whether the resolved path ``real`` lies outside the folder ``root``."""
    base = os.path.realpath(root)
    return os.path.commonpath([base, real]) != base


def _resolved(fd: int, path: Path) -> str:
    try:  # what was opened, not what the path says now (Linux)
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return os.path.realpath(path)


def open_regular(path: Path, root: Path | None = None) -> tuple[int, os.stat_result]:
    """An open descriptor of ``path`` and its status; the caller closes it.

    ``root``: the folder the path was found in by a walk.  Raises
    :class:`NotARegularFile` with the reason, or ``OSError``.
    """
    # O_NONBLOCK: opening a pipe for reading would wait for a writer.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        status = os.fstat(fd)
        linked = path.is_symlink()
        if root is not None and outside(real := _resolved(fd, path), root):
            reason = f"a link to {real}, outside the folder {root}: not followed"
            raise NotARegularFile(path, reason)
        for test, kind in _KINDS:
            if test(status.st_mode):
                target = f" (a link to {_resolved(fd, path)})" if linked else ""
                raise NotARegularFile(path, f"{kind}{target}, not a regular file: not read")
    except BaseException:
        os.close(fd)
        raise
    return fd, status
