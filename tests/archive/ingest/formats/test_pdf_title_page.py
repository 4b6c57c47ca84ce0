"""A PDF's first page as publishers set it: a masthead above the title, the byline
under it.  PDFs built here with fpdf2; the words are invented."""

from __future__ import annotations

from archive.ingest.pipeline import parse_document

BODY = (
    "Lanterns were lit along the quay every evening, and the keepers walked the length of "
    "the harbour wall twice before midnight to trim the wicks and refill the oil. "
) * 3


def first_page(lines: list[tuple[str, float, str]]) -> bytes:
    """One PDF: ``lines`` (text, size, style; "" a gap of ``size``) then body paragraphs."""
    from fpdf import FPDF

    document = FPDF(format="letter")
    document.set_auto_page_break(True, 20)
    document.add_page()
    for text, size, style in lines:
        if not text:
            document.ln(size)
            continue
        document.set_font("Helvetica", style=style, size=size)
        document.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        document.ln(1)
    document.set_font("Helvetica", size=10)
    for _ in range(6):
        document.multi_cell(0, 5, BODY, new_x="LMARGIN", new_y="NEXT")
        document.ln(3)
    return bytes(document.output())


def test_a_label_above_the_title_is_not_its_subtitle() -> None:
    data = first_page([("ISSUE BRIEF", 10, "B"), ("Why the Harbour Lights Went Dark", 20, "B"),
                       ("By Mirela Ostrova and Tobias Penn", 11, ""), ("June 2022", 10, ""),
                       ("", 6, "")])
    doc = parse_document(data, "brief.pdf")
    assert doc.title == "Why the Harbour Lights Went Dark"
    assert doc.subtitle is None
    assert [a.name for a in doc.authors] == ["Mirela Ostrova", "Tobias Penn"]
    assert doc.kind == "brief"


def test_a_masthead_does_not_hide_the_byline_under_the_title() -> None:
    data = first_page([("Harbour Authority of Westmere", 9, ""), ("Staff Paper 21-07", 9, ""),
                       ("", 10, ""), ("Harbour Lighting and the Price of Lamp Oil", 18, "B"),
                       ("", 6, ""), ("Mirela K. Ostrova and Tobias Penn", 12, ""),
                       ("March 2021", 11, ""), ("", 6, "")])
    doc = parse_document(data, "staff.pdf")
    assert doc.title == "Harbour Lighting and the Price of Lamp Oil"
    assert doc.subtitle is None
    assert [a.name for a in doc.authors] == ["Mirela K. Ostrova", "Tobias Penn"]
    assert doc.published_raw == "March 2021"
    assert doc.kind == "working-paper"


def test_a_title_with_a_colon_under_a_journal_header_keeps_its_subtitle() -> None:
    data = first_page([("Annals of Harbour Studies 12(3): 45-67, 2020", 8, ""), ("", 4, ""),
                       ("Harbour Lighting: Evidence from the Northern Quays", 16, "B"),
                       ("Mirela Ostrova1 and Tobias Penn2", 11, ""),
                       ("1 Department of History, University of Westmere", 9, ""),
                       ("2 Institute of Maritime Studies, Eastport", 9, ""), ("", 6, "")])
    doc = parse_document(data, "article.pdf")
    assert (doc.title, doc.subtitle) == ("Harbour Lighting", "Evidence from the Northern Quays")
    assert [a.name for a in doc.authors] == ["Mirela Ostrova", "Tobias Penn"]


def test_a_bare_line_of_names_under_the_title_is_the_byline() -> None:
    data = first_page([("Harbour Lighting and the Price of Lamp Oil", 18, "B"), ("", 4, ""),
                       ("Mirela Ostrova, Tobias Penn, and Ida Marsh", 12, ""), ("", 6, "")])
    doc = parse_document(data, "paper.pdf")
    assert [a.name for a in doc.authors] == ["Mirela Ostrova", "Tobias Penn", "Ida Marsh"]
    assert not doc.paragraphs[0].startswith("Mirela")


def test_names_set_one_a_line_in_capitals_are_the_byline() -> None:
    data = first_page([("HARBOUR LIGHTING AND THE PRICE OF LAMP OIL", 18, "B"), ("", 6, ""),
                       ("MIRELA OSTROVA", 11, ""), ("TOBIAS PENN", 11, ""), ("", 6, "")])
    doc = parse_document(data, "paper.pdf")
    assert [a.name.casefold() for a in doc.authors] == ["mirela ostrova", "tobias penn"]


