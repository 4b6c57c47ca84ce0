"""PDF text across page breaks and wrapped note lines, on PDFs built here with fpdf2."""

from __future__ import annotations

import datetime as dt

from archive.ingest.pipeline import parse_document

TITLE = "Ferry Lines of the Outer Islands"


def pdf(pages: list[list[str]]) -> bytes:
    """One PDF page per list; each string a line, "" a paragraph gap (nothing wraps)."""
    from fpdf import FPDF

    document = FPDF(format="A4")
    document.set_auto_page_break(False)
    document.set_font("Helvetica", size=10)
    for lines in pages:
        document.add_page()
        for line in lines:
            if line:
                document.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
            else:
                document.ln(5)
    return bytes(document.output())


FRONT = [TITLE, "", "By Maren Holt", "", "May 5, 2019", ""]
# Full-width lines, so a page break after one of them says nothing by its length.
P1 = [
    "The ferries stopped at every island twice a week, carrying mail, fuel and",
    "passengers between the harbours of the outer chain and the mainland port.1",
]
P2_TOP = [
    "Timetables changed with the seasons, and in the darkest months the service",
    "was cut back to a single boat that left the mainland on Tuesday mornings and",
]
P2_BOTTOM = [
    "called at the larger harbours on its way out to the farthest of the islands.",
    "Smaller piers were served on request.2",
]
P3 = [
    "A new pier opened on the northern island in 2015, and the crossing time fell",
    "by nearly an hour for the families who lived at the far end of the chain.",
]
P4 = [
    "Ferries are still the only link for most islanders, whatever the weather, and",
    "the council has promised to keep the winter service for another decade.3",
]
NOTES = [
    "1 Island Council, Ferry Report (Kirkwall: Council Press, 2018), 4.",
    '2 Maren Holt, "Winter Boats," Journal of Island Studies, no. 3 vol.',
    "5 (2019): 199-215.",
    "3 Harbour Trust, Annual Review of the Northern Piers, 2020.",
]


def test_paragraphs_across_page_breaks_and_notes_at_the_top_of_a_page() -> None:
    """A paragraph running on is joined; one ending at the page bottom is not; notes are found.

    Page 1 ends mid-sentence ("… and") and page 2 goes on in lower case: one paragraph.
    Page 2 ends a paragraph with a short finished line and page 3 starts a new one.
    Page 3 ends with a finished line and page 4 opens with note 1: the notes list.
    """
    data = pdf(
        [
            FRONT + P1 + [""] + P2_TOP,
            P2_BOTTOM,
            P3 + [""] + P4,
            NOTES,
        ]
    )
    doc = parse_document(data, "ferries.pdf")
    assert (doc.title, [a.name for a in doc.authors], doc.published) == (
        TITLE,
        ["Maren Holt"],
        dt.date(2019, 5, 5),
    )
    assert doc.paragraphs == [
        " ".join(P1)[:-1],
        " ".join(P2_TOP + P2_BOTTOM)[:-1],
        " ".join(P3),
        " ".join(P4)[:-1],
    ]
    assert [(n.number, n.paragraph) for n in doc.footnotes] == [(1, 1), (2, 2), (3, 4)]
    # The wrapped line "5 (2019): …" is not note 5: note 3 is still to come.
    assert doc.footnotes[1].text == (
        'Maren Holt, "Winter Boats," Journal of Island Studies, no. 3 vol. 5 (2019): 199-215.'
    )
    assert doc.problems == []


def test_notes_at_the_top_of_a_page_after_a_full_last_line() -> None:
    """Even when the page's last body line is full, a page opening with note 1 opens the notes."""
    data = pdf([FRONT + P1 + [""] + P3 + [""] + P4, NOTES[:1]])
    doc = parse_document(data, "ferries.pdf")
    assert [(n.number, n.text) for n in doc.footnotes] == [
        (1, "Island Council, Ferry Report (Kirkwall: Council Press, 2018), 4.")
    ]
    assert len(doc.paragraphs) == 3


def test_wrapped_note_line_starting_with_a_number_ahead() -> None:
    """ "… no. 3 vol." / "5 (2019): 199-215." is one note while note 3 is still to come."""
    data = pdf([FRONT + P1 + [""] + P2_TOP + P2_BOTTOM + [""] + P4 + ["", "", *NOTES]])
    doc = parse_document(data, "ferries.pdf")
    assert [n.number for n in doc.footnotes] == [1, 2, 3]
    assert doc.footnotes[1].text.endswith("no. 3 vol. 5 (2019): 199-215.")
    assert doc.footnotes[2].text == "Harbour Trust, Annual Review of the Northern Piers, 2020."
    assert not [p for p in doc.problems if p.field == "footnotes"]
