"""The PDF parsing process: PDF bytes on stdin, JSON on stdout.

Run by :mod:`archive.ingest.readers.pdf` as a script (``python -I
pdf_worker.py --serve``) under a memory limit, with a time limit per PDF, so a
looping or huge PDF kills this process, never the ingest.  It imports nothing
of the ``archive`` package.  Each answer is
``{"pages": [page, …], "title": …, "author": …}`` or ``{"error": reason}``;
``python -I pdf_worker.py MAX_PAGES`` answers once for the PDF on stdin.

Two libraries, each for what it does best.  pypdf opens the file first: it
checks the structure (a page tree that loops, a damaged cross-reference
table), the encryption and the page count, and reads the document
information.  PDFium (pypdfium2, the PDF engine of Chromium, in C) then reads
every character with its font size, baseline and style, which pypdf's text
extraction does not give: how superscript note markers, page-bottom notes,
running heads and titles are told (see :mod:`archive.ingest.readers.pdf_layout`).

A page is ``[width, height, lines]``; a line ``[x0, x1, spans]`` in reading
order (the order of the content stream); a span ``[text, size, top, style]``
with ``top`` the baseline measured down from the top of the page and
``style`` 1 italic + 2 bold.  Rotated characters (axis labels of figures) are
left out.  A gap between words far wider than a word space is an em space
(U+2003): the layout decides what it separates (names in a row, table cells).
"""

from __future__ import annotations

import ctypes
import io
import json
import logging
import math
import sys
from typing import Any

__all__ = ["extract", "main"]


def _info(reader: Any, key: str) -> str | None:
    try:
        value = (reader.metadata or {}).get(key)
    except Exception:  # noqa: BLE001 - damaged metadata is no reason to lose the text
        return None
    return str(value) if value else None


_ITALIC_FLAG = 64  # PDF font descriptor flags
_BOLD_WEIGHT = 600


def _style(raw: Any, textpage: Any, index: int, name: Any, flags: Any) -> int:
    raw.FPDFText_GetFontInfo(textpage, index, name, len(name), ctypes.byref(flags))
    font = name.value.decode("latin-1", "replace").lower()
    italic = bool(flags.value & _ITALIC_FLAG) or "italic" in font or "oblique" in font
    bold = raw.FPDFText_GetFontWeight(textpage, index) >= _BOLD_WEIGHT or "bold" in font
    return int(italic) + 2 * int(bold)


