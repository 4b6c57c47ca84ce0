"""Split-word and broken-hyphen repair, with invented sentences."""

import pytest

from archive.ingest.edits import apply_edits
from archive.ingest.stages.hyphens import mend
from archive.ingest.stages.split_words import rejoin
from archive.ingest.words import should_join


def repaired(text: str, language: str = "en") -> str:
    text = apply_edits(text, mend(text, language))[0]
    return apply_edits(text, rejoin(text, language))[0]


@pytest.mark.parametrize(
    ("split", "joined"),
    [
        ("The protest erupt ed at noon.", "The protest erupted at noon."),
        ("How ever, the board disagreed.", "However, the board disagreed."),
        ("a newly in dependent state", "a newly independent state"),
        ("the pe riodic table", "the periodic table"),
        ("the “mountain ous” north", "the “mountainous” north"),
        ("Portu gal’s coast", "Portugal’s coast"),
        ("she has writ ten twice", "she has written twice"),
        ("the nego- tiation failed", "the negotiation failed"),
        ("a mountain- dwelling people", "a mountain-dwelling people"),
        ("a cease- fire was agreed", "a cease-fire was agreed"),
        ("GOVERN MENT", "GOVERNMENT"),
    ],
)
def test_splits_are_joined(split: str, joined: str) -> None:
    assert repaired(split) == joined


@pytest.mark.parametrize(
    "phrase",
    [
        "It may be late.",
        "He some times walks.",
        "They ate a lot of rice.",
        "Fees rose 5 per cent.",
        "They met every day.",
        "Go in to the room.",
        "Ter Petrossian resigned.",
        "pro- and anti-war groups",
        "In 1990 a bout of fever spread.",
        "a 2 nd attempt",
    ],
)
def test_ordinary_text_is_left_alone(phrase: str) -> None:
    assert repaired(phrase) == phrase


def test_fragments_are_strong_evidence_in_other_languages() -> None:
    assert should_join("Verein", "barung", "de")  # "barung" is no word
    assert should_join("gouver", "nement", "fr")
    assert not should_join("mit", "arbeiten", "de")  # two real words: no phrase list, keep


def test_edits_record_the_original_text() -> None:
    text = "The con flict erupt ed."
    edits = rejoin(text, "en")
    assert [(text[e.start : e.end], e.replacement) for e in edits] == [
        ("con flict", "conflict"),
        ("erupt ed", "erupted"),
    ]


def test_broken_hyphens_that_share_a_word_give_edits_that_do_not_overlap() -> None:
    # "x- y- z": "y" would be the second half of one repair and the first of the next
    # (overlapping edits duplicated it: "Ý-ÝÝ-By", found by the robustness test).
    text = "Ý- Ý- By Ann Lee"
    edits = sorted(mend(text, "en"), key=lambda e: e.start)
    assert all(a.end <= b.start for a, b in zip(edits, edits[1:], strict=False))
    assert apply_edits(text, edits)[0] == "Ý-Ý- By Ann Lee"
