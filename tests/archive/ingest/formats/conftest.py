"""One invented article written in every format, built by the tests (nothing downloaded).

``twins`` maps a format to (file name, bytes): plain text, HTML, Markdown,
PDF (fpdf2), DOCX (python-docx, plus a footnotes part written with lxml), and
Windows-1252 / UTF-16 text.  Every twin states the same title, byline, date,
disclaimer, author note, body and notes, each the way its format does.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterator

import pytest
from lxml import etree

TITLE = "Tidal Power and the Fishing Towns of the North Coast"
AUTHORS = [("Dr.", "Ingrid Solvang"), (None, "Tomas Achebe")]
BYLINE = "By Dr. Ingrid Solvang and Tomas Achebe"
DATE = "June 14, 2023"
ISO_DATE = "2023-06-14"
DISCLAIMER = (
    "The views expressed in this commentary are the authors’ own and do not necessarily "
    "reflect those of the Baltic Energy Council."
)
AUTHOR_NOTE = (
    "Dr. Ingrid Solvang is a senior researcher at the Nordic Marine Institute in Bergen, "
    "Norway. Tomas Achebe is a policy analyst at the Coastal Futures Trust."
)
# Body paragraphs; "{n}" is where note n's marker stands.
BODY = [
    "Tidal turbines arrived in the fjord villages faster than anyone expected.{1} Local "
    "councils approved three pilot arrays within a single year, and the harbour of Vardholm "
    "now hosts the largest of them.",
    "Fishermen worry that the turbines disturb the spawning grounds of cod and herring.{2} "
    "Engineers answer that the blades turn slowly and that monitoring shows no change so far.",
    "The next decade will decide whether the two industries can share the same water.{3}",
]
NOTES = [
    "Regional Planning Office, “Tidal Pilot Approvals 2022,” https://example.org/tidal/approvals.",
    "Interview with the Fishermen’s Association of Vardholm, March 3, 2023.",
    "Nordic Marine Institute, “Shared Waters,” 2023, https://example.org/shared-waters.",
]


def body(marker: str = "{n}") -> list[str]:
    """The body with each marker written as ``marker`` ("{n}" is replaced by the number)."""
    return [re.sub(r"\{(\d)\}", lambda m: marker.replace("{n}", m.group(1)), p) for p in BODY]


def plain_text() -> str:
    notes = "\n".join(f"{n} {text}" for n, text in enumerate(NOTES, 1))
    parts = [TITLE, BYLINE, DATE, DISCLAIMER, AUTHOR_NOTE, *body("{n}"), f"Notes\n{notes}"]
    return "\n\n".join(parts) + "\n"


def html_page() -> bytes:
    e = html.escape
    paragraphs = "\n".join(
        f"<p>{p}</p>" for p in body('<sup class="ref"><a href="#fn{n}" id="ref{n}">{n}</a></sup>')
    )
    notes = "\n".join(
        f'<li id="fn{n}">{e(text)} <a href="#ref{n}" class="back">↩</a></li>'
        for n, text in enumerate(NOTES, 1)
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(TITLE)} | Harbour Review</title>
<meta name="citation_title" content="{e(TITLE)}">
<meta name="citation_author" content="Solvang, Ingrid">
<meta name="citation_author" content="Achebe, Tomas">
<meta property="article:published_time" content="{ISO_DATE}T08:00:00+02:00">
<meta property="og:url" content="https://harbour.example/tidal-power">
<script type="application/ld+json">{{"@context": "https://schema.org",
 "@type": "OpinionNewsArticle", "headline": "{e(TITLE)}", "datePublished": "{ISO_DATE}",
 "author": [{{"@type": "Person", "name": "Ingrid Solvang"}},
 {{"@type": "Person", "name": "Tomas Achebe"}}]}}</script>
<script>var tracking = "By Nobody";</script>
</head><body>
<nav class="site-nav"><ul><li><a href="/">Home</a></li>
<li><a href="/opinion">Opinion</a></li></ul></nav>
<article>
<h1>{e(TITLE)}</h1>
<p class="byline">{e(BYLINE)}</p>
<p><time datetime="{ISO_DATE}">{DATE}</time></p>
<p class="disclaimer"><em>{e(DISCLAIMER)}</em></p>
<p class="author-note">{e(AUTHOR_NOTE)}</p>
{paragraphs}
<div class="share">Share this on social media</div>
<section class="footnotes"><h2>Notes</h2><ol>{notes}</ol></section>
</article>
<section id="comments"><h3>3 comments</h3><p>Great piece! 1 2 3</p></section>
<footer>© Harbour Review</footer>
</body></html>""".encode()


