"""The benchmarks, in the order a run goes through them; each module has ``run(ctx)``."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from bench.context import Context
from bench.results import Result

__all__ = ["NAMES", "benchmark"]

# Backup last: it reads the catalog every other benchmark has finished with.  The
# citation parser's accuracy needs no catalog: ``python -m bench.citations``.
NAMES = ("ingest", "versioning", "search", "relevance", "admin", "pages", "oai", "backup")


def benchmark(name: str) -> Callable[[Context], list[Result]]:
    return import_module(f"bench.benchmarks.{name}").run
