"""Decide what kind of document this is, from the evidence as a whole (archive/kinds.py).

Evidence, strongest first; the first that speaks decides, and the words saying
where go to ``doc.provenance["kind"]``:

1. what the format states: JSON-LD ``@type`` (``BlogPosting``,
   ``ScholarlyArticle``, ``Report`` …), a front matter ``layout: post``,
   ``citation_journal_title`` / ``citation_conference_title`` meta, a document
   header with "Status:" and "Type:" (``hints.kind``);
2. the rules of one table (``RULES``), in its order, each a pattern looked for
   in one part of the document:

   * ``label``: a short block of its own among the first blocks that is the
     publisher's label for the piece ("Opinion piece", "Working Paper",
     "Chapter 6 - Title");
   * ``opening``: the first paragraphs ("Dear Editors," opens a letter: the
     letter is an article, whatever journal it names);
   * ``front``: the title, subtitle, front matter and disclaimer, and the
     section headings: what the document calls itself ("working paper",
     "Proceedings of …", "commentary", "technical report", "brief" …);
   * ``text``: the front and the first paragraphs (and the section headings): a
     transcript's "(Applause.)" or "the text of my talk", a journal's editorial
     record ("Received … Accepted"), a paper's list of its versions ("This
     version: …", a working paper), a software paper's "Statement of need",
     "a new R package" or an "Installation" section, a research note's "This note
     describes …", a journal's name with its volume …;
   * ``tail``: the last blocks: a post's "Posted by A on <date>" signature;

3. an executive summary (or "Key findings") among the first section headings: a
   brief when the text is short, else a report;
4. the layout of a research paper: an "Abstract" and a "Keywords" line or an
   "Introduction" section: a journal article;
5. a table of contents in a PDF or Word file: a report (a guide, a manual);
6. a signed web page at a blog's address, or a dated, signed page with a
   "Posted" dateline: a blog post;
7. else "article".

A disclaimer alone never decides: working papers and reports carry them too.
What a disclaimer *says* the document is ("Opinions expressed in these
columns", "The views expressed in this working paper") is the document naming
itself, and counts as ``front``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.ingest.document import FieldSource
from archive.ingest.working import WorkingDocument

__all__ = ["RULES", "Rule", "classify", "run"]

_FIRST_PARAGRAPHS = 6
_CHARS = 4000
_LABEL_BLOCKS = 8  # the first blocks searched for a label
_LABEL_WORDS = 4
_TAIL_BLOCKS = 10


@dataclass(frozen=True, slots=True)
class Rule:
    kind: str
    scope: str  # "label", "opening", "front", "text" or "tail" (see above)
    pattern: re.Pattern[str]
    says: str  # what the evidence is, in words, before the quoted match


def _rule(kind: str, scope: str, pattern: str, says: str = "the document calling itself so",
          flags: int = re.I) -> Rule:
    return Rule(kind, scope, re.compile(pattern, flags), says)


_LABEL = "the publisher's label for the piece"
# One table, most specific first.
RULES: tuple[Rule, ...] = (
    _rule("opinion", "label", r"^(?:opinion(?:\s+(?:piece|column))?|op-?ed|commentary|"
          r"perspective|viewpoint)$", _LABEL),
    _rule("working-paper", "label", r"^(?:working|discussion|staff)\s+paper\b", _LABEL),
    _rule("report", "label", r"^(?:technical|research|annual|final)\s+report$", _LABEL),
    _rule("brief", "label", r"^(?:policy|issue|research)\s+brief$", _LABEL),
    _rule("journal-article", "label", r"^(?:research|original|review)\s+article$", _LABEL),
    _rule("chapter", "label", r"^chapter\s+\d+\b", _LABEL),
    _rule("article", "opening", r"^dear\s+[^\n,]{2,60},?$", "a letter (a salutation)",
          re.I | re.M),
    # A thesis's title page says what it was submitted for, in one of a few set phrasings.
    _rule("thesis", "text",
          r"\b(?:thesis|dissertation)\s+(?:submitted|presented)\b|"
          r"\bin\s+partial\s+fulfil+ment\s+of\s+the\s+requirements\b",
          "a thesis's title page (what it was submitted for)"),
    # A transcript records its audience ("(Applause.)") or says what it is the text of;
    # either outweighs whatever the speaker names (a journal, a report).
    _rule("speech", "text",
          r"[(\[](?:applause|laughter)\.?[)\]]|\bas\s+prepared\s+for\s+delivery\b|"
          r"\bthe\s+(?:text|transcript)\s+of\s+(?:my|a|the|his|her|our)\s+"
          r"(?:(?:\w+\s+){0,2})(?:talk|speech|keynote|lecture|address|remarks)\b",
          "a transcript of a talk"),
    _rule("journal-article", "text",
          r"\breceived\b[\s\S]{0,80}\b(?:accepted|published)\b|\bcite\s*this\s*article\b",
          "a journal's editorial record"),
    _rule("software-paper", "text",
          r"\bstatement of need\b|\b(?:an?|the)\s+(?:new\s+|open[- ]source\s+)?"
          r"(?:R|Python|Julia|MATLAB|C\+\+|Java(?:Script)?|Rust|Go)\s+"
          r"(?:package|library|toolbox|implementation)\b"),
    _rule("working-paper", "text",
          r"\b(?:working|discussion|staff)\s+papers?\b|\binternet[- ]draft\b|"
          r"\bdiscussion series\b|\bpreprint\b"),
    # A paper whose title page lists its versions ("First version: …", "This draft: …")
    # is circulated before publication.
    _rule("working-paper", "text",
          r"^(?:first|this|current|latest|revised|present)\s+(?:version|draft)\s*:",
          "a paper listing its versions", re.I | re.M),
    # A short research note names itself in its first lines ("This note describes …");
    # after the series rules, so a working paper that says "this note" keeps its series.
    _rule("brief", "text",
          r"(?:^|[.!?]\s+)this\s+(?:(?:short|research|policy|issue)\s+)?(?:note|brief)\s+"
          r"(?:describes|provides|presents|documents|explains|examines|summari[sz]es|"
          r"discusses|reviews|outlines|analy[sz]es|introduces|updates|reports)\b",
          "a note calling itself so", re.I | re.M),
    _rule("conference-paper", "text",
          r"\bproceedings of\b|\b(?:annual\s+)?(?:conference|symposium|workshop)\s+(?:on|of)\b|"
          r"\bannual meeting of the\b"),
    _rule("journal-article", "text",
          r"\bjournal of\b|\bjournal\b.{0,40}\bvol(?:ume|\.)\s*\d|"
          r"\bsubmitted to\b.{0,60}\bjournal\b"),
    _rule("opinion", "front",
          r"\b(?:opinion\s*(?:piece|column)|columnist|op-?ed|commentary|"
          r"in (?:these|this|our) columns?)\b"),
    # A manifesto declares its author's views: the title calling the text one.
    _rule("opinion", "front", r"^(?:the\s+)?(?:[\w'’-]+\s+){0,3}manifesto$",
          "the title calling the text a manifesto", re.I | re.M),
    _rule("report", "text",
          r"\b(?:technical|annual|final|research|staff)\s+reports?\b|\bthis report\b|"
          r"\bmodel documentation\b|\bdesign spec(?:ification)?\b|\buser(?:'s|’s)?\s+guide\b|"
          r"\bguide to\b|\bmemorandum\b|\bmemo\b|\bproposed rules?\b|\btechnical paper\b|"
          r"\bwhite paper\b"),
    _rule("brief", "text", r"\b(?:policy|issue|research)\s+brief\b"),
    # A section on installing it: what a paper about a piece of software has (a user's
    # guide, which has one too, is a report by the rule above).
    _rule("software-paper", "text",
          r"^(?:\d+(?:\.\d+)*\.?\s+)?installation(?:\s+and\s+[^\n]{1,40})?$",
          "a section on installing the software", re.I | re.M),
    _rule("magazine-article", "text", r"\bmagazine\b|\b(?:with|by)\s+\w+\s+editors\b"),
    _rule("speech", "text", r"\b(?:remarks|testimony|speech)\s+(?:by|of|before|at)\b"),
    _rule("blog-post", "text",
          r"\bthis\s+blog\s+post\b|\b(?:in|within|on)\s+this\s+post\b|"
          r"(?:^|[.!?]\s+)this\s+post\s+(?:explains|describes|shows|looks|covers|is\s+about)\b",
          "a post calling itself so"),
    _rule("blog-post", "tail",
          r"^posted\s+(?:by|on)\s+\S[^\n]{0,100}$", "a post's signature",
          re.I | re.M),
)
_ABSTRACT = re.compile(r"^abstract\b", re.I)
_KEYWORDS = re.compile(r"^(?:keywords?|key words)\b", re.I)
_INTRODUCTION = re.compile(r"^(?:\d+\.?\s+)?introduction\b", re.I)
_BLOG_URL = re.compile(r"/blog/|\bblog\.", re.I)
_POSTED = re.compile(r"\bposted\b", re.I)


def _scopes(doc: WorkingDocument) -> dict[str, str]:
    """The text of each scope a rule looks in."""
    headings = [doc.paragraphs[i].text for i in doc.section_starts if i < len(doc.paragraphs)]
    front = [doc.title, doc.subtitle or "", *(block.text for _, block in doc.front)]
    if doc.disclaimer is not None:
        front.append(doc.disclaimer.text)
    opening = [p.text for p in doc.paragraphs[:_FIRST_PARAGRAPHS]]
    first = [block.text for _, block in doc.front] + [p.text for p in doc.paragraphs]
    labels = [text.strip(" .:*#") for text in first[:_LABEL_BLOCKS]]
    labels = [text for text in labels if len(text.split()) <= _LABEL_WORDS
              or re.match(r"chapter\s+\d+\s*[-–—:.]", text, re.I)]
    tail = [p.text.strip() for p in doc.paragraphs[-_TAIL_BLOCKS:]]
    return {
        "label": "\n".join(labels),
        "opening": "\n".join(text.strip() for text in opening[:3]),
        "front": "\n".join([*front, *headings])[:_CHARS],
        "text": "\n".join([*front, *opening])[:_CHARS] + "\n" + "\n".join(headings),
        "tail": "\n".join(tail),
    }


def _label_match(rule: Rule, labels: str) -> re.Match[str] | None:
    return next((m for line in labels.splitlines() if (m := rule.pattern.search(line))), None)


# What a report or brief opens with for readers who read no further.
_SUMMARY_HEADING = re.compile(
    r"^(?:\d+\.?\s+)?(?:executive\s+summary|key\s+(?:findings|messages|takeaways|points|"
    r"recommendations)|summary\s+of\s+(?:findings|recommendations))\s*:?$", re.I)
_SUMMARY_SECTIONS = 3  # the first section headings searched for it
_BRIEF_WORDS = 2500  # a brief is a few pages; a longer document with a summary is a report


def _executive_summary(doc: WorkingDocument) -> tuple[str, str] | None:
    """(kind, evidence) when one of the first section headings is an executive summary or
    the key findings: a brief when the text is short, else a report."""
    starts = [i for i in doc.section_starts if i < len(doc.paragraphs)][:_SUMMARY_SECTIONS]
    for i in starts:
        heading = doc.paragraphs[i].text.strip(" #*")
        if _SUMMARY_HEADING.match(heading):
            words = sum(len(p.text.split()) for p in doc.paragraphs)
            kind = "brief" if words < _BRIEF_WORDS else "report"
            return kind, f"a summary for readers who read no further (“{heading[:60]}”)"
    return None


_CONTENTS_HEADING = re.compile(r"^(?:table\s+of\s+)?contents$", re.I)
_CONTENTS_LINE = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}\b")  # "Introduction . . . . 3"
_CONTENTS_PARAGRAPHS = 80
_CONTENTS_LINES = 3


def _table_of_contents(doc: WorkingDocument) -> str | None:
    """The table of contents of a PDF or Word file (a "Contents" heading, or lines of
    dot leaders ending in page numbers) among its first paragraphs, or None: a printed
    report, guide or manual has one; an article does not."""
    if doc.format not in ("pdf", "docx"):
        return None
    first = [p.text.strip() for p in doc.paragraphs[:_CONTENTS_PARAGRAPHS]]
    heading = next((text for text in first if _CONTENTS_HEADING.match(text)), None)
    if heading:
        return heading
    # Entries may be joined into one paragraph: each dot leader counts.
    leaders = [text for text in first for _ in _CONTENTS_LINE.finditer(text)]
    return leaders[0] if len(leaders) >= _CONTENTS_LINES else None


def classify(doc: WorkingDocument) -> tuple[str, str]:
    """(kind, where the evidence is, in words)."""
    hints = doc.hints
    if hints.kind:
        return hints.kind, hints.kind_source or hints.source or "the document's metadata"
    scopes = _scopes(doc)
    contents = _table_of_contents(doc)
    for rule in RULES:
        if rule.kind == "chapter" and contents:
            continue  # "Chapter 1" after a table of contents opens the whole work's first part
        text = scopes[rule.scope]
        found = _label_match(rule, text) if rule.scope == "label" else rule.pattern.search(text)
        if found:
            return rule.kind, f"{rule.says} (“{found.group(0).strip()[:80]}”)"
    summary = _executive_summary(doc)
    if summary:
        return summary
    starts = [p.text[:40] for p in doc.paragraphs[:40]]
    if any(_ABSTRACT.match(s) for s in starts) and any(
        _KEYWORDS.match(s) or _INTRODUCTION.match(s) for s in starts
    ):
        return "journal-article", "the layout of a research paper (an abstract, then sections)"
    if contents:
        return "report", f"a printed document's table of contents (“{contents[:60]}”)"
    dateline = doc.front_block("date")
    dated = bool(doc.published or doc.published_raw)
    if doc.authors and _BLOG_URL.search(doc.url or "") and (dated or "/blog/" in (doc.url or "")):
        return "blog-post", "a signed page at a blog's address"
    if doc.authors and dated and dateline and _POSTED.search(dateline.text):
        return "blog-post", "a dated, signed post (“Posted”)"
    return "article", "no evidence of another kind (the default)"


def run(doc: WorkingDocument) -> None:
    kind, source = classify(doc)
    doc.kind = kind
    doc.provenance["kind"] = FieldSource(field="kind", source=source, value=kind)
