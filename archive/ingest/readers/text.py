"""Plain-text reader: bytes -> :class:`WorkingDocument`.

Accepts any bytes; decoding is the first stage (``stages/decode.py``), so a
reader for another format only has to fill the working document differently.
"""

from archive.ingest.working import WorkingDocument

__all__ = ["read_text"]


def read_text(data: bytes, filename: str) -> WorkingDocument:
    """Wrap a plain-text file for the pipeline; nothing is decoded yet."""
    return WorkingDocument(data=bytes(data), filename=filename)