def test_a_title_case_phrase_the_prose_uses_in_lower_case_is_no_byline() -> None:
    # "Harbour Walls" and "Lamp Keepers" read like names by their form; the body
    # prints "harbour", "walls", "lamp" and "keepers" in lower case: a heading.
    data = first_page([("Harbour Lighting and the Price of Lamp Oil", 18, "B"), ("", 4, ""),
                       ("Harbour Walls and Lamp Keepers", 12, ""), ("", 6, ""),
                       ("Lamp keepers trimmed the wicks on the harbour walls.", 10, "")])
    doc = parse_document(data, "paper.pdf")
    assert doc.authors == []


def test_a_salutation_is_no_byline() -> None:
    data = first_page([("Harbour Lighting and the Price of Lamp Oil", 18, "B"), ("", 4, ""),
                       ("Dear Editors,", 11, ""), ("", 6, "")])
    doc = parse_document(data, "letter.pdf")
    assert doc.authors == []


def test_the_body_printed_above_the_title_is_the_publisher() -> None:
    data = first_page([("Harbour Authority of Westmere", 11, "B"), ("", 20, ""),
                       ("The State of the Harbour Lights", 24, "B"), ("", 10, ""),
                       ("September 2020", 11, ""), ("", 6, "")])
    doc = parse_document(data, "report.pdf")
    assert doc.title == "The State of the Harbour Lights"
    assert doc.publisher == "Harbour Authority of Westmere"
    # A series and its number above the title say nothing of who publishes it.
    data = first_page([("Research Paper Series 2020-4", 9, ""), ("", 10, ""),
                       ("The State of the Harbour Lights", 24, "B"), ("", 6, "")])
    assert parse_document(data, "paper.pdf").publisher is None


def test_a_line_in_smaller_large_type_under_the_title_is_its_subtitle() -> None:
    data = first_page([("Lamps of the Northern Quays", 26, "B"), ("Trends and Prospects", 16, ""),
                       ("", 10, ""), ("October 2018", 11, ""), ("", 6, "")])
    doc = parse_document(data, "report.pdf")
    assert (doc.title, doc.subtitle) == ("Lamps of the Northern Quays", "Trends and Prospects")
    # Names, or a line with a date, in that type are no subtitle.
    data = first_page([("Lamps of the Northern Quays", 26, "B"),
                       ("Harbour Lights Group, June 3, 2022", 14, ""), ("", 6, "")])
    assert parse_document(data, "report.pdf").subtitle is None
    data = first_page([("Lamps of the Northern Quays", 26, "B"),
                       ("Mirela Ostrova and Tobias Penn", 14, ""), ("", 6, "")])
    assert parse_document(data, "report.pdf").subtitle is None


def _cover_then_title_page(cover: list[str], cover_size: float, title: list[str]) -> bytes:
    """A series' cover sheet (all one type) on page 1, the paper's title page on page 2."""
    from fpdf import FPDF

    document = FPDF(format="letter")
    document.add_page()
    document.set_font("Helvetica", size=cover_size)
    for text in cover:
        document.multi_cell(0, cover_size * 0.6, text, new_x="LMARGIN", new_y="NEXT")
        document.ln(6)
    document.add_page()
    document.set_font("Helvetica", size=18)
    for text in title:
        document.multi_cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")
    document.ln(6)
    document.set_font("Helvetica", size=10)
    for _ in range(6):
        document.multi_cell(0, 5, BODY, new_x="LMARGIN", new_y="NEXT")
        document.ln(3)
    return bytes(document.output())


def test_behind_a_cover_sheet_the_title_is_the_large_type_of_page_two() -> None:
    cover = ["Westmere Harbour Studies Series", "Harbour Authority of Westmere",
             "Harbour Lighting and the Price of Lamp Oil", "Mirela Ostrova", "2021-07"]
    data = _cover_then_title_page(cover, 11, ["Harbour Lighting and the Price", "of Lamp Oil *"])
    doc = parse_document(data, "series.pdf")
    # The note mark after the title points to the acknowledgement: not part of the title.
    assert doc.title == "Harbour Lighting and the Price of Lamp Oil"
    assert doc.subtitle is None


