"""``python -m bench.growth A.json B.json … --out FILE.md``: figures side by side by scale.

Reads result files of runs at different scales (``python -m bench --scale N``)
and writes one Markdown table: a row per figure, a column per scale, and the
growth from the smallest scale to the largest.  By default the figures are those
of the benchmarks that measure peak memory (ingest, backup and restore) — their
memory and their times, and their baselines' — then the catalog and the time of
every phase; ``--all`` adds every other figure.  Two files of the same scale (a
full run and a ``--only`` rerun) share a column; the first named wins.  A time
stopped at its limit stays a lower bound ("≥ 600 s"), and a growth computed from
one is marked alike.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["growth_table", "main"]

Cell = tuple[float | None, str, bool]  # value, unit, lower bound


def _bounds(result: dict[str, Any]) -> tuple[bool, bool]:
    """(value, baseline) stopped at a time limit, as :mod:`bench.results` marks them."""
    from bench.results import Result

    fields = {k: result.get(k) for k in ("benchmark", "name", "value", "unit", "baseline",
                                         "baseline_value", "note")}
    r = Result(**fields, extra=result.get("extra") or {})
    return r.value_is_lower_bound, r.baseline_is_lower_bound


def _rows(report: dict[str, Any], everything: bool) -> dict[str, Cell]:
    """The figures of one run, by row label."""
    results = report.get("results", [])
    with_memory = {r["benchmark"] for r in results if r.get("unit") == "MB"}
    rows: dict[str, Cell] = {}
    for r in results:
        if not everything and r["benchmark"] not in with_memory:
            continue
        value_bound, baseline_bound = _bounds(r)
        label = f"{r['benchmark']}: {r['name']}"
        rows.setdefault(label, (r.get("value"), r["unit"], value_bound))
        if r.get("baseline"):
            rows.setdefault(f"{label} — baseline: {r['baseline']}",
                            (r.get("baseline_value"), r["unit"], baseline_bound))
    catalog = report.get("catalog", {})
    for key, label, unit in (("mean_doc_kb", "catalog: mean document", "KB"),
                             ("text_mb", "catalog: text", "MB"),
                             ("database_mb", "catalog: database", "MB")):
        if catalog.get(key) is not None:
            rows[label] = (catalog[key], unit, False)
    if catalog.get("rows", {}).get("footnote") is not None:
        rows["catalog: footnotes"] = (catalog["rows"]["footnote"], "", False)
    for phase, seconds in report.get("phases_seconds", {}).items():
        rows[f"phase: {phase}"] = (seconds, "s", False)
    return rows


def _fmt(cell: Cell | None) -> str:
    from bench.results import format_value

    if cell is None:
        return ""
    value, unit, bound = cell
    return format_value(value, unit, bound)


def _growth(first: Cell | None, last: Cell | None) -> str:
    if not first or not last or not first[0] or last[0] is None:
        return ""
    # A lower bound at the end makes the growth "at least"; at the start, "at most".
    if first[2] and last[2]:
        return "?"
    mark = "≥ " if last[2] else "≤ " if first[2] else ""
    return f"{mark}{last[0] / first[0]:.3g}×"


def growth_table(reports: Iterable[dict[str, Any]], everything: bool = False) -> str:
    """The Markdown table of ``reports`` side by side, smallest scale first."""
    columns: dict[tuple[int, str], dict[str, Cell]] = {}
    runs: dict[tuple[int, str], list[str]] = {}
    for report in reports:
        key = (int(report["scale"]), report.get("settings", {}).get("database", "?"))
        # Two runs of one scale (a full run, then a --only rerun) fill one column: for a
        # figure both have, the file named first wins.
        column = columns.setdefault(key, {})
        for label, cell in _rows(report, everything).items():
            column.setdefault(label, cell)
        runs.setdefault(key, []).append(f"{report.get('started_at', '?')}")
    if not columns:
        raise ValueError("no result files")
    keys = sorted(columns)
    databases = {db for _, db in keys}
    heads = [f"{scale:,}" + (f" ({db})" if len(databases) > 1 else "") for scale, db in keys]
    labels: list[str] = []
    for key in keys:
        labels += [label for label in columns[key] if label not in labels]
    # The figures, then the catalog, then the phases, each in the order the runs list them.
    labels.sort(key=lambda label: label.startswith("catalog: ") + 2 * label.startswith("phase: "))
    lines = [
        "# Growth with the catalog's size",
        "",
        # Every run of a scale, the first named first (its figures win).
        "Runs: " + "; ".join(f"{head} documents, {' and '.join(runs[k])}"
                             for head, k in zip(heads, keys, strict=True)),
        "",
        "| figure | " + " | ".join(heads) + " | growth |",
        "| --- | " + " | ".join("---:" for _ in heads) + " | ---: |",
    ]
    for label in labels:
        cells = [columns[k].get(label) for k in keys]
        present = [c for c in cells if c is not None]
        growth = _growth(present[0], present[-1]) if len(present) > 1 else ""
        lines.append(f"| {label} | " + " | ".join(_fmt(c) for c in cells) + f" | {growth} |")
    lines += ["", "growth: the value at the largest scale over the value at the smallest.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.growth",
        description="Peak memory and times of several benchmark runs side by side by scale.",
    )
    parser.add_argument("results", nargs="+", type=Path, help="result JSON files (any order)")
    parser.add_argument("--out", type=Path, help="the Markdown file to write (default: stdout)")
    parser.add_argument("--all", action="store_true", help="every figure, not only those of "
                        "the benchmarks that measure peak memory")
    args = parser.parse_args(argv)
    table = growth_table((json.loads(path.read_text()) for path in args.results), args.all)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(table)
    print(table, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
