"""OAI sets: by kind, by language and by publisher.

| setSpec | the records in it |
| --- | --- |
| ``kind`` | every record (each has a kind) |
| ``kind:<code>`` | records of that kind (``archive.kinds`` codes: ``kind:opinion``) |
| ``language`` | every record |
| ``language:<tag>`` | records in that language (``language:en``) |
| ``publisher`` | records that name a publisher |
| ``publisher:<id>`` | records of that publisher, by its catalog id (``publisher:12``) |

A publisher is named by its id, not its name: names change and may hold
characters a setSpec cannot, ids do neither (they survive backups and
restores).  A deleted record stays in the sets it was in when it was last
published, so a harvester of a set learns of its deletion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FACETS", "SET_SPEC", "SetFilter", "parse_set", "set_specs"]

# The setSpec grammar of OAI-PMH.xsd.
SET_SPEC = re.compile(r"([A-Za-z0-9\-_.!~*'()])+(:[A-Za-z0-9\-_.!~*'()]+)*")
FACETS = ("kind", "language", "publisher")
_ID = re.compile(r"[1-9][0-9]{0,17}")


@dataclass(frozen=True, slots=True)
class SetFilter:
    """One set: a facet, and its value (None for the whole facet, the parent set)."""

    facet: str
    value: str | int | None = None


def parse_set(spec: str) -> SetFilter | None:
    """The set ``spec`` names, or None when it names no set of this repository."""
    facet, _, value = spec.partition(":")
    if facet not in FACETS or ":" in value:
        return None
    if not value:
        return None if spec.endswith(":") else SetFilter(facet)
    if facet == "publisher":
        return SetFilter(facet, int(value)) if _ID.fullmatch(value) else None
    return SetFilter(facet, value)


def set_specs(kind: str, language: str, publisher_id: int | None) -> list[str]:
    """The setSpecs of a record (leaves only: membership of a parent set is implied)."""
    specs = [f"kind:{kind}", f"language:{language}"]
    if publisher_id is not None:
        specs.append(f"publisher:{publisher_id}")
    return [spec for spec in specs if SET_SPEC.fullmatch(spec)]
