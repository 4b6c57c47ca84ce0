"""Notes region and note assembly on invented notes."""

from archive.ingest.stages.blocks import split_blocks, without_editor_variables
from archive.ingest.stages.footnotes import run as assemble
from archive.ingest.stages.notes_split import find_notes
from archive.ingest.stages.notes_split import run as split_notes
from archive.ingest.working import WorkingDocument


def notes_of(text: str) -> WorkingDocument:
    doc = WorkingDocument(data=b"", filename="t.txt", lines=text.split("\n"))
    doc.blocks = split_blocks(without_editor_variables(doc.lines))
    doc.body_blocks = list(doc.blocks)
    split_notes(doc)
    assemble(doc)
    return doc


def test_wrapped_notes_and_number_led_continuations() -> None:
    doc = notes_of(
        "Body.\n\n"
        "1 A. Author, A Long Book (City: Press,\n"
        "2004), 12-19.\n"
        "2. B. Writer, “An Article,” Journal 7, no.\n"
        "3 (2011): 4.\n"
        "3) 1999, a year later.\n"
        "[4] C. Critic, Report, March\n"
        "12, 2018."
    )
    assert [(n.number, n.text) for n in doc.notes] == [
        (1, "A. Author, A Long Book (City: Press, 2004), 12-19."),
        (2, "B. Writer, “An Article,” Journal 7, no. 3 (2011): 4."),
        (3, "1999, a year later."),
        (4, "C. Critic, Report, March 12, 2018."),
    ]
    assert [n.line for n in doc.notes] == [3, 5, 7, 8]
    assert doc.problems == []


def test_notes_after_a_heading_and_blank_lines() -> None:
    doc = notes_of("Body one.\n\nBody two.\n\nNotes\n\n1 First.\n\n2 Second.\n")
    assert [b.text for b in doc.body_blocks] == ["Body one.", "Body two."]
    assert [(n.number, n.text) for n in doc.notes] == [(1, "First."), (2, "Second.")]


def test_gap_and_duplicate_are_reported() -> None:
    doc = notes_of("Body.\n\n1 One.\n2 Two.\n2 Two again.\n5 Five.\n")
    assert [n.number for n in doc.notes] == [1, 2, 2, 5]
    assert [(p.line, p.reason) for p in doc.problems] == [
        (5, "duplicate note number 2"),
        (6, "note numbering gap: no note 3, 4"),
    ]


def test_no_notes_when_the_document_does_not_end_with_them() -> None:
    blocks = split_blocks("Title\n\n1 in 5 adults agree.\n\nThat is all.".split("\n"))
    assert find_notes(blocks) is None
    blocks = split_blocks("Title\n\nBody.\n\n2 Not a first note.".split("\n"))
    assert find_notes(blocks) is None


def test_a_number_ahead_is_a_wrapped_line_while_the_expected_note_is_to_come() -> None:
    """ "… vol." / "21 (2019): 199-515." under note 19 is note 19's line: note 20 follows."""
    doc = notes_of(
        "Body.\n\n"
        + "\n".join(f"{n} Source number {n}." for n in range(1, 19))
        + "\n19 A. Writer, “Dunes,” Desert Studies, no. 2 vol.\n"
        "21 (2019): 199-515.\n"
        "20 B. Writer, Salt (Cairo: Nile Press, 2001), 7.\n"
        "21 C. Writer, “Caravans,” 2003.\n"
    )
    assert [n.number for n in doc.notes] == list(range(1, 22))
    assert doc.notes[18].text == (
        "A. Writer, “Dunes,” Desert Studies, no. 2 vol. 21 (2019): 199-515."
    )
    assert doc.notes[19].text == "B. Writer, Salt (Cairo: Nile Press, 2001), 7."
    assert doc.problems == []


def test_a_real_gap_still_opens_a_note_but_a_number_led_wrap_does_not() -> None:
    """With note 3 nowhere, "5 Five." is note 5 (a gap, reported); "9 (2007): 4." at the end
    continues the note above: it follows "vol." and a note does not open with "(2007)"."""
    doc = notes_of("Body.\n\n1 One.\n2 Two.\n5 Five.\n6 Six, vol.\n9 (2007): 4.\n")
    assert [(n.number, n.text) for n in doc.notes] == [
        (1, "One."),
        (2, "Two."),
        (5, "Five."),
        (6, "Six, vol. 9 (2007): 4."),
    ]
    assert [p.reason for p in doc.problems] == ["note numbering gap: no note 3, 4"]


