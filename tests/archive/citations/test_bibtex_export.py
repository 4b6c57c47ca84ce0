"""The .bib of one record: ASCII, capitals protected, types whose required fields are present."""

from __future__ import annotations

import bibtexparser

from archive import citations
from archive.latex import latex_to_text

RECORD = {
    "id": 7, "title": 'The "Second" Karabakh War: Russia vs. Turkey?', "subtitle": None,
    "kind": "opinion", "language": "und", "published": "2021-03-22", "published_raw": None,
    "publisher": {"name": "Ten Thousand Turks Campaign"}, "doi": None,
    "authors": [{"name": "Ceyhun Əliyev", "role": "author"},
                {"name": "Barnes and Noble", "role": "author"}],
}


def test_non_ascii_quotes_and_capitals() -> None:
    """Ə is an \\archivechar the @preamble defines; quotes stay straight; capitals braced;
    the key is transliterated, not stripped ("eliyev", not "liyev")."""
    text = citations.bibtex(RECORD, "https://archive.example/documents/7/")
    assert text.isascii()
    assert text.startswith('@preamble{"\\providecommand{\\archivechar}[2]{#2}"}')
    (entry,) = bibtexparser.parse_string(text).entries
    assert entry.key == "eliyev2021-7"
    assert entry["author"] == r"{\archivechar{018F}{E}}liyev, Ceyhun and {Barnes and Noble}"
    assert entry["title"].startswith(
        r"{The} {{{\textquotedbl}}Second{{\textquotedbl}}} {Karabakh} {War:} {Russia} vs.")
    assert latex_to_text(entry["title"]) == RECORD["title"]


def test_missing_required_fields_mean_misc_and_unknown_language_is_left_out() -> None:
    """An opinion column with no newspaper: @misc with howpublished; no language = {und}."""
    (entry,) = bibtexparser.parse_string(citations.bibtex(RECORD, "https://a.example/")).entries
    assert entry.entry_type == "misc"
    assert entry["howpublished"] == "Ten Thousand Turks Campaign"
    assert "language" not in entry.fields_dict and "journal" not in entry.fields_dict
    report = {**RECORD, "kind": "working-paper", "language": "en"}
    (entry,) = bibtexparser.parse_string(citations.bibtex(report, "https://a.example/")).entries
    assert (entry.entry_type, entry["institution"], entry["type"], entry["language"]) == (
        "techreport", "Ten Thousand Turks Campaign", "Working paper", "en")
