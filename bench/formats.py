"""A synthetic document in every format the archive ingests, for the ingest benchmark.

:func:`bench.corpus.render_text` writes a document as a plain-text file in the
seed's layout.  This module writes the same document the way each other format
carries it:

* **HTML** — a saved article page: ``<title>``, ``<meta name="author">``,
  ``citation_*`` and Open Graph tags, JSON-LD, site navigation, a byline, a
  ``<time>`` dateline, the disclaimer and the author note, the body with
  ``<sup><a href="#fnN">`` note references, an ``<ol class="footnotes">`` list
  with back-links, a share box, comments and a footer.
* **Markdown** — YAML front matter (title, authors, date, publisher, URL), the
  disclaimer in italics, the author note, the body with ``[^n]`` references and
  the ``[^n]:`` definitions at the end.
* **DOCX** — python-docx (the ``Title`` style, one paragraph per block, a
  ``w:footnoteReference`` per marker) plus a real ``word/footnotes.xml`` part
  written with lxml, as the tests' twins are built.
* **PDF** — fpdf2, a text layer: the plain-text file laid out on pages (blocks
  separated by a paragraph gap, a larger gap before a section and the notes,
  the notes line after line), so the extracted text carries the glued markers
  and split-word artefacts of the text rendering.  DejaVu Sans when the machine
  has it (names and foreign phrases keep their letters, but it has no Chinese:
  those phrases come out blank), else the Latin-1 core font with the text
  folded to Latin-1 (:func:`pdf_font`).
* **BibTeX, RIS, CSL-JSON** — one file holding one entry per document (title,
  authors, date, publisher, a DOI on a third of them and a URL on another third).

HTML, Markdown and DOCX are written from the repaired paragraphs with each note
marker placed at its offset (structured formats have no extraction artefacts);
PDF from the paragraphs as printed.  Every renderer is deterministic: the same
document gives the same bytes (fixed zip timestamps, fixed PDF dates).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bench.corpus import SyntheticDocument, _affiliation_sentence, _byline, render_text

__all__ = [
    "DOCUMENT_FORMATS",
    "FORMATS",
    "RECORD_FORMATS",
    "Format",
    "marked_paragraphs",
    "pdf_font",
    "render_bibtex",
    "render_csl_json",
    "render_docx",
    "render_html",
    "render_markdown",
    "render_pdf",
    "render_ris",
    "render_text_bytes",
]


# -- shared -------------------------------------------------------------------------------


def marked_paragraphs(
    doc: SyntheticDocument, marker: Callable[[int], str], escape: Callable[[str], str] = str
) -> list[str]:
    """The repaired paragraphs with each note's marker at its offset; text through ``escape``."""
    by_paragraph: dict[int, list[tuple[int, int]]] = {}
    for note in doc.notes:
        by_paragraph.setdefault(note.paragraph, []).append((note.offset, note.number))
    out = []
    for number, paragraph in enumerate(doc.paragraphs, 1):
        pieces, at = [], 0
        for offset, note in sorted(by_paragraph.get(number, ())):
            pieces += [escape(paragraph[at:offset]), marker(note)]
            at = offset
        pieces.append(escape(paragraph[at:]))
        out.append("".join(pieces))
    return out


def _surname_first(name: str) -> tuple[str, str]:
    """(given, family) of a generated name: "Anna Müller" -> ("Anna", "Müller")."""
    given, _, family = name.partition(" ")
    return given, family


def _names(doc: SyntheticDocument) -> list[tuple[str, str]]:
    return [_surname_first(a.name) for a in doc.authors]


def _slug(text: str, words: int = 8) -> str:
    found = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", text).lower())
    return "-".join(found[:words]) or "article"


def _site(doc: SyntheticDocument) -> str:
    return f"https://{_slug(doc.publisher, 3)}.example"


def _url(doc: SyntheticDocument) -> str:
    return f"{_site(doc)}/{doc.published.year}/{_slug(doc.title)}-{doc.index}"


def render_text_bytes(doc: SyntheticDocument) -> bytes:
    """:func:`bench.corpus.render_text`, encoded: the reference rendering."""
    return render_text(doc).encode()


