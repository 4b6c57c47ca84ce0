"""Regenerate ``data/format-1.jsonl``, the committed dump of format version 1 (run by hand).

    ARCHIVE_DATA_DIR=/tmp/scratch .venv/bin/python tests/archive/backup/make_format1_dump.py

It migrates a scratch SQLite database, fills it with six synthetic documents
(published, draft and withdrawn; non-Latin text and emoji; three versions
each) and two users, writes a backup with today's writer and rewrites it as
format 1 wrote it: format 1 predates migrations 0003 and 0004, so its history
rows have no ``document_id``, its documents no ``doi`` or ``url``, and it has
no ``quarantined_file`` kind.  The committed file must never change once other formats
exist: it is what proves that old dumps stay restorable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import orjson

HERE = Path(__file__).parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from archive.backup.format import dumps, encode_record_line  # noqa: E402
from archive.backup.writer import write_backup  # noqa: E402
from archive.db import create_engine, session_factory  # noqa: E402

CREATED_AT = dt.datetime(2026, 11, 25, 4, 30, tzinfo=dt.UTC)
NEW_KIND = "quarantined_file"  # 0004


def as_format_1(lines: list[bytes]) -> list[bytes]:
    """A current backup's lines as format 1 wrote them (records unchanged otherwise)."""
    manifest = orjson.loads(lines[0])
    manifest["format_version"] = 1
    manifest["alembic_revision"] = "0002"  # the last schema of format 1
    for counts in (manifest["counts"],):
        counts.pop(NEW_KIND, None)
    manifest["kinds"].remove(NEW_KIND)
    out = [dumps(manifest) + b"\n"]
    records = hashlib.sha256()
    for line in lines[1:-1]:
        value = orjson.loads(line)
        if value["kind"] == NEW_KIND:
            continue
        if value["kind"] == "history":
            del value["record"]["document_id"]  # 0003
            if value["record"]["table_name"] == "document":  # 0004: older rows had neither
                value["record"]["snapshot"].pop("doi", None)
                value["record"]["snapshot"].pop("url", None)
        if value["kind"] == "document":
            del value["record"]["doi"], value["record"]["url"]  # 0004
        encoded = encode_record_line(value["kind"], len(out) + 1, value["record"])
        records.update(encoded)
        out.append(encoded)
    trailer = orjson.loads(lines[-1])
    trailer["counts"].pop(NEW_KIND, None)
    trailer["lines"] = len(out) + 1
    trailer["records_sha256"] = records.hexdigest()
    trailer["sha256"] = hashlib.sha256(b"".join(out)).hexdigest()
    return [*out, dumps(trailer) + b"\n"]


def main() -> None:
    synthetic_path = HERE / "synthetic.py"
    namespace: dict[str, object] = {"__name__": "synthetic"}
    exec(compile(synthetic_path.read_text(), synthetic_path, "exec"), namespace)
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/format1.sqlite3"
        env = {**os.environ, "DATABASE_URL": url, "ARCHIVE_DATA_DIR": scratch}
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
        )
        engine = create_engine(url)
        namespace["populate"](session_factory(engine), 6, versions=3)  # type: ignore[operator]
        namespace["add_users"](engine)  # type: ignore[operator]
        current = Path(scratch) / "current.jsonl"
        write_backup(engine, current, created_at=CREATED_AT)
        engine.dispose()
        lines = current.read_bytes().splitlines(keepends=True)
    (HERE / "data" / "format-1.jsonl").write_bytes(b"".join(as_format_1(lines)))


if __name__ == "__main__":
    main()
