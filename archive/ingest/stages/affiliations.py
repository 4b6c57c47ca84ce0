"""Read the author note: who holds which position where.

Accepted: a front-matter sentence naming byline authors by surname (with or
without honorific or first name, or "The author" for a single author), each
followed by "is"/"serves as" and one or more roles joined by "and"/commas:
"Dr. A is a professor at the University of X; and Dr. B is a research fellow
at the Y Institute and a visiting lecturer at Z University in Kampala, Uganda."
A role is "[a|an|the] TITLE at|with ORGANISATION [in PLACE]" or
"TITLE of [the] ORGANISATION".  "in PLACE" binds to the role it ends.

Also accepted, for byline authors still without an affiliation: an "About the
author(s)" section at the end giving each name on its own line and the
positions under it ("Senior Vice President at X, and General Manager of the
Y Lab"); or a byline author named again in the last paragraphs with a position
after a comma ("… posted on the X blog by Ann Lee, Chief Economist at the Y
Agency (YA).") or as from or of an organisation ("… Ann Lee from the Y
Foundation for …"; a name with an organisation word, not a place).
"""

import re
from dataclasses import replace

from archive.ingest.document import ParsedAffiliation, ParsedAuthor
from archive.ingest.names import HONORIFIC, ORGANISATION, canonical_honorific
from archive.ingest.working import WorkingDocument

__all__ = ["looks_like", "parse_positions", "parse_roles", "run"]

_VERB = r"\s+(?:is|was|serves\s+as)\s+"
_OPENING = re.compile(
    rf"^(?:(?:{HONORIFIC})\s+)?(?:[A-Z][\w’'.-]*\s+){{0,4}}?[A-Z][\w’'-]*{_VERB}"
    r"|^The\s+authors?\s+(?:is|are)\s+"
)
_LINK = re.compile(r"\s(?:at|with|of)\s+(?:the\s+)?[A-Z]")
_MAX_LENGTH = 1000
# Roles split where "and"/a comma is followed by an article and a lower-case title.
_ROLE_SPLIT = re.compile(r"(?:,?\s+and\s+|,\s+)(?=(?:a|an|the)\s+[a-z])")
_ARTICLE = r"^(?:(?:a|an|the)\s+)?"
_AT = re.compile(_ARTICLE + r"(?P<title>[A-Za-z][\w\s’'-]*?)\s+(?:at|with)\s+(?P<org>.+)$")
_OF = re.compile(_ARTICLE + r"(?P<title>[a-z][\w\s’'-]*?)\s+of\s+(?:the\s+)?(?P<org>[A-Z].+)$")
# A place: capitalised words, comma-separated ("Kampala, Uganda"), at the end.
_PLACE = re.compile(r"^(?P<org>.+?)\s+in\s+(?P<place>[A-Z][\w’'.-]*(?:,?\s+[A-Z][\w’'.-]*)*)$")


def looks_like(text: str) -> bool:
    return len(text) <= _MAX_LENGTH and bool(_OPENING.match(text) and _LINK.search(text))


def _affiliation(role: str) -> ParsedAffiliation | None:
    match = _AT.match(role) or _OF.match(role)
    if match is None:
        return None
    org = re.sub(r"^the\s+", "", match.group("org").strip(), flags=re.I)
    place = _PLACE.match(org)
    if place:
        org = place.group("org")
    title = match.group("title").strip() or None
    return ParsedAffiliation(
        organization=org, title=title, place=place.group("place") if place else None
    )


def parse_roles(clause: str) -> list[ParsedAffiliation]:
    """ "a professor at X and a fellow at Y in Z" -> two affiliations."""
    clause = re.sub(r"[\s;,.]*(?:\band\b)?[\s;,.]*$", "", clause)
    roles = (_affiliation(role.strip()) for role in _ROLE_SPLIT.split(clause))
    return [role for role in roles if role is not None]


def _mention(text: str, author: ParsedAuthor, alone: bool) -> re.Match[str] | None:
    surname = re.escape(re.sub(r",?\s+(?:Jr|Sr|II|III|IV)\.?$", "", author.name).split()[-1])
    pattern = rf"(?:(?P<hon>{HONORIFIC})\s+)?(?:[A-Z][\w’'.-]*\s+){{0,3}}?{surname}{_VERB}"
    if alone:  # a single author may be called "the author"
        pattern += r"|\b[Tt]he\s+author\s+is\s+"
    return re.search(pattern, text)


def _with_roles(author: ParsedAuthor, clause: str, honorific: str | None) -> ParsedAuthor:
    affiliations = [*author.affiliations, *parse_roles(clause)]
    return replace(author, affiliations=affiliations, honorific=author.honorific or honorific)


