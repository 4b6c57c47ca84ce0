"""A stance disclaimer inside a paper's Acknowledgements (or Funding) paragraph.

Scholarly manuscripts, and papers by government staff above all, put their
disclaimer at the end of the acknowledgements, after the thanks and the
grant: "… supported by Cooperative Agreement 12. Its contents are solely the
responsibility of the authors and do not necessarily represent the official
views of the X."  The paragraph is long and opens with thanks, so the
disclaimer stage's whole-paragraph test does not see it.  Read here: the
paragraphs under an "Acknowledgements"/"Acknowledgments"/"Funding" heading
(or one opening "Acknowledgements:"), and a paper's title note the PDF's text left
in the body ("∗We thank …"), sentence by sentence, for the sentence (or two) that
is a stance disclaimer, from where it starts.

Only a disclaimer that names the organisation it speaks of counts: "… do not
necessarily reflect the views of these entities" closes a list of sponsors
thanked, it takes no stance for the document.  That organisation is the funder
or the authors' employer, not the publisher: the caller does not take it as one.
"""

from __future__ import annotations

import re

from archive.ingest.stages.disclaimer import disclaimed_organization, in_sentences
from archive.ingest.working import WorkingDocument

__all__ = ["in_acknowledgements"]

_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:acknowledge?ments?|funding(?:\s+information)?"
    r"|acknowledge?ments?\s+and\s+(?:funding|disclaimers?))\s*:?$",
    re.I,
)
_LABEL = re.compile(r"^(?:acknowledge?ments?|funding)\s*:\s+(?=\S)", re.I)
# A paper's title note, left in the body of a PDF's text: it opens with the symbol the
# title or a name carries and thanks people or gives an address ("∗We thank A …",
# "* Email: a@x.org. I thank …"), and its disclaimer comes last.
_TITLE_NOTE = re.compile(r"^[∗*†‡]\s*(?:(?:we|i)\s+(?:thank|are|am|gratefully)\b|"
                         r"e-?mail\b|corresponding\s+author\b)", re.I)
_MAX_HEADING = 60
_SECTION_BLOCKS = 3  # paragraphs an acknowledgements section runs to
_MAX_SECTION = 4000  # characters read from one paragraph


def _is_heading(text: str) -> bool:
    return len(text) <= _MAX_HEADING and not text.endswith(".")


def in_acknowledgements(doc: WorkingDocument) -> str | None:
    """The disclaimer in the acknowledgements' sentences, or None."""
    blocks = doc.body_blocks
    for at, block in enumerate(blocks):
        text = block.text.strip()
        if _HEADING.match(text.strip(" #*_")):
            section = []
            for following in blocks[at + 1 : at + 1 + _SECTION_BLOCKS]:
                if _is_heading(following.text.strip()):
                    break
                section.append(following.text)
        elif _LABEL.match(text):
            section = [_LABEL.sub("", text, count=1)]
        elif _TITLE_NOTE.match(text):
            section = [text]
        else:
            continue
        for paragraph in section:
            found = in_sentences(paragraph[:_MAX_SECTION])
            if found and disclaimed_organization(found):
                return found
    return None
