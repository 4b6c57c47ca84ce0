"""A manuscript's byline: bare names under a paper's title, confirmed by what follows.

Every text here is invented for the test.
"""

from __future__ import annotations

import io

from archive.ingest.pipeline import DEFAULT_STAGES, parse_document, run_stages
from archive.ingest.readers.text import read_text
from archive.ingest.stages.manuscript_byline import names_of

BODY = (
    "The lower basin has been surveyed every ten years since the harbour was dredged, and "
    "each survey finds the channel a little shallower than the one before it.\n\n"
    "We compare the gauges kept by the harbour master with the charts of the survey.\n"
)


def parse_as(text: str, format: str):  # noqa: ANN201 - test helper
    doc = read_text(text.encode(), f"paper.{format}")
    doc.format = format  # as the PDF or Word reader would have it
    return run_stages(doc, DEFAULT_STAGES).finish()


def names(doc) -> list[str]:  # noqa: ANN001 - test helper
    return [a.name for a in doc.authors]


def test_names_of_reads_only_lines_of_names() -> None:
    assert names_of("Ann Lee and Bo Chen") == [("Ann Lee", None), ("Bo Chen", None)]
    assert names_of("Ingrid Solvang\ue0001\ue001") == [("Ingrid Solvang", None)]
    assert names_of("Abstract") == []
    assert names_of("ann@leith.example") == []
    assert names_of("The basin fills twice a day.") == []


def test_name_then_date_under_the_title() -> None:
    doc = parse_as(f"Tides of the Lower Basin\n\nIngrid Solvang\n\nAugust 30, 2013\n\n{BODY}",
                   "pdf")
    assert names(doc) == ["Ingrid Solvang"]
    assert doc.subtitle is None
    assert doc.published is not None and doc.published.isoformat() == "2013-08-30"


def test_one_name_a_line_then_an_iso_date() -> None:
    text = (f"Tides of the Lower Basin\n\nIngrid Solvang\n\nTomas Achebe\n\nRuth Okafor\n\n"
            f"2025-12-19\n\n{BODY}")
    doc = parse_as(text, "docx")
    assert names(doc) == ["Ingrid Solvang", "Tomas Achebe", "Ruth Okafor"]
    assert doc.published is not None and doc.published.isoformat() == "2025-12-19"
    assert not any(p.startswith("Ingrid") for p in doc.paragraphs)


def test_name_and_contact_lines_set_as_one_block() -> None:
    """The name, its e-mail and web address printed close together: one block, a byline."""
    text = (f"Tides of the Lower Basin\n\nIngrid Solvang\ningrid@leith.example\n"
            f"www.leith.example\n\nAbstract. {BODY}")
    doc = parse_as(text, "pdf")
    assert names(doc) == ["Ingrid Solvang"]
    assert not any("leith.example" in p for p in doc.paragraphs)
    text = (f"Tides of the Lower Basin\n\nIngrid Solvang\nLeith Tide Works\n"
            f"ingrid@leith.example\n\n{BODY}")
    doc = parse_as(text, "pdf")
    assert names(doc) == ["Ingrid Solvang"]
    assert [a.organization for a in doc.authors[0].affiliations] == ["Leith Tide Works"]
    # A name line followed by prose in the same block is no byline.
    text = (f"Tides of the Lower Basin\n\nIngrid Solvang\nwrote to ingrid@leith.example "
            f"about the gauges.\n\n{BODY}")
    assert names(parse_as(text, "pdf")) == []


def test_name_affiliation_and_mail_lines() -> None:
    text = (f"Tides of the Lower Basin\n\nIngrid Solvang\n\nLeith Tide Works\n\n"
            f"ingrid@leith.example\n\nAbstract\n\n{BODY}")
    doc = parse_as(text, "pdf")
    assert names(doc) == ["Ingrid Solvang"]
    assert [x.organization for x in doc.authors[0].affiliations] == ["Leith Tide Works"]
    assert not any("leith.example" in p for p in doc.paragraphs)


def test_name_and_date_on_one_printed_line() -> None:
    doc = parse_as(f"Tides of the Lower Basin\n\nIngrid Solvang November 17, 2014\n\n{BODY}",
                   "pdf")
    assert names(doc) == ["Ingrid Solvang"]
    assert doc.published is not None and doc.published.isoformat() == "2014-11-17"


def test_an_unconfirmed_line_of_capitalised_words_the_prose_uses_is_not_a_byline() -> None:
    # Capitalised words under a title that the text itself prints in lower case (a
    # heading, a caption): nothing confirms them and they do not read as names.  (A
    # line of words that do read as personal names is the title page's byline:
    # ``stages/title_page.py``, tested in formats/test_pdf_title_page.py.)
    doc = parse_as(f"Tides of the Lower Basin\n\nHarbour Master\n\n{BODY}", "pdf")
    assert doc.authors == []


