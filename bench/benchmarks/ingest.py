"""Ingest: documents per second of each format through the full pipeline, against parsing alone.

For each format the archive reads (:mod:`bench.formats`), files are written to
a folder of their own: the same N generated documents (new to the bulk-loaded
catalog) as plain text in the seed's layout, HTML, Markdown, PDF and Word, so
the formats' rates compare; and one BibTeX, one RIS and one CSL-JSON file of
many entries each.  One child process reads every folder the way ingest does
but without a database (``sniff_format``, then ``parse_document``, or
``read_records`` for a bibliographic file); another ingests them with
``archive.ingest.batch.ingest_paths`` (parse, then write with attribution,
history and search triggers) into the catalog already loaded with ``scale``
documents.  Both warm up on one file of each format first (word lists, the PDF
worker), then time each folder on its own: each row compares the full pipeline
with parsing the very same files in the same run.  Peak memory comes from
``os.wait4`` of each child (all formats in one process).
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.child import WARM_UP
from bench.context import Context
from bench.corpus import catalog
from bench.formats import FORMATS, Format, pdf_font, render_bibtex, render_text_bytes
from bench.procs import ChildResult, run_child
from bench.results import Result

__all__ = ["run"]

NAME = "ingest"
FIRST_INDEX = 10_000_000  # far past any catalog: these documents are new to it
RECORDS_INDEX = 20_000_000  # the bibliographic entries: each format its own documents
WARM_UP_INDEX = 30_000_000
# Plain-text documents ingested without citation parsing: the same sizes and kinds of
# notes as the measured ones, but documents of their own (the same bytes twice change
# nothing), so that the citations' cost per note can be told from the rest of ingest.
WITHOUT_CITATIONS_INDEX = 40_000_000
# Documents per document format, and entries per bibliographic file: (full run, smoke
# mode).  At 10,000 documents of ~11 KB the ingest benchmark takes about a minute:
# ~0.04 s a document through the full pipeline (PDF ~0.1 s, most of it extraction),
# ~0.2 s to write a PDF, and ~1-3 ms a bibliographic entry (a file's entries are
# looked up and written together: archive/ingest/records.py).
DOCUMENTS = (60, 3)
RECORDS = (200, 20)


def _child(ctx: Context, command: str, folder: Path, timeout: float) -> tuple[ChildResult, dict]:
    result = run_child(
        [sys.executable, "-m", "bench.child", command, str(folder)], ctx.env(), timeout=timeout
    )
    if not result.ok:
        return result, {}
    return result, json.loads(result.stdout.strip().splitlines()[-1])


def _write(ctx: Context, root: Path) -> dict[str, dict[str, Any]]:
    """Each format's sample in ``root/<format>/``; what was written, by format.

    Every document format writes the *same* documents, so their rates compare: only
    the title says which format a copy came from (" (HTML)"), since the same title and
    date again would be a correction of the first copy, not a new document.  Each
    bibliographic file holds its own entries (one DOI, URL or title + year each).
    """
    generator = catalog(ctx.seed, ctx.doc_kb)
    n = ctx.sample(*DOCUMENTS)
    documents = [generator.document(i, raw=True) for i in range(FIRST_INDEX, FIRST_INDEX + n)]
    # One document and one record stored before the clock starts (bench/child.py).
    warm_up = root / WARM_UP
    warm_up.mkdir(parents=True, exist_ok=True)
    (warm_up / "warm-up.txt").write_bytes(render_text_bytes(generator.document(WARM_UP_INDEX)))
    (warm_up / "warm-up.bib").write_bytes(render_bibtex([generator.document(WARM_UP_INDEX + 1)]))
    written: dict[str, dict[str, Any]] = {}
    for k, fmt in enumerate(FORMATS):
        folder = root / fmt.name
        folder.mkdir(parents=True, exist_ok=True)
        if fmt.render_many is not None:
            first = RECORDS_INDEX + k * 1_000_000
            docs = [generator.document(i) for i in range(first, first + ctx.sample(*RECORDS))]
            data = fmt.render_many(docs)
            (folder / f"library{fmt.suffix}").write_bytes(data)
            sizes = [len(data)]
        else:
            assert fmt.render is not None
            docs = documents
            if fmt.name != "text":  # the plain-text copies keep their titles
                docs = [replace(d, title=f"{d.title} ({fmt.label})") for d in documents]
            sizes = []
            try:
                for doc in docs:
                    data = fmt.render(doc)
                    (folder / f"doc-{doc.index}{fmt.suffix}").write_bytes(data)
                    sizes.append(len(data))
            except ImportError as error:  # python-docx and fpdf2 are dev dependencies
                folder.rmdir()
                written[fmt.name] = {"entries": len(docs), "files": 0, "missing": str(error)}
                continue
        written[fmt.name] = {
            "entries": len(docs),
            "files": len(sizes),
            "mean_file_kb": round(sum(sizes) / len(sizes) / 1024, 1),
        }
        if not fmt.records:
            written[fmt.name]["mean_text_kb"] = round(
                sum(len(d.text.encode()) for d in docs) / len(docs) / 1024, 1
            )
            written[fmt.name]["mean_notes"] = round(sum(len(d.notes) for d in docs) / len(docs), 1)
    if "missing" not in written["pdf"]:
        written["pdf"]["font"] = Path(pdf_font()).name if pdf_font() else "Helvetica (Latin-1)"
    return written


def _rate(out: dict[str, Any] | None) -> float | None:
    if not out or not out.get("seconds") or not out.get("documents"):
        return None
    return out["documents"] / out["seconds"]


def _note(fmt: Format, n: int, out: dict[str, Any] | None, proc: ChildResult, what: str) -> str:
    """Why a side's figure is missing or doubtful ('' when nothing is wrong)."""
    if not proc.ok:
        return f"{what} failed: {proc.failure()}"
    if out is None:
        return f"{what}: no result for {fmt.name}"
    notes = []
    if out.get("failed"):
        notes.append(
            f"{what}: {out['failed']} of {out['files']} files failed, e.g. {out['failures'][:1]}"
        )
    if set(out.get("formats", {})) - {fmt.name}:
        notes.append(f"{what}: files read as {out['formats']}")
    if out.get("documents", 0) < n:
        notes.append(f"{what}: {out.get('documents', 0)} of {n} {_unit(fmt)} stored")
    statuses = set(out.get("statuses", {})) - {"ingested"}
    if statuses:
        notes.append(f"{what}: files {out['statuses']}")
    if out.get("existing"):
        notes.append(f"{what}: {out['existing']} entries matched documents already held")
    return "; ".join(notes)


