"""Readers turn a file's bytes into the pipeline's working document."""

from archive.ingest.readers.text import read_text

__all__ = ["read_text"]