# -- HTML ---------------------------------------------------------------------------------


def _note_html(text: str) -> str:
    """A note's text with its addresses as links, as a saved page shows them."""
    pieces, at = [], 0
    for match in re.finditer(r"https?://\S+[^\s.,;)]", text):
        url = match.group(0)
        pieces += [html.escape(text[at : match.start()]), f'<a href="{html.escape(url)}">']
        pieces += [html.escape(url), "</a>"]
        at = match.end()
    pieces.append(html.escape(text[at:]))
    return "".join(pieces)


def render_html(doc: SyntheticDocument) -> bytes:
    e = html.escape
    iso = doc.published.isoformat()
    url = _url(doc)
    names = [a.name for a in doc.authors]
    metas = [
        f'<meta name="author" content="{e("; ".join(names))}">',
        f'<meta name="citation_title" content="{e(doc.title)}">',
        *(
            f'<meta name="citation_author" content="{e(family)}, {e(given)}">'
            for given, family in _names(doc)
        ),
        f'<meta name="citation_publication_date" content="{doc.published:%Y/%m/%d}">',
        f'<meta name="citation_publisher" content="{e(doc.publisher)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{e(doc.title)}">',
        f'<meta property="og:url" content="{e(url)}">',
        f'<meta property="og:site_name" content="{e(doc.publisher)}">',
        f'<meta property="article:published_time" content="{iso}T09:00:00+00:00">',
    ]
    ld = {
        "@context": "https://schema.org",
        "@type": "OpinionNewsArticle" if doc.kind == "opinion" else "NewsArticle",
        "headline": doc.title,
        "datePublished": iso,
        "author": [{"@type": "Person", "name": name} for name in names],
        "publisher": {"@type": "Organization", "name": doc.publisher},
        "url": url,
    }
    # "</" cannot end the script early: JSON allows "<\/".
    ld_text = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")

    # Pandoc's markup of a note reference (its class once made the reader drop the
    # rest of the paragraph: keep it, so the bench exercises what pages really hold).
    def reference(n: int) -> str:
        return f'<a href="#fn{n}" class="footnote-ref" id="fnref{n}"><sup>{n}</sup></a>'

    body = marked_paragraphs(doc, reference, e)
    starts = set(doc.section_starts)
    sections: list[str] = []
    for p, paragraph in enumerate(body):
        if p in starts and p:
            sections.append("</section>\n<section>")
        sections.append(f"<p>{paragraph}</p>")
    front = [
        f"<h1>{e(doc.title)}</h1>",
        f'<p class="byline">{e(_byline(doc.authors))}</p>',
        f'<p class="dateline"><time datetime="{iso}">{e(doc.published_raw)}</time></p>',
    ]
    if doc.disclaimer:
        front.append(f'<p class="disclaimer"><em>{e(doc.disclaimer)}</em></p>')
    if affiliation := _affiliation_sentence(doc.authors):
        front.append(f'<p class="author-note">{e(affiliation)}</p>')
    notes = ""
    if doc.notes:
        items = "\n".join(
            f'<li id="fn{note.number}">{_note_html(note.text)} '
            f'<a href="#fnref{note.number}" class="footnote-back">↩</a></li>'
            for note in doc.notes
        )
        notes = f'<section class="notes"><h2>Notes</h2>\n<ol class="footnotes">\n{items}\n</ol>'
        notes += "\n</section>"
    site = _site(doc)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(doc.title)} | {e(doc.publisher)}</title>
{chr(10).join(metas)}
<link rel="canonical" href="{e(url)}">
<link rel="stylesheet" href="{site}/static/site.css">
<script type="application/ld+json">{ld_text}</script>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"page": "article"}});</script>
</head>
<body class="article-page">
<header class="site-header"><a class="logo" href="{site}/">{e(doc.publisher)}</a>
<nav class="site-nav"><ul><li><a href="{site}/">Home</a></li><li><a href="{site}/{e(doc.kind)}">
{e(doc.kind.title())}</a></li><li><a href="{site}/about">About</a></li></ul></nav></header>
<main>
<article>
<header>
{chr(10).join(front)}
</header>
<section>
{chr(10).join(sections)}
</section>
<div class="share">Share this article: <a href="#">Email</a> <a href="#">Print</a></div>
{notes}
</article>
<aside class="related"><h3>Related</h3><ul><li><a href="{site}/more">More from {e(doc.kind)}
</a></li></ul></aside>
</main>
<section id="comments" class="comments"><h3>0 comments</h3><form><textarea></textarea></form>
</section>
<footer class="site-footer">© {doc.published.year} {e(doc.publisher)}</footer>
</body>
</html>
"""
    return page.encode()


# -- Markdown -----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&#!|~])")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_block(text: str) -> str:
    """A paragraph that cannot start a list, a heading or a quote."""
    if text[:1] in ("-", "+", "="):
        return "\\" + text
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)


def render_markdown(doc: SyntheticDocument) -> bytes:
    def quoted(value: str) -> str:  # a JSON string is a YAML double-quoted scalar
        return json.dumps(value, ensure_ascii=False)

    authors = [f"{a.honorific} {a.name}" if a.honorific else a.name for a in doc.authors]
    front = [
        "---",
        f"title: {quoted(doc.title)}",
        "authors:",
        *(f"  - {quoted(name)}" for name in authors),
        f"date: {doc.published.isoformat()}",
        f"publisher: {quoted(doc.publisher)}",
        f"url: {quoted(_url(doc))}",
        f"kind: {quoted(doc.kind)}",
        "---",
        "",
    ]
    blocks: list[str] = []
    if doc.disclaimer:
        blocks.append(f"*{_md_escape(doc.disclaimer)}*")
    if affiliation := _affiliation_sentence(doc.authors):
        blocks.append(_md_block(_md_escape(affiliation)))
    starts = set(doc.section_starts)
    for p, paragraph in enumerate(marked_paragraphs(doc, lambda n: f"[^{n}]", _md_escape)):
        if p in starts and p:
            blocks.append("* * *")  # a thematic break between sections
        blocks.append(_md_block(paragraph))
    notes = [f"[^{note.number}]: {_md_escape(note.text)}" for note in doc.notes]
    text = "\n".join(front) + "\n\n".join(blocks) + "\n"
    if notes:
        text += "\n" + "\n".join(notes) + "\n"
    return text.encode()


# -- DOCX ---------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _footnotes_xml(doc: SyntheticDocument) -> bytes:
    from lxml import etree

    w = f"{{{_W}}}"
    root = etree.Element(f"{w}footnotes", nsmap={"w": _W})
    for note_id, kind in ((-1, "separator"), (0, "continuationSeparator")):
        note = etree.SubElement(root, f"{w}footnote")
        note.set(f"{w}type", kind)
        note.set(f"{w}id", str(note_id))
        etree.SubElement(etree.SubElement(note, f"{w}p"), f"{w}r")
    for each in doc.notes:
        note = etree.SubElement(root, f"{w}footnote")
        note.set(f"{w}id", str(each.number))
        paragraph = etree.SubElement(note, f"{w}p")
        style = etree.SubElement(etree.SubElement(paragraph, f"{w}pPr"), f"{w}pStyle")
        style.set(f"{w}val", "FootnoteText")
        etree.SubElement(etree.SubElement(paragraph, f"{w}r"), f"{w}footnoteRef")
        t = etree.SubElement(etree.SubElement(paragraph, f"{w}r"), f"{w}t")
        t.text = " " + each.text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _repack(package: bytes, footnotes: bytes | None) -> bytes:
    """Fixed timestamps (deterministic bytes), plus the footnotes part when there are notes."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if footnotes is not None and item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            elif footnotes is not None and item.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdNotes1" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            target.writestr(zipfile.ZipInfo(item.filename, _ZIP_TIME), data, zipfile.ZIP_DEFLATED)
        if footnotes is not None:
            target.writestr(
                zipfile.ZipInfo("word/footnotes.xml", _ZIP_TIME), footnotes, zipfile.ZIP_DEFLATED
            )
    return out.getvalue()