def _unit(fmt: Format) -> str:
    return "records" if fmt.records else "documents"


def _write_without_citations(ctx: Context, root: Path) -> dict[str, Any]:
    """Plain-text documents of their own, for the ingest without citation parsing."""
    generator = catalog(ctx.seed, ctx.doc_kb)
    n = ctx.sample(*DOCUMENTS)
    folder = root / "text"
    folder.mkdir(parents=True, exist_ok=True)
    warm_up = root / WARM_UP
    warm_up.mkdir(parents=True, exist_ok=True)
    (warm_up / "warm-up.txt").write_bytes(render_text_bytes(generator.document(WARM_UP_INDEX + 2)))
    docs = [generator.document(i, raw=True)
            for i in range(WITHOUT_CITATIONS_INDEX, WITHOUT_CITATIONS_INDEX + n)]
    for doc in docs:
        (folder / f"doc-{doc.index}.txt").write_bytes(render_text_bytes(doc))
    return {"documents": n, "notes": sum(len(d.notes) for d in docs)}


def _citation_cost(ctx: Context, written: dict[str, Any], with_out: dict[str, Any] | None,
                   timeout: float) -> Result:
    """Plain text with citation parsing against plain text without it (other documents)."""
    root = ctx.workdir / "ingest-without-citations"
    facts = _write_without_citations(ctx, root)
    proc, out = _child(ctx, "ingest-without-citations", root, timeout)
    without = out.get("groups", {}).get("text")
    with_rate, without_rate = _rate(with_out), _rate(without)
    notes_with = written["text"].get("mean_notes", 0) * written["text"]["entries"]
    extra: dict[str, Any] = {"without": without, "without_documents": facts}
    note = None if proc.ok else f"ingest without citations failed: {proc.failure()}"
    if with_rate and without_rate and with_out and without and notes_with:
        # Seconds per note that citations add: the two runs hold as many documents of
        # the same size distribution; the difference of their times over the notes parsed.
        per_note = (with_out["seconds"] - without["seconds"]) / notes_with
        extra["ms_per_note"] = round(1000 * per_note, 3)
        note = (f"citations cost {1000 * per_note:.2f} ms a note ({notes_with:.0f} notes with, "
                f"{facts['notes']} without; goal ≤ 2 ms)")
    return Result(
        NAME, "plain text: docs per second, with citation parsing and linking", with_rate,
        "docs/s", baseline="the same pipeline without citations (other documents, same sizes)",
        baseline_value=without_rate, better="higher", goal="≥ 0.5×", note=note, extra=extra,
    )


