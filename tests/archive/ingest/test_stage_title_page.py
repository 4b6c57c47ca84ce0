"""A paper's title page: a line of names and the affiliation lines under it.

Every text here is invented for the test.
"""

from __future__ import annotations

from archive.ingest.names import is_person_like
from archive.ingest.pipeline import DEFAULT_STAGES, run_stages
from archive.ingest.readers.text import read_text
from archive.ingest.stages.title_page import affiliation_lines, clean_affiliation, is_affiliation

ABSTRACT = (
    "Abstract\n\nWe measure how quickly the tide fills the lower basin of the estuary and "
    "compare it with the records kept by the harbour master since the war.\n\n"
    "1 Introduction\n\nThe lower basin has been surveyed every ten years.\n"
)


def parse_as(text: str, format: str):  # noqa: ANN201 - test helper
    doc = read_text(text.encode(), f"paper.{format}")
    doc.format = format  # as the PDF or Word reader would have it
    return run_stages(doc, DEFAULT_STAGES).finish()


def organisations(doc) -> list[list[str]]:  # noqa: ANN001 - test helper
    return [[x.organization for x in a.affiliations] for a in doc.authors]


def test_clean_affiliation_leaves_out_postal_details_and_mail() -> None:
    assert clean_affiliation(
        "1Harbour Institute, University of Leith, Box 4411, Leith, LT 20455, Scotland "
        "a.lee@leith.example"
    ) == "Harbour Institute, University of Leith, Leith, LT, Scotland"
    assert clean_affiliation("Tide Laboratory, 12 Quay Street, F-75005 Brest, France") == (
        "Tide Laboratory, Brest, France"
    )


def test_numbered_affiliations_sharing_one_line() -> None:
    assert affiliation_lines(
        "1University of Leith, Leith, UK 2Tide Laboratory, 12 Quay Street, Brest, France"
    ) == [("1", "University of Leith, Leith, UK"), ("2", "Tide Laboratory, Brest, France")]


def test_is_affiliation() -> None:
    assert is_affiliation("Department of Oceanography, University of Leith")
    assert is_affiliation("2Harbour Research Group")
    assert not is_affiliation("The basin fills twice a day.")
    assert not is_affiliation("Ann Lee and Bo Chen")


def test_an_initial_is_not_the_article() -> None:
    assert is_person_like("Rolf A. Zwaan")
    assert not is_person_like("By A Thread")


def test_unmarked_names_with_shared_affiliation_lines_in_a_pdf() -> None:
    text = (
        "Tides of the Lower Basin\n\nAnn Lee, Bo Chen, and Cy Dorn\n\n"
        "Department of Oceanography\n\nUniversity of Leith, Box 4411\n\n"
        "Leith, LT 20455, UK {alee,bchen}@leith.example\n\n" + ABSTRACT
    )
    doc = parse_as(text, "pdf")
    assert [a.name for a in doc.authors] == ["Ann Lee", "Bo Chen", "Cy Dorn"]
    shared = "Department of Oceanography, University of Leith, Leith, LT, UK"
    assert organisations(doc) == [[shared]] * 3
    assert not any(p.field == "authors" for p in doc.problems)
    assert not any("Oceanography" in p for p in doc.paragraphs)


def test_marked_names_over_lines_with_numbered_affiliations() -> None:
    text = (
        "Tides of the Lower Basin\n\nAnn Lee1, Bo Chen1,2,\n\nCy Dorn3 and Di Eng2\n\n"
        "1University of Leith, Leith, UK 2Tide Laboratory, Brest, France "
        "3Harbour Institute, Oslo, Norway\n\n" + ABSTRACT
    )
    doc = parse_as(text, "docx")
    assert [a.name for a in doc.authors] == ["Ann Lee", "Bo Chen", "Cy Dorn", "Di Eng"]
    assert organisations(doc) == [
        ["University of Leith, Leith, UK"],
        ["University of Leith, Leith, UK", "Tide Laboratory, Brest, France"],
        ["Harbour Institute, Oslo, Norway"],
        ["Tide Laboratory, Brest, France"],
    ]


def test_affiliation_lines_under_a_byline() -> None:
    text = (
        "Tides of the Lower Basin\n\nAnn P. Lee1, and Bo R. Chen2\n\n"
        "1Department of Oceanography, University of Leith, 4 Quay Road, Leith, UK\n\n"
        "2(formerly) Tide Laboratory, Brest, France\n\n" + ABSTRACT
    )
    doc = parse_as(text, "pdf")
    assert organisations(doc) == [
        ["Department of Oceanography, University of Leith, Leith, UK"],
        ["(formerly) Tide Laboratory, Brest, France"],
    ]


