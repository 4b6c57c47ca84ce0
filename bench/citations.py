"""Citation parsing: field accuracy on held-out references, the seed's notes, speed.

``python -m bench.citations`` (no database needed; what citations cost inside
ingest is a row of ``python -m bench --only ingest``).  Three measures:

1. **Held-out accuracy.** anystyle's ``gold.xml`` (``bench/data/``, BSD-2) is
   an evaluation set: the labeller is never trained or tuned on it.  Its
   references that also appear in a training file (anystyle's core.xml shares
   some) are left out, so every reference measured is unseen.  The expected
   CSL item of a reference is built from its gold labels by the very same
   grouping and normalising code as the parse (so the figure measures the
   labeller and the grouping, not two normalisers' spelling differences); each
   field (author names, title, container-title, publisher, year, URL, …) is
   exactly right when the parsed value equals the expected one.  A field is
   counted for a reference when either side has it: a value the parse invents
   is as wrong as one it misses.
2. **The seed's notes**, as labelled by hand in ``training/data/archive-notes.xml``:
   every cited work with its author names, title and year, and short forms
   resolved to the same full citation as the labels say.  The shipped model is
   trained on these notes, so this is a check of the whole path, not of
   generalisation; ``--without archive-notes.xml`` trains a model without
   them first and measures that one.
3. **Speed**: milliseconds of CPU per note and per reference, parse only, on a
   first pass (each token's observations computed for the first time) and a
   second (cached, as in a long ingest).  CPU time, because the machines this
   runs on are shared: wall time is printed beside it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.citegraph import Labeller, parse_note, parse_notes
from archive.citegraph.citation import Citation
from archive.citegraph.csl import build_item, names_a_work
from archive.citegraph.model import MODEL_PATH
from archive.citegraph.resolve import resolve_document
from archive.citegraph.segment import group_citations
from archive.citegraph.tokens import tokenize
from archive.citegraph.training.dataset import LabelledSequence, read_sequences
from archive.citegraph.training.train import DATA_DIR, train, training_files
from archive.config import PROJECT_ROOT

__all__ = ["FIELDS", "evaluate_heldout", "evaluate_notes", "expected_citations",
           "heldout_sequences", "main"]

HELDOUT = PROJECT_ROOT / "bench" / "data" / "anystyle-gold.xml"
NOTES = DATA_DIR / "archive-notes.xml"
GOAL = 0.85


def _names(item: dict[str, Any], role: str) -> list[tuple[str, ...]] | None:
    names = item.get(role)
    if not names:
        return None
    return [tuple(name.get(part, "") for part in ("family", "given", "literal")) for name in names]


def _year(item: dict[str, Any]) -> int | None:
    parts = (item.get("issued") or {}).get("date-parts")
    return parts[0][0] if parts and parts[0] else None


FIELDS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "author": lambda item: _names(item, "author"),
    "editor": lambda item: _names(item, "editor"),
    "title": lambda item: item.get("title"),
    "container-title": lambda item: item.get("container-title"),
    "publisher": lambda item: item.get("publisher"),
    "publisher-place": lambda item: item.get("publisher-place"),
    "year": _year,
    "volume": lambda item: item.get("volume"),
    "page": lambda item: item.get("page"),
    "URL": lambda item: item.get("URL"),
    "DOI": lambda item: item.get("DOI"),
}
# The fields of the goal (≥ 85 % each).
GOAL_FIELDS = ("author", "title", "container-title", "publisher", "year", "URL")


@dataclass
class FieldScore:
    right: int = 0
    counted: int = 0  # references where the gold or the parse has this field
    in_gold: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.right / self.counted if self.counted else None


@dataclass
class HeldoutReport:
    references: int
    left_out: int
    fields: dict[str, FieldScore]
    exact_references: int  # every field of FIELDS right
    split: int  # references parsed as more than one citation
    missed: int  # references parsed as no citation at all
    errors: list[dict[str, Any]] = field(default_factory=list)


def _text_key(sequence: LabelledSequence) -> str:
    return " ".join(sequence.tokens)


def heldout_sequences(path: Path = HELDOUT,
                      training: Sequence[Path] | None = None) -> tuple[list[LabelledSequence], int]:
    """The evaluation references not in any training file, and how many were left out."""
    seen = {_text_key(s) for file in (training or training_files()) for s in read_sequences(file)}
    kept, left_out = [], 0
    for sequence in read_sequences(path):
        if _text_key(sequence) in seen:
            left_out += 1
        else:
            kept.append(sequence)
            seen.add(_text_key(sequence))  # a reference twice in gold counts once
    return kept, left_out


def expected_citations(sequence: LabelledSequence) -> list[Citation]:
    """The citations the gold labels describe, built by the parser's own grouping and CSL code."""
    tokens = tokenize(sequence.text)
    drafts = group_citations(list(sequence.labels), list(sequence.tokens))
    citations = [Citation(build_item(d, tokens, sequence.text),
                          (tokens[d.segments[0].start].start, tokens[d.segments[-1].end - 1].end),
                          1.0, "ibid" if d.ibid else "full") for d in drafts]
    return [c for c in citations if c.form == "ibid" or names_a_work(c.item)]