def _page_lines(page: Any, raw: Any) -> list[list[Any]]:
    """The page's lines of spans (see the module note), rebuilt from its characters."""
    textpage = page.get_textpage()
    handle = textpage.raw  # the raw handle: each call through the wrapper costs a lookup
    try:
        count = raw.FPDFText_CountChars(handle)
        if count <= 0:
            return []
        height = page.get_height()
        x, y = ctypes.c_double(), ctypes.c_double()
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        origin = (ctypes.byref(x), ctypes.byref(y))
        box = tuple(ctypes.byref(v) for v in (left, right, bottom, top))
        name, flags = ctypes.create_string_buffer(128), ctypes.c_int()
        matrix, scale = raw.FS_MATRIX(), 1.0
        lines: list[list[Any]] = []
        line: list[Any] | None = None  # [x0, x1, spans, baseline, size, right edge]
        last_object, style, upright = None, 0, True
        broken = False  # a line break pdfium generated since the last character
        for index in range(count):
            # One character at a time: FPDFText_GetText's string does not keep the
            # character indexes (it drops and adds characters).
            char = chr(raw.FPDFText_GetUnicode(handle, index))
            if char in "\r\n":
                broken = True
                continue
            obj = ctypes.cast(raw.FPDFText_GetTextObject(handle, index), ctypes.c_void_p).value
            if obj != last_object:
                last_object = obj
                upright = (
                    abs(raw.FPDFText_GetCharAngle(handle, index)) < 0.01
                    or abs(raw.FPDFText_GetCharAngle(handle, index) - 2 * math.pi) < 0.01
                )
                style = _style(raw, handle, index, name, flags)
                # The font size PDFium gives ignores the text matrix (a size 1 font
                # scaled up to 10 is common): the matrix's vertical scale applies.
                raw.FPDFText_GetMatrix(handle, index, ctypes.byref(matrix))
                scale = math.hypot(matrix.c, matrix.d) or 1.0
            if not upright:
                continue
            size = raw.FPDFText_GetFontSize(handle, index) * scale
            raw.FPDFText_GetCharOrigin(handle, index, *origin)
            baseline = height - y.value
            if char == "\x02":  # PDFium's mark for a hyphen that ends a line
                char = "-"
            if line is not None and char == " ":
                if not broken:
                    _append(line, " ", line[4], line[3], style)
                continue
            raw.FPDFText_GetCharBox(handle, index, *box)
            if line is None or not _same_line(line, x.value, baseline, size):
                line = [x.value, x.value, [], baseline, size, x.value]
                lines.append(line)
            elif broken and line[2] and not line[2][-1][0].endswith(" "):
                if left.value - line[5] > 0.15 * size:  # a gap: words, not one word
                    _append(line, " ", line[4], line[3], style)
            if line[2] and line[2][-1][0].endswith(" ") and left.value - line[5] > _WIDE * size:
                # Far wider than a word space: items set side by side (names in a
                # title page's row, table cells): an em space says so.
                line[2][-1][0] = line[2][-1][0][:-1] + _WIDE_SPACE
            broken = False
            _append(line, char, size, baseline, style)
            line[5] = max(right.value, x.value)
            line[1] = max(line[1], line[5])
        return [[round(found[0], 1), round(found[1], 1), found[2]] for found in lines]
    finally:
        textpage.close()


_WIDE = 1.5  # of the type size: a gap this wide between words sets items apart
_WIDE_SPACE = "\u2003"


def _same_line(line: list[Any], x: float, baseline: float, size: float) -> bool:
    """Whether a character at (x, baseline) continues ``line`` (superscripts included)."""
    size_here = line[4]
    rise = line[3] - baseline  # positive: above the line's baseline
    if x < line[5] - 2 * max(size, size_here):
        return False  # back to the left: the next line
    if x > line[5] + 4 * max(size, size_here):
        return False  # far to the right: another column or table cell
    if abs(rise) <= 0.25 * max(size, size_here):
        return True
    if size < 0.9 * size_here:  # a superscript or subscript
        return -0.35 * size_here <= rise <= 0.75 * size_here
    if size_here < 0.9 * size and -0.75 * size <= rise < 0:
        # The line so far is a raised number ("¹ The report …"): the text it marks
        # sets the line's baseline and size.
        line[3], line[4] = baseline, size
        return True
    return False


def _append(line: list[Any], char: str, size: float, baseline: float, style: int) -> None:
    spans = line[2]
    size, top = round(size, 1), round(baseline, 1)
    if spans and (char == " " or (spans[-1][1:] == [size, top, style])):
        spans[-1][0] += char
    else:
        spans.append([char, size, top, style])


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
        for page in reader.pages:  # walks the page tree: a loop in it is found here
            page.get("/Contents")
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
    laid_out = _layout(data)
    if isinstance(laid_out, str):
        return {"error": laid_out}
    return {
        "pages": laid_out,
        "title": _info(reader, "/Title"),
        "author": _info(reader, "/Author"),
    }


def _layout(data: bytes) -> list[list[Any]] | str:
    """Every page as ``[width, height, lines]``, or the reason PDFium cannot read the file."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        return f"damaged PDF: {str(exc)[:200]}"
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = page.get_size()
                pages.append([round(width, 1), round(height, 1), _page_lines(page, raw)])
            finally:
                page.close()
        return pages
    finally:
        document.close()


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
