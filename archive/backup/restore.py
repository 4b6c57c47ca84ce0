"""Restore a full backup: in one transaction, all or nothing, writing no new history.

The file is verified while it is loaded, in one pass: a reader checks every
line (digests, order, JSON Schemas, counts, sha256) before its record is
inserted, and the transaction commits only if all of it passed: a bad file, an
error or a killed process leaves the database as it was.  (A first, separate
verification pass read and checked the whole file once more for nothing: a
fifth of a restore's time on SQLite.)  Only when the file fails is it read
again to the end, to report every problem as ``verify`` does.  Ids, versions, ``changed_by`` and
timestamps are inserted as they are in the file: INSERTs fire no history
trigger, so the history in the file is the whole history.  The search index and
``oai_record`` (when each record last changed, for OAI-PMH) are not maintained
row by row during the load but rebuilt once at the end, and so is the spelling
vocabulary (``search_vocabulary``, "Did you mean").

Into an empty database only, unless ``replace``: then the current catalog (and
users and groups) is deleted *inside the same transaction*, with the history
DELETE triggers switched off for it, so the swap is seen only on success and
the triggers are back whatever happens (on both databases DDL is transactional).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from tqdm import tqdm

from archive import schema
from archive.attribution import acting_as
from archive.backup.auth import AuthTables, delete_auth, insert_groups, insert_users, reflect_auth
from archive.backup.errors import DatabaseNotEmpty, RestoreError
from archive.backup.format import open_input
from archive.backup.inserts import TablePlan
from archive.backup.kinds import ROW_TABLES
from archive.backup.quiet import (
    history_delete_triggers,
    oai_triggers,
    rebuild_oai_records,
    rebuild_search,
    rebuild_vocabulary,
    search_triggers,
    triggers_off,
)
from archive.backup.rows import DOCUMENT_TABLES, DocumentRows
from archive.backup.upgrade import STEPS, Step
from archive.backup.verify import BackupReader, Problem, verify_backup
from archive.oai.store import oai_records

__all__ = ["RestoreResult", "VerificationFailed", "empty_catalog", "restore_backup"]

Record = dict[str, Any]
BatchHook = Callable[[str, int], None]

_TABLES = schema.metadata.tables
BATCH_BYTES = 4 << 20  # lines of one insert batch, about
# Deleted children first; ``history`` last (the DELETE triggers are off anyway).
_DELETE_ORDER = (*reversed(schema.VERSIONED_TABLES), "history", "quarantined_file")


class VerificationFailed(RestoreError):
    """The file did not pass verification; nothing was restored."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("the backup did not verify: " + "; ".join(map(str, problems[:5])))


@dataclass(frozen=True)
class RestoreResult:
    counts: dict[str, int]
    replaced: bool
    search_rebuilt: bool


def restore_backup(
    engine: sa.Engine,
    path: str | os.PathLike[str],
    *,
    replace: bool = False,
    batch_size: int = 500,
    progress: bool = False,
    on_batch: BatchHook | None = None,
    steps: Mapping[int, Step] = STEPS,
) -> RestoreResult:
    """Restore the full backup at ``path`` into the database of ``engine``.

    Raises :class:`DatabaseNotEmpty` if the database holds a catalog and not
    ``replace``, :class:`VerificationFailed` if the file does not verify;
    either way nothing changed.
    """
    path = Path(path)
    if not replace:  # the cheap refusal first; checked again inside the transaction
        with engine.connect() as connection:
            with _refuse_non_empty(connection, reflect_auth(connection)):
                pass
    with acting_as(f"restore:{path.name}"), engine.begin() as connection:
        auth = reflect_auth(connection)
        emptied = _catalog_replaced if replace else _refuse_non_empty
        # The OAI triggers are off while --replace empties the catalog, too.
        with triggers_off(connection, oai_triggers(connection)), emptied(connection, auth), \
                triggers_off(connection, search_triggers(connection)):
            loader = _Loader(connection, auth, batch_size, on_batch)
            counts = _load(path, loader, steps, progress)
        _reset_sequences(connection, auth)
        _analyze(connection)
        rebuilt = rebuild_search(connection)
        rebuild_oai_records(connection)
        rebuild_vocabulary(connection)
    return RestoreResult(counts, replace, rebuilt)


