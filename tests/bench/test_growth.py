"""``python -m bench.growth``: result files side by side by scale; bounds stay bounds."""

from __future__ import annotations

import json
from pathlib import Path

from bench.cli import baseline_timeout
from bench.growth import growth_table, main
from bench.results import Result, format_ratio

STOPPED = "loaddata: stopped at the 500 s time limit: its time is a lower bound"


def _report(scale: int, restore_mb: float, loaddata_s: float, note: str | None) -> dict:
    results = [
        Result(
            "backup",
            "restore time",
            20.0 * scale / 1000,
            "s",
            baseline="loaddata",
            baseline_value=loaddata_s,
            note=note,
        ),
        Result(
            "backup",
            "restore peak memory",
            restore_mb,
            "MB",
            baseline="loaddata",
            baseline_value=None,
            note=note,
        ),
        Result(
            "search",
            "rare term: results page p50",
            0.01,
            "s",
            baseline="icontains page",
            baseline_value=0.5,
        ),
    ]
    return {
        "scale": scale,
        "started_at": "2026-11-25 06:00 UTC",
        "settings": {"database": "sqlite"},
        "phases_seconds": {"generate and load": scale / 1000, "total": scale / 100},
        "catalog": {"documents": scale, "text_mb": scale / 100, "rows": {"footnote": 7 * scale}},
        "results": [r.to_dict() for r in results],
    }


def test_table_puts_scales_side_by_side_smallest_first() -> None:
    table = growth_table(
        [_report(100_000, 120.0, 500.0, STOPPED), _report(10_000, 100.0, 90.0, None)]
    )
    lines = table.splitlines()
    assert "| figure | 10,000 | 100,000 | growth |" in lines
    assert "| backup: restore peak memory | 100 MB | 120 MB | 1.2× |" in lines
    assert "| backup: restore time — baseline: loaddata | 90.0 s | ≥ 500 s | ≥ 5.56× |" in lines
    assert "| phase: generate and load | 10.0 s | 100 s | 10× |" in lines
    assert not any(line.startswith("| search:") for line in lines)  # no memory figure
    assert any(
        line.startswith("| search:")
        for line in growth_table([_report(10_000, 100.0, 90.0, None)], everything=True).splitlines()
    )


def test_cli_writes_the_markdown(tmp_path: Path) -> None:
    paths = []
    for scale in (10_000, 100_000):
        path = tmp_path / f"scale-{scale}.json"
        path.write_text(json.dumps(_report(scale, 100.0, 90.0, None)))
        paths.append(str(path))
    assert main([*paths, "--out", str(tmp_path / "growth.md")]) == 0
    assert (
        "| backup: restore peak memory | 100 MB | 100 MB | 1× |"
        in (tmp_path / "growth.md").read_text()
    )


def test_ratio_against_a_stopped_baseline_is_a_bound() -> None:
    stopped = Result(
        "backup",
        "restore time",
        100.0,
        "s",
        baseline="loaddata",
        baseline_value=500.0,
        note=STOPPED,
    )
    assert (stopped.ratio_bound, format_ratio(stopped)) == ("upper", "≤ 0.2×")
    assert stopped.to_dict()["ratio_bound"] == "upper"
    ours = Result(
        "backup",
        "backup time",
        300.0,
        "s",
        baseline="dumpdata catalog",
        baseline_value=100.0,
        note="stopped at the 300 s time limit: its time is a lower bound",
    )
    assert format_ratio(ours) == "≥ 3×"
    plain = Result(
        "backup",
        "backup time",
        10.0,
        "s",
        baseline="dumpdata catalog",
        baseline_value=40.0,
        note="dumpdata: exit 1: boom",
    )
    assert (plain.ratio_bound, format_ratio(plain)) == (None, "0.25×")


def test_baseline_time_limit_shrinks_with_scale_within_bounds() -> None:
    assert baseline_timeout(1_000) > baseline_timeout(10_000) > baseline_timeout(100_000)
    assert baseline_timeout(100_000) == 400
    assert baseline_timeout(10_000_000) == 300
