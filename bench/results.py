"""What a benchmark reports, and how a run is written: JSON for machines, Markdown for people.

A :class:`Result` is one figure measured side by side with its baseline in the
same run: on a shared, noisy machine the ratio means more than either time.
A figure that could not be measured (a command not written yet, a baseline
that ran out of memory) carries ``value=None`` and says why in ``note``; it is
never replaced by a made-up number.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Result", "Report", "write_report", "markdown_table"]


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

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = None if self.ratio is None else round(self.ratio, 4)
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


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.3g}"
    return f"{text} {unit}".strip()


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
        ratio = "—" if r.ratio is None else f"{r.ratio:.3g}×"
        lines.append(
            f"| {r.benchmark} | {r.name} | {_fmt(r.value, r.unit)} | {r.baseline or '—'} | "
            f"{_fmt(r.baseline_value, r.unit)} | {ratio} | {r.better} | "
            f"{r.goal or ''} | {(r.note or '').replace('|', '/')} |"
        )
    if report.errors:
        lines += ["", "Benchmarks that failed:", ""]
        lines += [f"- **{name}**: {error}" for name, error in report.errors.items()]
    phases = ", ".join(f"{k} {v:.1f} s" for k, v in report.phases.items())
    lines += ["", f"Phases: {phases}.", ""]
    return "\n".join(lines)


def write_report(report: Report, json_path: Path) -> Path:
    """Write ``json_path`` and the Markdown table beside it (``.md``); return the table's path."""
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    md_path = json_path.with_suffix(".md")
    md_path.write_text(markdown_table(report))
    return md_path
