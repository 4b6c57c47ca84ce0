"""What a benchmark reports, and how a run is written: JSON for machines, Markdown for people.

A :class:`Result` is one figure measured side by side with its baseline in the
same run: on a shared, noisy machine the ratio means more than either time.
A figure that could not be measured (a command not written yet, a baseline
that ran out of memory) carries ``value=None`` and says why in ``note``; it is
never replaced by a made-up number.  A command stopped at its time limit keeps
its time as a lower bound, and says so in the note ("stopped at the N s time
limit", prefixed "NAME: " when it is the baseline): the table then shows
"≥ N s", and the ratio as the bound it is ("≤ 0.2×": at most).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Report", "Result", "format_ratio", "format_value", "markdown_table", "write_report"]

# A time stopped at a time limit: "stopped at the 600 s time limit" (a lower bound).
_STOPPED = re.compile(r"stopped at the [\d.,]+ s time limit")


@dataclass(frozen=True, slots=True)
class Result:
    """One figure: ``value`` in ``unit`` against ``baseline_value`` of ``baseline``.

    ``ratio`` is ``value / baseline_value`` (for times and memory: how many times
    the baseline's cost; for rates: how many times the baseline's rate).
    ``better`` says which way is good ("lower" or "higher"), so a reader of the
    table knows whether 0.2 is a win.
    """

    benchmark: str
    name: str
    value: float | None
    unit: str
    baseline: str | None = None
    baseline_value: float | None = None
    better: str = "lower"
    goal: str | None = None
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline_value:
            return None
        return self.value / self.baseline_value

    @property
    def value_is_lower_bound(self) -> bool:
        """The value is a time stopped at its limit: the real one is at least this."""
        return self.extra.get("value_bound") == "lower" or any(
            _STOPPED.match(part) for part in self._note_parts())

    @property
    def baseline_is_lower_bound(self) -> bool:
        """The baseline was stopped at its time limit ("NAME: stopped at the …" in the note)."""
        return self.extra.get("baseline_bound") == "lower" or any(
            _STOPPED.match(part.split(": ", 1)[1]) for part in self._note_parts()
            if ": " in part and not _STOPPED.match(part))

    @property
    def ratio_bound(self) -> str | None:
        """``"upper"`` (the real ratio is at most this), ``"lower"`` (at least), or None."""
        if self.ratio is None:
            return None
        value, baseline = self.value_is_lower_bound, self.baseline_is_lower_bound
        if value and baseline:
            return "unknown"
        return "upper" if baseline else "lower" if value else None

    def _note_parts(self) -> list[str]:
        return [part.strip() for part in (self.note or "").split(";")]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = None if self.ratio is None else round(self.ratio, 4)
        data["ratio_bound"] = self.ratio_bound
        return data


@dataclass
class Report:
    """A whole run: where, on what, at which scale, how long each phase took, and the figures."""

    scale: int
    seed: int
    started_at: str
    machine: dict[str, Any]
    settings: dict[str, Any] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)
    catalog: dict[str, Any] = field(default_factory=dict)
    results: list[Result] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": 1,
            "scale": self.scale,
            "seed": self.seed,
            "started_at": self.started_at,
            "machine": self.machine,
            "settings": self.settings,
            "phases_seconds": {k: round(v, 3) for k, v in self.phases.items()},
            "catalog": self.catalog,
            "results": [r.to_dict() for r in self.results],
            "errors": self.errors,
        }


def format_value(value: float | None, unit: str = "", lower_bound: bool = False) -> str:
    """A figure for the table: three significant digits, "≥ " when it is a lower bound."""
    if value is None:
        return "—"
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.3g}"
    return ("≥ " if lower_bound else "") + f"{text} {unit}".strip()


def format_ratio(result: Result) -> str:
    if result.ratio is None:
        return "—"
    bound = result.ratio_bound
    if bound == "unknown":  # both stopped at their limits: no ratio to speak of
        return "?"
    return {"upper": "≤ ", "lower": "≥ "}.get(bound or "", "") + f"{result.ratio:.3g}×"


def markdown_table(report: Report) -> str:
    """The run as Markdown: a header naming the machine, then one row per figure."""
    m = report.machine
    lines = [
        f"# Benchmark: {report.scale:,} documents ({report.settings.get('database', '?')})",
        "",
        f"{report.started_at} · {m.get('cpu', '?')} · {m.get('cores', '?')} cores · "
        f"{m.get('memory_gb', '?')} GB · Python {m.get('python', '?')} · "
        f"SQLite {m.get('sqlite', '?')} · Django {m.get('django', '?')}"
        + (f" · PostgreSQL {m['postgresql']}" if m.get("postgresql") else ""),
        "",
        "| benchmark | figure | value | baseline | baseline value | ratio | better | goal | note |",
        "| --- | --- | ---: | --- | ---: | ---: | --- | --- | --- |",
    ]
    for r in report.results:
        value = format_value(r.value, r.unit, r.value_is_lower_bound)
        baseline = format_value(r.baseline_value, r.unit, r.baseline_is_lower_bound)
        lines.append(
            f"| {r.benchmark} | {r.name} | {value} | {r.baseline or '—'} | {baseline} | "
            f"{format_ratio(r)} | {r.better} | {r.goal or ''} | "
            f"{(r.note or '').replace('|', '/')} |"
        )
    if report.errors:
        lines += ["", "Benchmarks that failed:", ""]
        lines += [f"- **{name}**: {error}" for name, error in report.errors.items()]
    phases = ", ".join(f"{k} {v:.1f} s" for k, v in report.phases.items())
    lines += ["", f"Phases: {phases}."]
    if catalog := _catalog_line(report.catalog):
        lines += ["", catalog]
    return "\n".join([*lines, ""])


def _catalog_line(catalog: dict[str, Any]) -> str | None:
    """The catalog measured, in one line: documents, rows, sizes, and where the load went."""
    if not catalog.get("documents"):
        return None
    rows = catalog.get("rows", {})
    text = (f"Catalog: {catalog['documents']:,} documents (mean {catalog.get('mean_doc_kb', '?')} "
            f"KB of text, {rows.get('footnote', 0):,} footnotes), {catalog.get('text_mb', '?')} "
            f"MB of text, database {catalog.get('database_mb', '?')} MB.")
    if load := catalog.get("load_seconds_by_step"):
        text += " Load: " + ", ".join(f"{k} {v:.1f} s" for k, v in load.items()) + "."
    return text


def write_report(report: Report, json_path: Path) -> Path:
    """Write ``json_path`` and the Markdown table beside it (``.md``); return the table's path."""
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    md_path = json_path.with_suffix(".md")
    md_path.write_text(markdown_table(report))
    return md_path
