"""What every benchmark receives: the run's databases, catalog, scale and sample sizes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from bench.database import Databases

__all__ = ["Context", "Terms"]


@dataclass(frozen=True)
class Terms:
    """Search terms chosen from the document frequencies counted while generating."""

    rare: str
    medium: str
    common: str
    everywhere: str | None  # a term in every document, when there is one
    absent: str
    frequency: dict[str, int]

    def queries(self) -> dict[str, str]:
        queries = {
            "rare term": self.rare,
            "medium term": self.medium,
            "common term": self.common,
            "absent term": self.absent,
            "two terms (medium + common)": f"{self.medium} {self.common}",
            "two terms (rare + medium)": f"{self.rare} {self.medium}",
        }
        if self.everywhere and self.everywhere != self.common:
            queries["term in every document"] = self.everywhere
        return queries


@dataclass
class Context:
    scale: int
    seed: int
    doc_kb: float
    workdir: Path
    databases: Databases
    url: str  # the main database, loaded with ``scale`` documents
    engine: Engine
    terms: Terms
    quick: bool  # smoke mode: tiny samples, short time caps
    info: dict[str, Any] = field(default_factory=dict)

    def env(self, url: str | None = None) -> dict[str, str]:
        return self.databases.env(url or self.url)

    def sample(self, full: int, smoke: int) -> int:
        """A sample size: ``full`` normally, ``smoke`` in smoke mode, never above the scale."""
        return max(1, min(self.scale, smoke if self.quick else full))
