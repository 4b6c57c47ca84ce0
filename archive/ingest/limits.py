"""Limits that protect ingest from huge, looping or hostile files.

Core functions take an :class:`IngestLimits`; only the ``ingest`` command reads
overrides from the environment (``ARCHIVE_INGEST_*``, see
:func:`limits_from_environment`).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["DEFAULT_LIMITS", "IngestLimits", "limits_from_environment"]

_MB = 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestLimits:
    """Every limit, with a default that a normal library collection never reaches."""

    max_file_bytes: int = 50 * _MB  # refused before it is read
    pdf_max_pages: int = 500
    pdf_seconds: float = 30.0  # wall-clock time of the PDF parsing process
    pdf_memory_bytes: int = 1024 * _MB  # address space of the PDF parsing process
    zip_max_members: int = 1000
    zip_max_total_bytes: int = 500 * _MB  # uncompressed, all members together
    zip_max_ratio: float = 100.0  # uncompressed / compressed, per member
    front_matter_bytes: int = 64 * 1024  # Markdown YAML/TOML header
    bibliography_max_entries: int = 100_000
    # The text a reader extracted, in characters, whatever the format: a 12.9 MB Word
    # file held 51 MB of text (issue 14).  A long book is about 2 million.
    max_text_chars: int = 5_000_000


DEFAULT_LIMITS = IngestLimits()


def limits_from_environment(environ: Mapping[str, str] | None = None) -> IngestLimits:
    """``ARCHIVE_INGEST_<FIELD>`` (upper case) overrides each field, e.g. ``..._PDF_MAX_PAGES``."""
    environ = os.environ if environ is None else environ
    values: dict[str, int | float] = {}
    for field in dataclasses.fields(IngestLimits):
        name = f"ARCHIVE_INGEST_{field.name.upper()}"
        raw = environ.get(name)
        if raw:
            kind = float if field.type in ("float", float) else int
            try:
                values[field.name] = kind(raw)
            except ValueError:
                raise ValueError(f"{name}={raw!r} is not a number") from None
            if values[field.name] <= 0:
                raise ValueError(f"{name} must be positive")
    return dataclasses.replace(DEFAULT_LIMITS, **values)