def _main_citation(citations: list[Citation]) -> dict[str, Any]:
    """A reference's citation: the longest one when the parse split it."""
    if not citations:
        return {}
    return max(citations, key=lambda c: c.span[1] - c.span[0]).item


def evaluate_heldout(labeller: Labeller, path: Path = HELDOUT,
                     training: Sequence[Path] | None = None) -> HeldoutReport:
    sequences, left_out = heldout_sequences(path, training)
    scores = {name: FieldScore() for name in FIELDS}
    exact = split = missed = 0
    errors: list[dict[str, Any]] = []
    for sequence in sequences:
        expected = _main_citation(expected_citations(sequence))
        parsed = parse_note(sequence.text, labeller)
        split += len(parsed) > 1
        missed += not parsed
        got = _main_citation(parsed)
        all_right = True
        for name, value_of in FIELDS.items():
            want, have = value_of(expected), value_of(got)
            score = scores[name]
            score.in_gold += want is not None
            if want is None and have is None:
                continue
            score.counted += 1
            if want == have:
                score.right += 1
            else:
                all_right = False
                if len(errors) < 400:
                    errors.append({"field": name, "text": sequence.text, "want": want,
                                   "got": have})
        exact += all_right
    return HeldoutReport(len(sequences), left_out, scores, exact, split, missed, errors)


@dataclass(frozen=True, slots=True)
class Speed:
    """Milliseconds per text: CPU and wall, first and second pass."""

    texts: int
    cpu_first: float
    cpu_second: float
    wall_first: float
    wall_second: float


def measure_speed(labeller: Labeller, texts: Sequence[str]) -> Speed:
    """Parse ``texts`` twice; call it before anything else has parsed them."""
    figures = []
    for _ in range(2):
        cpu, wall = time.process_time(), time.perf_counter()
        for text in texts:
            parse_note(text, labeller)
        figures += [time.process_time() - cpu, time.perf_counter() - wall]
    per = [1000 * seconds / max(1, len(texts)) for seconds in figures]
    return Speed(len(texts), per[0], per[2], per[1], per[3])


@dataclass
class NotesReport:
    notes: int
    works: int  # cited works in the labels (short forms and ibid not counted twice)
    works_right: int  # author names, title and year all right
    short_forms: int
    short_forms_right: int  # resolved to the same full citation as the labels say
    wrong: list[dict[str, Any]] = field(default_factory=list)


def _work_key(item: dict[str, Any]) -> tuple[Any, ...]:
    return (FIELDS["author"](item), item.get("title"), _year(item))


def evaluate_notes(labeller: Labeller, path: Path = NOTES) -> NotesReport:
    """Each note's cited works against the hand labels (notes read as one document)."""
    sequences = list(read_sequences(path))
    texts = [s.text for s in sequences]
    expected = resolve_document([expected_citations(s) for s in sequences])
    parsed = parse_notes(texts, labeller)
    works = right = shorts = shorts_right = 0
    wrong = []
    for number, (want_list, got_list) in enumerate(zip(expected, parsed, strict=True), 1):
        got_keys = [_work_key(c.item) for c in got_list if c.form == "full"]
        for want in want_list:
            if want.form != "full":
                shorts += 1
                match = [c for c in got_list if c.refers_to == want.refers_to]
                shorts_right += bool(match)
                if not match:
                    wrong.append({"note": number, "short form of": want.refers_to,
                                  "got": [c.refers_to for c in got_list]})
                continue
            works += 1
            if _work_key(want.item) in got_keys:
                right += 1
            else:
                wrong.append({"note": number, "want": _work_key(want.item), "got": got_keys})
    return NotesReport(len(texts), works, right, shorts, shorts_right, wrong)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


