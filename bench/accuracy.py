"""Field accuracy of the real parser on the real-document corpus (``tests/corpus/``).

``python -m bench --only accuracy [--split dev|heldout] [--format html|md|txt|pdf|docx]``
parses every corpus document with :func:`archive.ingest.pipeline.parse_document`
(the archive's own parser, every stage) and compares ten fields with its gold
record (format: ``tests/corpus/README.md``).  No database, no catalog.

Scoring, one point a field a document (a field is right or wrong as a whole):

* ``title``, ``subtitle``: equal after normalising (Unicode NFKC, case folded,
  runs of whitespace as one space, curly quotes and dashes as plain ones, a
  trailing period dropped).  A gold title ``null`` (the document prints none)
  is right when the parse titled it from its file name *and* left a problem on
  the ``title`` field for review (the archive's rule for untitled documents).
  A gold subtitle ``null`` wants no subtitle.
* ``authors``: the same number of authors, in order; each name, honorific and
  set of affiliation organisations equal after normalising (a parsed
  honorific "Dr" equals gold "Dr.": the final period is dropped like a title's).
* ``published``: the ISO date at the precision the parse kept, equal to gold:
  a day date is ``published``; a date stated without a day is kept only as
  ``published_raw`` ("March 2021", "Spring 2021"), and reads as its year and
  month when it names one, else its year.
* ``publisher``: equal after normalising; gold ``null`` wants none.
* ``disclaimer``: both absent, or both present with the parsed text starting
  with gold ``text_start`` (normalised) and the organisation it disclaims
  equal (normalised; both may be ``null``).
* ``kind``, ``language``: equal codes.
* ``notes``: the same number of notes, and each note's number (as printed:
  compared as text, so a Markdown ``[^name]`` note wants its name) equal and its
  text starting with gold ``text_start`` (normalised) — all notes or nothing.
* ``markers``: the number of note markers found in the body equals gold.  The
  parse keeps one anchor per note, so a marker is counted as an anchored note
  or a marker reported as having no note; a note cited twice counts once here
  (a document whose gold counts repeats can only score when the parse says so).

Per-document misses are listed for the development split only: the held-out
split is reported as aggregate figures and nothing else, so nobody writes a
rule from what it contains.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateutil import parser as dateparser

from archive.config import PROJECT_ROOT
from archive.ingest.document import ParsedDocument
from archive.ingest.errors import IngestError
from archive.ingest.pipeline import parse_document

__all__ = ["FIELDS", "SPLITS", "main", "score_corpus", "score_document"]

CORPUS = PROJECT_ROOT / "tests" / "corpus"
SPLITS = ("dev", "heldout")
FORMATS = ("html", "md", "txt", "pdf", "docx")
GOALS = {"dev": 0.95, "heldout": 0.90, "format": 0.85}

_SPACE = re.compile(r"\s+")
_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                        "\u00ad": None, "\u00a0": " "})


def norm(text: str | None) -> str:
    """Case, whitespace, quote and dash differences removed; a trailing period dropped."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", text).translate(_PLAIN).casefold()
    return _SPACE.sub(" ", folded).strip().rstrip(".").strip()


def _starts(text: str | None, start: str | None) -> bool:
    return norm(text).startswith(norm(start))


# -- the parse's value of each field, in the gold's terms -------------------------

_DEFAULTS = (dt.datetime(1904, 1, 1), dt.datetime(1905, 2, 2))