def render_docx(doc: SyntheticDocument) -> bytes:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    document.add_paragraph(doc.title, style="Title")
    front = [_byline(doc.authors), doc.published_raw]
    if doc.disclaimer:
        front.append(doc.disclaimer)
    if affiliation := _affiliation_sentence(doc.authors):
        front.append(affiliation)
    for text in front:
        document.add_paragraph(text)
    for paragraph_text in marked_paragraphs(doc, lambda n: f"\x00{n}\x00"):
        paragraph = document.add_paragraph()
        for piece in re.split(r"(\x00\d+\x00)", paragraph_text):
            if piece.startswith("\x00"):
                run = paragraph.add_run()
                reference = OxmlElement("w:footnoteReference")
                reference.set(qn("w:id"), piece.strip("\x00"))
                run._r.append(reference)
            elif piece:
                paragraph.add_run(piece)
    properties = document.core_properties
    properties.title = doc.title
    properties.author = "; ".join(a.name for a in doc.authors)
    properties.last_modified_by = "bench"
    properties.revision = 1
    moment = dt.datetime.combine(doc.published, dt.time(9))
    properties.created = properties.modified = moment
    saved = io.BytesIO()
    document.save(saved)
    return _repack(saved.getvalue(), _footnotes_xml(doc) if doc.notes else None)


