"""Every export of a catalog holding every kind (and the seed), checked by the tools people use.

BibTeX: ``bibtex`` + ``pdflatex`` (Debian's TeX), pybtex (parser and its ``plain``
style) and bibtexparser; RIS: rispy; CSL-JSON: the official CSL-JSON schema and
citeproc-py in three styles; JSON-LD: extruct, from the document page.
"""

from __future__ import annotations

import json
import re
import subprocess
from io import StringIO
from pathlib import Path
from typing import Any

import bibtexparser
import extruct
import jsonschema
import pybtex.database
import pytest
import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from django.core.management import call_command
from pybtex.plugin import find_plugin

from archive import citations
from archive.config import PROJECT_ROOT
from archive.kinds import CITATION_TYPES, KIND_CODES, kind_label
from archive.latex import latex_to_text
from archive.records import document_record
from catalog.models import Document

SEED = next((PROJECT_ROOT / "seeds").glob("*.txt"))
CSL_SCHEMA = json.loads(
    (PROJECT_ROOT / "tests" / "archive" / "citations" / "data" / "csl-data.json").read_text()
)
STYLES = PROJECT_ROOT / "archive" / "citation_styles"

# One CSL-JSON item per kind, as a reference manager would export it.  The kinds whose
# classic BibTeX type needs a field the item does not have (a journal, a booktitle)
# are written as @misc; the others keep their type because their fields are present:
# a periodical's articles, a chapter and a conference paper name where they appear.
PEOPLE = [{"family": "Əliyev", "given": "Ceyhun"}, {"family": "Okafor", "given": "Mira"}]
CONTAINERS = {
    "journal-article": "Caucasus Survey", "software-paper": "Journal of Open Source Software",
    "magazine-article": "Ağdam Monthly", "news-article": "The Baku Herald",
    "chapter": "A Handbook of the Caucasus", "conference-paper": "Proceedings of CAUC 2009",
    "web-page": "Caucasus Analytical Digest Online",
}
EXPECTED_BIBTEX = {
    "book": "book", "report": "techreport", "working-paper": "techreport",
    "brief": "techreport", "thesis": "phdthesis", "journal-article": "article",
    "software-paper": "article", "magazine-article": "article", "news-article": "article",
    "chapter": "incollection", "conference-paper": "inproceedings",
}
# Where each BibTeX type keeps the container (others: ``journal``, as Zotero writes it).
CONTAINER_FIELD = {"incollection": "booktitle", "inproceedings": "booktitle"}


def _item(number: int, code: str) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": f"k{number}",
        "type": CITATION_TYPES[code].csl,
        "genre": kind_label(code),
        "title": f"{kind_label(code)} on Ağdam & the “Caucasus”: 50% {number}",
        "author": [PEOPLE[number % 2], {"literal": "Barnes and Noble"}],
        "publisher": "Khazar University Press",
        "issued": {"date-parts": [[2000 + number, 1 + number % 12, 1 + number]]},
    }
    if code == "book":
        item["editor"] = [{"family": "Doe", "given": "Jane"}]
    if code in CONTAINERS:
        item["container-title"] = CONTAINERS[code]
    return item


@pytest.fixture
def catalog(sessions, tmp_path: Path) -> list[dict[str, Any]]:
    """The seed and one document of every kind, published, as their public records."""
    items = [_item(number, code) for number, code in enumerate(sorted(KIND_CODES))]
    library = tmp_path / "every-kind.json"
    library.write_text(json.dumps(items, ensure_ascii=False))
    call_command("ingest", "--publish", str(SEED), str(library),
                 stdout=StringIO(), stderr=StringIO())
    ids = sorted(Document.objects.values_list("id", flat=True))
    with sessions() as session:
        records = [document_record(session, pk, "public") for pk in ids]
    assert {r["kind"] for r in records} == KIND_CODES | {"opinion"}
    assert len(records) == len(KIND_CODES) + 1
    return records


def _url(record: dict[str, Any]) -> str:
    return f"http://testserver/documents/{record['id']}/"


def _expected_bibtex_type(record: dict[str, Any]) -> str:
    return EXPECTED_BIBTEX.get(record["kind"], "misc")


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300,
                          errors="replace")


def test_bibtex_compiles_with_bibtex_and_pdflatex(catalog, tmp_path: Path) -> None:
    """The .bib of every document: bibtex warns of nothing, pdflatex prints every entry."""
    (tmp_path / "refs.bib").write_text("\n".join(citations.bibtex(r, _url(r)) for r in catalog))
    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\begin{document}\n"
        "\\nocite{*}\n\\bibliographystyle{plain}\n\\bibliography{refs}\n\\end{document}\n"
    )
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "main.tex"]
    assert _run(latex, tmp_path).returncode == 0
    bibtex = _run(["bibtex", "main"], tmp_path)
    assert bibtex.returncode == 0, bibtex.stdout
    blg = (tmp_path / "main.blg").read_text(errors="replace")
    warnings = re.findall(r"Warning--(.*)", blg)
    # plain.bst prints either a book's authors or its editors; the .bib keeps both (as
    # Zotero does), for biblatex and for importers: that one notice is expected.
    assert all(w.startswith("can't use both author and editor") for w in warnings), warnings
    assert not any("empty" in w or "missing" in w for w in warnings)
    assert "error message" not in blg, blg
    for _ in range(2):
        run = _run(latex, tmp_path)
        assert run.returncode == 0, run.stdout[-3000:]
    log = (tmp_path / "main.log").read_text(errors="replace")
    assert "Missing character" not in log and "undefined" not in log.lower(), log[-3000:]
    bbl = (tmp_path / "main.bbl").read_text()
    assert bbl.count("\\bibitem") == len(catalog)
    assert (tmp_path / "main.pdf").stat().st_size > 1000