def parsed_date(doc: ParsedDocument) -> str | None:
    """The ISO date at the precision the parse kept (see the module docstring)."""
    if doc.published is not None:
        return doc.published.isoformat()
    raw = doc.published_raw
    if not raw:
        return None
    try:
        first, second = (dateparser.parse(raw, default=d, fuzzy=True) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        year = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", raw)
        return year.group(1) if year else raw
    if first.year != second.year:
        return raw
    if first.month != second.month:
        return f"{first.year:04d}"
    return f"{first.year:04d}-{first.month:02d}"


def _marker_count(doc: ParsedDocument) -> int:
    anchored = sum(1 for note in doc.footnotes if note.paragraph is not None)
    orphans = sum(1 for p in doc.problems
                  if p.stage == "markers" and p.reason.endswith("has no note"))
    return anchored + orphans


def _authors(doc: ParsedDocument) -> list[dict[str, Any]]:
    return [{"name": a.name, "honorific": a.honorific,
             "affiliations": [x.organization for x in a.affiliations]} for a in doc.authors]


def _author_key(author: dict[str, Any]) -> tuple[str, str, frozenset[str]]:
    return (norm(author.get("name")), norm(author.get("honorific")),
            frozenset(norm(x) for x in author.get("affiliations") or []))


def _untitled(doc: ParsedDocument) -> bool:
    return any(p.stage == "untitled" and p.field == "title" for p in doc.problems)


# -- the ten fields: (right?, what the parse gave, shown in dev misses) ----------

Check = Callable[[dict[str, Any], ParsedDocument], tuple[bool, Any]]


def _title(gold: dict[str, Any], doc: ParsedDocument) -> tuple[bool, Any]:
    if gold["title"] is None:
        return _untitled(doc), doc.title
    return norm(gold["title"]) == norm(doc.title), doc.title


def _subtitle(gold: dict[str, Any], doc: ParsedDocument) -> tuple[bool, Any]:
    return norm(gold.get("subtitle")) == norm(doc.subtitle), doc.subtitle


def _authors_check(gold: dict[str, Any], doc: ParsedDocument) -> tuple[bool, Any]:
    parsed = _authors(doc)
    same = [_author_key(a) for a in gold["authors"]] == [_author_key(a) for a in parsed]
    return same, parsed


def _published(gold: dict[str, Any], doc: ParsedDocument) -> tuple[bool, Any]:
    value = parsed_date(doc)
    return (gold["published"] or None) == value, value


def _publisher(gold: dict[str, Any], doc: ParsedDocument) -> tuple[bool, Any]:
    return norm(gold["publisher"]) == norm(doc.publisher), doc.publisher


def _disclaimer(gold: dict[str, Any], doc: ParsedDocument) -> tuple[bool, Any]:
    want, got = gold["disclaimer"], doc.disclaimer
    shown = None if got is None else {"text": got.text[:80], "disclaims": got.disclaims}
    if want is None or got is None:
        return want is None and got is None, shown
    right = _starts(got.text, want["text_start"]) and norm(want.get("disclaims")) == norm(
        got.disclaims)
    return right, shown


def _notes(gold: dict[str, Any], doc: ParsedDocument) -> tuple[bool, Any]:
    want, got = gold["notes"], doc.footnotes
    right = len(want) == len(got) and all(
        str(w["number"]) == str(g.number) and _starts(g.text, w["text_start"])
        for w, g in zip(want, got, strict=False))
    shown = f"{len(got)} notes: " + "; ".join(f"{n.number}. {n.text[:40]}" for n in got[:4])
    return right, shown


def _markers(gold: dict[str, Any], doc: ParsedDocument) -> tuple[bool, Any]:
    count = _marker_count(doc)
    return gold["markers"] == count, count


FIELDS: dict[str, Check] = {
    "title": _title,
    "subtitle": _subtitle,
    "authors": _authors_check,
    "published": _published,
    "publisher": _publisher,
    "disclaimer": _disclaimer,
    "kind": lambda gold, doc: (gold["kind"] == doc.kind, doc.kind),
    "language": lambda gold, doc: (gold["language"] == doc.language, doc.language),
    "notes": _notes,
    "markers": _markers,
}


def _gold_value(name: str, gold: dict[str, Any]) -> Any:
    if name == "notes":
        notes = gold["notes"]
        return f"{len(notes)} notes: " + "; ".join(
            f"{n['number']}. {n['text_start'][:40]}" for n in notes[:4])
    return gold[name]


# -- scoring ------------------------------------------------------------------------

@dataclass(slots=True)
class DocumentScore:
    slug: str
    split: str
    format: str
    right: dict[str, bool]
    misses: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0


def score_document(path: Path, gold: dict[str, Any], split: str) -> DocumentScore:
    slug = path.name.split(".")[0]
    started = time.perf_counter()
    try:
        doc = parse_document(path.read_bytes(), path.name)
    except IngestError as error:
        return DocumentScore(slug, split, gold["format"], dict.fromkeys(FIELDS, False),
                             error=f"{type(error).__name__}: {error}",
                             seconds=time.perf_counter() - started)
    seconds = time.perf_counter() - started
    right: dict[str, bool] = {}
    misses: list[dict[str, Any]] = []
    for name, check in FIELDS.items():
        ok, got = check(gold, doc)
        right[name] = bool(ok)
        if not ok:
            misses.append({"field": name, "gold": _gold_value(name, gold), "parsed": got})
    return DocumentScore(slug, split, gold["format"], right, misses, seconds=seconds)


def _documents(split: str, formats: Iterable[str]) -> list[tuple[Path, dict[str, Any]]]:
    found = []
    wanted = set(formats)
    for gold_path in sorted((CORPUS / split).glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if gold["format"] in wanted:
            found.append((gold_path.parent / gold["file"], gold))
    return found


def score_corpus(splits: Iterable[str], formats: Iterable[str]) -> list[DocumentScore]:
    formats = tuple(formats)
    return [score_document(path, gold, split)
            for split in splits for path, gold in _documents(split, formats)]


def _rate(scores: list[DocumentScore], names: Iterable[str]) -> tuple[int, int]:
    names = tuple(names)
    right = sum(s.right[n] for s in scores for n in names)
    return right, len(scores) * len(names)


def summarise(scores: list[DocumentScore]) -> dict[str, Any]:
    """Per split: overall, per field and per format accuracy (right, total, share)."""
    summary: dict[str, Any] = {}
    for split in sorted({s.split for s in scores}, key=SPLITS.index):
        mine = [s for s in scores if s.split == split]

        def entry(right: int, total: int) -> dict[str, Any]:
            return {"right": right, "total": total,
                    "accuracy": round(right / total, 4) if total else None}

        summary[split] = {
            "documents": len(mine),
            "errors": sum(1 for s in mine if s.error),
            "overall": entry(*_rate(mine, FIELDS)),
            "fields": {n: entry(*_rate(mine, [n])) for n in FIELDS},
            "formats": {f: entry(*_rate([s for s in mine if s.format == f], FIELDS))
                        for f in FORMATS if any(s.format == f for s in mine)},
            "parse_seconds": round(sum(s.seconds for s in mine), 2),
        }
    return summary


def _percent(entry: dict[str, Any]) -> str:
    return "–" if entry["accuracy"] is None else f"{entry['accuracy'] * 100:.1f} %"


def table(summary: dict[str, Any]) -> str:
    """A Markdown table: one row a field or format, one column a split."""
    splits = list(summary)
    lines = ["| field / format | " + " | ".join(splits) + " |",
             "|---|" + "---:|" * len(splits)]
    lines.append("| **all fields** | " + " | ".join(
        f"**{_percent(summary[s]['overall'])}** ({summary[s]['overall']['right']}/"
        f"{summary[s]['overall']['total']})" for s in splits) + " |")
    for name in FIELDS:
        lines.append(f"| {name} | " + " | ".join(
            _percent(summary[s]["fields"][name]) for s in splits) + " |")
    for fmt in FORMATS:
        if any(fmt in summary[s]["formats"] for s in splits):
            lines.append(f"| format {fmt} | " + " | ".join(
                _percent(summary[s]["formats"][fmt]) if fmt in summary[s]["formats"] else "–"
                for s in splits) + " |")
    lines.append("| documents (errors) | " + " | ".join(
        f"{summary[s]['documents']} ({summary[s]['errors']})" for s in splits) + " |")
    return "\n".join(lines)


def dev_misses(scores: list[DocumentScore]) -> str:
    """What each development document got wrong; the held-out split is never listed."""
    out = []
    for score in scores:
        if score.split != "dev" or not (score.misses or score.error):
            continue
        out.append(f"- {score.slug} ({score.format})")
        if score.error:
            out.append(f"    error: {score.error}")
        for miss in score.misses:
            out.append(f"    {miss['field']}: gold {json.dumps(miss['gold'], ensure_ascii=False)}"
                       f"\n{' ' * (6 + len(miss['field']))}parsed "
                       f"{json.dumps(miss['parsed'], ensure_ascii=False, default=str)}")
    return "\n".join(out)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench --only accuracy",
        description="Field accuracy of the parser on the real-document corpus.")
    parser.add_argument("--split", choices=SPLITS, action="append",
                        help="only this split (repeatable; default: both)")
    parser.add_argument("--format", choices=FORMATS, action="append", dest="formats",
                        help="only this format (repeatable; default: all)")
    parser.add_argument("--misses", action="store_true",
                        help="list each development document's wrong fields")
    parser.add_argument("--out", type=Path, default=None,
                        help="JSON file to write (default: bench/results/accuracy.json)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    splits = args.split or list(SPLITS)
    formats = args.formats or list(FORMATS)
    scores = score_corpus(splits, formats)
    summary = summarise(scores)
    out = args.out or PROJECT_ROOT / "bench" / "results" / "accuracy.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "benchmark": "accuracy",
        "run_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "filters": {"splits": splits, "formats": formats},
        "goals": GOALS,
        "summary": summary,
        # Per-document results of the development split only (see the docstring).
        "dev_documents": [
            {"slug": s.slug, "format": s.format, "right": s.right, "error": s.error}
            for s in scores if s.split == "dev"],
    }
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n",
                   encoding="utf-8")
    if args.misses:
        print(dev_misses(scores) or "(no misses on the development split)")
        print()
    print(table(summary))
    print(f"\nwrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
