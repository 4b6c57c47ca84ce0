"""A flipped byte, a deleted, moved or edited line, a cut file: each is found, with its line."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import orjson
import pytest

from archive.backup import verify_backup, write_backup
from archive.backup.format import encode_record_line


@pytest.fixture
def backup(engine, sessions, populate, add_users, tmp_path: Path) -> Path:
    populate(sessions, 6, versions=3)
    add_users(engine)
    path = tmp_path / "backup.jsonl"
    write_backup(engine, path)
    return path


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def _write(path: Path, lines: list[bytes]) -> Path:
    damaged = path.with_name("damaged.jsonl")
    damaged.write_bytes(b"".join(lines))
    return damaged


def _first_problem_line(path: Path) -> int:
    report = verify_backup(path)
    assert not report.ok
    return report.problems[0].line


def test_a_sound_backup_verifies(backup: Path) -> None:
    """The backup as written passes, with its counts."""
    report = verify_backup(backup)
    assert report.ok, report.problems
    assert report.counts["document"] == 6
    # A kind with no line (no works yet, say) is counted 0 in the manifest, absent in the Counter.
    assert {kind: report.counts[kind] for kind in report.manifest["counts"]} == report.manifest[
        "counts"]


def test_every_flipped_byte_is_detected(backup: Path) -> None:
    """Flipping one bit anywhere (sampled over the whole file) makes verification fail."""
    data = backup.read_bytes()
    step = max(1, len(data) // 300)
    for position in [*range(0, len(data), step), len(data) - 1]:
        damaged = bytearray(data)
        damaged[position] ^= 0x01
        target = backup.with_name("flipped.jsonl")
        target.write_bytes(bytes(damaged))
        assert not verify_backup(target).ok, f"flip at byte {position} went unnoticed"


def test_an_edited_line_is_named(backup: Path) -> None:
    """Changing a record's text is reported at that line, by its digest."""
    lines = _lines(backup)
    lines[9] = lines[9].replace(b'"version":', b'"version": ', 1)
    assert _first_problem_line(_write(backup, lines)) == 10


def test_a_deleted_line_is_named(backup: Path) -> None:
    """The line after a deleted one is reported (its number is off), and so are the counts."""
    lines = _lines(backup)
    del lines[4]
    report = verify_backup(_write(backup, lines))
    assert report.problems[0].line == 5
    assert "missing" in report.problems[0].message
    assert any("counts" in problem.message for problem in report.problems)


def test_swapped_lines_are_named(backup: Path) -> None:
    """Two records swapped are reported at the first of them."""
    lines = _lines(backup)
    lines[6], lines[7] = lines[7], lines[6]
    assert _first_problem_line(_write(backup, lines)) == 7


@pytest.mark.parametrize("keep", [0.3, 0.999])
def test_a_truncated_file_is_reported(backup: Path, keep: float) -> None:
    """A file cut anywhere (mid-line, or just before the trailer) fails as truncated."""
    data = backup.read_bytes()
    cut = backup.with_name("cut.jsonl")
    cut.write_bytes(data[: int(len(data) * keep)])
    report = verify_backup(cut)
    assert not report.ok
    assert "truncated" in report.problems[-1].message


def test_a_file_cut_at_a_line_end_is_reported(backup: Path) -> None:
    """Whole lines missing at the end: no trailer, reported after the last line."""
    lines = _lines(backup)
    report = verify_backup(_write(backup, lines[:-5]))
    assert report.problems == [report.problems[0]]
    assert report.problems[0].line == len(lines) - 4
    assert "without a trailer" in report.problems[0].message


def test_a_record_breaking_the_schema_is_named(backup: Path) -> None:
    """A re-digested line (a program wrote it) that breaks the JSON Schema is still refused."""
    lines = _lines(backup)
    number = next(i for i, line in enumerate(lines) if b'"kind":"document"' in line) + 1
    value = orjson.loads(lines[number - 1])
    value["record"]["status"] = "lost"
    lines[number - 1] = encode_record_line("document", number, value["record"])
    report = verify_backup(_write(backup, lines))
    assert report.problems[0].line == number
    assert "status" in report.problems[0].message
    assert any("sha256" in p.message for p in report.problems)


def test_text_after_the_trailer_is_reported(backup: Path) -> None:
    """Nothing may follow the trailer."""
    lines = _lines(backup)
    assert _first_problem_line(_write(backup, [*lines, lines[1]])) == len(lines) + 1


def test_a_newer_format_is_refused(backup: Path) -> None:
    """A file from a newer format version is refused at line 1, not misread."""
    lines = _lines(backup)
    manifest = orjson.loads(lines[0])
    manifest["format_version"] += 1
    lines[0] = orjson.dumps(manifest) + b"\n"
    report = verify_backup(_write(backup, lines))
    assert report.problems[0].line == 1
    assert "newer" in report.problems[0].message


def test_gzip_backups_verify_and_truncated_ones_fail(engine, sessions, populate, tmp_path) -> None:
    """'.gz' compresses deterministically; a cut compressed file is reported as damaged."""
    populate(sessions, 3, versions=3)
    path = tmp_path / "backup.jsonl.gz"
    write_backup(engine, path)
    assert verify_backup(path).ok
    assert gzip.decompress(path.read_bytes()).startswith(b'{"alembic_revision"')
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(path.read_bytes()[:-40])
    assert not verify_backup(cut).ok


def test_gzip_backups_of_one_catalog_are_the_same_bytes(engine, sessions, populate, tmp_path):
    """Same catalog, same moment: the same compressed bytes, which unzip to the plain backup."""
    populate(sessions, 3, versions=3)
    moment = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    first, second, plain = (tmp_path / n for n in ("a.jsonl.gz", "b.jsonl.gz", "c.jsonl"))
    for path in (first, second, plain):
        write_backup(engine, path, created_at=moment)
    assert first.read_bytes() == second.read_bytes()
    assert gzip.decompress(first.read_bytes()) == plain.read_bytes()


def test_an_empty_or_foreign_file_is_refused(tmp_path: Path) -> None:
    """An empty file and a JSON file that is no backup fail at line 1."""
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    foreign = tmp_path / "foreign.jsonl"
    foreign.write_bytes(b'{"model": "auth.user", "pk": 1}\n')
    for path in (empty, foreign):
        report = verify_backup(path)
        assert not report.ok and report.problems[0].line == 1
