"""When two entries are one work (same DOI, or same title, year and first author), and
that ingest names every merged or skipped entry with its reason, at normal verbosity."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command

from catalog.models import Document

RIS = """\
TY  - JOUR
TI  - Working in the open
AU  - Lio, Ana
PY  - 2015
UR  - https://journal.example.org/issues
ER  -{space}
TY  - JOUR
TI  - Closing the loop
AU  - Lio, Ana
PY  - 2016
UR  - https://journal.example.org/issues
ER  -{space}
""".format(space=" ")  # RIS ends a record with "ER  - " (trailing space)

BIB = r"""
@book{orig, title = {The Long Road}, author = {Sato, Ken}, publisher = {P}, year = 1965}
@book{reprint, title = {The Long Road}, author = {Sato, Ken}, publisher = {Q}, year = 1998}
@book{other, title = {The Long Road}, author = {Berg, Lena}, publisher = {P}, year = 1965}
@book{again, title = {The long road}, author = {Sato, K.}, year = 1965}
@book{twin, title = {The Long Road}, author = {Sato, Ken}, year = 1965, note = {same work}}
@article{doi1, title = {One}, author = {Ng, Wei}, year = 2001, doi = {10.1000/xyz}}
@article{doi2, title = {One, revised title}, author = {Ng, Wei}, year = 2002, doi = {10.1000/XYZ}}
@misc{untitled, author = {Nobody, A.}, year = 2000}
"""


def ingest(path: Path) -> tuple[str, str, bool]:
    out, err = StringIO(), StringIO()
    try:
        call_command("ingest", "--publish", str(path), stdout=out, stderr=err)
    except CommandError:
        return out.getvalue(), err.getvalue(), False
    return out.getvalue(), err.getvalue(), True


def test_a_shared_url_does_not_make_one_work(archive_db, tmp_path: Path) -> None:
    """Two articles of one journal page, 2015 and 2016: two records, none merged."""
    path = tmp_path / "lio.ris"
    path.write_text(RIS)
    out, _, ok = ingest(path)
    assert ok and "merged:" not in out
    assert sorted(Document.objects.values_list("title", "published_raw")) == [
        ("Closing the loop", "2016"), ("Working in the open", "2015")]


def test_merged_and_skipped_entries_are_named_with_their_reason(archive_db, tmp_path) -> None:
    """A reprint and another author's book of the same title stay apart; the same title,
    year and first author, or the same DOI, are merged and said so; an untitled entry is
    skipped and said so; the command exits non-zero for the skip."""
    path = tmp_path / "refs.bib"
    path.write_text(BIB)
    out, err, ok = ingest(path)
    assert not ok  # an entry was skipped
    assert Document.objects.filter(title__iexact="The Long Road").count() == 4
    original = Document.objects.get(title="The Long Road", authorships__person__name="Ken Sato",
                                    published_raw="1965").id
    assert (f"merged: {path}: entry twin at line 6: same title, year and first author as "
            f"document {original}") in out
    first = Document.objects.get(title="One").id
    assert f"merged: {path}: entry doi2 at line 8: same DOI as document {first}" in out
    assert f"skipped: {path}: entry untitled at line 9: no title" in err
    # "Sato, K." is another spelling, not the same first author: kept apart, not merged.
    assert "entry again" not in out


UNDATED = """\
TY  - JOUR
TI  - Editorial
JO  - Harbour Review
ER  -{space}
TY  - JOUR
TI  - Editorial
JO  - Tide Letters
ER  -{space}
TY  - JOUR
TI  - Editorial
JO  - Harbour Review
PY  - 2019
ER  -{space}
TY  - JOUR
TI  - Editorial
JO  - Harbour Review
AU  - Lio, Ana
ER  -{space}
TY  - BOOK
TI  - Editorial
T2  - Harbour Review
ER  -{space}
TY  - JOUR
TI  - Editorial
JO  - Harbour Review
DO  - 10.5555/ed.1
ER  -{space}
TY  - JOUR
TI  - Editorial
JO  - Harbour Review
DO  - 10.5555/ed.2
ER  -{space}
TY  - JOUR
TI  - Errata
JO  - Harbour Review
PY  - 2019
UR  - https://harbour.example/errata/1
ER  -{space}
TY  - JOUR
TI  - Errata
JO  - Harbour Review
PY  - 2019
UR  - https://harbour.example/errata/2
ER  -{space}
""".format(space=" ")


def test_entries_without_year_or_author_are_matched_on_what_they_have(
    archive_db, tmp_path: Path
) -> None:
    """Nine entries titled alike, each another work (container, kind, year, author, DOI or
    URL differs): nine records.  Importing the file again adds none of them."""
    path = tmp_path / "undated.ris"
    path.write_text(UNDATED)
    out, _, ok = ingest(path)
    assert ok and "merged:" not in out
    first = sorted(Document.objects.values_list("id", flat=True))
    assert len(first) == 9
    out, _, ok = ingest(path)
    assert ok and sorted(Document.objects.values_list("id", flat=True)) == first


def test_an_entry_without_year_or_author_is_merged_with_its_twin_and_said(
    archive_db, tmp_path: Path
) -> None:
    """The same untitled-by-author, undated entry in two files is one record, named."""
    entry = "TY  - JOUR\nTI  - Editorial\nJO  - Harbour Review\nER  - \n"
    (tmp_path / "a.ris").write_text(entry)
    (tmp_path / "b.ris").write_text(entry + "TY  - JOUR\nTI  - Other\nER  - \n")
    ingest(tmp_path / "a.ris")
    held = Document.objects.get().id
    out, _, ok = ingest(tmp_path / "b.ris")
    assert ok and Document.objects.count() == 2
    assert (f"merged: {tmp_path / 'b.ris'}: entry #1: same title, container and kind, and no "
            f"year and author either, as document {held}") in out
