"""PDF reader: the characters with their fonts, read by PDFium in a separate, limited process.

A PDF can loop (a page tree or cross-reference table pointing to itself) or
need unbounded memory; parsing it in the ingest process would take the batch
down.  So :func:`extract_pdf` hands it to :mod:`archive.ingest.readers.pdf_worker`,
a child process with an address-space limit (``RLIMIT_AS``); each PDF has a
wall-clock time limit (over it, the child is killed) and a page limit checked
before any text is extracted.  The child is reused for the next PDF only after
a clean answer.  A PDF without a text layer (scanned pages) is refused as
such, never cataloged empty.

The worker answers with lines of spans (text, font size, baseline, style);
:mod:`archive.ingest.readers.pdf_layout` rebuilds title, paragraphs, notes
and exact note markers from them.  When it found raised markers for the notes,
the document is rendered like a structured format (markers exact, notes under
a heading); otherwise as laid-out text, for the plain-text stages (glued
digit markers, a numbered tail of notes).  Either way the format stays "pdf",
so hyphen and split-word repairs apply.  The document information (title,
author) is an untrusted hint: it fills gaps, never contradicts the text.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import resource
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from archive.config import PROJECT_ROOT
from archive.ingest.errors import LimitExceeded, UnreadableFile
from archive.ingest.limits import DEFAULT_LIMITS, IngestLimits
from archive.ingest.readers.common import Rendered, render, split_names, squash
from archive.ingest.readers.pdf_layout import Layout, lay_out
from archive.ingest.working import Hints, WorkingDocument

__all__ = ["PdfPages", "extract_pdf", "read_pdf"]

_WORKER = Path(__file__).with_name("pdf_worker.py")
_MIN_TEXT = 20  # characters of text in the whole file: fewer is a scan (or an empty page)


@dataclass(frozen=True, slots=True)
class PdfPages:
    pages: list[list[object]]  # [width, height, lines] (see pdf_worker)
    title: str | None
    author: str | None


def _limit_memory(memory: int) -> None:
    # Runs in the child between fork and exec: only async-signal-safe work here.
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


class _Worker:
    """One long-lived parsing process (starting Python and pypdf costs more than most PDFs).

    Any failure (timeout, crash, an error answer) ends the process; the next PDF
    starts a fresh one.  It is also replaced after ``_RECYCLE_AFTER`` PDFs, so
    memory a parse leaves behind cannot pile up.
    """

    def __init__(self, memory: int) -> None:
        # A plain script (-I: isolated): importing the ``archive`` package would
        # load every reader into the worker for nothing.
        self.memory = memory
        self.used = 0
        self.process = subprocess.Popen(
            [sys.executable, "-I", str(_WORKER), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            preexec_fn=lambda: _limit_memory(memory),
            cwd=PROJECT_ROOT,
        )

    def ask(self, data: bytes, max_pages: int, seconds: float) -> dict[str, object] | None:
        """The worker's answer, or None when it died or ran out of time (then it is killed)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.used += 1
        deadline = time.monotonic() + seconds
        try:
            self.process.stdin.write(b"%d %d\n" % (len(data), max_pages) + data)
            self.process.stdin.flush()
        except OSError:
            return None
        answer = bytearray()
        out = self.process.stdout.fileno()
        while not answer.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([out], [], [], remaining)[0]:
                raise TimeoutError
            chunk = os.read(out, 1 << 16)
            if not chunk:
                return None
            answer += chunk
        try:
            return json.loads(answer)
        except ValueError:
            return None

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                # Closing flushes what the dead worker never read: a broken pipe, not news.
                with contextlib.suppress(OSError):
                    stream.close()


_RECYCLE_AFTER = 200
_lock = threading.Lock()
_worker: _Worker | None = None


@atexit.register
def _close_worker() -> None:
    global _worker
    with _lock:
        if _worker is not None:
            _worker.close()
            _worker = None


