"""The benchmark harness: every figure measured beside its baseline, in one run.

``python -m bench [--scale N] [--only NAME] [--out FILE]`` generates a
synthetic catalog from a fixed seed (:mod:`bench.corpus`), bulk-loads it into a
scratch database (:mod:`bench.loader`, :mod:`bench.database`), runs the
benchmarks in :mod:`bench.benchmarks` and writes JSON plus a Markdown table
(:mod:`bench.results`).  Not part of the test suite; ``tests/bench`` runs the
smoke mode so the harness cannot rot.
"""

__all__: list[str] = []
