"""A stance disclaimer at the end of a paper's Acknowledgements paragraph.

Every text here is invented for the test.
"""

from __future__ import annotations

import io

from archive.ingest.pipeline import DEFAULT_STAGES, parse_document, run_stages
from archive.ingest.readers.text import read_text

HEAD = (
    "Tides of the Lower Basin\n\nBy Ann Lee\n\n"
    "The lower basin has been surveyed every ten years since the harbour was dredged.\n\n"
    "Each survey finds the channel a little shallower than the one before it.\n\n"
)
THANKS = (
    "We thank the harbour master for the gauge records and the crew of the survey boat. "
    "Two reviewers read the draft with great care and improved it. "
    "This work was supported by grant 12-345 of the Leith Tide Fund. "
)


def parse(text: str):  # noqa: ANN201 - test helper
    return run_stages(read_text(text.encode(), "paper.txt"), DEFAULT_STAGES).finish()


def test_disclaimer_closing_the_acknowledgements() -> None:
    doc = parse(HEAD + "Acknowledgements\n\n" + THANKS + "Its contents are solely the "
                "responsibility of the authors and do not necessarily represent the official "
                "views of the Leith Harbour Board or the Tide Fund.\n")
    assert doc.disclaimer is not None
    assert doc.disclaimer.text.startswith("Its contents are solely the responsibility")
    assert doc.disclaimer.disclaims == "Leith Harbour Board"
    assert doc.publisher != "Leith Harbour Board"  # a funder or employer, not the publisher


def test_a_labelled_acknowledgements_paragraph() -> None:
    doc = parse(HEAD + "Acknowledgments: " + THANKS + "The views expressed in this article "
                "are those of the authors and do not necessarily represent the views of the "
                "Leith Harbour Board.\n")
    assert doc.disclaimer is not None
    assert doc.disclaimer.text.startswith("The views expressed in this article")


def test_a_sentence_about_the_sponsors_thanked_is_no_disclaimer() -> None:
    doc = parse(HEAD + "Acknowledgements\n\n" + THANKS + "The material and conclusions here "
                "do not necessarily reflect the views of these entities.\n")
    assert doc.disclaimer is None


def test_thanks_without_a_stance_is_no_disclaimer() -> None:
    doc = parse(HEAD + "Acknowledgements\n\n" + THANKS + "\n")
    assert doc.disclaimer is None


def test_word_manuscript_acknowledgements() -> None:
    from docx import Document

    word = Document()
    word.add_paragraph("Tides of the Lower Basin", style="Title")
    for paragraph in HEAD.split("\n\n")[2:]:
        word.add_paragraph(paragraph.strip())
    word.add_paragraph("Acknowledgements", style="Heading 1")
    word.add_paragraph(THANKS + "The views expressed in this article are those of the authors "
                       "and do not necessarily represent the views or policies of the Leith "
                       "Harbour Board.")
    buffer = io.BytesIO()
    word.save(buffer)
    doc = parse_document(buffer.getvalue(), "draft.docx")
    assert doc.disclaimer is not None
    assert doc.disclaimer.disclaims == "Leith Harbour Board"


def test_a_title_note_left_in_the_body_closes_with_a_disclaimer() -> None:
    # A PDF's title note ("∗We thank …") read as a paragraph of the body.
    doc = parse(HEAD + "∗" + THANKS + "The views expressed in this paper are those of the "
                "authors and do not necessarily reflect those of the Leith Harbour Board.\n\n"
                "The channel was last dredged in the spring.\n")
    assert doc.disclaimer is not None
    assert doc.disclaimer.text.startswith("The views expressed in this paper")
    assert doc.disclaimer.disclaims == "Leith Harbour Board"
    # A paragraph that opens with a mark but thanks nobody is no title note.
    doc = parse(HEAD + "* The views of the keepers, not those of the Leith Harbour Board, "
                "were recorded.\n\nThe channel was last dredged in the spring.\n")
    assert doc.disclaimer is None