def _load(path: Path, loader: _Loader, steps: Mapping[int, Step], progress: bool) -> dict[str, int]:
    """Insert every record as the reader passes it; raise at the first problem of the file."""
    reader = BackupReader(steps)
    scope_checked = False
    try:
        with (
            open_input(path) as stream,
            tqdm(disable=not progress, unit="rec", file=sys.stderr) as bar,
        ):
            for _number, kind, record in reader.records(stream):
                if reader.report.problems:
                    break
                if not scope_checked:  # the manifest was read before the first record
                    _require_full(reader.report.manifest)
                    scope_checked = True
                loader.add(kind, record, reader.line_bytes)
                bar.update()
    except OSError as error:
        raise VerificationFailed([Problem(0, f"cannot read {path}: {error}")]) from None
    if not reader.report.ok:
        raise VerificationFailed(verify_backup(path, steps).problems or reader.report.problems)
    _require_full(reader.report.manifest)
    loader.finish()
    assert reader.report.manifest is not None
    return {kind: reader.report.counts.get(kind, 0) for kind in reader.report.manifest["kinds"]}


def _require_full(manifest: dict[str, Any] | None) -> None:
    if manifest is not None and manifest["scope"] != "full":
        raise RestoreError(
            f"a {manifest['scope']} backup cannot be restored: it leaves out history, "
            "users and bookkeeping; restore a full backup"
        )


def _counts(connection: sa.Connection, auth: AuthTables | None) -> dict[str, int]:
    tables = [_TABLES[name] for name in _DELETE_ORDER]
    if auth is not None:
        tables += [auth.user, auth.group]
    counts = {
        table.name: connection.scalar(sa.select(sa.func.count()).select_from(table)) or 0
        for table in tables
    }
    return {name: count for name, count in counts.items() if count}


@contextmanager
def _refuse_non_empty(connection: sa.Connection, auth: AuthTables | None) -> Iterator[None]:
    present = _counts(connection, auth)
    if present:
        listed = ", ".join(f"{count} {name}" for name, count in present.items())
        raise DatabaseNotEmpty(
            f"the database is not empty ({listed}): restore into an empty database, "
            "or replace its catalog with --replace"
        )
    yield


def empty_catalog(connection: sa.Connection) -> None:
    """Delete the catalog, its history, users and groups, writing no history.

    Inside the caller's transaction: the history triggers are off only until
    it ends, and come back if it fails.  ``oai_record``, derived from what is
    deleted, goes too.
    """
    with triggers_off(connection, history_delete_triggers()):
        for name in _DELETE_ORDER:
            connection.execute(_TABLES[name].delete())
        if oai_triggers(connection):
            connection.execute(oai_records.delete())
        auth = reflect_auth(connection)
        if auth is not None:
            delete_auth(connection, auth)


@contextmanager
def _catalog_replaced(connection: sa.Connection, auth: AuthTables | None) -> Iterator[None]:
    """Empty the database for the load; the swap is seen only if the transaction commits."""
    empty_catalog(connection)
    yield
    if auth is not None and sa.inspect(connection).has_table("django_admin_log"):
        # Admin log entries of users the backup does not have would break its foreign key.
        connection.execute(
            sa.text("DELETE FROM django_admin_log WHERE user_id NOT IN (SELECT id FROM auth_user)")
        )


class _Loader:
    """Inserts records in batches, one kind after another, in file order.

    A batch holds at most ``batch_size`` records and about :data:`BATCH_BYTES`
    bytes of lines, so memory stays flat whatever the size of the records.
    """

    def __init__(
        self,
        connection: sa.Connection,
        auth: AuthTables | None,
        batch_size: int,
        on_batch: BatchHook | None,
    ) -> None:
        self.connection, self.auth = connection, auth
        self.batch_size, self.on_batch = batch_size, on_batch
        self.kind: str | None = None
        self.batch: list[Record] = []
        self.batch_bytes = 0
        self.done = 0
        self.documents = DocumentRows(connection.dialect)
        self.plans = {
            kind: TablePlan(table, connection.dialect) for kind, table in ROW_TABLES.items()
        }
        self.people = _MergeOrdered(connection, self.plans["person"])
        self.works = _MergeOrdered(connection, self.plans["work"])

    def add(self, kind: str, record: Record, size: int = 0) -> None:
        """Add a record of ``kind`` whose line has ``size`` bytes."""
        if kind != self.kind:
            self._flush()
            self.kind, self.done = kind, 0
        self.batch.append(record)
        self.batch_bytes += size
        if len(self.batch) >= self.batch_size or self.batch_bytes >= BATCH_BYTES:
            self._flush()

    def finish(self) -> None:
        self._flush()
        self.people.finish()
        self.works.finish()

    def _flush(self) -> None:
        if not self.batch or self.kind is None:
            return
        kind, batch = self.kind, self.batch
        self.batch, self.batch_bytes = [], 0
        if kind in ("group", "user"):
            if self.auth is None:
                raise RestoreError(
                    "the backup has users and groups, this database has no auth tables"
                )
            (insert_groups if kind == "group" else insert_users)(self.connection, self.auth, batch)
        elif kind == "person":
            self.people.insert(batch)
        elif kind == "work":
            self.works.insert(batch)
        elif kind == "document":
            self._documents(batch)
        else:
            plan = self.plans[kind]
            plan.insert(self.connection, [plan.row(r, f"{kind} {r.get('id')}") for r in batch])
        self.done += len(batch)
        if self.on_batch is not None:
            self.on_batch(kind, self.done)

    def _documents(self, records: list[Record]) -> None:
        source_ids = _source_ids(self.connection, records)
        rows = self.documents.empty()
        for record in records:
            self.documents.add(rows, record, source_ids)
        for table in DOCUMENT_TABLES:
            self.documents.plans[table].insert(self.connection, rows[table])


