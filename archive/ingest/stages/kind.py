"""Decide what kind of document this is, from the evidence as a whole (archive/kinds.py).

Evidence, strongest first; the first that speaks decides, and the words saying
where go to ``doc.provenance["kind"]``:

1. what the format states: JSON-LD ``@type`` (``BlogPosting``,
   ``ScholarlyArticle``, ``Report`` …), a front matter ``layout: post``,
   ``citation_journal_title`` / ``citation_conference_title`` meta, a document
   header with "Status:" and "Type:" (``hints.kind``);
2. what the document calls itself in its title, subtitle and front matter
   (the blocks before the body, and the first paragraphs): "working paper",
   "discussion paper", "Internet-Draft"; "Proceedings of …", "conference",
   "workshop"; a journal's name, volume and issue, "Received … Accepted";
   "technical report", "guide", "documentation", "memorandum", "report";
   "brief"; "opinion", "column", "op-ed", "commentary"; "interview",
   "magazine"; "remarks", "testimony", "speech"; a software paper's
   "Statement of need" section;
3. the layout of a research paper: an "Abstract" and a "Keywords" line or an
   "Introduction" section: a journal article;
4. a dated web page with a byline from a blog (``/blog/`` in its address, a
   "Posted on" dateline): a blog post;
5. else "article".

A disclaimer alone never decides: working papers and reports carry them too.
What a disclaimer *says* the document is ("Opinions expressed in these
columns", "The views expressed in this working paper") is the document naming
itself, and counts as (2).
"""

from __future__ import annotations

import re

from archive.ingest.document import FieldSource
from archive.ingest.working import WorkingDocument

__all__ = ["classify", "run"]

_FIRST_PARAGRAPHS = 6
_CHARS = 4000

# (kind, what the document calls itself), most specific first.
_SELF_NAMED: list[tuple[str, re.Pattern[str]]] = [
    ("software-paper", re.compile(
        r"\bstatement of need\b|\b(?:an?|the)\s+(?:R|Python|Julia|MATLAB|C\+\+|Java(?:Script)?|"
        r"Rust|Go)\s+(?:package|library|toolbox|implementation)\b", re.I)),
    ("working-paper", re.compile(
        r"\b(?:working|discussion|staff)\s+papers?\b|\binternet[- ]draft\b|"
        r"\bdiscussion series\b|\bpreprint\b", re.I)),
    ("conference-paper", re.compile(
        r"\bproceedings of\b|\b(?:annual\s+)?(?:conference|symposium|workshop)\s+(?:on|of)\b|"
        r"\bannual meeting of the\b", re.I)),
    ("journal-article", re.compile(
        r"\bjournal of\b|\bjournal\b.{0,40}\bvol(?:ume|\.)\s*\d|"
        r"\breceived\b.{0,80}\b(?:accepted|published)\b|\bcite\s*this\s*article\b|"
        r"\bsubmitted to\b.{0,60}\bjournal\b", re.I)),
    ("opinion", re.compile(
        r"\b(?:opinion\s*(?:piece|column)|columnist|op-?ed|commentary|"
        r"in (?:these|this|our) columns?)\b", re.I)),
    ("report", re.compile(
        r"\b(?:technical|annual|final|research|staff)\s+reports?\b|\bthis report\b|"
        r"\bmodel documentation\b|\bdesign spec(?:ification)?\b|\buser(?:'s|’s)?\s+guide\b|"
        r"\bguide to\b|\bmemorandum\b|\bmemo\b|\bproposed rules?\b|\btechnical paper\b|"
        r"\bwhite paper\b", re.I)),
    ("brief", re.compile(r"\b(?:policy|issue|research)\s+brief\b", re.I)),
    ("magazine-article", re.compile(r"\bmagazine\b|\b(?:with|by)\s+\w+\s+editors\b", re.I)),
    ("speech", re.compile(r"\b(?:remarks|testimony|speech)\s+(?:by|of|before|at)\b", re.I)),
]
_ABSTRACT = re.compile(r"^abstract\b", re.I)
_KEYWORDS = re.compile(r"^(?:keywords?|key words)\b", re.I)
_INTRODUCTION = re.compile(r"^(?:\d+\.?\s+)?introduction\b", re.I)
_BLOG_URL = re.compile(r"/blog/|\bblog\.", re.I)
_POSTED = re.compile(r"\bposted\b", re.I)


def _front_text(doc: WorkingDocument) -> str:
    parts = [doc.title, doc.subtitle or "", *(block.text for _, block in doc.front)]
    if doc.disclaimer is not None:
        parts.append(doc.disclaimer.text)
    parts += [p.text for p in doc.paragraphs[:_FIRST_PARAGRAPHS]]
    return "\n".join(parts)[:_CHARS]


def classify(doc: WorkingDocument) -> tuple[str, str]:
    """(kind, where the evidence is, in words)."""
    hints = doc.hints
    if hints.kind:
        return hints.kind, hints.kind_source or hints.source or "the document's metadata"
    front = _front_text(doc)
    headings = [doc.paragraphs[i].text for i in doc.section_starts if i < len(doc.paragraphs)]
    everything = "\n".join([front, *headings])
    for kind, pattern in _SELF_NAMED:
        found = pattern.search(everything)
        if found:
            return kind, f"the document calling itself so (“{found.group(0)}”)"
    starts = [p.text[:40] for p in doc.paragraphs[:40]]
    if any(_ABSTRACT.match(s) for s in starts) and any(
        _KEYWORDS.match(s) or _INTRODUCTION.match(s) for s in starts
    ):
        return "journal-article", "the layout of a research paper (an abstract, then sections)"
    dateline = doc.front_block("date")
    if doc.authors and (doc.published or doc.published_raw) and (
        _BLOG_URL.search(doc.url or "") or (dateline and _POSTED.search(dateline.text))
    ):
        return "blog-post", "a dated, signed post (“Posted”, or a blog address)"
    return "article", "no evidence of another kind (the default)"


def run(doc: WorkingDocument) -> None:
    kind, source = classify(doc)
    doc.kind = kind
    doc.provenance["kind"] = FieldSource(field="kind", source=source, value=kind)