def _reader_only(parse_out: dict[str, Any] | None, ingest_out: dict[str, Any] | None) -> str:
    """The ratio against the reader and stages alone, the notes' citations left out of
    parse only (as runs before a2b4c18 measured it), so both definitions are on record."""
    if not parse_out or not ingest_out or not parse_out.get("citations_seconds"):
        return ""
    reading = parse_out["seconds"] - parse_out["citations_seconds"]
    rate, full = parse_out["documents"] / reading, _rate(ingest_out)
    if not full:
        return ""
    return (f"without the notes' citations parse only is {rate:,.1f} docs/s: "
            f"ratio {full / rate:.3g}×")


def run(ctx: Context) -> list[Result]:
    root = ctx.workdir / "ingest"
    written = _write(ctx, root)
    timeout = 120 if ctx.quick else 1800
    parse_proc, parsed = _child(ctx, "parse", root, timeout)
    ingest_proc, ingested = _child(ctx, "ingest", root, timeout)
    results = [_citation_cost(ctx, written, ingested.get("groups", {}).get("text"), timeout)]
    for fmt in FORMATS:
        facts = written[fmt.name]
        n = facts["entries"]
        parse_out = parsed.get("groups", {}).get(fmt.name)
        ingest_out = ingested.get("groups", {}).get(fmt.name)
        note = _note(fmt, n, ingest_out, ingest_proc, "ingest") or _note(
            fmt, n, parse_out, parse_proc, "parse"
        )
        if not fmt.records and not note:
            note = _reader_only(parse_out, ingest_out)
        if "missing" in facts:
            note = f"not measured: cannot write {fmt.label} files ({facts['missing']}; "
            note += "install the dev dependencies: pip install -e '.[dev]')"
        sample = f"1 file, {n:,} records" if fmt.records else f"{n} files"
        results.append(
            Result(
                NAME,
                f"{fmt.label}: {_unit(fmt)} per second, full pipeline ({sample})",
                _rate(ingest_out),
                "records/s" if fmt.records else "docs/s",
                baseline="parse only (notes' citations included), same files, no database",
                baseline_value=_rate(parse_out),
                better="higher",
                goal=None if fmt.records else "≥ 0.5×",
                note=note or None,
                extra={**facts, "ingest": ingest_out, "parse": parse_out},
            )
        )
    files = sum(facts["files"] for facts in written.values())
    memory_note = None if ingest_proc.ok else f"ingest failed: {ingest_proc.failure()}"
    results.append(
        Result(
            NAME,
            f"peak memory, full pipeline (every format, {files} files)",
            ingest_proc.peak_rss_mb if ingest_proc.ok else None,
            "MB",
            baseline="parse only",
            baseline_value=parse_proc.peak_rss_mb if parse_proc.ok else None,
            goal="flat across scales",
            note=memory_note,
            extra={
                "warm_up_seconds": {
                    "ingest": ingested.get("warm_up_seconds"),
                    "parse": parsed.get("warm_up_seconds"),
                },
                "child_seconds": {"ingest": ingest_proc.seconds, "parse": parse_proc.seconds},
            },
        )
    )
    return results
