"""Stance disclaimers and the organisation they name."""

import pytest

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
