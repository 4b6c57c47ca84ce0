"""A title printed after a "Title:" label (a manuscript form's field).

Every text here is invented for the test.
"""

from __future__ import annotations

import io

from archive.ingest.pipeline import parse_document, parse_text

BODY = ("The lower basin has been surveyed every ten years since the harbour was dredged.\n\n"
        "Each survey finds the channel a little shallower than the one before it.\n")


def test_title_label_is_dropped_in_text() -> None:
    doc = parse_text(f"Title: Tides of the Lower Basin\n\nBy Ann Lee\n\n{BODY}".encode(),
                     "tides.txt")
    assert doc.title == "Tides of the Lower Basin"
    assert doc.subtitle is None


def test_title_label_in_a_word_title_paragraph() -> None:
    from docx import Document

    word = Document()
    word.add_paragraph("Title: Tides of the Lower Basin", style="Title")
    for paragraph in BODY.strip().split("\n\n"):
        word.add_paragraph(paragraph)
    buffer = io.BytesIO()
    word.save(buffer)
    doc = parse_document(buffer.getvalue(), "draft.docx")
    assert doc.title == "Tides of the Lower Basin"
    assert doc.subtitle is None


def test_a_title_about_titles_keeps_its_words() -> None:
    doc = parse_text(f"Titles of the Lower Basin: A Survey\n\n{BODY}".encode(), "tides.txt")
    assert doc.title.startswith("Titles of the Lower Basin")