def test_a_bare_line_of_names_directly_under_the_title_is_the_byline() -> None:
    text = "Tides of the Lower Basin\n\nAnn Lee and Bo Chen\n\n" + ABSTRACT
    assert [a.name for a in parse_as(text, "pdf").authors] == ["Ann Lee", "Bo Chen"]


def test_a_bare_line_of_names_further_down_or_of_words_the_prose_uses_is_not_a_byline() -> None:
    text = "Tides of the Lower Basin\n\n" + ABSTRACT + "\nAnn Lee and Bo Chen\n"
    assert parse_as(text, "pdf").authors == []
    # "Lower Basin", "Harbour Master": capitalised like names, in lower case in the prose.
    text = "Tides of the Lower Basin\n\nLower Basin and Harbour Master\n\n" + ABSTRACT
    assert parse_as(text, "pdf").authors == []


def test_plain_text_is_not_searched_for_a_title_page() -> None:
    text = (
        "Tides of the Lower Basin\n\nAnn Lee and Bo Chen\n\nUniversity of Leith\n\n" + ABSTRACT
    )
    assert parse_as(text, "text").authors == []


def test_names_alone_under_the_title_with_a_date_are_the_byline() -> None:
    text = "Tides of the Lower Basin\n\nAnn Lee\n\n2 May 2020\n\n" + ABSTRACT
    doc = parse_as(text, "docx")
    assert [a.name for a in doc.authors] == ["Ann Lee"] and doc.subtitle is None
    text = "Tides of the Lower Basin\n\nA Survey of the Quays\n\n2 May 2020\n\n" + ABSTRACT
    assert parse_as(text, "docx").subtitle == "A Survey of the Quays"


def test_a_letter_is_signed_by_its_author() -> None:
    letter = ("Dear Editors,\n\nPlease consider our manuscript on the tides of the lower basin "
              "for publication in your journal; it reports ten years of gauge records.\n\n"
              "We look forward to your decision.\n\nKind regards,\n\nAnn Lee\n"
              "Department of Oceanography, University of Leith\nann@leith.example\n")
    doc = parse_as(letter, "docx")
    [author] = doc.authors
    assert author.name == "Ann Lee"
    assert [x.organization for x in author.affiliations] == [
        "Department of Oceanography, University of Leith"]
    unsigned = letter.replace("Kind regards,\n\nAnn Lee", "Kind regards,\n\nThe harbour team")
    assert parse_as(unsigned, "docx").authors == []


def test_a_signature_address_block_is_the_signers_affiliation() -> None:
    # Organisation lines, then street and town: one address; street, postal code and
    # the contact lines go. The first line names no organisation by a word of its own.
    letter = ("Dear Editors,\n\nPlease consider our manuscript on the tides of the lower basin "
              "for publication in your journal.\n\nSincerely,\n\nAnn Lee\n"
              "Tides and Quays Scotland\nLower Basin Survey Centre\n12 Dock Road, Leith\n"
              "EH6 6QQ, Scotland\nE-mail: ann@leith.example\nPhone: 0131 555 0100\n")
    [author] = parse_as(letter, "docx").authors
    assert author.name == "Ann Lee"
    assert [x.organization for x in author.affiliations] == [
        "Tides and Quays Scotland, Lower Basin Survey Centre, Leith, Scotland"]


def test_markers_set_apart_by_spaces() -> None:
    text = (
        "Tides of the Lower Basin\n\nAnn Lee 1 , Bo Chen 2 , and Cy Dorn 1\n\n"
        "1 University of Leith, Leith, UK\n\n2 Tide Laboratory, Brest, France\n\n" + ABSTRACT
    )
    doc = parse_as(text, "pdf")
    assert [a.name for a in doc.authors] == ["Ann Lee", "Bo Chen", "Cy Dorn"]
    assert organisations(doc) == [["University of Leith, Leith, UK"],
                                  ["Tide Laboratory, Brest, France"],
                                  ["University of Leith, Leith, UK"]]


