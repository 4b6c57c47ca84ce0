"""Snippets: the text around the first match, matches marked, nothing else changed."""

from __future__ import annotations

from archive.search import parse_query, split_highlights
from archive.search.highlight import occurs, snippet


def test_marks_stemmed_matches_around_the_first_one() -> None:
    text = "Opening words. " + "filler " * 100 + "The treaties were signed; the Treaty held."
    parts = snippet(text, parse_query("treaty"))
    assert parts[0] == ("…", False)
    assert [part for part, marked in parts if marked] == ["treaties", "Treaty"]
    assert "".join(part for part, _ in parts).endswith("the Treaty held.")


def test_no_match_in_the_body_gives_its_opening() -> None:
    assert snippet("Plain opening.", parse_query("absent")) == [("Plain opening.", False)]


def test_a_match_inside_a_word_is_not_a_match() -> None:
    parts = snippet("Untreated wounds; a treaty.", parse_query("treat"))
    assert [part for part, marked in parts if marked] == ["treaty"]


def test_split_highlights_reads_postgresql_markers() -> None:
    assert split_highlights("a \x02b\x03 c\x03") == [("a ", False), ("b", True), (" c", False)]


def test_a_phrase_is_highlighted_as_one_span() -> None:
    """The words of a phrase apart are not what matched: only the phrase is marked."""
    text = ("A frozen lake. The conflict went on. " + "filler " * 60
            + "Analysts call it a frozen  conflict, and frozen conflicts last.")
    parts = snippet(text, parse_query('"frozen conflict"'))
    assert [part for part, marked in parts if marked] == ["frozen  conflict", "frozen conflicts"]
    assert "A frozen lake" not in "".join(part for part, _ in parts)  # around the phrase


def test_a_phrase_and_a_word_together() -> None:
    parts = snippet("Talks on a frozen conflict resumed; talks stalled.",
                    parse_query('talks "frozen conflict"'))
    assert [part for part, marked in parts if marked] == ["Talks", "frozen conflict", "talks"]


def test_occurs_finds_words_and_phrases_only_whole() -> None:
    assert occurs("The Frozen Conflict", parse_query('"frozen conflict"'))
    assert not occurs("a conflict frozen", parse_query('"frozen conflict"'))
    assert not occurs("untreated", parse_query("treat"))


def test_a_phrase_is_one_span_and_its_words_alone_are_not_marked() -> None:
    text = "Peace came first. " + "filler " * 100 + "Then the peace talks, at last; talks again."
    parts = snippet(text, parse_query('"peace talks"'))
    assert [part for part, marked in parts if marked] == ["peace talks"]
    assert parts[0] == ("…", False)  # the window is around the phrase, not the first "peace"


def test_a_phrase_and_a_word_are_both_marked() -> None:
    text = "Stance disclaimers; a stance, a disclaimer, a note."
    parts = snippet(text, parse_query('"stance disclaimer" note'))
    assert [part for part, marked in parts if marked] == ["Stance disclaimers", "note"]
