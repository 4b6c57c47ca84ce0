"""A digit ending a word ("go1", "python3") is a marker only when its note exists.

Every text here is invented for the test.
"""

from __future__ import annotations

from archive.ingest.pipeline import parse_text
from archive.ingest.stages.markers import find_markers


def numbers(paragraphs: list[str], notes: set[int]) -> list[int]:
    return [m.number for m in find_markers(paragraphs, notes)]


def test_word_digit_without_its_note_is_no_marker() -> None:
    assert numbers(["This installs go1 and the tools."], set()) == []
    assert numbers(["Run python3 on the gauges.", "It was late.1 Then"], {1}) == [1]


def test_word_digit_with_its_note_is_a_marker() -> None:
    assert numbers(["The basin silted up in the last century1 and filled."], {1}) == [1]


def test_no_marker_problem_for_a_version_name() -> None:
    text = ("Tides of the Lower Basin\n\nBy Ann Lee\n\n"
            "This installs go1 and the survey tools on every gauge.\n\n"
            "The gauges are read twice a day.\n")
    doc = parse_text(text.encode(), "tides.txt")
    assert not any(p.stage == "markers" for p in doc.problems)
