"""Real .bib files from public projects: every entry an independent parser (pybtex)
finds becomes a record, or is skipped with its reason; a sample of fields per file.

Sources and licences: ``REAL_BIBLIOGRAPHIES.md`` beside this file.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pybtex.database
import pybtex.errors
import pytest

from archive.ingest.readers.bibliographic import BibRecord, read_records
from archive.ingest.sniff import sniff_format


def installed(name: str) -> Path:
    """Where TeX Live installed ``name`` (kpsewhich); TeX is a test dependency, never skipped."""
    found = subprocess.run(["kpsewhich", name], capture_output=True, text=True, check=True)
    return Path(found.stdout.strip())


def read(name: str) -> tuple[list[BibRecord], list[str], int]:
    path = installed(name)
    # Recognised as BibTeX by its content and name (Beebe's files open with 160 comment lines).
    assert sniff_format(path.read_bytes(), path.name) == "bibtex"
    read_back = read_records(path.read_bytes(), path.name, "bibtex")
    strict = pybtex.errors.strict
    pybtex.errors.set_strict_mode(False)  # pybtex warns of duplicate fields, then reads on
    try:
        entries = len(pybtex.database.parse_file(str(path), bib_format="bibtex").entries)
    finally:
        pybtex.errors.set_strict_mode(strict)
    return read_back.records, read_back.skipped, entries


def by_key(records: list[BibRecord]) -> dict[str, BibRecord]:
    return {record.key.split(" at line ")[0]: record for record in records}


@pytest.mark.parametrize(("name", "skipped"), [
    ("biblatex-examples.bib", ["set", "stdmodel"]),
    ("xampl.bib", ["whole-journal", "misc-minimal", "random-note-crossref"]),
    ("printing-history.bib", []),
])
def test_every_entry_is_a_record_or_skipped_with_its_reason(name: str, skipped: list[str]) -> None:
    """records = entries pybtex finds - entries skipped, each skip named with its reason."""
    records, reasons, entries = read(name)
    assert len(records) == entries - len(skipped)
    assert [reason.split(" at line ")[0].removeprefix("entry ") for reason in reasons] == skipped
    assert all(reason.endswith(": no title") for reason in reasons)


def test_biblatex_examples_fields() -> None:
    """biblatex's examples: types, roles, et al., @string concatenation, crossref, subtitle."""
    records = by_key(read("biblatex-examples.bib")[0])
    nietzsche = records["nietzsche:ksa"]
    assert nietzsche.kind == "book"
    assert nietzsche.publisher == "Deutscher Taschenbuch-Verlag and Walter de Gruyter"
    assert nietzsche.authors == ["Friedrich Nietzsche"]
    assert ("editor", "Giorgio Colli") in nietzsche.contributors
    assert nietzsche.subtitle == "Kritische Studienausgabe"
    aristotle = records["aristotle:physics"]
    assert aristotle.contributors == [
        ("translator", "P. H. Wicksteed"), ("translator", "F. M. Cornford")]
    # A crossref child takes its parent's date and the parent's title as its container.
    chapter = records["westfahl:space"]
    assert (chapter.kind, chapter.year, chapter.container_title) == (
        "chapter", 2000, "Space and Beyond")
    assert chapter.publisher == "Greenwood"
    assert records["herrmann"].authors[1] == "Karl Öfele"  # {\"O}fele
    assert records["herrmann"].et_al is False
    assert records["itzhaki"].kind == "web-page"  # @online
    assert records["itzhaki"].published == dt.date(1996, 3, 11)
    assert records["baez/article"].container_title == "Theory and Applications of Categories"
    assert records["baez/article"].kind == "journal-article"
    assert records["weinberg"].doi is None or records["weinberg"].doi.startswith("10.")


def test_xampl_fields() -> None:
    """BibTeX's own examples: accents, crossref, months and the standard types."""
    records = by_key(read("xampl.bib")[0])
    assert records["mastersthesis-full"].authors == ["Édouard Masterly"]
    assert records["mastersthesis-full"].kind == "thesis"
    assert records["techreport-full"].authors == ["Tom Térrific"]
    assert records["techreport-full"].kind == "report"
    assert records["inproceedings-full"].kind == "conference-paper"
    assert records["incollection-full"].kind == "chapter"
    assert records["incollection-full"].publisher == "Academic Press"
    assert records["whole-collection"].contributors == [
        ("editor", "David J. Lipcoll"), ("editor", "D. H. Lawrie"), ("editor", "A. H. Sameh")]
    assert records["whole-collection"].published_raw == "1977-09"
    assert records["article-full"].kind == "journal-article"


def test_printing_history_fields() -> None:
    """A real bibliography of 665 entries: @string publishers, braces and dashes as text."""
    records = by_key(read("printing-history.bib")[0])
    lawson = records["Lawson:1971:PTI"]
    assert lawson.title == "Printing Types: an Introduction"
    assert lawson.authors == ["Alexander S. Lawson"] and lawson.year == 1971
    assert lawson.publisher and not lawson.publisher.startswith("pub-")  # @string expanded
    bain = records["Bain:1998:BTN"]  # "Peter Bain and Paul Shaw and others"
    assert (bain.authors, bain.et_al) == (["Peter Bain", "Paul Shaw"], True)
    finlay = records["Finlay:2009:PVA"]  # editors "… and others": roles kept, no person "others"
    assert finlay.authors == [] and finlay.et_al
    assert [role for role, _ in finlay.contributors] == ["editor", "editor"]
    bookcloth = records["Tomlinson:1996:BSE"]  # a repeated field: read all the same
    assert bookcloth.title.startswith("Bookcloth 1823–1980")
    assert bookcloth.authors == ["William Tomlinson", "Richard Masters"]