# -- PDF ----------------------------------------------------------------------------------

_FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/Library/Fonts/DejaVuSans.ttf",
)
_LATIN = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "ß": "ss",
    }
)


@cache
def pdf_font() -> str | None:
    """The Unicode TrueType font PDFs are written with, or None: the Latin-1 core font."""
    return next((path for path in _FONT_PATHS if Path(path).is_file()), None)


def latin1(text: str) -> str:
    """``text`` as the Latin-1 core fonts can show it: quotes straightened, accents kept
    where Latin-1 has the letter, else dropped; other scripts become "?"."""
    out = []
    for char in text.translate(_LATIN):
        if ord(char) < 256:
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char)[:1]
        out.append(base if base and ord(base) < 128 else "?")
    return "".join(out)


def _pdf_blocks(doc: SyntheticDocument) -> list[tuple[int, str]]:
    """(blank lines before, line) of each non-empty line of the plain-text rendering."""
    blocks, blank = [], 0
    for line in render_text(doc).split("\n"):
        if line:
            blocks.append((blank, line))
            blank = 0
        else:
            blank += 1
    return blocks


def render_pdf(doc: SyntheticDocument) -> bytes:
    import logging

    from fpdf import FPDF

    font = pdf_font()
    document = FPDF(format="A4")
    document.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    document.set_margins(20, 20, 20)
    document.set_auto_page_break(True, margin=20)
    if font:
        document.add_font("body", "", font)
        family = "body"
        shown: Callable[[str], str] = str
    else:
        family = "helvetica"
        shown = latin1
    document.set_font(family, size=10)
    document.set_title(shown(doc.title))
    document.set_author(shown("; ".join(a.name for a in doc.authors)))
    document.add_page()
    # A missing glyph (a Chinese phrase in DejaVu Sans) is a warning per page: quiet.
    logger = logging.getLogger("fpdf")
    level, logger.level = logger.level, logging.ERROR
    try:
        for blank, line in _pdf_blocks(doc):
            if blank and document.get_y() > 21:
                document.ln(5 if blank == 1 else 10)  # a paragraph gap; a section's is larger
            document.multi_cell(0, 5, shown(line), new_x="LMARGIN", new_y="NEXT")
        return bytes(document.output())
    finally:
        logger.setLevel(level)


# -- bibliographic records ----------------------------------------------------------------

_BIBTEX_TYPES = {"article": "article", "report": "techreport", "brief": "techreport"}
_RIS_TYPES = {"article": "JOUR", "report": "RPRT", "brief": "RPRT", "opinion": "NEWS"}
_CSL_TYPES = {
    "article": "article-journal",
    "report": "report",
    "brief": "report",
    "opinion": "article-newspaper",
}


def _identifiers(doc: SyntheticDocument) -> tuple[str | None, str | None]:
    """(DOI, URL): a DOI on a third of the entries, a URL on another third, neither on the rest."""
    if doc.index % 3 == 0:
        return f"10.5555/bench.{doc.index}", None
    if doc.index % 3 == 1:
        return None, _url(doc)
    return None, None


