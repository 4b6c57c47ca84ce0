"""Reader details: other note markups, endnotes, zip members that are refused, limits."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from archive.ingest.encoding import decode_text
from archive.ingest.errors import DecodeError, UnreadableFile
from archive.ingest.limits import DEFAULT_LIMITS, limits_from_environment
from archive.ingest.pipeline import parse_document
from archive.ingest.safezip import extract_safely
from archive.ingest.sniff import sniff_format


def test_html_aside_notes_and_doc_noteref() -> None:
    """Notes in <aside> elements, referenced by role=doc-noteref links, are read exactly."""
    page = b"""<html><body><main><h1>Glass Houses</h1><p>By Rui Tavares</p>
    <p>Greenhouses doubled.<a role="doc-noteref" href="#a1">[1]</a> Then halved.</p>
    <aside id="a1">Census of growers, 2018.</aside>
    <p>Growers moved inland 12 km.</p></main></body></html>"""
    doc = parse_document(page, "glass.html")
    assert doc.paragraphs == ["Greenhouses doubled. Then halved.", "Growers moved inland 12 km."]
    assert [(n.number, n.text, n.paragraph, n.offset) for n in doc.footnotes] == [
        (1, "Census of growers, 2018.", 1, 20)
    ]


def _docx(body: str, endnotes: str) -> bytes:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "word/document.xml", f"<w:document {w}><w:body>{body}</w:body></w:document>"
        )
        archive.writestr("word/endnotes.xml", f"<w:endnotes {w}>{endnotes}</w:endnotes>")
    return out.getvalue()


def test_docx_endnotes_and_headings() -> None:
    """Endnote references anchor endnotes; a Heading style opens a section."""
    p = "<w:p>{}</w:p>"
    run = "<w:r><w:t xml:space='preserve'>{}</w:t></w:r>"
    body = "".join(
        [
            "<w:p><w:pPr><w:pStyle w:val='Title'/></w:pPr>" + run.format("Kiln Towns") + "</w:p>",
            p.format(run.format("By Oskar Lind")),
            p.format(
                run.format("Brick kilns closed.") + "<w:r><w:endnoteReference w:id='4'/></w:r>"
            ),
            "<w:p><w:pPr><w:pStyle w:val='Heading1'/></w:pPr>" + run.format("After") + "</w:p>",
            p.format(run.format("Towns changed.")),
        ]
    )
    endnotes = (
        "<w:endnote w:id='4'><w:p>" + run.format("Trade register, 1971.") + "</w:p></w:endnote>"
    )
    doc = parse_document(_docx(body, endnotes), "kiln.docx")
    assert doc.title == "Kiln Towns" and [a.name for a in doc.authors] == ["Oskar Lind"]
    assert doc.section_starts == [0, 1]
    assert [(n.text, n.paragraph, n.offset) for n in doc.footnotes] == [
        ("Trade register, 1971.", 1, 19)
    ]


def test_docx_without_document_part_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<not-closed")
    with pytest.raises(UnreadableFile, match="damaged Word file"):
        parse_document(out.getvalue(), "broken.docx")


def test_zip_symlink_member_is_refused(tmp_path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        info = zipfile.ZipInfo("link.txt")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    with pytest.raises(UnreadableFile, match="symbolic link"):
        extract_safely(out.getvalue(), "links.zip", tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("data", "name", "format"),
    [
        (b"@book{k, title={T}}", "refs.txt", "bibtex"),
        (b"TY  - BOOK\nTI  - T\nER  - \n", "export", "ris"),
        (b'[{"type": "book", "title": "T"}]', "items.json", "csl-json"),
        (b"# Heading\n\nText", "notes.txt", "text"),
        (b"# Heading\n\nText", "notes.md", "markdown"),
        (b"%PDF-1.7\n", "x.txt", "pdf"),
        (b"", "x.txt", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.txt", "binary"),
    ],
)
def test_sniffing(data: bytes, name: str, format: str) -> None:
    assert sniff_format(data, name) == format


def test_legacy_encodings_are_detected_only_with_confidence() -> None:
    """Windows-1252 and Cyrillic text long enough to judge decode; short or mixed text does not."""
    french = "Le café était très « chaud » — dit-il, à l’été passé. " * 2
    assert decode_text(french.encode("cp1252"), "f.txt") == french
    russian = "Привет, как дела? Это тестовый текст на русском языке, довольно длинный. " * 2
    assert decode_text(russian.encode("cp1251"), "r.txt") == russian
    with pytest.raises(DecodeError, match="too short"):
        decode_text("Café".encode("cp1252"), "short.txt")
    with pytest.raises(DecodeError, match="damaged UTF-8"):
        decode_text("Café and ".encode() + "café".encode("cp1252") + b" " * 40, "mixed.txt")


def test_limits_from_environment() -> None:
    limits = limits_from_environment(
        {"ARCHIVE_INGEST_PDF_MAX_PAGES": "40", "ARCHIVE_INGEST_ZIP_MAX_RATIO": "12.5"}
    )
    assert (limits.pdf_max_pages, limits.zip_max_ratio) == (40, 12.5)
    assert limits.max_file_bytes == DEFAULT_LIMITS.max_file_bytes
    with pytest.raises(ValueError, match="not a number"):
        limits_from_environment({"ARCHIVE_INGEST_MAX_FILE_BYTES": "lots"})


def test_structured_body_ending_in_numbered_lines_has_no_notes() -> None:
    """Without [^n] notes, numbered last paragraphs stay body: the reader says what a note is."""
    doc = parse_document(
        b"# Steps\n\nBy Ann Berg\n\nDo this first.\n\n1 Then the second.\n\n2 And the third.\n",
        "steps.md",
    )
    assert doc.paragraphs == ["Do this first.", "1 Then the second.", "2 And the third."]
    assert doc.footnotes == []


def _word(paragraphs: list[str]) -> bytes:
    import io

    from docx import Document

    document = Document()
    document.add_paragraph("Harbour Notes", style="Title")
    for text in paragraphs:
        document.add_paragraph(text)
    saved = io.BytesIO()
    document.save(saved)
    return saved.getvalue()


def test_docx_notes_typed_as_paragraphs_under_a_heading() -> None:
    """No native notes: a "Notes" heading and numbered paragraphs, markers typed after words."""
    data = _word(
        [
            "By Ann Berg",
            "The pier opened in 1998.1 Boats came twice a week.2",
            "Notes",
            "1. Harbour records, 1999.",
            "2. Interview, May 2020.",
        ]
    )
    doc = parse_document(data, "harbour.docx")
    assert [(n.number, n.text, n.paragraph) for n in doc.footnotes] == [
        (1, "Harbour records, 1999.", 1),
        (2, "Interview, May 2020.", 1),
    ]
    assert doc.paragraphs == ["The pier opened in 1998. Boats came twice a week."]


def test_docx_body_ending_in_a_numbered_list_without_markers_keeps_it() -> None:
    """Numbered last paragraphs with no marker for note 1 in the text are body, not notes."""
    data = _word(["By Ann Berg", "Do this first.", "1 Then the second.", "2 And the third."])
    doc = parse_document(data, "steps.docx")
    assert doc.footnotes == []
    assert doc.paragraphs == ["Do this first.", "1 Then the second.", "2 And the third."]


def test_docx_title_in_the_page_header_when_the_body_opens_with_running_text() -> None:
    from docx import Document

    document = Document()
    header = document.sections[0].header.paragraphs[0]
    header.text = "Field Guide to Garden Snails 2.0 ----------------------"
    long_paragraph = "Snails were counted in forty gardens over two summers. " * 6
    document.add_paragraph(long_paragraph)
    document.add_paragraph("Most were found under stones.")
    buffer = io.BytesIO()
    document.save(buffer)
    doc = parse_document(buffer.getvalue(), "guide.docx")
    assert doc.title == "Field Guide to Garden Snails 2.0"
    assert doc.paragraphs[0] == long_paragraph.strip()
    title_source = next(p.source for p in doc.provenance if p.field == "title")
    assert title_source == "the first page's header of the Word document"


def test_a_letter_has_no_title_but_an_open_letter_keeps_its_own() -> None:
    letter = parse_document(
        b"Dear Editors,\n\nPlease consider our manuscript on garden snails for publication "
        b"in your journal.\n\nYours sincerely,\nAnn Vale\n",
        "cover_letter.txt",
    )
    assert letter.title == "cover letter"
    assert any(p.stage == "untitled" and p.field == "title" for p in letter.problems)
    addressed = parse_document(
        b"Editorial Office, Snail Journal, 12 Garden Road, Suite 4, Leeds LS1 4AB, England\n\n"
        b"Dear Editors,\n\nPlease consider our manuscript on garden snails for publication.\n",
        "letter.txt",
    )
    assert addressed.title == "letter"
    open_letter = parse_document(
        b"An Open Letter on Garden Snails\n\nDear Neighbours,\n\nPlease stop salting the "
        b"snails on the garden paths.\n",
        "open.txt",
    )
    assert open_letter.title == "An Open Letter on Garden Snails"


def _letter_docx(signature: list[str]) -> bytes:
    """A letter whose signature is one paragraph, its lines split by Word line breaks."""
    run = "<w:r><w:t xml:space='preserve'>{}</w:t></w:r>"
    paragraphs = ["Dear Editors,",
                  "Please consider our manuscript on the harbour lamps of Leith, which we "
                  "submit for publication in the journal.",
                  "The lamps were lit every evening, and the keepers walked the harbour "
                  "wall twice before midnight.", "Sincerely,"]
    body = "".join(f"<w:p>{run.format(text)}</w:p>" for text in paragraphs)
    body += "<w:p>" + "<w:r><w:br/></w:r>".join(run.format(line) for line in signature) + "</w:p>"
    return _docx(body, "")


def test_docx_line_breaks_keep_the_lines_of_a_paragraph() -> None:
    """A Word line break (<w:br/>) starts a new line of the paragraph, not a new word:
    the signer's name is a line of its own under the closing."""
    data = _letter_docx(["Mira Ostrova", "Leith Harbour Trust", "E-mail: mira@example.org"])
    doc = parse_document(data, "letter.docx")
    assert [a.name for a in doc.authors] == ["Mira Ostrova"]
    # The paragraph stays one paragraph, its lines joined by spaces.
    assert doc.paragraphs[-1] == "Mira Ostrova Leith Harbour Trust E-mail: mira@example.org"
