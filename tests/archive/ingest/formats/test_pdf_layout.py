"""PDF text across page breaks and wrapped note lines, on PDFs built here with fpdf2."""

from __future__ import annotations

import datetime as dt
import re

import pytest

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


# -- what the type says: raised markers, page-bottom notes, running heads, the title ----------

RUNNING_HEAD = "Harbour Review - Working Paper Series"
BIG_TITLE = "Winter Timetables on the Outer Islands"
# Page by page: paragraphs (a marker is "{n}") and the notes set at the foot of the page.
FOOTNOTED = [
    (
        [
            "Ferries ran twice a week in summer.{1} In winter the council cut the service to one "
            "boat, and the islanders asked for more.{2} The boat left the mainland on Tuesday and",
        ],
        [(1, "Island Council, Ferry Report, 2018."), (2, "Letters to the council, 2019.")],
    ),
    (
        [
            "called at every pier on the way out, weather permitting, in 1923 as now.",
            "A second boat was promised for 2025.{3}",
        ],
        [(3, "Council minutes, March 2021, item 4.")],
    ),
]


def _write_marked(document, text: str) -> None:
    size = document.font_size_pt
    for piece in re.split(r"(\{\d+\})", text):
        if re.fullmatch(r"\{\d+\}", piece):
            document.char_vpos = "SUP"
            document.write(6, piece.strip("{}"))
            document.char_vpos = "LINE"
            document.set_font_size(size)  # fpdf2 keeps the raised size otherwise
        elif piece:
            document.write(6, piece)


def footnoted_pdf(notes_heading: bool = False) -> bytes:
    """Footnotes at each page's foot (smaller type, raised numbers), or endnotes under a heading."""
    from fpdf import FPDF

    document = FPDF(format="A4")
    document.set_auto_page_break(False)
    document.set_margins(20, 20, 20)
    document.set_title("Microsoft Word - draft1.docx")  # weak properties
    endnotes = []
    for number, (paragraphs, notes) in enumerate(FOOTNOTED, 1):
        document.add_page()
        document.set_font("Helvetica", size=8)
        document.set_xy(20, 10)
        document.cell(0, 5, RUNNING_HEAD)
        document.set_xy(20, 25)
        if number == 1:
            document.set_font("Helvetica", "B", size=18)
            document.multi_cell(0, 9, BIG_TITLE, new_x="LMARGIN", new_y="NEXT")
            document.ln(4)
            document.set_font("Helvetica", size=11)
            document.write(6, "By Maren Holt")
            document.ln(10)
            document.write(6, "May 5, 2019")
            document.ln(10)
        document.set_font("Helvetica", size=11)
        for paragraph in paragraphs:
            _write_marked(document, paragraph)
            document.ln(9)
        if notes_heading:
            endnotes += notes
        else:
            document.set_xy(20, 250)
            for note, text in notes:
                document.set_font("Helvetica", size=8)
                _write_marked(document, f"{{{note}}}{text}")
                document.ln(5)
        document.set_font("Helvetica", size=9)
        document.set_xy(20, 282)
        document.cell(0, 5, str(number), align="C")
    if notes_heading:
        document.ln(8)
        document.set_font("Helvetica", "B", size=11)
        document.set_x(20)
        document.write(6, "Notes")
        document.ln(8)
        document.set_font("Helvetica", size=9)
        for note, text in endnotes:
            document.write(5, f"{note}. {text}")
            document.ln(5)
    return bytes(document.output())


def _expected_paragraphs() -> list[str]:
    texts = [p for paragraphs, _ in FOOTNOTED for p in paragraphs]
    joined = [texts[0] + " " + texts[1], texts[2]]  # the first runs on across the page break
    return [re.sub(r"\{\d+\}", "", p) for p in joined]


@pytest.mark.parametrize("notes_heading", [False, True], ids=["page-bottom", "endnotes"])
def test_raised_markers_and_notes_are_exact(notes_heading: bool) -> None:
    """Raised numbers are the markers, "1923" and "2025" stay; running heads and page numbers
    go; the title is the largest type, not the properties' "Microsoft Word - …"."""
    doc = parse_document(footnoted_pdf(notes_heading), "ferries.pdf")
    assert doc.title == BIG_TITLE
    assert [a.name for a in doc.authors] == ["Maren Holt"]
    assert doc.paragraphs == _expected_paragraphs()
    notes = [(n.number, n.text) for n in doc.footnotes]
    assert notes == [(n, t) for _, page in FOOTNOTED for n, t in page]
    first, second = doc.paragraphs
    anchors = [(n.paragraph, n.offset) for n in doc.footnotes]
    assert anchors == [
        (1, first.index(" In winter")),
        (1, first.index(" The boat")),
        (2, len(second)),
    ]
    assert RUNNING_HEAD not in doc.text and "Review" not in doc.text
    assert not re.search(r"(?m)^\d$", doc.text)
    assert doc.problems == []