def test_a_first_page_of_text_is_no_cover_sheet() -> None:
    # Page 1 is a page of prose (no title in larger type): page 2's large type is a
    # section heading, never the title.
    data = _cover_then_title_page([BODY] * 12, 10, ["Harbour Lighting Today"])
    doc = parse_document(data, "prose.pdf")
    assert doc.title != "Harbour Lighting Today"


def test_centred_name_and_affiliation_lines_in_body_type_stay_apart() -> None:
    # Set in the body's type, one under the other with no gap: only the centring says
    # they are separate lines (a name, then an affiliation), not one paragraph.
    from fpdf import FPDF

    document = FPDF(format="letter")
    document.add_page()
    document.set_font("Helvetica", size=18)
    document.multi_cell(0, 9, "Harbour Lighting and the Price of Lamp Oil", align="C",
                        new_x="LMARGIN", new_y="NEXT")
    document.ln(6)
    document.set_font("Helvetica", size=11)
    for text in ("Mirela Ostrova", "Westmere Harbour Research Institute", "March 2021"):
        document.multi_cell(0, 5, text, align="C", new_x="LMARGIN", new_y="NEXT")
    document.ln(6)
    for _ in range(6):
        document.multi_cell(0, 5, BODY, new_x="LMARGIN", new_y="NEXT")
        document.ln(3)
    doc = parse_document(bytes(document.output()), "centred.pdf")
    assert [(a.name, [x.organization for x in a.affiliations]) for a in doc.authors] == [
        ("Mirela Ostrova", ["Westmere Harbour Research Institute"])]
    assert doc.published_raw == "March 2021"


def test_a_name_over_its_affiliation_in_large_type_is_no_subtitle() -> None:
    # Type between the body's and the title's: each line is weighed, not only the whole
    # ("Mirela Ostrova Department of Harbour Studies" reads as no name).
    data = first_page([("Harbour Lighting and the Price of Lamp Oil", 20, ""),
                       ("Mirela Ostrova", 14, ""), ("Department of Harbour Studies", 14, ""),
                       ("m.ostrova@example.org", 14, ""), ("", 6, "")])
    doc = parse_document(data, "paper.pdf")
    assert doc.subtitle is None
    assert [(a.name, [x.organization for x in a.affiliations]) for a in doc.authors] == [
        ("Mirela Ostrova", ["Department of Harbour Studies"])]


