"""Names set wholly in capitals are recorded in their usual case; other names as printed."""

from __future__ import annotations

import pytest

from archive.ingest import parse_document
from archive.ingest.names import from_capitals


@pytest.mark.parametrize(("printed", "recorded"), [
    ("MIRA OKAFOR", "Mira Okafor"),
    ("TOMAS BERG-LUND", "Tomas Berg-Lund"),
    ("AOIFE O'DOHERTY", "Aoife O'Doherty"),
    ("JAN VAN DER WAALS", "Jan van der Waals"),
    ("ÉLODIE MARCHAND", "Élodie Marchand"),
    ("P. Q. ROWAN", "P. Q. Rowan"),
    ("CARL RUNE III", "Carl Rune III"),
    ("ELI STONE JR.", "Eli Stone Jr."),
])
def test_a_name_in_capitals_gets_its_usual_case(printed: str, recorded: str) -> None:
    assert from_capitals(printed) == recorded


@pytest.mark.parametrize("printed", [
    "OKAFOR",  # one word: an acronym as likely as a name
    "Mira OKAFOR",  # a surname in capitals by convention, next to a name in usual case
    "Mira Okafor",
    "HARBOUR RESEARCH INSTITUTE",  # an organisation as author
])
def test_other_names_are_left_as_printed(printed: str) -> None:
    assert from_capitals(printed) == printed


def test_a_byline_in_capitals_is_recorded_in_usual_case() -> None:
    text = ("Tides of the Lower Delta\n\nBy MIRA OKAFOR AND TOMAS BERG\n\nMarch 3, 2021\n\n"
            "The river has moved its mouth twice in a century.\n")
    parsed = parse_document(text.encode(), "tides.txt")
    assert [a.name for a in parsed.authors] == ["Mira Okafor", "Tomas Berg"]
