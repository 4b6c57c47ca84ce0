"""What a metadata format needs beside the canonical record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["RecordContext"]


@dataclass(frozen=True, slots=True)
class RecordContext:
    page_url: str  # the document's public page, absolute
    oai_identifier: str
    datestamp: dt.datetime
    repository_name: str
    rights: str | None  # the repository's statement (settings), None to leave it out
