"""A small judged set for relevance: documents, queries and the documents each should find.

Added to the generated catalog (whose Zipf-drawn prose is the noise a term also
occurs in), then each query's first ten results are scored against the grades:
2 = what the query is about (the word or phrase in the title, the author asked
for), 1 = about it in the body, more than in passing; every other document is 0 —
the generated ones, and *distractors* written to tempt a ranking: a long report
that mentions the word once, a phrase's words apart, a word only in a note, and
fifteen short briefs per topic that mention the word once each (the case of
issue 21: a ranking normalised for length puts them above the report named after
the word).

The documents are invented and neutral; nothing here is a real publication.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["JUDGED_DOCUMENTS", "JUDGED_QUERIES", "JudgedDocument", "JudgedQuery"]

_FILLER = ("The committee reviewed the budget, the staffing plan and the schedule of "
           "meetings for the coming year. ")


@dataclass(frozen=True)
class JudgedDocument:
    key: str
    title: str
    body: str
    authors: tuple[str, ...] = ("Staff Writer",)
    notes: tuple[str, ...] = ()
    disclaimer: str | None = None


@dataclass(frozen=True)
class JudgedQuery:
    q: str
    grades: dict[str, int] = field(default_factory=dict)  # key -> 2 or 1; absent = 0


def _long(text: str, filler: int = 120) -> str:
    """A long report: ``text`` once, in the middle of ``filler`` routine sentences."""
    half = _FILLER * (filler // 2)
    return f"{half}\n\n{text}\n\n{half}"


JUDGED_DOCUMENTS: tuple[JudgedDocument, ...] = (
    JudgedDocument("cf-title", "Monitoring the Ceasefire along the Line of Contact",
                   _long("Observers recorded each ceasefire violation reported by both sides. "
                         "The ceasefire held in most sectors.", 200)),
    JudgedDocument("cf-title-2", "Ceasefire Agreements and Their Verification",
                   "How a ceasefire is verified: patrols, hotlines and joint commissions. "
                   "A ceasefire without verification rarely lasts."),
    JudgedDocument("cf-body", "Field notes from the border villages",
                   "Villagers spoke of the ceasefire as fragile. Since the ceasefire, "
                   "the market reopened; the ceasefire is what everyone discusses."),
    JudgedDocument("cf-once", "Annual budget review of the regional office",
                   _long("A ceasefire was mentioned in passing.", 160)),
    JudgedDocument("cf-note", "Quarterly staffing digest", _FILLER * 6,
                   notes=("See the ceasefire monitoring report of the mission.",)),
    JudgedDocument("fc-title", "The Frozen Conflict in Transnistria, Thirty Years On",
                   "A frozen conflict persists when neither war nor settlement comes. "
                   "This paper traces the frozen conflict since 1992."),
    JudgedDocument("fc-body", "Stalled negotiations in the South Caucasus",
                   "Analysts describe the dispute as a frozen conflict, with talks "
                   "suspended for years."),
    JudgedDocument("fc-apart", "Frozen assets and the conflict over sanctions",
                   "Banks froze assets; the conflict over sanctions widened. Frozen funds "
                   "remain a point of conflict."),
    JudgedDocument("wr-title", "Water Rights on the Shared River Basin",
                   "Upstream dams changed downstream water rights; the basin commission "
                   "allocates water by season."),
    JudgedDocument("wr-body", "Irrigation and harvests in the lowlands",
                   "Farmers depend on water rights granted decades ago; disputes over "
                   "water rights reach the courts each dry season."),
    JudgedDocument("wr-apart", "Rights of workers and the water utility",
                   _long("Workers' rights at the utility were discussed; water tariffs rose.",
                         60)),
    JudgedDocument("au-1", "Energy transit after the pipeline dispute",
                   "Transit fees and pipeline capacity shaped the winter supply.",
                   authors=("Anahit Petrosyan",)),
    JudgedDocument("au-2", "Grid interconnection in the region",
                   "New interconnectors link the grids of neighbouring states.",
                   authors=("Anahit Petrosyan", "Lev Marchenko")),
    JudgedDocument("au-mention", "A review of recent energy papers",
                   _long("Among the papers reviewed is one by Petrosyan on transit fees.",
                         60)),
    JudgedDocument("ds-title", "Disinformation Campaigns during Elections",
                   "Coordinated disinformation spread through paid accounts; platforms "
                   "removed some of the disinformation networks."),
    JudgedDocument("ds-disclaimer", "Media literacy programmes in schools",
                   "Pupils learn to check sources and compare reports.",
                   disclaimer="This study of disinformation was funded by the ministry."),
    JudgedDocument("ds-body", "Newsrooms under pressure",
                   "Editors struggle with disinformation; fact-checking desks grew, and "
                   "disinformation still spreads faster than corrections."),
    JudgedDocument("ref-title", "Refugee Return and Property Restitution",
                   "Returning refugees claim homes; restitution commissions decide "
                   "refugee property claims."),
    JudgedDocument("ref-body", "Municipal services after the war",
                   "Schools, clinics and housing for refugees returning to the town; "
                   "refugee families now a third of residents."),
    JudgedDocument("ref-once", "Annual report of the port authority",
                   _long("A refugee ship docked once in March.", 160)),
)

# The case reported in issue 21: many short briefs that each mention a word once,
# which a length-normalised ranking puts above the long report named after it.
JUDGED_DOCUMENTS += tuple(
    JudgedDocument(f"brief-{topic}-{n}", f"Weekly situation brief {n} ({topic} desk)",
                   f"Roads reopened in the north. A {word} was noted once. Prices rose.")
    for topic, word in (("security", "ceasefire"), ("humanitarian", "refugee"))
    for n in range(15)
)

JUDGED_QUERIES: tuple[JudgedQuery, ...] = (
    JudgedQuery("ceasefire", {"cf-title": 2, "cf-title-2": 2, "cf-body": 1}),
    JudgedQuery("ceasefire verification", {"cf-title-2": 2}),
    JudgedQuery('"frozen conflict"', {"fc-title": 2, "fc-body": 1}),
    JudgedQuery('"water rights"', {"wr-title": 2, "wr-body": 1}),
    JudgedQuery("Petrosyan", {"au-1": 2, "au-2": 2}),
    JudgedQuery("disinformation", {"ds-title": 2, "ds-body": 1, "ds-disclaimer": 1}),
    JudgedQuery("refugee", {"ref-title": 2, "ref-body": 1}),
    JudgedQuery("refugee property", {"ref-title": 2}),
)