def _ask(data: bytes, limits: IngestLimits) -> dict[str, object] | None:
    global _worker
    with _lock:
        if _worker is not None and (
            _worker.memory != limits.pdf_memory_bytes or _worker.used >= _RECYCLE_AFTER
        ):
            _worker.close()
            _worker = None
        worker = _worker or _Worker(limits.pdf_memory_bytes)
        _worker = None  # taken: put back only after a clean answer
        try:
            answer = worker.ask(data, limits.pdf_max_pages, limits.pdf_seconds)
        except BaseException:
            worker.close()
            raise
        if answer is None or "error" in answer:
            worker.close()
        else:
            _worker = worker
        return answer


def extract_pdf(data: bytes, filename: str, limits: IngestLimits = DEFAULT_LIMITS) -> PdfPages:
    """Lines of each page; raises :class:`UnreadableFile`/:class:`LimitExceeded` only."""
    try:
        result = _ask(data, limits)
    except TimeoutError as exc:
        raise LimitExceeded(
            filename,
            f"PDF parsing took longer than {limits.pdf_seconds:g} s "
            "(a looping or overly complex PDF)",
            "pdf",
        ) from exc
    except OSError as exc:
        raise UnreadableFile(filename, f"cannot run the PDF parser: {exc}", "pdf") from exc
    if result is None:
        raise LimitExceeded(
            filename,
            "PDF parser stopped: over its memory limit "
            f"({limits.pdf_memory_bytes // (1024 * 1024)} MB), or the PDF crashed it",
            "pdf",
        )
    if "error" in result:
        error = LimitExceeded if result.get("limit") else UnreadableFile
        raise error(filename, str(result["error"]), "pdf")
    found = result.get("pages")
    found = found if isinstance(found, list) else []
    pages = [page for page in found if isinstance(page, list) and len(page) == 3]
    title, author = result.get("title"), result.get("author")
    return PdfPages(
        pages,
        title if isinstance(title, str) else None,
        author if isinstance(author, str) else None,
    )


def _text(layout: Layout) -> tuple[str, int]:
    """Laid-out text for the plain-text stages, and the line the notes heading is on (or 0)."""
    lines: list[str] = []
    if layout.title:
        lines += [layout.title, ""]
    for block, section in layout.blocks:
        if lines:
            lines += ["", ""] if section else [""]
        lines += block
    heading = 0
    if layout.notes:  # notes found at page bottoms: last, one a line
        lines += ["", ""]
        heading = len(lines) + 1
        lines.append("Notes")
        lines += [f"{number} {squash(text)}" for number, text in layout.notes.items()]
    return "\n".join(lines), heading


def _hints(extracted: PdfPages) -> Hints:
    title = squash(extracted.title) if extracted.title else ""
    return Hints(
        title=title or None,
        authors=split_names([extracted.author]) if extracted.author else [],
        source="PDF properties",
        trusted=False,
    )


def read_pdf(data: bytes, filename: str, limits: IngestLimits = DEFAULT_LIMITS) -> WorkingDocument:
    """The working document of a PDF (see the module note)."""
    extracted = extract_pdf(data, filename, limits)
    if not extracted.pages:
        raise UnreadableFile(filename, "PDF has no pages", "pdf")
    layout = lay_out(extracted.pages, extracted.title)
    characters = sum(len("".join(" ".join(b).split())) for b, _ in layout.blocks)
    characters += len("".join((layout.title or "").split()))
    if characters < _MIN_TEXT:
        raise UnreadableFile(
            filename,
            f"scanned PDF: {len(extracted.pages)} page(s) without a text layer "
            f"({characters} characters of text; needs OCR before it can be cataloged)",
            "pdf",
        )
    if layout.exact:
        rendered = Rendered(title=layout.title)
        for block, section in layout.blocks:
            rendered.add(" ".join(block), new_section=section)
        numbers = range(1, max(layout.notes) + 1)
        rendered.notes = [layout.notes.get(n, "") for n in numbers]
        # The properties' title is not written as the document's first line: untrusted.
        doc = render(rendered, data, filename, "pdf", Hints())
        doc.hints, doc.subtitle = _hints(extracted), layout.subtitle
        doc.masthead = layout.masthead
        return doc
    doc = WorkingDocument(data=data, filename=filename)
    doc.text, _ = _text(layout)
    doc.decoded, doc.format = True, "pdf"
    doc.explicit_title, doc.subtitle = layout.title, layout.subtitle
    doc.hints = _hints(extracted)
    doc.masthead = layout.masthead
    return doc