def test_word_author_paragraphs_the_properties_confirm() -> None:
    from docx import Document

    word = Document()
    word.add_paragraph("Tides of the Lower Basin", style="Title")
    word.add_paragraph("Ingrid Solvang")
    word.add_paragraph("Tomas Achebe")
    word.add_paragraph("Keywords tide gauges")
    for paragraph in BODY.strip().split("\n\n"):
        word.add_paragraph(paragraph)
    word.core_properties.author = "Ingrid Solvang; Tomas Achebe"
    buffer = io.BytesIO()
    word.save(buffer)
    doc = parse_document(buffer.getvalue(), "draft.docx")
    assert names(doc) == ["Ingrid Solvang", "Tomas Achebe"]


def test_pdf_conference_paper_title_block() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for block in ("Tides of the Lower Basin", "Ingrid Solvang", "Leith Tide Works",
                  "ingrid@leith.example", "Abstract", *BODY.strip().split("\n\n")):
        pdf.multi_cell(0, 6, block, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
    doc = parse_document(bytes(pdf.output()), "paper.pdf")
    assert names(doc) == ["Ingrid Solvang"]
    assert [x.organization for x in doc.authors[0].affiliations] == ["Leith Tide Works"]


def test_inverted_list_reads_surname_initials_and_markers() -> None:
    from archive.ingest.stages.manuscript_byline import inverted_list

    assert inverted_list("Authors: Lee, A. B. 1,2, Chen, B. 3 and Dorn, C.*") == [
        ("A. B. Lee", ["1", "2"]), ("B. Chen", ["3"]), ("C. Dorn", ["*"])]
    assert inverted_list("Tides of the basin, A. Lee says.") == []
    assert inverted_list("The basin fills twice a day.") == []


def test_inverted_author_list_with_marked_affiliation_lines() -> None:
    text = ("Tides of the Lower Basin\n\nAuthors: Lee, A. B. * 1, Chen, B. 2, Dorn, C. 1\n\n"
            "1 Harbour Institute, Quay Road, Leith LT4 2XX\n\n"
            "2 University of Brest, Department of Oceanography, Brest\n\n"
            "*: ann.lee@leith.example\n\n" + BODY)
    doc = parse_as(text, "docx")
    assert names(doc) == ["A. B. Lee", "B. Chen", "C. Dorn"]
    assert [[x.organization for x in a.affiliations] for a in doc.authors] == [
        ["Harbour Institute, Quay Road, Leith LT4 2XX"],
        ["University of Brest, Department of Oceanography, Brest"],
        ["Harbour Institute, Quay Road, Leith LT4 2XX"],
    ]
    assert not any("Harbour Institute" in p or "leith.example" in p for p in doc.paragraphs)


def test_inverted_list_without_label_or_affiliations_is_left_alone() -> None:
    doc = parse_as(f"Tides of the Lower Basin\n\nLee, A. B., Chen, B.\n\n{BODY}", "pdf")
    assert doc.authors == []


def test_numbered_affiliations_are_left_to_the_title_page_rules() -> None:
    text = ("Tides of the Lower Basin\n\nAnn Lee1, Bo Chen2\n\n"
            "1 Department of Oceanography, University of Leith\n\n"
            "2 Tide Laboratory, Brest\n\nann@leith.example, bo@brest.example\n\n"
            "Abstract\n\n" + BODY)
    doc = parse_as(text, "pdf")
    assert names(doc) == ["Ann Lee", "Bo Chen"]
    assert [[x.organization for x in a.affiliations] for a in doc.authors] == [
        ["Department of Oceanography, University of Leith"], ["Tide Laboratory, Brest"]]


def test_the_properties_author_an_organisation_printed_before_the_date() -> None:
    from archive.ingest.readers.common import split_names

    # Document properties naming an organisation: its commas and "and" are its own.
    assert split_names(["Tide Group, Survey and Charts, HLA"]) == [
        "Tide Group, Survey and Charts, HLA"]
    assert split_names(["Lee, Ann and Chen, Bo"]) == ["Ann Lee", "Bo Chen"]

    def parse(stated: list[str]):  # noqa: ANN202 - test helper
        text = "Tides of the Lower Basin\n\nTide Group, Survey and Charts, HLA, June 3, 2022\n\n"
        doc = read_text((text + BODY).encode(), "paper.pdf")
        doc.format, doc.hints.authors = "pdf", stated
        return run_stages(doc, DEFAULT_STAGES).finish()

    doc = parse(["Tide Group, Survey and Charts, HLA"])
    assert names(doc) == ["Tide Group, Survey and Charts, HLA"]
    assert doc.published_raw == "June 3, 2022"
    # Without the properties' word, an organisation before a date may be the publisher.
    assert names(parse([])) == []