def _row_under_title(row: list[str], table: list[str]) -> bytes:
    """A title, ``row`` set side by side on one line under it, then body text with a
    line of ``table`` cells far apart."""
    from fpdf import FPDF

    document = FPDF(format="letter")
    document.add_page()
    document.set_font("Helvetica", size=18)
    document.multi_cell(0, 9, "Harbour Lighting and the Price of Lamp Oil",
                        new_x="LMARGIN", new_y="NEXT")
    document.ln(4)
    document.set_font("Helvetica", size=11)
    for at, text in enumerate(row):
        document.set_x(30 + 36 * at)
        document.cell(50, 6, text)
    document.ln(12)
    document.set_font("Helvetica", size=10)
    for _ in range(3):
        document.multi_cell(0, 5, BODY, new_x="LMARGIN", new_y="NEXT")
        document.ln(3)
    for at, text in enumerate(table):
        document.set_x(30 + 20 * at)
        document.cell(40, 5, text)
    document.ln(8)
    document.multi_cell(0, 5, BODY, new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


def test_names_set_side_by_side_under_the_title_are_separate_authors() -> None:
    # Only the width of the gaps tells "Mirela Ostrova   Tobias Penn" from one name.
    doc = parse_document(_row_under_title(["Mirela Ostrova", "Tobias Penn", "Ivo K. Brandt"],
                                          ["Lamp oil", "Wicks", "Keepers"]), "row.pdf")
    assert [a.name for a in doc.authors] == ["Mirela Ostrova", "Tobias Penn", "Ivo K. Brandt"]
    # Cells of a table far apart: one space between them, as before.
    assert any("Lamp oil Wicks Keepers" in p for p in doc.paragraphs)
    assert not any("\u2003" in p for p in doc.paragraphs)


def test_names_in_small_capitals_joined_by_and_under_the_title() -> None:
    data = first_page([("HARBOUR LIGHTING AND THE PRICE OF LAMP OIL", 14, ""), ("", 6, ""),
                       ("MIRELA OSTROVA AND TOBIAS PENN", 8, ""), ("", 6, "")])
    doc = parse_document(data, "paper.pdf")
    assert [a.name.casefold() for a in doc.authors] == ["mirela ostrova", "tobias penn"]


def test_a_brief_masthead_a_byline_with_a_position_and_a_heading_under_it() -> None:
    data = first_page([("HARBOUR BRIEF | No. 12 | April 2020", 9, ""), ("", 4, ""),
                       ("Harbour Lighting After the Oil Shock", 22, "B"),
                       ("Mirela Ostrova, Senior Fellow, Westmere Harbour Institute", 10, "I"),
                       ("", 6, ""), ("Key Findings", 13, "B")])
    doc = parse_document(data, "brief.pdf")
    # The masthead's items: no name before the date, no day from the series number.
    assert doc.published is None and doc.published_raw == "April 2020"
    # The heading under the byline is no name; the position is no name either.
    assert [(a.name, [x.organization for x in a.affiliations]) for a in doc.authors] == [
        ("Mirela Ostrova", ["Westmere Harbour Institute"])]
    assert doc.kind == "brief"


def test_a_date_alone_under_the_byline_is_a_line_of_its_own() -> None:
    # Set left, in one type, with no gap: only the date's form ends the byline's line.
    from fpdf import FPDF

    document = FPDF(format="letter")
    document.add_page()
    document.set_font("Helvetica", size=22)
    document.multi_cell(0, 11, "Harbour Lighting and the Price of Lamp Oil",
                        new_x="LMARGIN", new_y="NEXT")
    document.ln(6)
    document.set_font("Helvetica", size=10)
    for text in ("Prepared by Mirela Ostrova and Tobias Penn", "September 2021"):
        document.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    document.ln(6)
    for _ in range(6):
        document.multi_cell(0, 5, BODY, new_x="LMARGIN", new_y="NEXT")
        document.ln(3)
    doc = parse_document(bytes(document.output()), "report.pdf")
    assert [a.name for a in doc.authors] == ["Mirela Ostrova", "Tobias Penn"]
    assert doc.published_raw == "September 2021"


def test_a_date_alone_over_the_first_paragraph_is_a_line_of_its_own() -> None:
    data = first_page([("Harbour Lighting and the Price of Lamp Oil", 22, "B"),
                       ("Mirela Ostrova", 11, ""), ("Westmere Harbour Institute", 10, "I"),
                       ("", 6, ""), ("May 2019", 10, "")])
    doc = parse_document(data, "report.pdf")
    assert doc.published_raw == "May 2019"
    assert doc.paragraphs[0].startswith("Lanterns")


def test_names_in_bold_each_over_its_position_under_an_updated_date() -> None:
    data = first_page([("Westmere Research Service", 10, "B"), ("", 8, ""),
                       ("Harbour Lighting and the Price of Lamp Oil", 20, "B"), ("", 4, ""),
                       ("Updated March 3, 2021", 10, ""), ("", 4, ""),
                       ("Mirela Ostrova", 10, "B"), ("Analyst in Harbour Policy", 10, "I"),
                       ("Tobias Penn", 10, "B"), ("Specialist in Maritime Law", 10, "I"),
                       ("", 6, "")])
    doc = parse_document(data, "service.pdf")
    # "Updated March" is the date's label and month, no name.
    assert [a.name for a in doc.authors] == ["Mirela Ostrova", "Tobias Penn"]
    assert doc.published is not None and doc.published.isoformat() == "2021-03-03"


def test_the_issuers_name_in_the_largest_type_is_no_title() -> None:
    data = first_page([("WESTMERE HARBOUR INSTITUTE", 24, "B"), ("", 10, ""),
                       ("Harbour Lighting and the Price of Lamp Oil", 18, "B"),
                       ("Mirela Ostrova and Tobias Penn", 11, ""), ("March 2021", 11, ""),
                       ("", 6, "")])
    doc = parse_document(data, "letterhead.pdf")
    assert (doc.title, doc.subtitle) == ("Harbour Lighting and the Price of Lamp Oil", None)
    assert doc.publisher is not None and doc.publisher.casefold() == "westmere harbour institute"
    # A title naming an organisation among other words stays the title.
    data = first_page([("The Harbour Board and the Lamp Oil Crisis", 24, "B"), ("", 10, ""),
                       ("Evidence from the Northern Quays", 18, ""), ("", 6, "")])
    assert parse_document(data, "title.pdf").title == "The Harbour Board and the Lamp Oil Crisis"