def test_superscript_markers() -> None:
    text = (
        "Tides of the Lower Basin\n\nAnn Lee¹, Bo Chen¹² and Cy Dorn²\n\n"
        "¹ University of Leith, Leith, UK\n\n² Tide Laboratory, Brest, France\n\n" + ABSTRACT
    )
    doc = parse_as(text, "pdf")
    assert [a.name for a in doc.authors] == ["Ann Lee", "Bo Chen", "Cy Dorn"]
    assert organisations(doc)[2] == ["Tide Laboratory, Brest, France"]


def test_each_name_followed_by_its_own_affiliation_lines() -> None:
    """'A / A's affiliation / B / B's affiliation': each author keeps their own lines."""
    text = ("Tides of the Lower Basin\n\nIngrid Solvang\n\nUniversity of Leith and CTPR\n\n"
            "Tomas Achebe\n\nNorth Sea Tide Institute\n\nRuth Okafor\n\n"
            "Brest Harbour University, CTPR and OFRB\n\nThis Draft: March 2014\n\n" + ABSTRACT)
    doc = parse_as(text, "pdf")
    assert [a.name for a in doc.authors] == ["Ingrid Solvang", "Tomas Achebe", "Ruth Okafor"]
    assert organisations(doc) == [["University of Leith", "CTPR"], ["North Sea Tide Institute"],
                                  ["Brest Harbour University", "CTPR", "OFRB"]]
    assert [a.position for a in doc.authors] == [1, 2, 3]
    # One line of names over shared lines: a department's university stays with it.
    text = ("Tides of the Lower Basin\n\nIngrid Solvang and Tomas Achebe\n\n"
            "Department of Hydrography, University of Leith and CTPR\n\n" + ABSTRACT)
    assert organisations(parse_as(text, "pdf")) == [
        ["Department of Hydrography, University of Leith and CTPR"]] * 2


def test_a_heading_the_format_marks_is_never_the_byline() -> None:
    """A Word Heading style or a Markdown "##" under the title is a section, not names."""
    import io

    from docx import Document

    from archive.ingest.pipeline import parse_document

    body = ("The harbour at Leith has changed more in ten years than in the century before, "
            "and the people who work there watched it.")
    document = Document()
    document.add_paragraph("Tides of Leith", style="Title")
    document.add_paragraph("Harbour Works", style="Heading 2")
    document.add_paragraph(body)
    saved = io.BytesIO()
    document.save(saved)
    doc = parse_document(saved.getvalue(), "tides.docx")
    assert doc.authors == []
    assert doc.paragraphs[0] == "Harbour Works"
    doc = parse_document(f"# Tides of Leith\n\n## Harbour Works\n\n{body}\n".encode(), "tides.md")
    assert doc.authors == []
    # A plain paragraph of names under the title is still the byline.
    document = Document()
    document.add_paragraph("Tides of Leith", style="Title")
    document.add_paragraph("Ingrid Solvang")
    document.add_paragraph(body)
    saved = io.BytesIO()
    document.save(saved)
    assert [a.name for a in parse_document(saved.getvalue(), "tides.docx").authors] == [
        "Ingrid Solvang"]


def test_names_and_affiliation_held_before_a_date_are_the_byline() -> None:
    # The front stage keeps the name and affiliation lines out of the body (a date
    # follows), unrecognised: read there, they are the byline and its affiliation.
    text = ("Harbour Lighting and the Price of Lamp Oil\n\nMirela Ostrova and Tobias Penn\n\n"
            "Westmere Harbour Institute\n\nMarch 2021\n\n" + ABSTRACT)
    doc = parse_as(text, "pdf")
    assert [a.name for a in doc.authors] == ["Mirela Ostrova", "Tobias Penn"]
    assert organisations(doc) == [["Westmere Harbour Institute"]] * 2
    assert not [p for p in doc.problems if p.stage == "front"]


def test_an_unrecognised_line_the_prose_prints_in_lower_case_is_no_byline() -> None:
    text = ("Harbour Lighting and the Price of Lamp Oil\n\nTidal Records\n\nQuay Lanterns\n\n"
            "March 2021\n\n" + ABSTRACT + "\nThe tidal records name the quay lanterns.\n")
    assert parse_as(text, "pdf").authors == []


def test_a_byline_of_names_between_middle_dots_with_its_affiliation() -> None:
    text = ("Harbour Lighting and the Price of Lamp Oil\n\nMirela Ostrova · Tobias Penn\n\n"
            "University of Leith\n\n" + ABSTRACT)
    doc = parse_as(text, "pdf")
    assert [a.name for a in doc.authors] == ["Mirela Ostrova", "Tobias Penn"]
    assert organisations(doc) == [["University of Leith"]] * 2
