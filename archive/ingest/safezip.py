"""Zip archives, opened only within limits: members, total size, ratio, names.

Used for ``.zip`` batches (unpacked into a staging folder) and for DOCX files
(read in memory).  Sizes come from the central directory, which a hostile
archive can fake, so reading also counts the bytes actually produced and
stops at the limit.
"""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path, PurePosixPath

from archive.ingest.errors import LimitExceeded, UnreadableFile
from archive.ingest.limits import DEFAULT_LIMITS, IngestLimits

__all__ = ["check_archive", "extract_safely", "open_archive", "read_member"]

_CHUNK = 64 * 1024


def open_archive(data: bytes, filename: str, format: str = "zip") -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableFile(filename, f"damaged zip archive: {exc}", format) from exc


def _unsafe_name(info: zipfile.ZipInfo) -> str | None:
    name = info.filename.replace("\\", "/")
    path = PurePosixPath(name)
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "an absolute path"
    if ".." in path.parts:
        return "a path outside the archive (..)"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "a symbolic link"
    if "\x00" in name:
        return "a NUL byte in its name"
    return None


def check_archive(
    archive: zipfile.ZipFile, filename: str, limits: IngestLimits, format: str = "zip"
) -> list[zipfile.ZipInfo]:
    """The file members, after checking every limit and name; raises otherwise."""
    members = archive.infolist()
    if len(members) > limits.zip_max_members:
        raise LimitExceeded(
            filename,
            f"archive has {len(members)} members, over the limit of {limits.zip_max_members}",
            format,
        )
    total = 0
    for info in members:
        problem = _unsafe_name(info)
        if problem:
            raise UnreadableFile(
                filename, f"archive member {info.filename!r} has {problem}: refused", format
            )
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > limits.zip_max_ratio:
            raise LimitExceeded(
                filename,
                f"archive member {info.filename!r} expands {ratio:,.0f} times "
                f"(limit {limits.zip_max_ratio:,.0f}): a zip bomb?",
                format,
            )
    if total > limits.zip_max_total_bytes:
        raise LimitExceeded(
            filename,
            f"archive expands to {total:,} bytes, over the limit of {limits.zip_max_total_bytes:,}",
            format,
        )
    return [info for info in members if not info.is_dir()]


def read_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    filename: str,
    budget: int,
    format: str = "zip",
) -> bytes:
    """The member's bytes, never more than ``budget`` whatever its header claims."""
    out = bytearray()
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                out += chunk
                if len(out) > budget:
                    raise LimitExceeded(
                        filename,
                        f"archive member {info.filename!r} expands past "
                        f"{budget:,} bytes: a zip bomb?",
                        format,
                    )
    except (
        zipfile.BadZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ) as exc:  # RuntimeError: encrypted members
        raise UnreadableFile(
            filename, f"damaged zip member {info.filename!r}: {exc}", format
        ) from exc
    return bytes(out)


def extract_safely(
    data: bytes, filename: str, staging: Path, limits: IngestLimits = DEFAULT_LIMITS
) -> list[Path]:
    """Unpack into ``staging`` (which must exist); every limit is checked first."""
    with open_archive(data, filename) as archive:
        members = check_archive(archive, filename, limits)
        budget = limits.zip_max_total_bytes
        written: list[Path] = []
        root = staging.resolve()
        for info in members:
            content = read_member(archive, info, filename, min(budget, limits.max_file_bytes))
            budget -= len(content)
            target = (root / info.filename.replace("\\", "/")).resolve()
            if not target.is_relative_to(root):  # defence in depth after _unsafe_name
                raise UnreadableFile(
                    filename, f"member {info.filename!r} escapes the staging folder"
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            written.append(target)
        return written
