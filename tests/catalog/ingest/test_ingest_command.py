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
    assert "4 bibliographic record(s) cataloged" in out.getvalue()
    assert f"skipped: {tmp_path / 'refs.bib'}: unparsable BibTeX near line 11" in err.getvalue()
    assert Document.objects.count() == 4


def test_replaces_takes_one_file(sessions, tmp_path: Path) -> None:
    """--replaces with a folder of two files is refused before anything is read."""
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Title\n\nBody.\n")
    with pytest.raises(CommandError, match="give one file, not 2"):
        call_command("ingest", "--replaces", "1", str(tmp_path), stdout=StringIO())
    assert Document.objects.count() == 0
