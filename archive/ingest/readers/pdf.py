"""PDF reader: the text layer, extracted by pypdf in a separate, limited process.

A PDF can loop (a page tree or cross-reference table pointing to itself) or
need unbounded memory; parsing it in the ingest process would take the batch
down.  So :func:`extract_pdf` hands it to :mod:`archive.ingest.readers.pdf_worker`,
a child process with an address-space limit (``RLIMIT_AS``); each PDF has a
wall-clock time limit (over it, the child is killed) and a page limit checked
before any text is extracted.  The child is reused for the next PDF only after
a clean answer.  The text then goes through the plain-text stages like a ``.txt``
file: PDF text is what they were written for (hyphenation, split words,
bare-digit note markers).  A PDF without a text layer (scanned pages) is
refused as such, never cataloged empty.

Page breaks (:func:`join_pages`): the last line of a page and the first of the
next are one paragraph when the bottom line has no terminal punctuation or the
next page starts in lower case ("… the" / "fjord villages …"); they are two
paragraphs when a finished, short bottom line (a paragraph's last line) meets a
page that starts otherwise, or when the next page opens with a notes heading or
note 1 after a finished line (a notes list at the top of a page).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import re
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
from archive.ingest.readers.common import split_names, squash
from archive.ingest.stages.notes_split import NOTE_START, is_notes_heading
from archive.ingest.working import Hints, WorkingDocument

__all__ = ["PdfText", "extract_pdf", "join_pages", "read_pdf"]

_WORKER = Path(__file__).with_name("pdf_worker.py")
_MIN_TEXT = 20  # characters of text in the whole file: fewer is a scan (or an empty page)


@dataclass(frozen=True, slots=True)
class PdfText:
    pages: list[str]
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


def extract_pdf(data: bytes, filename: str, limits: IngestLimits = DEFAULT_LIMITS) -> PdfText:
    """The text of each page; raises :class:`UnreadableFile`/:class:`LimitExceeded` only."""
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
    texts = result.get("texts")
    pages = [str(t) for t in texts] if isinstance(texts, list) else []
    title, author = result.get("title"), result.get("author")
    return PdfText(
        pages,
        title if isinstance(title, str) else None,
        author if isinstance(author, str) else None,
    )


def _paragraph_gaps(page: str) -> str:
    """Layout text -> one blank line between paragraphs, two between sections.

    The most common run of blank lines on the page is the paragraph gap; a
    longer one sets a section apart.  Horizontal padding (centring, justified
    text) collapses to single spaces.
    """
    lines = [" ".join(line.split()) for line in page.split("\n")]
    runs: list[int] = []
    blank = 0
    for line in lines:
        if line:
            if blank:
                runs.append(blank)
            blank = 0
        else:
            blank += 1
    usual = max(set(runs), key=runs.count) if runs else 1
    out: list[str] = []
    blank = 0
    for line in lines:
        if not line:
            blank += 1
            continue
        if out and blank:
            out += [""] * (1 if blank <= usual else 2)
        out.append(line)
        blank = 0
    return "\n".join(out)


# Terminal punctuation, maybe closing quotes and a glued note marker ("summer.”3").
_FINISHED_LINE = re.compile(r"[.!?…:][\"”’')\]]*\d{0,3}$")
_SHORT_LINE = 0.8  # of a full line: shorter, a finished bottom line ends its paragraph


def _full_line(pages: list[list[str]]) -> int:
    """The length of a full line of text: the 90th percentile of all line lengths."""
    lengths = sorted(len(line) for lines in pages for line in lines if line)
    return lengths[(len(lengths) * 9) // 10] if lengths else 0


def _page_break(bottom: str, top: str, full: int) -> str:
    """What stands between the last line of a page and the first of the next."""
    finished = bool(_FINISHED_LINE.search(bottom))
    note = NOTE_START.match(top)
    if is_notes_heading(top) or (finished and note and note.group(1) == "1"):
        return "\n\n"  # a notes list at the top of the page
    if not finished or top[:1].islower():
        return "\n"  # one paragraph running on
    return "\n\n" if len(bottom) < _SHORT_LINE * full else "\n"


def join_pages(pages: list[str]) -> str:
    """The text of the pages (each laid out by :func:`_paragraph_gaps`) as one text."""
    split = [page.split("\n") for page in pages]
    full = _full_line(split)
    text = ""
    for lines in split:
        page = "\n".join(lines).strip("\n")
        if not page:
            continue
        if text:
            bottom = text.rsplit("\n", 1)[-1]
            text += _page_break(bottom, page.split("\n", 1)[0], full)
        text += page
    return text


def read_pdf(data: bytes, filename: str, limits: IngestLimits = DEFAULT_LIMITS) -> WorkingDocument:
    """The working document of a PDF's text layer (page breaks joined, see above)."""
    extracted = extract_pdf(data, filename, limits)
    text = join_pages([_paragraph_gaps(page.replace("\x00", "")) for page in extracted.pages])
    if not extracted.pages:
        raise UnreadableFile(filename, "PDF has no pages", "pdf")
    characters = len("".join(text.split()))
    if characters < _MIN_TEXT:
        raise UnreadableFile(
            filename,
            f"scanned PDF: {len(extracted.pages)} page(s) without a text layer "
            f"({characters} characters of text; needs OCR before it can be cataloged)",
            "pdf",
        )
    doc = WorkingDocument(data=data, filename=filename)
    doc.text, doc.decoded, doc.format = text, True, "pdf"
    doc.hints = Hints(
        title=squash(extracted.title) if extracted.title and squash(extracted.title) else None,
        authors=split_names([extracted.author]) if extracted.author else [],
        source="PDF properties",
        trusted=False,
    )
    return doc
