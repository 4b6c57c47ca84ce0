"""Stance disclaimers and the organisation they name."""

import pytest

from archive.ingest import parse_text
from archive.ingest.stages.disclaimer import disclaimed_organization, looks_like


@pytest.mark.parametrize(
    ("text", "organization"),
    [
        (
            "The views expressed here do not necessarily reflect the views of the Middle East "
            "Forum or its staff.",
            "Middle East Forum",
        ),
        (
            "The views expressed in this note are those of the authors and do not indicate "
            "concurrence by other members of the harbour staff or the Board of the Port.",
            "Board of the Port",
        ),
        (
            "The views expressed are those of the author and do not necessarily reflect those of "
            "the U.S. Department of State.",
            "U.S. Department of State",
        ),
        (
            "Opinions expressed are the author’s own and do not necessarily represent the Harbor "
            "Institute’s positions.",
            "Harbor Institute",
        ),
        (
            "The opinions expressed do not necessarily reflect the official policy or position of "
            "the Baltic Policy Institute.",
            "Baltic Policy Institute",
        ),
        (
            "This column does not necessarily represent the views of Nordic Voices, its board or "
            "donors.",
            "Nordic Voices",
        ),
        ("Views expressed are the author’s own.", None),
        ("The views expressed do not necessarily reflect the views of our readers.", None),
    ],
)
def test_organization(text: str, organization: str | None) -> None:
    assert looks_like(text)
    assert disclaimed_organization(text) == organization


def test_ordinary_prose_is_not_a_disclaimer() -> None:
    assert not looks_like("The minister represents the government at the summit.")
    assert not looks_like("Many views of the harbour are expressed in paintings.")


# Wordings the recogniser was not written from: ownership, personal views, denials.
@pytest.mark.parametrize(
    ("text", "organization"),
    [
        (
            "This analysis reflects the personal views of the authors, not the official "
            "position of the Lagoon Research Council.",
            "Lagoon Research Council",
        ),
        (
            "The opinions in this piece are solely those of the writer and should not be "
            "attributed to the Lantern Trust.",
            "Lantern Trust",
        ),
        (
            "Any opinions, findings and conclusions are those of the authors and do not "
            "necessarily reflect the views of the Tundra Science Fund.",
            "Tundra Science Fund",
        ),
        (
            "This commentary should not be taken as representing the position of the Oslo "
            "Harbour Forum.",
            "Oslo Harbour Forum",
        ),
        (
            "The content of this publication does not reflect the official opinion of the "
            "Alpine Union.",
            "Alpine Union",
        ),
        ("These views are my own and not those of my employer.", None),
        ("The author writes in a personal capacity.", None),
        ("The statements made here are the contributors’ own.", None),
    ],
)
def test_unseen_wordings(text: str, organization: str | None) -> None:
    assert looks_like(text)
    assert disclaimed_organization(text) == organization


@pytest.mark.parametrize(
    "text",
    [
        "The minister's views on the treaty were well known, and he did not hide them.",
        "Her personal views of the conflict changed after 2008.",
        "The ministry does not reflect the views of ordinary citizens, critics say.",
        "This does not reflect well on the government's position.",
        "The views from the ridge are spectacular in spring.",
        "Opinion polls do not necessarily reflect the mood of voters, as 2016 showed.",
        "The authors argue that Turkey's position does not reflect the interests of Russia.",
        "The official position of the ministry was announced on Monday.",
    ],
)
def test_prose_mentioning_views_is_not_a_disclaimer(text: str) -> None:
    assert not looks_like(text)


def test_a_disclaimer_inside_a_longer_note_starts_where_it_does() -> None:
    from archive.ingest.stages.disclaimer import in_sentences

    note = ("1. We thank Bo Chen for comments on an earlier draft. The views expressed here are "
            "those of the author and do not necessarily reflect those of the Harbour Board. "
            "All errors are ours.")
    found = in_sentences(note)
    assert found is not None and found.startswith("The views expressed here")
    assert in_sentences("We thank Bo Chen for comments. The harbour was busy.") is None


def test_a_title_footnote_disclaimer() -> None:
    body = "Shipping through the Arctic has grown quickly in recent years, and ports with it."
    text = (f"Ports of the North\n\nBy Ingrid Olsen\n\n{body}\n\n{body}\n\nNotes\n\n"
            "1. We thank Bo Chen for comments. The views expressed in this paper are those of "
            "the author and not those of the Harbour Board.\n")
    doc = parse_text(text.encode(), "ports.txt")
    assert doc.disclaimer is not None
    assert doc.disclaimer.text.startswith("The views expressed in this paper")
    assert doc.disclaimer.disclaims == "Harbour Board"
