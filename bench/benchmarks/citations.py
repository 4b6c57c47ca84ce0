"""Citation parsing inside a bench run: the figures of :mod:`bench.citations` as Results.

It reads no catalog (the parser needs no database): accuracy on the held-out
references, the seed's notes, and milliseconds of CPU per note.
"""

from __future__ import annotations

from bench.citations import GOAL, GOAL_FIELDS, run_all
from bench.context import Context
from bench.results import Result

__all__ = ["run"]

NAME = "citations"


def run(ctx: Context) -> list[Result]:
    heldout, notes, speeds, model = run_all()
    results = []
    for field in GOAL_FIELDS:
        score = heldout.fields[field]
        results.append(Result(
            NAME, f"held-out {field}, exactly right", score.accuracy and 100 * score.accuracy,
            "%", better="higher", goal=f"≥ {100 * GOAL:.0f} %",
            note=f"{score.right} of {score.counted} references ({heldout.references} held out)",
        ))
    results.append(Result(
        NAME, "seed notes: works with authors, title and year right", notes.works_right,
        f"of {notes.works}", better="higher", goal="all",
        note=f"{model}; short forms resolved: {notes.short_forms_right} of {notes.short_forms}",
    ))
    for name, speed in speeds.items():
        results.append(Result(
            NAME, f"parse, {name} (CPU, first pass)", speed.cpu_first, "ms each",
            goal="≤ 2 ms", note=f"{speed.texts} texts; second pass {speed.cpu_second:.2f} ms; "
            f"wall {speed.wall_first:.2f} / {speed.wall_second:.2f} ms",
        ))
    return results