def _source_ids(connection: sa.Connection, records: list[Record]) -> dict[str, int]:
    wanted = {r["source"]["sha256"] for r in records if r["source"] is not None}
    if not wanted:
        return {}
    source = _TABLES["source_file"]
    query = sa.select(source.c.sha256, source.c.id).where(source.c.sha256.in_(wanted))
    found = {sha: pk for sha, pk in connection.execute(query)}
    if missing := wanted - found.keys():
        raise RestoreError(f"documents name source files the backup lacks: {sorted(missing)}")
    return found


class _MergeOrdered:
    """Inserts people (or works) so that ``merged_into_id`` never points at a row not yet there.

    Rows come in id order; one merged into a *later* id waits until that row
    is in (merges are rare, so few ever wait).
    """

    def __init__(self, connection: sa.Connection, plan: TablePlan) -> None:
        self.connection, self.plan = connection, plan
        self.highest = 0
        self.waiting: dict[int, Record] = {}

    def _present(self, row_id: int) -> bool:
        return row_id <= self.highest and row_id not in self.waiting

    def insert(self, records: list[Record]) -> None:
        ready = []
        for record in records:
            self.highest = max(self.highest, record["id"])
            target = record["merged_into_id"]
            if target is None or target < record["id"] and target not in self.waiting:
                ready.append(record)
            else:
                self.waiting[record["id"]] = record
        self._insert(ready)
        self._release()

    def _release(self) -> None:
        while released := [r for r in self.waiting.values() if self._present(r["merged_into_id"])]:
            for record in released:
                del self.waiting[record["id"]]
            self._insert(released)

    def _insert(self, records: list[Record]) -> None:
        rows = [self.plan.row(r, f"person {r.get('id')}") for r in records]
        self.plan.insert(self.connection, rows)

    def finish(self) -> None:
        if self.waiting:
            # Cycles or merges into people the backup lacks: the foreign key refuses them.
            self._insert(list(self.waiting.values()))
            self.waiting.clear()


def _analyze(connection: sa.Connection) -> None:
    """Give the planner the loaded tables' statistics before the rebuilds read them.

    Loaded in this transaction, the tables had none: PostgreSQL took the 916
    published documents of a 1,000-document catalog for one row and joined
    ``oai_record``'s history of changes by a nested loop, 916 scans of the
    history (8 s at 1,000 documents, quadratic in the catalog); with the
    statistics it is one hash join (0.05 s).  ``ANALYZE`` samples a bounded
    number of rows and runs inside a transaction on both databases.
    """
    for name in _DELETE_ORDER:
        connection.exec_driver_sql(f"ANALYZE {name}")


def _reset_sequences(connection: sa.Connection, auth: AuthTables | None) -> None:
    """PostgreSQL: move each id sequence past the ids restored explicitly."""
    if connection.dialect.name != "postgresql":
        return  # SQLite's rowid tables (no AUTOINCREMENT) continue from max(id)
    tables = list(_DELETE_ORDER)
    if auth is not None:
        tables += [auth.user.name, auth.group.name]
    for table in tables:
        connection.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 1), "
                f"(SELECT MAX(id) FROM {table}) IS NOT NULL)"
            )
        )
