"""Recognise a stance disclaimer and the organisation it speaks for.

A stance disclaimer says whose views a text states: the views (opinions,
positions, analysis …) are the authors' own, personal, or theirs alone, and/or
they are not (necessarily) those of an organisation.  Recognised, in a short
paragraph (at most a few sentences) that names a stance:

* ownership: "… are the author's own", "… are solely those of the authors",
  "… are the individual authors' views", "reflects the personal views of the
  authors", "… are my own", "writes in a personal capacity"; or
* a denial that the text speaks for someone — "do(es) not (necessarily)
  represent / reflect / express …", "not (necessarily) those of …", "not the
  official position of …", "should not be taken as representing …", "… not be
  attributed to …" — in a paragraph that says it is about itself (the author,
  "this article/column/analysis …", "the views expressed here …").

A sentence that merely mentions views ("Many views of the harbour are expressed
in paintings", "The minister's views are well known", "The ministry does not
reflect the views of citizens") is none of these.  The text is kept verbatim;
the organisation is what the denial names ("… those of the X", "… the X's
positions", "… the official position of the X"), less a leading "the" and a
possessive, and only when it is a capitalised name.  It is also taken as the
publisher: a disclaimer speaks for the house that publishes.

Outside the front matter, a paragraph the text labels a disclaimer (under a
"Disclaimer" heading, or opening "Disclaimer:") near the top or the foot is
one when its first sentences state a stance; else the first sentence or two
that are a disclaimer in the notes (a title footnote), from where the
disclaimer starts.
"""

import re

from archive.ingest.document import ParsedDisclaimer
from archive.ingest.working import WorkingDocument

__all__ = ["disclaimed_organization", "in_sentences", "looks_like", "run"]

_MAX_LENGTH = 600  # a disclaimer is a sentence or two; longer text is prose
_MAX_SENTENCES = 3

_STANCE = r"(?:views?|positions?|opinions?|polic(?:y|ies)|stances?|standpoints?|perspectives?)"
_CONTENT = (
    rf"(?:{_STANCE}|analys[ie]s|conclusions?|findings|interpretations?|assessments?"
    r"|judge?ments?|statements?|commentary|arguments?|ideas)"
)
_AUTHOR = (
    r"(?:authors?(?:\s*\(s\))?|writers?|contributors?|columnists?|commentators?|bloggers?"
    r"|researchers?|speakers?|interviewees?|panell?ists?|presenters?)"
)
# "author's", "authors’", "author(s)'"
_AUTHOR_POSSESSIVE = rf"{_AUTHOR}(?:['’]s?|s['’])"
_SOLELY = r"(?:(?:solely|entirely|strictly|exclusively|only|purely|wholly|simply)\s+)?"
_OWN = r"(?:own|personal|individual|private)"

_FLAGS = re.I
_STANCE_WORD = re.compile(rf"\b{_CONTENT}\b", _FLAGS)

# Whose the stance is: the author's own, personal, or theirs alone.
_OWNERSHIP = re.compile(
    # "are the author's own", "are the individual authors' views",
    # "reflect the authors' personal views"
    rf"\b(?:are|is|remain|reflects?|represents?|expresses?)\s+{_SOLELY}(?:the\s+)?"
    rf"(?:(?:individual|respective)\s+)?{_AUTHOR_POSSESSIVE}\s+(?:{_OWN}\b|{_CONTENT}\b)"
    # "are those of the author", "reflects the personal views of the authors"
    rf"|\b(?:are|is|remain|reflects?|represents?|expresses?)\s+{_SOLELY}"
    rf"(?:those|the\s+(?:{_OWN}\s+)?{_CONTENT}(?:\s+(?:and|or)\s+{_CONTENT})?)\s+of\s+"
    rf"(?:the\s+|its\s+|their\s+)?(?:(?:individual|respective)\s+)?{_AUTHOR}\b"
    # "are my own", "are their own"
    rf"|\b(?:are|is|remain)\s+{_SOLELY}(?:my|our|their|his|her)\s+own\b"
    # "the author's own views", "the authors' personal opinions"
    rf"|\b{_AUTHOR_POSSESSIVE}\s+{_OWN}\s+{_CONTENT}\b"
    # "writes in a personal capacity"
    r"|\bin\s+(?:a|an|his|her|their|my|our)\s+(?:personal|private|individual)\s+capacity\b",
    _FLAGS,
)

