"""Reference files from public projects (``data/real/SOURCE.md``): nothing lost, nothing merged.

Each file's entries are counted by an independent parser (rispy, ``json``); the catalog
must hold one record per entry, minus the entries skipped with a stated reason, and a
sample of fields per file must read as the file says.  Then import -> export -> import
(BibTeX, RIS, CSL-JSON) keeps each record's kind, people with their roles, dates, titles
and container.
"""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import rispy
from django.core.management import CommandError, call_command

from catalog.models import Document
from tests.catalog.ingest.test_bibliographic_round_trip import EXPORTS, catalog, essentials

DATA = Path(__file__).parent / "data" / "real"
FILES = sorted(p.name for p in DATA.iterdir() if p.suffix in (".ris", ".json"))


def _entries(path: Path) -> int:
    """How many entries an independent parser finds in the file."""
    if path.suffix == ".ris":
        with path.open(encoding="utf-8-sig") as handle:
            return len(rispy.load(handle))
    return len(json.loads(path.read_text(encoding="utf-8")))


def _ingest(path: Path) -> tuple[str, str]:
    """(stdout, stderr) of ``ingest --publish``; a skipped entry makes it exit non-zero."""
    out, err = StringIO(), StringIO()
    try:
        call_command("ingest", "--publish", str(path), stdout=out, stderr=err)
    except CommandError:
        pass
    return out.getvalue(), err.getvalue()


def _skipped(path: Path, err: str) -> list[str]:
    """Each skipped entry's reason, from the command's report (every one is named)."""
    reasons = [line.split(f"{path}: ", 1)[1] for line in err.splitlines()
               if line.startswith(f"skipped: {path}: ")]
    refused = re.search(rf"^failed: {re.escape(str(path))}: no readable \w[\w-]* entry \((.*)\)$",
                        err, re.MULTILINE)
    if refused:  # no entry was readable: the file is refused, each entry named in its reason
        reasons += refused.group(1).split("; ")
    return reasons


@pytest.mark.parametrize("name", FILES)
def test_one_record_per_entry_minus_those_skipped_with_a_reason(
    name: str, sessions, tmp_path: Path
) -> None:
    """The record count equals the independent parser's entry count minus named skips."""
    path = DATA / name
    _, err = _ingest(path)
    skipped = _skipped(path, err)
    assert all(re.fullmatch(r"(entry|item) \S+: \S.*", why) for why in skipped), skipped
    assert Document.objects.count() == _entries(path) - len(skipped), err