def markdown() -> bytes:
    definitions = "\n".join(f"[^{n}]: {text}" for n, text in enumerate(NOTES, 1))
    paragraphs = "\n\n".join(body("[^{n}]"))
    return f"""---
title: "{TITLE}"
authors:
  - Dr. Ingrid Solvang
  - Tomas Achebe
date: {ISO_DATE}
---

*{DISCLAIMER}*

{AUTHOR_NOTE}

{paragraphs}

{definitions}
""".encode()


def pdf() -> bytes:
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("Helvetica", size=11)
    notes = [f"{n} {text}" for n, text in enumerate(NOTES, 1)]
    blocks = [TITLE, BYLINE, DATE, DISCLAIMER, AUTHOR_NOTE, *body("{n}"), "Notes", *notes]
    for block in blocks:
        # The core fonts are Latin-1: typographic quotes become ASCII ones (see latin()).
        document.multi_cell(0, 6, latin(block), new_x="LMARGIN", new_y="NEXT")
        if block != "Notes" and not re.match(r"\d ", block):
            document.ln(6)  # a paragraph gap; notes follow each other line by line
    document.set_title(TITLE)
    return bytes(document.output())


def latin(text: str) -> str:
    return text.replace("’", "'").replace("“", '"').replace("”", '"')


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def docx() -> bytes:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    document.add_paragraph(TITLE, style="Title")
    for text in (BYLINE, DATE, DISCLAIMER, AUTHOR_NOTE):
        document.add_paragraph(text)
    for paragraph_text in body("\x00{n}\x00"):
        paragraph = document.add_paragraph()
        for piece in re.split(r"(\x00\d\x00)", paragraph_text):
            if piece.startswith("\x00"):
                run = paragraph.add_run()
                reference = OxmlElement("w:footnoteReference")
                reference.set(qn("w:id"), piece.strip("\x00"))
                run._r.append(reference)
            elif piece:
                paragraph.add_run(piece)
    document.core_properties.title = TITLE
    document.core_properties.author = "Ingrid Solvang; Tomas Achebe"
    saved = io.BytesIO()
    document.save(saved)
    return with_footnotes(saved.getvalue())


def footnotes_xml(notes: list[str] = NOTES) -> bytes:
    """A word/footnotes.xml part: the two separators, then note n with id n."""
    root = etree.Element(f"{{{_W}}}footnotes", nsmap={"w": _W})
    for note_id, kind in ((-1, "separator"), (0, "continuationSeparator")):
        note = etree.SubElement(root, f"{{{_W}}}footnote")
        note.set(f"{{{_W}}}type", kind)
        note.set(f"{{{_W}}}id", str(note_id))
        etree.SubElement(etree.SubElement(note, f"{{{_W}}}p"), f"{{{_W}}}r")
    for n, text in enumerate(notes, 1):
        note = etree.SubElement(root, f"{{{_W}}}footnote")
        note.set(f"{{{_W}}}id", str(n))
        paragraph = etree.SubElement(note, f"{{{_W}}}p")
        mark_run = etree.SubElement(paragraph, f"{{{_W}}}r")
        etree.SubElement(mark_run, f"{{{_W}}}footnoteRef")
        run = etree.SubElement(paragraph, f"{{{_W}}}r")
        t = etree.SubElement(run, f"{{{_W}}}t")
        t.text = " " + text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def with_footnotes(package: bytes, notes: list[str] = NOTES) -> bytes:
    """Add word/footnotes.xml, its relationship and its content type to a saved package."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdNotes1" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            target.writestr(item, data)
        target.writestr("word/footnotes.xml", footnotes_xml(notes))
    return out.getvalue()


def all_twins() -> dict[str, tuple[str, bytes]]:
    text = plain_text()
    return {
        "text": ("tidal-power.txt", text.encode()),
        "html": ("tidal-power.html", html_page()),
        "markdown": ("tidal-power.md", markdown()),
        "pdf": ("tidal-power.pdf", pdf()),
        "docx": ("tidal-power.docx", docx()),
        "cp1252": ("tidal-power-cp1252.txt", text.encode("cp1252")),
        "utf16": ("tidal-power-utf16.txt", text.encode("utf-16")),
    }


@pytest.fixture(scope="session")
def twins() -> dict[str, tuple[str, bytes]]:
    return all_twins()


@pytest.fixture
def clean_quarantine(engine) -> Iterator[None]:
    """An empty quarantine before and after the test (tests/conftest.py does not empty it)."""
    from archive.schema import QuarantinedFile

    def empty() -> None:
        with engine.begin() as connection:
            connection.execute(QuarantinedFile.__table__.delete())

    empty()
    yield
    empty()