# The text does not speak for someone.
_NEGATION = (
    r"(?:(?:do(?:es)?|did|shall|should|must|can|could|may|might|will|would)\s*n['’]t"
    r"|not|neither|nor)"
)
_VERB = (
    r"(?:represent|reflect|express|state|constitute|imply|indicate|mirror|convey|speak\s+for"
    r"|coincide\s+with|correspond\s+to|reproduce)"
)
_DENIAL = re.compile(
    # "do not necessarily reflect those of", "does not represent the X's positions"
    rf"\b{_NEGATION}\s+(?:necessarily\s+|in\s+any\s+way\s+|always\s+)?{_VERB}(?:s|ed)?\b"
    # … whose object is someone's stance: "those of", "the views of", "the X's positions"
    r"(?=\s+(?:the\b|those\b|that\b|any\b|an?\b|its\b|their\b|official\b|(?-i:[A-Z])))"
    rf"(?=[^.;:]*?\b(?:those|{_STANCE})\b)"
    # "not necessarily those of", "not the official position of"
    rf"|\bnot\s+(?:necessarily\s+)?(?:those\s+of\b|the\s+(?:official\s+|formal\s+)?"
    rf"{_STANCE}(?:\s+(?:or|and)\s+{_STANCE})?\s+of\b)"
    # "should not be taken as representing", "should not be attributed to"
    r"|\bnot\s+be\s+(?:taken|construed|interpreted|read|regarded|considered|understood|seen"
    r"|cited|quoted|reported)\s+as\b"
    r"|\bnot\s+(?:be\s+)?(?:attributed|attributable|ascribed)\s+to\b"
    rf"|\brather\s+than\s+(?:those|the\s+(?:official\s+)?{_STANCE})\s+of\b",
    _FLAGS,
)

