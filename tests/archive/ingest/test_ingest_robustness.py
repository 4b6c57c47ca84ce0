"""Arbitrary text never raises and never crashes a stage; offsets stay in bounds."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.ingest import ParsedDocument, parse_text

_PIECES = [
    "By Ann Lee",
    "By Drs. A & B",
    "3 May 2020",
    "Published: 2019-11-25",
    "Title",
    "The views expressed do not necessarily reflect those of the X Forum.",
    "Ann Lee is a fellow at the Y Institute in Oslo, Norway.",
    "erupt ed",
    "How ever,",
    "in dependent",
    "may be",
    "farm- land",
    "pro- and",
    "word.1",
    "word.2",
    "word,3",
    "76.92",
    "1999.4",
    "(12, 13)",
    "G20",
    "“quoted.”5",
    "1 Note one.",
    "2 Note two",
    "2000, vol. 1",
    "[3] Third.",
    "4, “Quoted,”",
    "http://example. org/a/b",
    "https://exa",
    "news/123",
    "a-b-c-d-e",
    "Тайные",
    "Özal",
    "-",
    "—",
    ".",
    ",",
    "’s",
    "\t",
    "  ",
]
_LINE = st.lists(st.sampled_from(_PIECES) | st.text(max_size=12), max_size=8).map(" ".join)
_DOCUMENT = st.lists(_LINE | st.just(""), max_size=30).map("\n".join)


def _check(doc: ParsedDocument) -> None:
    assert not [p for p in doc.problems if p.reason.startswith("stage failed")], doc.problems
    for note in doc.footnotes:
        if note.paragraph is not None:
            assert 1 <= note.paragraph <= len(doc.paragraphs)
            assert 0 <= (note.offset or 0) <= len(doc.paragraphs[note.paragraph - 1])
    notes = {f"footnote:{n.number}": n.text for n in doc.footnotes}
    for repair in doc.repairs:
        if repair.where == "text":
            target = doc.paragraphs[repair.paragraph - 1]
        elif repair.where in ("title", "subtitle"):
            target = doc.title if repair.where == "title" else doc.subtitle or ""
        else:
            target = notes[repair.where]
        if repair.where.startswith("footnote:") and len(notes) != len(doc.footnotes):
            continue  # duplicate note numbers share a name
        assert target[repair.offset : repair.offset + len(repair.repaired)] == repair.repaired


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCUMENT)
def test_any_text_parses(text: str) -> None:
    cleaned = "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")
    _check(parse_text(cleaned.encode("utf-8"), "fuzz.txt"))
