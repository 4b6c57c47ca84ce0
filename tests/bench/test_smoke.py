"""The benchmark harness end to end on a tiny catalog: it runs, and writes what it promises.

Asserts the shape of the JSON and Markdown output, never a speed.  Runs on the
database the suite runs on (a scratch database on the PostgreSQL server when
``DATABASE_URL`` names one).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from archive.config import PROJECT_ROOT
from bench.benchmarks import NAMES
from bench.cli import choose_terms

pytestmark = pytest.mark.slow

RESULT_KEYS = {
    "benchmark",
    "name",
    "value",
    "unit",
    "baseline",
    "baseline_value",
    "ratio",
    "ratio_bound",
    "better",
    "goal",
    "note",
    "extra",
}


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str, str]:
    out = tmp_path_factory.mktemp("bench") / "smoke.json"
    completed = subprocess.run(
        [sys.executable, "-m", "bench", "--scale", "12", "--out", str(out)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(out.read_text()), out.with_suffix(".md").read_text(), completed.stdout


def test_report_describes_machine_scale_and_catalog(smoke_run: tuple[dict, str, str]) -> None:
    report, _, _ = smoke_run
    assert report["scale"] == 12
    assert report["errors"] == {}
    for key in ("cpu", "cores", "memory_gb", "python", "sqlite", "django"):
        assert report["machine"][key]
    assert report["catalog"]["documents"] == 12
    assert report["catalog"]["rows"]["document"] == 12
    assert {"migrate", "generate and load", "total", *NAMES} <= set(report["phases_seconds"])
    assert report["catalog"]["mean_doc_kb"] > 0
    assert "search index rebuild" in report["catalog"]["load_seconds_by_step"]


def test_every_benchmark_reports_figures_with_baselines(smoke_run: tuple[dict, str, str]) -> None:
    report, _, _ = smoke_run
    results = report["results"]
    assert {r["benchmark"] for r in results} == set(NAMES)
    for result in results:
        assert set(result) == RESULT_KEYS
        assert result["baseline"], result["name"]
        assert result["better"] in {"lower", "higher"}
        if result["value"] is None:
            assert result["note"], f"a missing figure must say why: {result['name']}"
        if result["value"] is not None and result["baseline_value"]:
            ratio = result["value"] / result["baseline_value"]
            assert result["ratio"] == pytest.approx(ratio, rel=1e-3, abs=1e-4)
            assert result["ratio_bound"] in {None, "upper", "lower", "unknown"}


def test_markdown_table_has_a_row_per_figure(smoke_run: tuple[dict, str, str]) -> None:
    report, markdown, stdout = smoke_run
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| benchmark | figure | value | baseline")
    assert len(rows) == 2 + len(report["results"])  # header, separator, figures
    assert "12 documents" in markdown.splitlines()[0]
    assert markdown.strip() == stdout.strip()


def test_terms_are_chosen_by_document_frequency() -> None:
    frequency = {"alpha": 1, "beta": 50, "gamma": 600, "delta": 1000, "omega": 0}
    terms = choose_terms(frequency, 1000)
    assert (terms.rare, terms.medium, terms.common, terms.everywhere) == (
        "alpha",
        "beta",
        "gamma",
        "delta",
    )
    assert terms.absent not in frequency
    assert set(terms.queries()) >= {"rare term", "common term", "absent term"}
