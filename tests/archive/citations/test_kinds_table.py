"""The one table from each kind to the citation formats' types, read both ways."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive.kinds import CITATION_TYPES, KIND_CODES, kind_from_citation_type, kind_label

CSL_TYPES = set(
    json.loads((Path(__file__).parent / "data" / "csl-data.json").read_text())["items"][
        "properties"]["type"]["enum"]
)
# The types of classic BibTeX's standard styles (btxdoc) and of RIS (the RIS spec).
BIBTEX_TYPES = {"article", "book", "booklet", "inbook", "incollection", "inproceedings",
                "manual", "mastersthesis", "misc", "phdthesis", "proceedings", "techreport",
                "unpublished"}


def test_every_kind_has_one_row_of_known_types() -> None:
    """Each kind of the vocabulary has a row; its CSL type is one the CSL-JSON schema allows."""
    assert set(CITATION_TYPES) == KIND_CODES
    for types in CITATION_TYPES.values():
        assert types.csl in CSL_TYPES
        assert types.bibtex in BIBTEX_TYPES


@pytest.mark.parametrize("code", sorted(KIND_CODES))
def test_each_kind_comes_back_through_each_format(code: str) -> None:
    """A type written with the kind's label beside it is read back as that kind."""
    types, label = CITATION_TYPES[code], kind_label(code)
    assert kind_from_citation_type("bibtex", types.bibtex, label) == code
    assert kind_from_citation_type("bibtex", types.biblatex, label) == code
    assert kind_from_citation_type("ris", types.ris, label) == code
    assert kind_from_citation_type("csl", types.csl, label) == code


def test_bare_types_of_other_tools() -> None:
    """Types as Zotero, JabRef or biblatex write them, with no label, read as the plain kind."""
    assert kind_from_citation_type("csl", "article-journal") == "journal-article"
    assert kind_from_citation_type("bibtex", "article") == "journal-article"
    assert kind_from_citation_type("bibtex", "InProceedings") == "conference-paper"
    assert kind_from_citation_type("bibtex", "online") == "web-page"
    assert kind_from_citation_type("ris", "NEWS") == "news-article"
    assert kind_from_citation_type("ris", "JOUR", "not a kind") == "journal-article"
    assert kind_from_citation_type("bibtex", "patent") == "record"
    assert kind_from_citation_type("csl", None) == "record"
