"""Bibliographic files become metadata-only entries, one per work (DOI, or title+year+author)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from archive import schema
from archive.ingest.batch import FileStatus, ingest_paths
from archive.ingest.errors import UnreadableFile
from archive.ingest.readers.bibliographic import read_records

_SURNAMES = ["Halvorsen", "Mwangi", "Okafor", "Lindqvist", "Tanaka", "Moreau", "Ivanova"]
_GIVEN = ["Ingrid", "Tomas", "Adaeze", "Pekka", "Yuki", "Claire", "Daria"]


def _entries(count: int) -> list[dict[str, object]]:
    entries = []
    for n in range(count):
        entry: dict[str, object] = {
            "key": f"entry{n}",
            "title": f"Coastal Study Number {n}: Tides and Towns",
            "authors": [
                (_GIVEN[n % 7], _SURNAMES[n % 7]),
                (_GIVEN[(n + 3) % 7], _SURNAMES[(n + 2) % 7]),
            ],
            "year": 2000 + n % 20,
            "month": 1 + n % 12,
            "publisher": ["Harbour Press", "North Sea Institute"][n % 2],
        }
        # A third of the entries have a DOI, a third a URL, a third neither.
        if n % 3 == 0:
            entry["doi"] = f"10.5555/coast.{n}"
        elif n % 3 == 1:
            entry["url"] = f"https://coast.example/studies/{n}"
        entries.append(entry)
    return entries


def bibtex(entries: list[dict[str, object]]) -> bytes:
    out = []
    for e in entries:
        authors = " and ".join(f"{last}, {first}" for first, last in e["authors"])  # type: ignore[attr-defined]
        fields = [
            f"title = {{{e['title']}}}",
            f"author = {{{authors}}}",
            f"year = {e['year']}",
            f"month = {e['month']}",
            f"publisher = {{{e['publisher']}}}",
        ]
        if "doi" in e:
            fields.append(f"doi = {{{e['doi']}}}")
        if "url" in e:
            fields.append(f"url = {{{e['url']}}}")
        out.append(f"@article{{{e['key']},\n  " + ",\n  ".join(fields) + "\n}\n")
    return "\n".join(out).encode()


def ris(entries: list[dict[str, object]]) -> bytes:
    out = []
    for e in entries:
        lines = ["TY  - JOUR", f"TI  - {e['title']}"]
        lines += [f"AU  - {last}, {first}" for first, last in e["authors"]]  # type: ignore[attr-defined]
        lines += [f"PY  - {e['year']}/{e['month']:02d}//", f"PB  - {e['publisher']}"]
        if "doi" in e:
            lines.append(f"DO  - {e['doi']}")
        if "url" in e:
            lines.append(f"UR  - {e['url']}")
        out.append("\n".join([*lines, "ER  - "]))
    return ("\n".join(out) + "\n").encode()


def csl_json(entries: list[dict[str, object]]) -> bytes:
    items = []
    for e in entries:
        item = {
            "id": e["key"],
            "type": "article-journal",
            "title": e["title"],
            "author": [{"given": given, "family": family} for given, family in e["authors"]],  # type: ignore[attr-defined]
            "issued": {"date-parts": [[e["year"], e["month"]]]},
            "publisher": e["publisher"],
        }
        if "doi" in e:
            item["DOI"] = str(e["doi"]).upper()  # DOIs are case-insensitive
        if "url" in e:
            item["URL"] = e["url"]
        items.append(item)
    return json.dumps(items, indent=1).encode()


def _documents(sessions) -> list[schema.Document]:
    with sessions() as session:
        query = sa.select(schema.Document).order_by(schema.Document.id)
        documents = session.scalars(query).all()
        for document in documents:
            _ = [a.person.name for a in document.authorships], document.publisher, document.source
        return documents


@pytest.mark.parametrize(
    ("suffix", "write"), [(".bib", bibtex), (".ris", ris), (".json", csl_json)]
)
def test_fifty_entries_make_fifty_records_once(sessions, clean_quarantine, tmp_path, suffix, write):
    """50 entries -> 50 metadata-only entries; importing the file again creates none."""
    path = tmp_path / f"library{suffix}"
    path.write_bytes(write(_entries(50)))
    first = ingest_paths(sessions, [path])
    assert [(r.status, r.created, r.existing) for r in first.results] == [
        (FileStatus.INGESTED, 50, 0)
    ]
    documents = _documents(sessions)
    assert len(documents) == 50
    sample = documents[7]  # entry 7: a URL, no DOI
    assert sample.title == "Coastal Study Number 7: Tides and Towns"
    assert [a.person.name for a in sample.authorships] == ["Ingrid Halvorsen", "Pekka Okafor"]
    assert sample.published is None and sample.published_raw == "2007-08"
    assert sample.publisher.name == "North Sea Institute"
    assert (sample.url, sample.doi, sample.text) == ("https://coast.example/studies/7", None, "")
    assert documents[0].doi == "10.5555/coast.0"
    assert all(d.source is not None and d.language == "und" for d in documents)
    again = ingest_paths(sessions, [path])
    assert [(r.status, r.created, r.existing) for r in again.results] == [
        (FileStatus.UNCHANGED, 0, 50)
    ]
    assert len(_documents(sessions)) == 50


def test_other_formats_of_the_same_library_add_nothing(sessions, clean_quarantine, tmp_path):
    """The same entries exported as RIS and CSL-JSON match by DOI, URL or title and year."""
    entries = _entries(12)
    (tmp_path / "a.bib").write_bytes(bibtex(entries))
    (tmp_path / "b.ris").write_bytes(ris(entries))
    (tmp_path / "c.json").write_bytes(csl_json(entries))
    report = ingest_paths(sessions, [tmp_path])
    assert [(r.path.name, r.created, r.existing) for r in report.results] == [
        ("a.bib", 12, 0),
        ("b.ris", 0, 12),
        ("c.json", 0, 12),
    ]
    people = {a.person_id for d in _documents(sessions) for a in d.authorships}
    assert len(people) == 14  # the two pairings of _entries, seven names each


def test_entry_without_title_is_skipped_and_said(tmp_path) -> None:
    """An entry that cannot be cataloged is reported; a file of nothing readable is refused."""
    read = read_records(
        b"@misc{a, author={Berg, Ann}, year=2001}\n@book{b, title={Salt}, year=1999}\n",
        "refs.bib",
        "bibtex",
    )
    assert [r.title for r in read.records] == ["Salt"]
    assert read.skipped == ["entry a at line 1: no title"]  # named with its line
    with pytest.raises(UnreadableFile, match="no readable"):
        read_records(b"@misc{a, year=2001}\n", "refs.bib", "bibtex")


def test_bibtex_latex_accents_become_letters() -> None:
    """LaTeX-escaped names and titles keep their accents."""
    read = read_records(
        rb"@book{k, title={Caf{\'e} Stra{\ss}e}, author={M{\"u}ller, J{\'e}r{\^o}me}, year=2001}",
        "refs.bib",
        "bibtex",
    )
    assert [(r.title, r.authors) for r in read.records] == [("Café Straße", ["Jérôme Müller"])]


def test_csl_json_is_read_as_written() -> None:
    """CSL-JSON is not LaTeX: braces, backslashes and tildes stay; a URL keeps its fragment;
    the container is not the publisher; editors and translators keep their roles."""
    item = {
        "id": "x", "type": "article-journal", "title": "Sets {A} \\ {B} ~ 1",
        "URL": "https://example.org/paper#section-2", "container-title": "Journal of Things",
        "author": [{"family": "van Gennep", "given": "Arnold"}, {"literal": "World Bank"}],
        "editor": [{"family": "Doe", "given": "Jane"}],
        "translator": [{"family": "Roe", "given": "Rick", "suffix": "Jr."}],
        "issued": {"date-parts": [[1909, 5]]},
    }
    (record,) = read_records(json.dumps([item]).encode(), "refs.json", "csl-json").records
    assert record.title == "Sets {A} \\ {B} ~ 1"
    assert record.url == "https://example.org/paper#section-2"
    assert (record.publisher, record.container_title) == (None, "Journal of Things")
    assert record.authors == ["Arnold van Gennep", "World Bank"]
    assert record.contributors == [("editor", "Jane Doe"), ("translator", "Rick Roe, Jr.")]
    assert (record.kind, record.published_raw) == ("journal-article", "1909-05")


def _csl(*items: dict[str, object]):
    return read_records(json.dumps(list(items)).encode(), "refs.json", "csl-json").records


def test_csl_json_rich_text_titles_are_stored_as_plain_text() -> None:
    """CSL-JSON's title markup (<i>, <b>, <sub>, <sup>, <span>) is dropped and its entities
    read; a "<" that opens no such tag is text."""
    (record,) = _csl({
        "id": "m", "type": "article-journal",
        "title": 'On <i>E.&nbsp;coli</i> in H<sub>2</sub>O &amp; <span class="nocase">pH</span>'
                 ' <span style="font-variant:small-caps;">x</span><sup>2</sup> where a<b',
        "container-title": "<i>Nature</i>",
    })
    assert record.title == "On E. coli in H2O & pH x2 where a<b"
    assert record.container_title == "Nature"


def test_csl_json_bc_dates_are_kept_as_text_never_as_another_date() -> None:
    """CSL's year -100 is 100 BC: no catalog date, no year, the ISO 8601 (astronomical)
    text as printed; before the fix it came out as "7-12"."""
    records = _csl(
        {"id": "a", "title": "A", "issued": {"date-parts": [["-100", 7, 12], ["-44", 3, 15]]}},
        {"id": "b", "title": "B", "issued": {"date-parts": [[-333]]}},
        {"id": "c", "title": "C", "issued": {"raw": "-0099-07-12"}},
        {"id": "d", "title": "D", "issued": {"date-parts": [[1999, 2, 3]]}},
    )
    assert [(r.published, r.published_raw, r.year) for r in records] == [
        (None, "-0099-07-12", None), (None, "-0332", None), (None, "-0099-07-12", None),
        (dt.date(1999, 2, 3), "1999-02-03", 1999)]


def test_ris_short_title_names_an_entry_without_a_title() -> None:
    """ST is a title: an entry whose only title it is is kept; TI still wins when present."""
    ris = (
        "TY  - BOOK\nST  - Short only\nAU  - Berg, Ann\nPY  - 2001\nER  - \n"
        "TY  - BOOK\nTI  - The full title\nST  - Full\nPY  - 2002\nER  - \n"
        "TY  - BOOK\nAU  - Nobody, A.\nER  - \n"
    )
    read = read_records(ris.encode(), "refs.ris", "ris")
    assert [(r.title, r.year) for r in read.records] == [("Short only", 2001),
                                                         ("The full title", 2002)]
    assert read.skipped == ["entry #3: no title"]