_SECTION = re.compile(r"^(?:about\s+the\s+)?authors?:?$", re.I)
_SECTION_BLOCKS = 14  # an author section stands among the last blocks
_POSITION_SPLIT = re.compile(r"\s*(?:;\s*(?:and\s+)?|,\s+and\s+|,\s+(?=(?:a|an|the)\s))\s*")
# "TITLE at/with [the] ORG" first (a title may hold "of": "President of Sales at X"),
# else "TITLE of the ORG".
_POSITIONS = (
    re.compile(r"^(?P<title>[A-Za-z][\w\s’'&-]*?)\s+(?:at|with)\s+(?:the\s+)?"
               r"(?P<org>[A-Z].*?)[\s.]*$"),
    re.compile(r"^(?P<title>[A-Za-z][\w\s’'&-]*?)\s+of\s+the\s+(?P<org>[A-Z].*?)[\s.]*$"),
)
_MAX_POSITION = 300


def parse_positions(line: str) -> list[ParsedAffiliation]:
    """ "Senior Fellow at X, and Director of the Y Lab" -> X, Y Lab (title and organisation)."""
    found = []
    for part in _POSITION_SPLIT.split(line.strip()):
        match = next((m for p in _POSITIONS if (m := p.match(part.strip()))), None)
        if match:
            found.append(ParsedAffiliation(organization=match.group("org").strip(),
                                           title=match.group("title").strip()))
    return found


def _author_section(doc: WorkingDocument) -> None:
    """An "About the author" section at the end: each author's name on its line and
    the position under it ("Senior Fellow at X"), for byline authors with none."""
    blocks = doc.body_blocks
    start = next((at for at in range(len(blocks) - 1, max(-1, len(blocks) - _SECTION_BLOCKS), -1)
                  if _SECTION.match(blocks[at].text.strip(" #*_"))), None)
    if start is None:
        return
    wanted = {author.name.casefold(): i for i, author in enumerate(doc.authors)
              if not author.affiliations}
    for at in range(start + 1, len(blocks) - 1):
        name = blocks[at].text.strip(" *_#")
        line = blocks[at + 1].text.strip()
        if name.casefold() not in wanted or len(line) > _MAX_POSITION:
            continue
        positions = parse_positions(line)
        if positions:
            i = wanted.pop(name.casefold())
            doc.authors[i] = replace(doc.authors[i], affiliations=positions)


_CLOSING_BLOCKS = 4  # a closing credit line stands among the last paragraphs
_ORG_WORDS = r"[A-Z][\w'’.&-]*(?:\s+(?:(?:of|for|and|&)\s+)?[A-Z][\w'’.&-]*)*"


def _closing_credit(doc: WorkingDocument) -> None:
    """A byline author named again at the end with a position: "… was first posted on
    the X blog by Ann Lee, Chief Economist at the Y Agency (YA)." -> Y Agency, or as
    from an organisation ("Ann Lee from the Y Foundation"); for byline authors
    still without an affiliation."""
    tail = " ".join(block.text for block in doc.body_blocks[-_CLOSING_BLOCKS:])
    for i, author in enumerate(doc.authors):
        if author.affiliations:
            continue
        match = re.search(rf"\b{re.escape(author.name)},\s+(?P<clause>[A-Za-z][^.;()\n]*?\s"
                          rf"(?:at|with|of)\s+(?:the\s+)?[A-Z][^.;()\n]*)", tail)
        positions = parse_positions(match.group("clause")) if match else []
        if not positions:
            member = re.search(rf"\b{re.escape(author.name)}\s+(?:from|of)\s+(?:the\s+)?"
                               rf"(?P<org>{_ORG_WORDS})", tail)
            if member and ORGANISATION.search(member.group("org")):
                positions = [ParsedAffiliation(organization=member.group("org"))]
        if positions:
            doc.authors[i] = replace(author, affiliations=positions)


def run(doc: WorkingDocument) -> None:
    block = doc.front_block("author_note")
    if block is None and doc.authors:
        _author_section(doc)
        _closing_credit(doc)
    if block is None or not doc.authors:
        return
    text = block.text
    found = [
        (m, i) for i, a in enumerate(doc.authors) if (m := _mention(text, a, len(doc.authors) == 1))
    ]
    found.sort(key=lambda pair: pair[0].start())
    for k, (match, i) in enumerate(found):
        end = found[k + 1][0].start() if k + 1 < len(found) else len(text)
        hon = match.groupdict().get("hon")
        doc.authors[i] = _with_roles(
            doc.authors[i], text[match.end() : end], canonical_honorific(hon) if hon else None
        )
    if not any(author.affiliations for author in doc.authors):
        doc.problem(
            "affiliations",
            "author note names no byline author's position",
            line=block.first_line,
            raw=text,
            field="affiliations",
        )
