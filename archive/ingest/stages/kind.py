"""Decide what kind of document this is: "opinion" or "article".

An opinion column announces itself: a stance disclaimer, or front matter or a
title speaking of "opinion(s)", "column(s)", "op-ed" or "commentary".
Everything else is an "article".
"""

import re

from archive.ingest.working import WorkingDocument

__all__ = ["run"]

_OPINION = re.compile(r"\b(?:opinions?|columns?|columnist|op-?ed|commentary)\b", re.I)


def run(doc: WorkingDocument) -> None:
    front = " ".join([doc.title, doc.subtitle or "", *(block.text for _, block in doc.front)])
    doc.kind = "opinion" if doc.disclaimer or _OPINION.search(front) else "article"
