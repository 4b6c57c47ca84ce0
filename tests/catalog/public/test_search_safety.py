"""Hostile search input is never a server error, on the catalog page and the API."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

HOSTILE = [
    '"',
    '""',
    '"unclosed phrase',
    "don't",
    "l'homme d'état",
    "-",
    "--",
    "-treaty",
    "*",
    "tre*",
    "NEAR(treaty peace)",
    "treaty NEAR peace",
    "title:treaty",
    "{title}: x",
    ":",
    "(",
    ")",
    "(treaty OR peace",
    "AND",
    "OR NOT",
    "^treaty",
    "treaty\x00peace",
    "\x00",
    "🙂",
    "🏳️‍🌈 treaty",
    "a" * 10_000,
    "treaty " * 2_000,
    "%",
    "_",
    "\\",
    "'; DROP TABLE document; --",
    "<script>",
]


@pytest.fixture
def seeded(create: Callable[..., int]) -> int:
    return create("The treaty of peace", text="A treaty was signed.\n\nPeace followed.")


@pytest.mark.parametrize("text", HOSTILE)
def test_catalog_search_never_fails(seeded: int, client: Client, text: str) -> None:
    """The catalog answers 200 with results or an empty list, whatever is typed."""
    for params in ({"q": text}, {"notes": text}, {"q": text, "sort": "title"}):
        response = client.get("/", params)
        assert response.status_code == 200, params


@pytest.mark.parametrize("text", HOSTILE)
def test_api_search_never_fails(seeded: int, client: Client, text: str) -> None:
    """The API answers 200 (or 400 for a value its form refuses), never a 5xx."""
    response = client.get("/api/documents/", {"q": text})
    assert response.status_code in (200, 400)
    assert response["Content-Type"].startswith("application/json")


def test_quotes_and_exclusions_work(create: Callable[..., int], client: Client) -> None:
    """A phrase matches in order only; a minus excludes."""
    first = create("Peace treaty", text="The frozen conflict thawed.")
    second = create("War diary", text="The conflict was not frozen.")

    def ids(q: str) -> set[int]:
        return {r["id"] for r in client.get("/api/documents/", {"q": q}).json()["results"]}

    assert ids('"frozen conflict"') == {first}
    assert ids("frozen conflict") == {first, second}
    assert ids("conflict -treaty") == {second}
    assert ids('-"frozen conflict"') == {second}
