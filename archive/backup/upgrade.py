"""Ordered upgrade steps: records written by an older format, read by today's code.

The format version (``archive.backup.format.FORMAT_VERSION``) changes whenever
a migration changes what a record holds.  Each change comes with one *step*: a
small pure function that turns one record of version ``n`` into version
``n + 1``.  Reading a file of version ``k`` runs steps ``k, k+1, …`` in order on
every record, so a dump from the first version stays restorable for good.

Adding a format (say migration 0005 adds ``document.license``):

1. raise ``FORMAT_VERSION`` in ``archive/backup/format.py`` (and say why there);
2. add a step here, after the others::

       @step(2)
       def _v2_documents_have_a_license(kind: str, record: Record, state: State) -> Record:
           # 0005: documents gained a license, unknown for older records.
           if kind == "document":
               record["license"] = None
           return record

3. add a test in ``tests/archive/backup/test_upgrade.py`` feeding the step a
   record of the old version.  The committed version-1 dump
   (``tests/archive/backup/data/format-1.jsonl``) is restored by the test suite
   at every later version, which proves the whole chain.

A step sees each record as parsed JSON (it may change it in place) and returns
it; the line's kind never changes.  ``state`` is a dict private to one file
read, for a step that needs what earlier lines said (records come in
dependency order: users, organisations, people, sources, documents, history).
Steps are history: never change one, and never make one depend on code that
may change (name tables and columns literally).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from archive.backup.errors import UnsupportedFormat
from archive.backup.format import FORMAT_VERSION

__all__ = ["STEPS", "Record", "State", "Step", "check_upgradable", "step", "upgrade_record"]

Record = dict[str, Any]
State = dict[str, Any]
Step = Callable[[str, Record, State], Record]

# From-version -> the step that upgrades a record of that version by one.
STEPS: dict[int, Step] = {}


def step(from_version: int) -> Callable[[Step], Step]:
    """Register the step upgrading records of ``from_version`` to ``from_version + 1``."""

    def register(function: Step) -> Step:
        if from_version in STEPS:
            raise ValueError(f"two upgrade steps from format version {from_version}")
        STEPS[from_version] = function
        return function

    return register


def check_upgradable(
    version: int, steps: Mapping[int, Step] = STEPS, current: int = FORMAT_VERSION
) -> None:
    """Raise :class:`UnsupportedFormat` unless records of ``version`` can be read."""
    if version > current:
        raise UnsupportedFormat(
            f"format version {version} was written by newer software (this reads up to "
            f"{current}): upgrade the archive before restoring it"
        )
    if version < 1:
        raise UnsupportedFormat(f"format version {version} does not exist")
    missing = [v for v in range(version, current) if v not in steps]
    if missing:
        raise UnsupportedFormat(f"no upgrade step from format version {missing[0]}")


def upgrade_record(
    kind: str,
    record: Record,
    version: int,
    state: State,
    steps: Mapping[int, Step] = STEPS,
    current: int = FORMAT_VERSION,
) -> Record:
    """``record`` of format ``version`` as format ``current`` would write it."""
    for from_version in range(version, current):
        record = steps[from_version](kind, record, state)
    return record


# The steps, oldest first.


@step(1)
def _v1_to_schema_0004(kind: str, record: Record, state: State) -> Record:
    """Migrations 0003 and 0004: history rows name their document; documents have DOI and URL.

    ``history.document_id`` is filled as 0003's backfill does: a document's own
    rows by ``row_id``, a child row's by the ``document_id`` of its snapshot, an
    affiliation's through its authorship, learnt from the document records
    (which precede the history).  ``doi`` and ``url`` were never stated: null.
    """
    if kind == "document":
        record.setdefault("doi", None)
        record.setdefault("url", None)
        links = state.setdefault("document_of_authorship", {})
        for author in record["authors"]:
            if "id" in author:  # full view only
                links[author["id"]] = record["id"]
    elif kind == "history":
        record["document_id"] = _v1_document_of(record, state)
    return record


def _v1_document_of(history: Record, state: State) -> int | None:
    table, snapshot = history["table_name"], history["snapshot"]
    if table == "document":
        return history["row_id"]
    if table in ("authorship", "disclaimer", "footnote", "problem"):
        return snapshot.get("document_id")
    if table == "affiliation":
        return state.get("document_of_authorship", {}).get(snapshot.get("authorship_id"))
    return None


@step(2)
def _v2_to_schema_0012(kind: str, record: Record, state: State) -> Record:
    """Migration 0012: works and citations are kinds of their own.

    A format-2 backup was written before the citation graph: it has no work or
    citation lines and none of its records changed shape, so each passes as it
    is.  (Its documents' notes get their citations when they are next ingested.)
    """
    return record


@step(3)
def _v3_to_schema_0016(kind: str, record: Record, state: State) -> Record:
    """Migration 0016: an authorship keeps the name as printed (``printed_name``).

    Older records did not keep it: null, which reads as the person's name.
    """
    if kind == "document":
        for author in record["authors"]:
            if "id" in author:  # full view only
                author.setdefault("printed_name", None)
    return record


@step(4)
def _v4_to_schema_0014(kind: str, record: Record, state: State) -> Record:
    """Migration 0014: documents record where each field came from.

    Nothing was recorded before: an empty list (the librarian sees "not recorded").
    """
    if kind == "document":
        record.setdefault("provenance", [])
    return record


@step(5)
def _v5_to_schema_0020(kind: str, record: Record, state: State) -> Record:
    """Migration 0020: documents name the journal, book or site they appear in.

    Nothing was recorded before: null.
    """
    if kind == "document":
        record.setdefault("container_title", None)
    return record
