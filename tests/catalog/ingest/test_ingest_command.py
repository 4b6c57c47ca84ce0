"""``manage.py ingest``: every skipped entry is named and fails the command; --replaces."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from catalog.models import Document

GOOD = "@article{{k{n},\n  title = {{Harbour Study {n}}},\n  year = {{2020}}\n}}\n\n"
BROKEN = "@article{broken,\n  title = {Never closed,\n  year = 2020\n}\n\n"


def test_a_broken_bibtex_entry_is_named_and_fails_the_command(sessions, tmp_path: Path) -> None:
    """4 good entries and a broken one: 4 cataloged, the broken one named by line, exit 1."""
    text = GOOD.format(n=1) + GOOD.format(n=2) + BROKEN + GOOD.format(n=3) + GOOD.format(n=4)
    (tmp_path / "refs.bib").write_text(text)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 bibliographic entry skipped"):
        call_command("ingest", str(tmp_path / "refs.bib"), stdout=out, stderr=err)
    assert "4 bibliographic records cataloged" in out.getvalue()
    assert f"skipped: {tmp_path / 'refs.bib'}: unparsable BibTeX near line 11" in err.getvalue()
    assert Document.objects.count() == 4


def test_replaces_takes_one_file(sessions, tmp_path: Path) -> None:
    """--replaces with a folder of two files is refused before anything is read."""
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Title\n\nBody.\n")
    with pytest.raises(CommandError, match="give one file, not 2"):
        call_command("ingest", "--replaces", "1", str(tmp_path), stdout=StringIO())
    assert Document.objects.count() == 0


def test_progress_is_plain_lines_when_not_a_terminal(sessions, tmp_path: Path) -> None:
    """Piped or logged: one line per file as it is read; the summary names each refused file."""
    (tmp_path / "a.txt").write_text("First Title\n\nBy Ada Example\n\nMarch 3, 2021\n\nBody.\n")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4 not really a PDF")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4 nor this one")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="2 of 3 files failed"):
        call_command("ingest", str(tmp_path), stdout=out, stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0] == f"[1/3] ingested {tmp_path / 'a.txt'}"
    assert lines[1].startswith(f"[2/3] failed {tmp_path / 'b.pdf'}: ")
    assert lines[2].startswith(f"[3/3] failed {tmp_path / 'c.pdf'}: ")
    for name in ("b.pdf", "c.pdf"):
        assert any(line.startswith(f"failed: {tmp_path / name}: ") for line in lines[3:])


def test_progress_is_a_bar_on_a_terminal(archive_db, tmp_path: Path) -> None:
    """On a terminal (a real pseudo-terminal) the command draws tqdm's bar, then its summary."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    from django.db import connection

    if connection.vendor != "sqlite":
        s = connection.settings_dict
        url = f"postgresql://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
    else:
        url = f"sqlite:///{connection.settings_dict['NAME']}"
    for n in range(3):
        text = f"Title {n}\n\nBy Ada Example\n\nMarch 3, 2021\n\nBody.\n"
        (tmp_path / f"{n}.txt").write_text(text)
    leader, follower = pty.openpty()
    # A terminal 80 columns wide (a fresh pseudo-terminal has none: tqdm would draw nothing).
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    root = Path(__file__).resolve().parents[3]
    process = subprocess.Popen(
        [sys.executable, "manage.py", "ingest", str(tmp_path)], cwd=root,
        env={**os.environ, "DATABASE_URL": url}, stdout=subprocess.PIPE, stderr=follower,
    )
    os.close(follower)
    out, _ = process.communicate(timeout=300)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    assert process.returncode == 0
    assert b"3/3" in drawn and b"file/s" in drawn and b"\r" in drawn
    assert b"ingested 3, updated 0, unchanged 0, failed 0" in out