def test_the_next_number_on_a_wrapped_line_when_the_note_follows_an_address() -> None:
    """ "no. 1 vol." / "2 (1990): 4. https://…" / "2 Next…": the doubtful "2" is a wrapped
    line, even though the line before the real note 2 (an address) does not look finished."""
    doc = notes_of(
        "Body.\n\n1 A. Writer, “Salt,” Journal, no. 1 vol.\n"
        "2 (1990): 252-596. https://example.org/salt\n"
        "2 B. Writer, Caravans (Cairo: Nile Press, 2022), 228.\n"
    )
    assert [(n.number, n.text) for n in doc.notes] == [
        (1, "A. Writer, “Salt,” Journal, no. 1 vol. 2 (1990): 252-596. https://example.org/salt"),
        (2, "B. Writer, Caravans (Cairo: Nile Press, 2022), 228."),
    ]
    assert doc.problems == []


def test_a_doubtful_note_whose_number_wraps_a_later_note_still_opens() -> None:
    """ "2 B. Writer" follows an address (unfinished) and "2" opens a later wrapped line, but
    that line comes after note 3: note 2 is real."""
    doc = notes_of(
        "Body.\n\n1 A. Writer, Journal, 2001.\nhttps://example.org/a\n"
        "2 B. Writer, Book, 2002.\n3 C. Writer, Journal, no.\n2 vol. 4 (1999): 5-6.\n"
    )
    assert [(n.number, n.text) for n in doc.notes] == [
        (1, "A. Writer, Journal, 2001. https://example.org/a"),
        (2, "B. Writer, Book, 2002."),
        (3, "C. Writer, Journal, no. 2 vol. 4 (1999): 5-6."),
    ]


def test_the_last_note_wrapping_onto_the_next_number() -> None:
    """ "… no. 2 vol." / "3 (1951): 243-557." at the very end: the volume's number, not note 3."""
    doc = notes_of(
        "Body.\n\n1 One.\n2 B. Writer, “Salt,” Journal, no. 2 vol.\n3 (1951): 243-557.\n"
    )
    assert [(n.number, n.text) for n in doc.notes] == [
        (1, "One."),
        (2, "B. Writer, “Salt,” Journal, no. 2 vol. 3 (1951): 243-557."),
    ]
    assert doc.problems == []


def test_notes_in_brackets_or_parentheses_under_a_ruled_heading() -> None:
    doc = notes_of(
        "Body.\n\n   ---------- Footnotes ----------\n\n"
        "   (1)  Ferries ran twice a day.\n\n   (2) Until the bridge opened.\n"
    )
    assert [b.text for b in doc.body_blocks] == ["Body."]
    assert [(n.number, n.text) for n in doc.notes] == [
        (1, "Ferries ran twice a day."),
        (2, "Until the bridge opened."),
    ]


def test_headed_notes_followed_by_another_section_leave_it_in_the_body() -> None:
    doc = notes_of(
        "Body.\n\nReferences\n==========\n\n.. [1] A first source\n   on two lines.\n"
        ".. [2] A second source.\n\nLicence\n\n   Placed in the public domain.\n"
    )
    assert [b.text for b in doc.body_blocks] == [
        "Body.", "Licence", "Placed in the public domain."
    ]
    assert [(n.number, n.text) for n in doc.notes] == [
        (1, "A first source on two lines."),
        (2, "A second source."),
    ]


def test_an_editor_variables_block_closing_the_file_is_not_text() -> None:
    doc = notes_of(
        "Body.\n\nNotes\n\n    [1] One source.\n\n\n..\n   Local Variables:\n"
        "   mode: indented-text\n   End:\n"
    )
    assert [b.text for b in doc.body_blocks] == ["Body."]
    assert [(n.number, n.text) for n in doc.notes] == [(1, "One source.")]


def test_notes_opening_with_superscript_numbers() -> None:
    doc = notes_of("Body.\n\nNotes\n\n¹ Harbour records, 1901.\n²Tide tables, 1902.\n")
    assert [(n.number, n.text) for n in doc.notes] == [
        (1, "Harbour records, 1901."),
        (2, "Tide tables, 1902."),
    ]
