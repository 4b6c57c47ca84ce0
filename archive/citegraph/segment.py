"""From a labelled note to its citations: where one cited work ends and the next begins.

The labeller gives each token a field; this module groups the runs of equal
labels (segments) into citations.  A note may hold commentary (``note``
segments) around and between citations, several citations in a row, or none.
A new citation starts

* at an author (or a reference number) once the current one has a title, a
  container or a URL: "…, 281-323. Jamil Hasanli, The Sovietization …";
* at a title once the current one has a title and something that follows a
  title (a date, container, publisher, pages or URL);
* at "Ibid." (or "ibidem"), which always cites the work cited just before.

A group of segments is a citation when it names a work: a title, a URL, or an
author or container together with a date, publisher or URL.  Anything else
(a stray date in commentary, a page number alone) is commentary.  Commentary
inside a citation (between its first and last field, "Unpublished paper
presented at") stays with it as its ``note``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Draft", "Segment", "group_citations", "segments"]

IBID_WORDS = frozenset({"ibid", "ibidem"})
_STARTS = frozenset({"author", "citation-number"})
_NAMES_A_WORK = frozenset({"title", "container-title", "journal", "url", "doi"})
_AFTER_TITLE = frozenset({"date", "container-title", "journal", "publisher", "pages", "url",
                          "doi", "volume", "location"})


@dataclass(frozen=True, slots=True)
class Segment:
    label: str
    start: int  # token indexes, end exclusive
    end: int


@dataclass(slots=True)
class Draft:
    """The segments of one citation, in order; ``ibid`` when it is an "Ibid." reference."""

    segments: list[Segment] = field(default_factory=list)
    ibid: bool = False

    def labels(self) -> set[str]:
        return {segment.label for segment in self.segments}

    def names_a_work(self) -> bool:
        labels = self.labels()
        if self.ibid or labels & _NAMES_A_WORK:
            return True
        if labels & {"author", "editor"} and labels & {"date", "publisher", "container-title"}:
            return True
        return False

    def trimmed(self) -> Draft:
        """Without the commentary before its first field and after its last one."""
        fields = [i for i, s in enumerate(self.segments) if s.label != "note"]
        if self.ibid:  # its first segment is the "Ibid." itself
            fields = [0, *fields]
        if not fields:
            return Draft([], self.ibid)
        return Draft(self.segments[fields[0]:fields[-1] + 1], self.ibid)


def segments(labels: list[str]) -> list[Segment]:
    """Runs of equal labels."""
    runs: list[Segment] = []
    start = 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            runs.append(Segment(labels[start], start, i))
            start = i
    return runs


def _starts_new(current: Draft, segment: Segment) -> bool:
    have = current.labels()
    if segment.label in _STARTS:
        return bool(have & (_NAMES_A_WORK | {"date"})) or current.ibid
    if segment.label == "title":
        return ("title" in have and bool(have & _AFTER_TITLE)) or current.ibid
    return False


def group_citations(labels: list[str], words: list[str]) -> list[Draft]:
    """The citations of one labelled note, in order (commentary dropped)."""
    drafts: list[Draft] = [Draft()]
    for segment in segments(labels):
        ibid_at = [i for i in range(segment.start, segment.end)
                   if "".join(ch for ch in words[i] if ch.isalpha()).lower() in IBID_WORDS]
        if ibid_at:
            # "Ibid., 45." — the ibid word opens a citation of its own, the rest follows it.
            if segment.start < ibid_at[0]:
                drafts[-1].segments.append(Segment(segment.label, segment.start, ibid_at[0]))
            drafts.append(Draft([Segment("note", ibid_at[0], ibid_at[0] + 1)], ibid=True))
            if ibid_at[0] + 1 < segment.end:
                # "Ibid., 80.": a number right after it is the page, whatever it was labelled.
                rest = words[ibid_at[0] + 1:segment.end]
                numeric = segment.label == "note" and any(c.isdigit() for c in "".join(rest))
                label = "pages" if numeric and len(rest) <= 3 else segment.label
                drafts[-1].segments.append(Segment(label, ibid_at[0] + 1, segment.end))
            continue
        if _starts_new(drafts[-1], segment):
            drafts.append(Draft())
        drafts[-1].segments.append(segment)
    return [draft.trimmed() for draft in drafts if draft.names_a_work()]