# The paragraph is about the text it stands in (so a denial is a disclaimer's).
_SELF = re.compile(
    rf"\b{_AUTHOR}\b|\b(?:expressed|stated|presented|contained|herein|here)\b"
    r"|\b(?:this|these|the\s+present)\s+(?:\w+\s+)?(?:article|column|analysis|piece|commentary"
    r"|publication|paper|report|essay|post|blog|brief|op-?ed|opinion|study|chapter|book|document"
    r"|text|web\s*site|site|podcast|interview|review|newsletter|letter|series|content|material"
    r"|work|note|presentation|page)s?\b",
    _FLAGS,
)
# "The views expressed … do not represent the Institute": said of the text's own views,
# any denial will do.
_EXPRESSED = re.compile(rf"\b{_CONTENT}\s+(?:expressed|stated|presented)\b", _FLAGS)
_ANY_DENIAL = re.compile(
    rf"\b{_NEGATION}\s+(?:necessarily\s+|in\s+any\s+way\s+)?{_VERB}(?:s|ed)?\b"
    r"(?=\s+(?:the\b|those\b|any\b|an?\b|its\b|their\b|official\b|(?-i:[A-Z])))",
    _FLAGS,
)
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])[.!?](?=\s+[A-Z“\"‘'(])")

# -- the organisation ------------------------------------------------------------------

_LEAD = re.compile(
    rf"^(?:(?:necessarily|in\s+any\s+way|always)\s+)?(?:{_VERB}(?:s|ed)?\s+)?"
    r"(?:(?:as\s+)?(?:representing|reflecting|expressing)\s+)?"
    rf"(?:those\s+of\s+|(?:the|any|an?)\s+(?:official\s+|formal\s+)?{_STANCE}"
    rf"(?:\s+(?:or|and)\s+{_STANCE})?\s+of\s+)?"
    r"(?:the\s+)?",
    _FLAGS,
)
# Where the organisation's name ends: a sentence stop that does not close an
# initial ("U.S."), a comma, "or its"/"and their" ("the X or its staff"), or a
# second organisation ("the X or the Y": the first one named is recorded).
_END = re.compile(r"(?<!\b[A-Z])[.;:!?](?=\s|$)|,|\s+(?:or|and)\s+(?:its|their)\b"
                  r"|\s+or\s+(?:of\s+)?the\s+(?-i:[A-Z])")  # "the X or the Y": the first named
_POSSESSIVE = re.compile(rf"['’]s?\s+(?:official\s+)?{_STANCE}\b")


def looks_like(text: str) -> bool:
    """A stance disclaimer: a short paragraph saying whose views the text states."""
    if len(text) > _MAX_LENGTH or len(_SENTENCE_END.findall(text)) >= _MAX_SENTENCES:
        return False
    if not _STANCE_WORD.search(text) and not re.search(r"\bcapacity\b", text, _FLAGS):
        return False
    if _OWNERSHIP.search(text):
        return True
    if _EXPRESSED.search(text) and _ANY_DENIAL.search(text):
        return True
    return bool(_DENIAL.search(text) and _SELF.search(text))


def _name_after(rest: str) -> str | None:
    rest = _LEAD.sub("", rest, count=1)
    end = _END.search(rest)
    name = rest[: end.start() if end else len(rest)]
    possessive = _POSSESSIVE.search(name)
    name = (name[: possessive.start()] if possessive else name).strip()
    return name if name[:1].isupper() else None


# "… do not indicate concurrence by other members of the staff or the Board of X."
_CONCURRENCE = re.compile(
    rf"\b{_NEGATION}\s+(?:necessarily\s+)?(?:indicate|imply|represent|constitute|reflect)\s+"
    r"(?:the\s+)?(?:concurrence|agreement|endorsement|approval)\s+(?:by|of|from|with)\b",
    _FLAGS,
)
_NAMED = re.compile(r"\bthe\s+(?P<name>(?-i:[A-Z])[\w.’'&-]*(?:\s+(?:(?:of|for|and|on|the)\s+)*"
                    r"(?-i:[A-Z])[\w.’'&-]*)*)", _FLAGS)


def _named_in_clause(rest: str) -> str | None:
    """The first capitalised "the X" before the sentence ends ("… the research staff or
    the Board of Governors." -> "Board of Governors")."""
    end = _SENTENCE_END.search(rest)
    clause = rest[: end.start() if end else len(rest)]
    match = _NAMED.search(clause)
    return match.group("name").rstrip(".,;") if match else None


def disclaimed_organization(text: str) -> str | None:
    """ "... do not necessarily represent the X's positions." -> "X"."""
    for denial in [*_DENIAL.finditer(text), *_ANY_DENIAL.finditer(text)]:
        if name := _name_after(text[denial.end() :].lstrip()):
            return name
    for denial in _CONCURRENCE.finditer(text):
        if name := _named_in_clause(text[denial.end():]):
            return name
    return None


_HEADING = re.compile(r"^(?:disclaimers?|disclosures?)\s*:?$", re.I)
_LABEL = re.compile(r"^(?:disclaimers?|disclosures?)\s*:\s+(?=\S)", re.I)
_EDGE_BLOCKS = 12  # a labelled disclaimer stands near the top or the foot


def _opening(text: str) -> str:
    """The first sentences of a paragraph, as many as a disclaimer may have."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)][: _MAX_SENTENCES - 1]
    return text[: ends[-1]] if ends else text


def _labelled(doc: WorkingDocument) -> str | None:
    """A disclaimer the text labels so, in the body: a "Disclaimer" heading and the
    paragraph under it, or a paragraph opening "Disclaimer:".  The label says what
    the paragraph is, so it may run longer than a disclaimer found by its wording;
    its opening must still state a stance."""
    blocks = doc.body_blocks
    edges = sorted({*range(min(_EDGE_BLOCKS, len(blocks))),
                    *range(max(0, len(blocks) - _EDGE_BLOCKS), len(blocks))})
    for at in edges:
        text = blocks[at].text.strip()
        if _HEADING.match(text.strip(" #*_")) and at + 1 < len(blocks):
            candidate = blocks[at + 1].text.strip()
        elif _LABEL.match(text):
            candidate = _LABEL.sub("", text, count=1)
        else:
            continue
        if looks_like(_opening(candidate)):
            return candidate
    return None


_WINDOW = 2  # sentences a disclaimer found inside a longer text may take


def in_sentences(text: str) -> str | None:
    """The sentence (or two) of ``text`` that is a disclaimer, from its start, or None.

    A title footnote often thanks people first and disclaims after ("We thank
    A. The views expressed are ours …"): the disclaimer starts where it does.
    """
    text = " ".join(text.split())
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    for size in range(1, _WINDOW + 1):  # one sentence first: it starts the disclaimer
        for i in range(len(bounds) - size):
            candidate = text[bounds[i]:bounds[i + size]].strip()
            candidate = re.sub(r"^(?:\d{1,3}|[*∗†‡§¶])\s*[.)]?\s+", "", candidate)
            if candidate and looks_like(candidate):
                return candidate
    return None


def _elsewhere(doc: WorkingDocument) -> str | None:
    """A disclaimer outside the front matter: labelled, or in a note."""
    labelled = _labelled(doc)
    if labelled:
        return labelled
    notes = " ".join(line for _, line in doc.note_lines)
    # Not the body's paragraphs: there a sentence disclaiming for a funder ("… do not
    # necessarily reflect the views of these entities") belongs to acknowledgements.
    return in_sentences(notes) if notes else None


def run(doc: WorkingDocument) -> None:
    block = doc.front_block("disclaimer")
    # Verbatim: a wrapped disclaimer is rejoined with single spaces, nothing else changes.
    text = block.text if block is not None else _elsewhere(doc)
    funder = False
    if text is None:
        # Imported here: that module reads sentences with this one's rules.
        from archive.ingest.stages.acknowledgement_disclaimer import in_acknowledgements

        text, funder = in_acknowledgements(doc), True
    if text is None:
        return
    organization = disclaimed_organization(text)
    doc.disclaimer = ParsedDisclaimer(text=text, disclaims=organization)
    if not funder:  # an acknowledgement's disclaimer names a funder or employer
        doc.publisher = organization
