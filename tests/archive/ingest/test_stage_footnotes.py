"""Notes region and note assembly on invented notes."""

from archive.ingest.stages.blocks import split_blocks
from archive.ingest.stages.footnotes import run as assemble
from archive.ingest.stages.notes_split import find_notes
from archive.ingest.stages.notes_split import run as split_notes
from archive.ingest.working import WorkingDocument


def notes_of(text: str) -> WorkingDocument:
    doc = WorkingDocument(data=b"", filename="t.txt", lines=text.split("\n"))
    doc.blocks = split_blocks(doc.lines)
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