def markdown(heldout: HeldoutReport, notes: NotesReport, speeds: dict[str, Speed],
             model: str) -> str:
    lines = [f"## Citation parsing ({model})", "",
             f"Held-out references: {heldout.references} of anystyle's gold.xml "
             f"({heldout.left_out} left out because a training file holds them).", "",
             "| field | exactly right | counted | in gold | goal |",
             "| --- | ---: | ---: | ---: | --- |"]
    for name, score in heldout.fields.items():
        goal = f"≥ {GOAL:.0%}" if name in GOAL_FIELDS else ""
        met = "" if not goal or score.accuracy is None else (
            ": met" if score.accuracy >= GOAL else ": NOT met")
        lines.append(f"| {name} | {_percent(score.accuracy)} | {score.counted} | "
                     f"{score.in_gold} | {goal}{met} |")
    lines += ["", f"References with every field right: {heldout.exact_references} of "
              f"{heldout.references} ({_percent(heldout.exact_references / heldout.references)});"
              f" parsed as several citations: {heldout.split}; as none: {heldout.missed}.",
              "", "| speed, parse only (ms each) | texts | CPU, first pass | CPU, second pass "
              "| wall, first | wall, second | goal |",
              "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for name, speed in speeds.items():
        met = "met" if speed.cpu_first <= 2 else "NOT met"
        lines.append(f"| {name} | {speed.texts} | {speed.cpu_first:.2f} | {speed.cpu_second:.2f}"
                     f" | {speed.wall_first:.2f} | {speed.wall_second:.2f} | ≤ 2 ms: {met} |")
    lines += ["",
              f"Seed notes: {notes.works_right} of {notes.works} cited works with author names, "
              f"title and year right; {notes.short_forms_right} of {notes.short_forms} short "
              "forms and ibid resolved to the right full citation."]
    for item in notes.wrong:
        lines.append(f"- note {item['note']}: {json.dumps(item, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def _labeller(without: list[str]) -> tuple[Labeller, str]:
    if not without:
        return Labeller(MODEL_PATH), f"shipped model, trained on {_names_of(training_files())}"
    files = [f for f in training_files() if f.name not in without]
    folder = Path(tempfile.mkdtemp(prefix="citegraph-"))
    report = train(files, folder / "model.crfsuite")
    return Labeller(report.path), f"model trained on {_names_of(files)} only"


def _names_of(files: Sequence[Path]) -> str:
    return ", ".join(f.name for f in files)


def run_all(without: list[str] | None = None
            ) -> tuple[HeldoutReport, NotesReport, dict[str, Speed], str]:
    labeller, model = _labeller(without or [])
    training = [f for f in training_files() if f.name not in (without or [])]
    parse_note("Warm-up: J. Smith, A Title (Paris: Seuil, 1990).", labeller)  # loads the model
    speeds = {
        "archive notes": measure_speed(labeller, [s.text for s in read_sequences(NOTES)]),
        "held-out references": measure_speed(
            labeller, [s.text for s in heldout_sequences(HELDOUT, training)[0]]),
    }
    return (evaluate_heldout(labeller, training=training), evaluate_notes(labeller), speeds,
            model)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.citations", description=__doc__
                                     .split("\n\n")[0])
    parser.add_argument("--without", action="append", default=[], metavar="FILE",
                        help="train a model without this training file first and measure it")
    parser.add_argument("--out", type=Path, default=None,
                        help="write the Markdown table here (and the errors as JSON beside it)")
    args = parser.parse_args(argv)
    heldout, notes, speeds, model = run_all(args.without)
    table = markdown(heldout, notes, speeds, model)
    print(table)
    if args.out:
        args.out.write_text(table, encoding="utf-8")
        args.out.with_suffix(".errors.json").write_text(
            json.dumps(heldout.errors, ensure_ascii=False, indent=1), encoding="utf-8")
    below = [n for n in GOAL_FIELDS if (heldout.fields[n].accuracy or 0) < GOAL]
    if below:
        print(f"below the goal: {', '.join(below)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
