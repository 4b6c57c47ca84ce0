"""``manage.py parse-citations FILE``: one JSON line per input line, no database needed."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.config import PROJECT_ROOT

NOTES = [
    "Ahmed Rashid, Taliban: Militant Islam, Oil and Fundamentalism in Central Asia "
    "(New Haven: Yale University Press, 2000), 12-15.",
    "",
    "The treaty was signed in 1921\u2028and annulled the earlier one.",
    "Ibid., 80.",
]


def _run(path: Path, *args: str) -> list[dict]:
    out = io.StringIO()
    call_command("parse-citations", str(path), *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().split("\n")[:-1]]


def test_one_json_line_per_input_line(tmp_path: Path) -> None:
    """Empty lines and a line separator inside a note keep the lines in step."""
    source = tmp_path / "notes.txt"
    source.write_text("\n".join(NOTES) + "\n", encoding="utf-8")
    lines = _run(source)
    assert len(lines) == len(NOTES)
    (book,) = lines[0]["citations"]
    assert book["id"] == "n1c1"
    assert book["type"] == "book"
    assert book["author"] == [{"family": "Rashid", "given": "Ahmed"}]
    assert book["issued"] == {"date-parts": [[2000]]}
    assert book["custom"]["span"][0] == 0
    assert lines[1] == {"citations": []}
    assert lines[2] == {"citations": []}
    (ibid,) = lines[3]["citations"]
    assert ibid["custom"]["refers_to"] == "n1c1"
    assert ibid["title"] == book["title"]


def test_independent_lines_resolve_nothing(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("\n".join(NOTES), encoding="utf-8")
    assert "refers_to" not in _run(source, "--independent")[3]["citations"][0]["custom"]


def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_bytes(b"fine\nnot \xff utf-8\n")
    with pytest.raises(CommandError, match="line 2 is not UTF-8"):
        call_command("parse-citations", str(source))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("parse-citations", str(tmp_path / "absent.txt"))


def test_runs_without_a_database(tmp_path: Path) -> None:
    """A process whose DATABASE_URL points nowhere still parses."""
    source = tmp_path / "notes.txt"
    source.write_text(NOTES[0] + "\n", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
           "ARCHIVE_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "manage.py", "parse-citations", str(source)],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["citations"][0]["publisher"] == "Yale University Press"
