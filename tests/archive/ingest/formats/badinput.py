"""The bad-input corpus, generated: every file a librarian's batch should survive."""

from __future__ import annotations

import codecs
import io
import os
import random
import zipfile
from pathlib import Path

__all__ = ["build_pdf", "looping_pdfs", "write_corpus"]

SPARSE_BYTES = 200 * 1024 * 1024


def build_pdf(objects: list[bytes], prev_self: bool = False) -> bytes:
    """A PDF with a correct cross-reference table; ``prev_self``: the xref names itself as /Prev."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    prev = b" /Prev %d" % xref if prev_self else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        prev,
        xref,
    )
    return bytes(out)


def looping_pdfs() -> dict[str, bytes]:
    content = b"BT /F1 12 Tf 72 720 Td (A page that is part of a loop of pages) Tj ET"
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>"
    )
    stream = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    return {
        # The page tree lists itself among its own kids.
        "pages-loop.pdf": build_pdf(
            [catalog, b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>", page, stream, font]
        ),
        # The cross-reference table names itself as the previous one.
        "xref-loop.pdf": build_pdf(
            [catalog, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page, stream, font],
            prev_self=True,
        ),
    }


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return out.getvalue()


def write_corpus(folder: Path, good_pdf: bytes) -> dict[str, str]:
    """Write every bad file into ``folder``; returns file name -> a word its reason must hold."""
    rng = random.Random(8)
    files: dict[str, tuple[bytes, str]] = {
        "empty.txt": (b"", "empty"),
        "one-byte.txt": (b"x", "no body text"),
        "one-high-byte.txt": (b"\xff", "UTF-8"),
        "random-binary.txt": (bytes(rng.randrange(256) for _ in range(4096)), "binary"),
        "nul-byte.txt": (b"Harbour Notes\n\nBy Ann Berg\n\nA body\x00 with a NUL.\n", "NUL"),
        "invalid-utf8.txt": (
            "Fjord Notes\n\nBy Ann Berg\n\nCaf\u00e9 society, ".encode()
            + b"broken \xc3\x28 here.\n",
            "damaged UTF-8",
        ),
        "utf16-no-bom.txt": (
            "Fjord Notes\n\nBy Ann Berg\n\nA body in UTF-16.\n".encode("utf-16-le"),
            "UTF-16 without a byte-order mark",
        ),
        "truncated.pdf": (good_pdf[: len(good_pdf) // 2], "damaged PDF"),
        "scanned.pdf": (
            build_pdf(
                [
                    b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
                ]
            ),
            "scanned PDF",
        ),
        "malformed-empty.html": (b"<html><body><div><span></b></i></p></table>", "no body text"),
        "zip-bomb.zip": (_zip({"zeros.txt": bytes(30 * 1024 * 1024)}), "zip bomb"),
        "traversal.zip": (
            _zip({"../../escaped.txt": b"Escaped\n\nBy Ann Berg\n\nText.\n"}),
            "outside",
        ),
        "absolute.zip": (_zip({"/tmp/absolute.txt": b"Abs\n\nText.\n"}), "absolute path"),
        "bad-bom.txt": (codecs.BOM_UTF8 + b"Title\n\n\xff\xfe body", "UTF-8"),
    }
    expected: dict[str, str] = {}
    loops = looping_pdfs()
    files["pages-loop.pdf"] = (loops["pages-loop.pdf"], "cyclic")
    # pypdf survives this loop and reads the one line of the page: a title, no body.
    files["xref-loop.pdf"] = (loops["xref-loop.pdf"], "no body text")
    for name, (data, reason) in files.items():
        (folder / name).write_bytes(data)
        expected[name] = reason
    sparse = folder / "huge-sparse.txt"
    with sparse.open("wb") as handle:
        handle.truncate(SPARSE_BYTES)  # no blocks written: never read whole by the test either
    expected[sparse.name] = "over the limit"
    os.utime(sparse)
    return expected
