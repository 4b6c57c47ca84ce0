"""Note markers versus numbers that are not markers."""

from archive.ingest.stages.markers import find_markers


def numbers(paragraphs: list[str], notes: set[int]) -> list[int]:
    return [m.number for m in find_markers(paragraphs, notes)]


def test_markers_after_punctuation_and_words() -> None:
    paragraphs = [
        "Output rose in 2019.1 Prices, however, fell by 3.2 percent.2",
        "He said “enough.”3 The vote (41, 52, and 63) followed; see the annex4 for detail.",
    ]
    markers = find_markers(paragraphs, {1, 2, 3, 4})
    assert [(m.paragraph, m.number) for m in markers] == [(0, 1), (0, 2), (1, 3), (1, 4)]
    first = markers[0]
    assert paragraphs[0][first.start - 5 : first.end] == "2019.1"


def test_decimals_thousands_and_years_are_not_markers() -> None:
    paragraphs = [
        "Turnout was 76.9 percent and 40,688 people voted in 1999 and 2004.",
        "The G20 met; the F16 flew; a 44-day war ended in 1995.1 Then peace.",
    ]
    assert numbers(paragraphs, {1}) == [1]


def test_decimal_like_marker_needs_the_next_note_and_a_new_sentence() -> None:
    assert numbers(["It was signed in 1923.1 Later it lapsed."], {1}) == [1]
    assert numbers(["It was signed in 1923.1 later."], {1}) == []
    assert numbers(["It grew by 12.2 percent.1"], {1, 2}) == [1]
    assert numbers(["The figure was 3.1 Then it changed."], set()) == []


def test_missing_marker_skipped_and_missing_note_reported_by_caller() -> None:
    # Marker 2 was lost: 3 is accepted because note 3 exists a little ahead.
    assert numbers(["One.1 Two. Three.3"], {1, 2, 3}) == [1, 3]
    # Marker 2 has no note: it is still the next number, so it is found.
    assert numbers(["One.1 Two.2 Three.3"], {1, 3}) == [1, 2, 3]
    # Far ahead numbers are not markers.
    assert numbers(["One.1 In total.40 more"], {1, 40}) == [1]


def test_markers_in_brackets_and_glued_parentheses() -> None:
    paragraphs = [
        "Boats were counted [1], then weighed.[2] Some sank [3]_ later.",
        "It was free.(4) A list: (5) is no marker, nor 2(5) or x (5).",
    ]
    markers = find_markers(paragraphs, {1, 2, 3, 4, 5})
    assert [(m.paragraph, m.number) for m in markers] == [(0, 1), (0, 2), (0, 3), (1, 4)]
    # A spaced marker takes its space with it: "counted [1]," leaves "counted,".
    first = markers[0]
    assert paragraphs[0][first.start : first.end] == " [1]"
    assert paragraphs[0][markers[2].start : markers[2].end] == " [3]_"


def test_digits_ending_an_identifier_or_an_address_are_no_markers() -> None:
    paragraphs = ["See the preprint e26954v1 and https://example.org/notes.v1 for it.1"]
    assert numbers(paragraphs, {1}) == [1]
    assert find_markers(paragraphs, {1})[0].start == len(paragraphs[0]) - 1


def test_superscript_digit_markers_and_exponents() -> None:
    paragraphs = ["Tides rose.¹ Boats waited² in 3 m² of water.³"]
    markers = find_markers(paragraphs, {1, 2, 3})
    assert [m.number for m in markers] == [1, 2, 3]
    assert paragraphs[0][markers[1].start - 6 : markers[1].end] == "waited²"



def test_bracketed_citations_of_a_reference_list_are_no_markers() -> None:
    """With a "References" heading, a bracketed number naming no note cites the list."""
    from archive.ingest import parse_document

    text = ("Tides of Leith\n\nAnn Lee\n\nThe gauges were read by hand [1], later by float "
            "[2][3]. Both methods drift.\n\nReferences\n\nB. Chen, Gauge Reading, 1990 [1]. "
            "C. Roy, Floats, 1994 [2]. D. Kay, Drift, 2001 [3].\n")
    doc = parse_document(text.encode(), "tides.txt")
    assert not [p for p in doc.problems if p.stage == "markers"]
    assert "by hand [1], later by float [2][3]." in doc.paragraphs[1]
    # Without a reference list, the same brackets are markers whose notes are missing.
    doc = parse_document(text.replace("References\n\n", "").encode(), "tides.txt")
    assert [p.reason for p in doc.problems if p.stage == "markers"][:1] == [
        "marker 1 has no note"]
    # A bracketed number that is a note stays its marker.
    assert [m.number for m in find_markers(["By hand [1].", "References"], {1}, True)] == [1]
    assert [m.number for m in find_markers(["By hand [1].", "References"], set(), True)] == []