# A sample per file: (title, field) -> value, as the file states it.
SAMPLES: dict[str, dict[tuple[str, str], Any]] = {
    "rispy-example_full.ris": {
        ("Title of reference", "kind"): "journal-article",
        ("Title of reference", "container_title"): "Lorem",
        ("Title of reference", "published_raw"): "2014",
        ("Title of reference", "people"): [("author", "Karl Marx"), ("author", "Astrid Lindgren"),
                                           ("editor", "Daniel Glattauer")],
        ("The title of the reference", "url"): "http://example_url.com",
    },
    "rispy-example_utf_chars.ris": {},
    "rispy-example_multiline.ris": {},
    "jabref-RisImporterTestScience.ris": {
        ("Phase separation and ω transformation in binary V-Ti and ternary V-Ti-Cr alloys",
         "container_title"): "Acta Materialia",
        ("Phase separation and ω transformation in binary V-Ti and ternary V-Ti-Cr alloys",
         "doi"): "10.1016/j.actamat.2016.09.028",
        ("Phase separation and ω transformation in binary V-Ti and ternary V-Ti-Cr alloys",
         "published_raw"): "2016-12",
    },
    "jabref-RisImporterTest3.ris": {
        ("Toward a Robust Analysis of Dermoscopy Images Acquired under Different Conditions",
         "kind"): "chapter",
        ("Toward a Robust Analysis of Dermoscopy Images Acquired under Different Conditions",
         "container_title"): "Dermoscopy Image Analysis",
        ("Toward a Robust Analysis of Dermoscopy Images Acquired under Different Conditions",
         "publisher"): "CRC Press",
    },
    "bbt-pandoc-schomd.csl.json": {
        ("The physical volcanology of the 1600 eruption of Huaynaputina, southern Peru",
         "container_title"): "Bulletin of Volcanology",
        ("The physical volcanology of the 1600 eruption of Huaynaputina, southern Peru",
         "published"): "2014-12-31",
        ("The Gospel according to St. Matthew, from the St. Germain ms. (g1), now "
         "numbered Lat. 11553 in the National Library at Paris", "people"): [
            ("editor", "John Wordsworth")],
        ("The Gospel according to St. Matthew, from the St. Germain ms. (g1), now "
         "numbered Lat. 11553 in the National Library at Paris", "publisher"): "Clarendon Press",
    },
    "bbt-creator-types-825.csl.json": {
        ("A report", "kind"): "working-paper",
        ("A report", "people"): [("author", "Ann Author"), ("editor", "Emma Editrix"),
                                 ("editor", "Ed Editor")],
        ("Frithuswith (d. 727)", "container_title"):
            "Oxford dictionary of national biography",
        ("Frithuswith (d. 727)", "doi"): "10.1093/ref:odnb/10183",
    },
    "bbt-dates-360-811.csl.json": {
        ("The Politics of Film Canons: printemps 1985", "container_title"): "Cinema Journal",
        ("single date test: 2014-12-31", "published"): "2014-12-31",
        ("EDTF date YYYY-MM~ [month precision & circa]: 2011-05~", "published_raw"): "2011-05",
        # CSL's year -100 is 100 BC: kept as ISO 8601 text, no date the catalog cannot hold.
        ("BC tests 2: -0099-07-12/-0043-03-15", "published_raw"): "-0099-07-12",
        ("BC tests 2: -0099-07-12/-0043-03-15", "published"): None,
    },
}


def _field(record: dict[str, Any], field: str) -> Any:
    if field == "people":
        return [(a["role"], a["name"]) for a in record["authors"]]
    if field == "publisher":
        return (record["publisher"] or {}).get("name")
    return record[field]


@pytest.mark.parametrize("name", FILES)
def test_a_sample_of_fields_reads_as_the_file_says(name: str, sessions) -> None:
    """Per file: kind, container, dates, DOI, URL, publisher, people with roles."""
    _ingest(DATA / name)
    records = {r["title"]: r for r in catalog(sessions)}
    found = {key: _field(records[key[0]], key[1]) for key in SAMPLES[name]}
    assert found == SAMPLES[name]


ROUND_TRIPPED = [name for name in FILES if SAMPLES[name]]


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
@pytest.mark.parametrize("name", ROUND_TRIPPED)
def test_round_trip_of_a_real_file(
    name: str, fmt: str, sessions, empty_archive, tmp_path: Path
) -> None:
    """import -> export -> import: kind, people with roles, dates, titles, container kept."""
    _ingest(DATA / name)
    first = catalog(sessions)
    texts = [EXPORTS[fmt](r, f"http://testserver/documents/{r['id']}/") for r in first]
    exported = tmp_path / f"export.{fmt}"
    if fmt == "csl.json":
        exported.write_text(json.dumps([json.loads(t)[0] for t in texts], ensure_ascii=False))
    else:
        exported.write_text("\n".join(texts))
    empty_archive()
    _ingest(exported)
    split = fmt == "bib"
    assert [essentials(r, split) for r in catalog(sessions)] == [
        essentials(r, split) for r in first]


@pytest.mark.parametrize("name", FILES)
def test_importing_a_real_file_again_adds_nothing(name: str, sessions) -> None:
    """The same bytes twice: the same records, entries without year or author included."""
    path = DATA / name
    _ingest(path)
    first = sorted(Document.objects.values_list("id", flat=True))
    _ingest(path)
    assert sorted(Document.objects.values_list("id", flat=True)) == first