def _styled_pdf(lines: list[tuple[str, str, float]], title: str | None = None) -> bytes:
    """One page; each line (text, style "" or "B", size in points); ``title``: properties."""
    from fpdf import FPDF

    document = FPDF(format="A4")
    if title:
        document.set_title(title)
    document.set_auto_page_break(False)
    document.add_page()
    document.set_y(40)
    for text, style, size in lines:
        document.set_font("Helvetica", style, size)
        document.cell(0, size * 0.6, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


BODY = [
    ("The board proposes to change the rules for the harbour cranes, which have", "", 10),
    ("failed twice this year, and asks for comments from all who use them before", "", 10),
    ("the rules are settled at the end of the summer, when the cranes are idle.", "", 10),
] * 4


def test_a_type_label_in_large_type_is_not_the_title_the_bold_lines_above_the_text_are() -> None:
    lines = [
        ("This section holds notices to the public of rules the board", "", 8),
        ("proposes, so that those concerned may comment on them before", "", 8),
        ("the rules are adopted, as the harbour law requires of it,", "", 8),
        ("within the time it sets for them.", "", 8),
        ("Proposed Rules", "B", 18),
        ("HARBOUR BOARD", "B", 10),
        ("Docket No. 2020-17", "B", 8),
        ("Crane Safety; Harbour Cranes of the", "B", 10),
        ("Northern Quay", "B", 10),
        *BODY,
    ]
    doc = parse_document(_styled_pdf(lines), "cranes.pdf")
    assert doc.title == "Crane Safety; Harbour Cranes of the Northern Quay"


def test_a_letter_spaced_masthead_or_an_address_is_not_the_title() -> None:
    lines = [
        ("H A R B O U R N O T E S", "B", 22),
        ("harbour-notes.example.org", "", 20),
        ("Crane Safety on the Northern Quay", "B", 16),
        *BODY,
    ]
    doc = parse_document(_styled_pdf(lines), "cranes.pdf")
    assert doc.title == "Crane Safety on the Northern Quay"


def test_the_lines_that_read_as_the_files_stated_title_are_the_title() -> None:
    lines = [
        ("NORTHERN HARBOUR BOARD", "B", 24),
        ("Tides of the Quay:", "B", 16),
        ("What the Records Show", "B", 16),
        *BODY,
    ]
    assert parse_document(_styled_pdf(lines), "tides.pdf").title == "NORTHERN HARBOUR BOARD"
    doc = parse_document(_styled_pdf(lines, title="Tides of the Quay: What the Records Show"),
                         "tides.pdf")
    assert (doc.title, doc.subtitle) == ("Tides of the Quay", "What the Records Show")


def test_spacing_accents_of_a_tex_font_join_their_letters() -> None:
    """A TeX font's accent is a glyph before its letter: "Universit´e" reads "Université"."""
    from archive.ingest.readers.pdf_layout import compose_accents, lines_of

    assert compose_accents("Universit´e de Leith, na¨ıve, ´Ecole, Ca˜nada") == (
        "Université de Leith, naïve, École, Cañada")
    # A backquote is a grave accent only between letters that compose ("l`a" is "là").
    assert compose_accents("voil`a, `code` and a`b") == "voilà, `code` and a`b"
    # The accent ending one span of the line, its letter opening the next.
    page = [595, 842, [[72, 300, [["Universit´", 10, 100, 0], ["e de Leith", 10, 100, 0]]]]]
    assert lines_of([page])[0].text == "Université de Leith"
    doc = parse_document(pdf([[TITLE, "", "By Maren Holt", "", "Universit\u00b4e de Leith", "",
                               *P1]]), "ferries.pdf")
    assert "Université de Leith" in "\n".join([*doc.paragraphs, *(
        org.organization for a in doc.authors for org in a.affiliations)])


def test_a_c1_control_character_from_an_unmapped_glyph_is_no_text() -> None:
    """A symbol font's glyph mapped to nothing printable comes as a C1 control: dropped."""
    from archive.ingest.readers.pdf_layout import lines_of

    page = [595, 842, [[72, 300, [["Maren Holt", 12, 100, 0], ["\x84", 8, 96, 0],
                                  [" and Ivo Brandt", 12, 100, 0]]]]]
    assert lines_of([page])[0].text == "Maren Holt and Ivo Brandt"


def test_a_raised_range_of_note_numbers_is_read_not_a_crash() -> None:
    """A raised citation range ("…the quay.1–3") names notes 1 to 3."""
    from fpdf import FPDF

    document = FPDF(format="letter")
    document.add_page()
    document.set_font("Helvetica", size=18)
    document.cell(0, 10, "Tides of the Quay", new_x="LMARGIN", new_y="NEXT")
    document.set_font("Helvetica", size=10)
    for _ in range(3):
        document.write(5, "The keepers walked the harbour wall twice before midnight to trim "
                          "the wicks and refill the oil of every lantern on the quay.")
        document.char_vpos = "SUP"
        document.write(5, "1-3")
        document.char_vpos = "LINE"
        document.write(5, " They did so every evening of the year, in every weather. " * 3)
        document.ln(8)
    doc = parse_document(bytes(document.output()), "tides.pdf")
    assert doc.title == "Tides of the Quay"