def test_bibtex_parses_with_pybtex_and_bibtexparser(catalog) -> None:
    """Types, persons by role and fields as the catalog holds them; pybtex's plain style
    formats every entry (it stops on a missing required field)."""
    entries = {r["id"]: citations.bibtex(r, _url(r)) for r in catalog}
    data = pybtex.database.parse_string("\n".join(entries.values()), "bibtex")
    parsed = bibtexparser.parse_string("\n".join(entries.values()))
    assert parsed.failed_blocks == [] and len(parsed.entries) == len(catalog)
    by_key = {entry.key: entry for entry in parsed.entries}
    for record in catalog:
        key = citations.citation_key(record)
        assert key.isascii() and re.fullmatch(r"[a-z]+\d{4}-\d+", key)
        entry = data.entries[key]
        assert entry.type == _expected_bibtex_type(record), record["kind"]
        assert by_key[key].entry_type == entry.type
        for role in ("author", "editor"):
            expected = [a["name"] for a in record["authors"] if a["role"] == role]
            found = [latex_to_text(" ".join(p.first_names + p.middle_names + p.prelast_names
                                            + p.last_names)).strip()
                     for p in entry.persons.get(role, [])]
            assert found == expected, (record["kind"], role)
        assert latex_to_text(entry.fields["title"]) == record["title"]
        assert entry.fields["year"] == record["published"][:4]
        assert "language" not in entry.fields or entry.fields["language"] != "und"
        assert latex_to_text(entry.fields["type"]) == kind_label(record["kind"])
        container = CONTAINER_FIELD.get(entry.type, "journal")
        assert latex_to_text(entry.fields.get(container, "")) == (
            record["container_title"] or ""), record["kind"]
    style = find_plugin("pybtex.style.formatting", "plain")()
    formatted = list(style.format_entries(data.entries.values()))
    assert len(formatted) == len(catalog)
    seed = next(r for r in catalog if r["text"])
    text = next(f.text.render_as("text") for f in formatted
                if f.key == citations.citation_key(seed))
    assert "Ten Thousand Turks Campaign" in text and "2021" in text


def test_ris_parses_with_rispy(catalog) -> None:
    """TY from the kinds table, authors and editors in their tags, the kind in M3."""
    for record in catalog:
        (entry,) = rispy.loads(citations.ris(record, _url(record)))
        assert entry["type_of_reference"] == CITATION_TYPES[record["kind"]].ris
        assert entry["type_of_work"] == kind_label(record["kind"])
        authors = [a["name"] for a in record["authors"] if a["role"] == "author"]
        assert len(entry["authors"]) == len(authors)
        if "Barnes and Noble" in authors:  # an organisation: as written, never "Noble, Barnes and"
            assert "Barnes and Noble" in entry["authors"]
        assert entry.get("language") != "und"
        assert entry["urls"] == [_url(record)]
        # JO for a periodical's article, T2 for a book, proceedings or site.
        periodical = CITATION_TYPES[record["kind"]].bibtex == "article"
        tag = "journal_name" if periodical else "secondary_title"
        assert entry.get(tag) == record["container_title"], record["kind"]


def test_csl_json_validates_and_renders_in_three_styles(catalog) -> None:
    """The official CSL-JSON schema accepts every item; citeproc-py formats each in
    Chicago, APA and MLA, with the first author's family name and the title."""
    items = [citations.csl_json(r, _url(r))[0] for r in catalog]
    validator = jsonschema.Draft3Validator(CSL_SCHEMA)
    assert [error.message for error in validator.iter_errors(items)] == []
    for name in ("chicago-author-date", "apa", "modern-language-association"):
        style = CitationStylesStyle(str(STYLES / f"{name}.csl"), validate=False)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        rendered = [str(entry) for entry in bibliography.bibliography()]
        assert len(rendered) == len(items)
        for item in items:
            family = item["author"][0].get("family") or item["author"][0]["literal"]
            # Chicago and MLA print titles in title case: compare case-insensitively.
            assert any(family in line and item["title"][:20].lower() in line.lower()
                       for line in rendered), (
                name, item["title"])
    assert [i.get("container-title") for i in items] == [
        r["container_title"] for r in catalog]
    assert sum(1 for r in catalog if r["container_title"]) == len(CONTAINERS)
    seed = next(i for i, r in zip(items, catalog, strict=True) if r["text"])
    assert "container-title" not in seed  # the publisher is not a periodical
    assert "language" in seed and all(i.get("language") != "und" for i in items)


def test_json_ld_extracts_with_extruct(catalog, client) -> None:
    """The document page's JSON-LD: the kind's schema.org type, authors with their name parts."""
    for record in catalog:
        html = client.get(f"/documents/{record['id']}/").content.decode()
        (data,) = extruct.extract(html, base_url=_url(record), syntaxes=["json-ld"])["json-ld"]
        assert data["@type"] == CITATION_TYPES[record["kind"]].schema_org
        people = [p for p in data["author"] if p["@type"] == "Person"]
        assert people and all(p["givenName"] and p["familyName"] for p in people)
        assert "inLanguage" not in data or data["inLanguage"] != "und"
        assert data.get("isPartOf", {}).get("name") == record["container_title"]
        if record["container_title"]:  # shown, as what the work appears in
            assert f"<dt>Appears in</dt><dd><cite>{record['container_title']}</cite>" in html