def _latex(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", text).replace("~", r"\~{}").replace("^", r"\^{}")


def render_bibtex(docs: Iterable[SyntheticDocument]) -> bytes:
    out = ["% Exported by the archive benchmark", ""]
    for doc in docs:
        doi, url = _identifiers(doc)
        entry_type = _BIBTEX_TYPES.get(doc.kind, "misc")
        authors = " and ".join(f"{family}, {given}" for given, family in _names(doc))
        fields = [
            f"title = {{{_latex(doc.title)}}}",
            f"author = {{{_latex(authors)}}}",
            f"year = {doc.published.year}",
            f"month = {doc.published.month}",
            f"day = {doc.published.day}",
            ("institution" if entry_type == "techreport" else "publisher")
            + f" = {{{_latex(doc.publisher)}}}",
        ]
        if doi:
            fields.append(f"doi = {{{doi}}}")
        if url:
            fields.append(f"url = {{{url}}}")
        out.append(f"@{entry_type}{{bench{doc.index},\n  " + ",\n  ".join(fields) + "\n}\n")
    return "\n".join(out).encode()


def render_ris(docs: Iterable[SyntheticDocument]) -> bytes:
    out = []
    for doc in docs:
        doi, url = _identifiers(doc)
        lines = [
            f"TY  - {_RIS_TYPES.get(doc.kind, 'GEN')}",
            f"ID  - bench{doc.index}",
            f"TI  - {doc.title}",
        ]
        lines += [f"AU  - {family}, {given}" for given, family in _names(doc)]
        lines += [
            f"PY  - {doc.published.year}",
            f"DA  - {doc.published:%Y/%m/%d}/",
            f"PB  - {doc.publisher}",
        ]
        if doi:
            lines.append(f"DO  - {doi}")
        if url:
            lines.append(f"UR  - {url}")
        out.append("\n".join([*lines, "ER  - "]))
    return ("\n\n".join(out) + "\n").encode()


def render_csl_json(docs: Iterable[SyntheticDocument]) -> bytes:
    items = []
    for doc in docs:
        doi, url = _identifiers(doc)
        item: dict[str, object] = {
            "id": f"bench{doc.index}",
            "type": _CSL_TYPES.get(doc.kind, "article"),
            "title": doc.title,
            "author": [{"family": family, "given": given} for given, family in _names(doc)],
            "issued": {
                "date-parts": [[doc.published.year, doc.published.month, doc.published.day]]
            },
            "publisher": doc.publisher,
        }
        if doi:
            item["DOI"] = doi
        if url:
            item["URL"] = url
        items.append(item)
    return (json.dumps(items, indent=1, ensure_ascii=False) + "\n").encode()


# -- the table the benchmark walks --------------------------------------------------------


@dataclass(frozen=True)
class Format:
    """One format: its label in the results, its file suffix, and how it is written.

    A document format writes one file per document (``render``); a record format
    writes one file holding an entry per document (``render_many``).
    """

    name: str  # as :func:`archive.ingest.sniff_format` names it
    label: str
    suffix: str
    render: Callable[[SyntheticDocument], bytes] | None = None
    render_many: Callable[[Sequence[SyntheticDocument]], bytes] | None = None

    @property
    def records(self) -> bool:
        return self.render_many is not None


DOCUMENT_FORMATS = (
    Format("text", "plain text", ".txt", render=render_text_bytes),
    Format("html", "HTML", ".html", render=render_html),
    Format("markdown", "Markdown", ".md", render=render_markdown),
    Format("pdf", "PDF", ".pdf", render=render_pdf),
    Format("docx", "Word (.docx)", ".docx", render=render_docx),
)
RECORD_FORMATS = (
    Format("bibtex", "BibTeX", ".bib", render_many=render_bibtex),
    Format("ris", "RIS", ".ris", render_many=render_ris),
    Format("csl-json", "CSL-JSON", ".json", render_many=render_csl_json),
)
FORMATS = DOCUMENT_FORMATS + RECORD_FORMATS
