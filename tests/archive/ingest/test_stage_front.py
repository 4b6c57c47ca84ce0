"""Front matter: title, subtitle, repeated title, where the body starts."""

from archive.ingest import parse_text


def parse(text: str):  # noqa: ANN201 - test helper
    return parse_text(text.encode(), "front.txt")


def test_repeated_title_and_wrapped_title() -> None:
    doc = parse(
        "Rivers and Borders:\nA Long History\n\nBy Ann Lee\n\n1 June 2020\n\n"
        "Rivers and Borders: A Long History\n\nThe body starts here.\n"
    )
    assert doc.title == "Rivers and Borders: A Long History"
    assert doc.paragraphs == ["The body starts here."]


def test_subtitle_only_when_front_matter_follows() -> None:
    doc = parse("Main Title\n\nA short dek line\n\nBy Ann Lee\n\nBody.\n")
    assert (doc.title, doc.subtitle) == ("Main Title", "A short dek line")
    doc = parse("Main Title\n\nThe first paragraph of the body.\n\nThe second paragraph.\n")
    assert doc.subtitle is None
    assert doc.paragraphs == ["The first paragraph of the body.", "The second paragraph."]


def test_document_starting_with_prose_has_no_title() -> None:
    long_paragraph = "This document has no title line. " * 20
    doc = parse(long_paragraph + "\n\nMore text.\n")
    assert doc.title == ""
    assert any(p.stage == "front" and p.field == "title" and p.line == 1 for p in doc.problems)
    assert len(doc.paragraphs) == 2


def test_byline_without_title_is_still_read() -> None:
    doc = parse("By Ann Lee\n\n2 June 2020\n\nBody.\n")
    assert [a.name for a in doc.authors] == ["Ann Lee"]
    assert any(p.field == "title" for p in doc.problems)
