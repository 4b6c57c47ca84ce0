"""Import -> export -> import: kind, people with their roles, dates, titles and the
journal, book or site a work appears in come back.

The first import is a reference list as a reference manager writes it; each export
(BibTeX, RIS, CSL-JSON) of the cataloged records is imported into an emptied
catalog, and the records compared field by field.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from archive import citations
from archive.records import document_record
from catalog.models import Document

SOURCE = r"""
@string{dtv = "Deutscher Taschenbuch-Verlag"}
@book{ksa, title = {S{\"a}mtliche Werke}, subtitle = {Kritische Studienausgabe},
  author = {Nietzsche, Friedrich}, editor = {Colli, Giorgio and Montinari, Mazzino},
  publisher = dtv # { and Walter de Gruyter}, year = 1988}
@book{physics, title = {Physics}, author = {Aristotle},
  translator = {Wicksteed, P. H. and Cornford, F. M.}, publisher = {G. P. Putnam}, date = {1929}}
@article{leptons, title = {A Model of Leptons}, author = {Weinberg, Steven},
  journal = {Phys. Rev. Lett.}, date = {1967-11-20}, doi = {10.1103/PhysRevLett.19.1264}}
@techreport{wp, title = {Currency Unions in {Ə}zerbaycan}, type = {Working paper},
  author = {{\O}stergaard, Ida and {Barnes and Noble}}, institution = {Khazar University},
  year = 2019, month = feb}
@inproceedings{conf, title = {Dreams and Machines}, author = {King, Jr, Martin Luther and
  van Beethoven, Ludwig}, booktitle = {Proceedings}, year = 2001}
@phdthesis{thesis, title = {On "Quoted" Words \& 100\% Certainty}, author = {M{\"u}ller, Ada},
  school = {Utah University}, year = 2020, month = 3, day = 9}
@online{page, title = {A Page}, author = {Okafor, Mira}, url = {https://example.org/a#part-2},
  date = {2021-03-22}, journaltitle = {Field Notes Online}}
@misc{opinion, title = {Russia vs. Turkey?}, type = {Opinion column}, author = {Yavuz, Hakan},
  howpublished = {Ten Thousand Turks Campaign}, date = {2021-03-22}}
@incollection{chapter, title = {A Chapter}, author = {Doe, Jane}, editor = {Roe, Richard},
  booktitle = {A Book}, publisher = {Press}, year = 2005}
"""

EXPORTS = {"bib": citations.bibtex, "ris": citations.ris,
           "csl.json": lambda record, url: json.dumps(citations.csl_json(record, url))}


def ingest(path: Path) -> str:
    out = StringIO()
    call_command("ingest", "--publish", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def catalog(sessions) -> list[dict[str, Any]]:
    with sessions() as session:
        return [document_record(session, pk, "public")
                for pk in sorted(Document.objects.values_list("id", flat=True))]


def essentials(record: dict[str, Any], split_subtitle: bool) -> tuple[Any, ...]:
    title = record["title"] if split_subtitle else citations._full_title(record)
    return (
        title,
        record["subtitle"] if split_subtitle else None,
        record["kind"],
        record["published"],
        record["published_raw"],
        tuple((a["role"], a["name"]) for a in record["authors"]),
        record["container_title"],
    )


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
def test_round_trip_keeps_kind_people_dates_and_titles(
    fmt: str, sessions, empty_archive, tmp_path: Path
) -> None:
    """Each format: the re-imported records equal the first ones (RIS and CSL-JSON have no
    subtitle field: the title comes back as "title: subtitle")."""
    source = tmp_path / "source.bib"
    source.write_text(SOURCE)
    ingest(source)
    first = catalog(sessions)
    assert len(first) == SOURCE.count("\n@") - 1  # every entry but the @string
    exported = tmp_path / f"export.{fmt}"
    texts = [EXPORTS[fmt](r, f"http://testserver/documents/{r['id']}/") for r in first]
    if fmt == "csl.json":
        exported.write_text(json.dumps([json.loads(t)[0] for t in texts], ensure_ascii=False))
    else:
        exported.write_text("\n".join(texts))
    empty_archive()
    ingest(exported)
    again = catalog(sessions)
    split = fmt == "bib"
    assert [essentials(r, split) for r in again] == [essentials(r, split) for r in first]


def test_first_import_reads_what_the_file_says(sessions, tmp_path: Path) -> None:
    """Roles, the working-paper kind from biblatex's type, a URL's fragment, a DOI."""
    source = tmp_path / "source.bib"
    source.write_text(SOURCE)
    ingest(source)
    records = {r["title"]: r for r in catalog(sessions)}
    ksa = records["Sämtliche Werke"]
    assert ksa["subtitle"] == "Kritische Studienausgabe"
    assert ksa["publisher"]["name"] == "Deutscher Taschenbuch-Verlag and Walter de Gruyter"
    assert [(a["role"], a["name"]) for a in ksa["authors"]] == [
        ("author", "Friedrich Nietzsche"), ("editor", "Giorgio Colli"),
        ("editor", "Mazzino Montinari")]
    assert records["Currency Unions in Əzerbaycan"]["kind"] == "working-paper"
    assert [a["name"] for a in records["Currency Unions in Əzerbaycan"]["authors"]] == [
        "Ida Østergaard", "Barnes and Noble"]
    assert records["A Page"]["url"] == "https://example.org/a#part-2"
    assert records["A Model of Leptons"]["doi"] == "10.1103/physrevlett.19.1264" or \
        records["A Model of Leptons"]["doi"] == "10.1103/PhysRevLett.19.1264"
    # A journal's name is not its publisher: it is where the article appears.
    assert records["A Model of Leptons"]["publisher"] is None
    assert records["A Model of Leptons"]["container_title"] == "Phys. Rev. Lett."
    assert records["A Chapter"]["container_title"] == "A Book"
    assert records["Dreams and Machines"]["container_title"] == "Proceedings"
    assert records["A Page"]["container_title"] == "Field Notes Online"
    assert records["Russia vs. Turkey?"]["container_title"] is None

