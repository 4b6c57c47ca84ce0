"""The PDF parsing process: PDF bytes on stdin, JSON on stdout.

Run by :mod:`archive.ingest.readers.pdf` as a script (``python -I
pdf_worker.py --serve``) under a memory limit, with a time limit per PDF, so a
looping or huge PDF kills this process, never the ingest.  It imports nothing
of the ``archive`` package.  Each answer is
``{"pages": n, "texts": [...], "title": …, "author": …}`` or ``{"error": reason}``;
``python -I pdf_worker.py MAX_PAGES`` answers once for the PDF on stdin.
"""

from __future__ import annotations

import io
import json
import logging
import sys
from typing import Any

__all__ = ["extract", "main"]


def _info(reader: Any, key: str) -> str | None:
    try:
        value = (reader.metadata or {}).get(key)
    except Exception:  # noqa: BLE001 - damaged metadata is no reason to lose the text
        return None
    return str(value) if value else None


def _page_text(page: Any) -> str:
    # Layout mode keeps vertical gaps as blank lines: how paragraphs are told apart.
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, ZeroDivisionError):
        return page.extract_text() or ""


_ENCRYPTED = "encrypted PDF: its text cannot be read without the password"


def extract(data: bytes, max_pages: int) -> dict[str, Any]:
    """Text per page and the document information, or an error reason."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Many PDFs are encrypted with an empty user password (print or copy
            # restrictions only): those are read.  decrypt() says, rather than raises,
            # when the password is wrong.
            try:
                opened = reader.decrypt("")
            except Exception:  # noqa: BLE001 - an unknown or unsupported encryption
                opened = PasswordType.NOT_DECRYPTED
            if opened == PasswordType.NOT_DECRYPTED:
                return {"error": _ENCRYPTED}
        pages = len(reader.pages)
        if pages > max_pages:
            return {"error": f"PDF has {pages} pages, over the limit of {max_pages}", "limit": True}
        texts = [_page_text(page) for page in reader.pages]
    except FileNotDecryptedError:
        return {"error": _ENCRYPTED}
    except RecursionError:
        return {"error": "damaged PDF: its structure refers to itself (a loop)"}
    except (
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        OSError,
        AssertionError,
        ZeroDivisionError,
        UnicodeError,
    ) as exc:
        return {"error": f"damaged PDF: {type(exc).__name__}: {str(exc)[:200]}"}
    return {
        "pages": pages,
        "texts": texts,
        "title": _info(reader, "/Title"),
        "author": _info(reader, "/Author"),
    }


def _answer(data: bytes, max_pages: int) -> dict[str, Any]:
    try:
        return extract(data, max_pages)
    except MemoryError:
        return {"error": "PDF needs more memory than the limit allows", "limit": True}
    except Exception as exc:  # noqa: BLE001 - any parser bug is this file's problem
        return {"error": f"damaged PDF: {type(exc).__name__}: {str(exc)[:200]}"}


def serve() -> None:
    """Answer requests ``b"<length> <max pages>\\n" + bytes`` with one JSON line each."""
    source, sink = sys.stdin.buffer, sys.stdout
    while header := source.readline():
        length, max_pages = (int(part) for part in header.split())
        data = source.read(length)
        sink.write(json.dumps(_answer(data, max_pages)) + "\n")
        sink.flush()


def main() -> None:
    logging.disable(logging.WARNING)  # pypdf warns on every recoverable defect
    sys.setrecursionlimit(5000)
    if sys.argv[1:] == ["--serve"]:
        serve()
        return
    max_pages = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    sys.stdout.write(json.dumps(_answer(sys.stdin.buffer.read(), max_pages)))


if __name__ == "__main__":
    main()
