"""``suggest`` asks the vocabulary for the typed words first, neighbours only when needed."""

from __future__ import annotations

import sqlite3
from typing import Any

from archive.search import parse_query
from archive.search.suggest import TABLE, suggest


def _vocabulary(words: dict[str, int]) -> tuple[Any, list[list[str]]]:
    """A real SQLite vocabulary table, and a record of the words each look-up asked for."""
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE TABLE {TABLE} (word TEXT PRIMARY KEY, documents INTEGER NOT NULL)")
    db.executemany(f"INSERT INTO {TABLE} VALUES (?, ?)", words.items())
    asked: list[list[str]] = []

    def lookup(sql: str, params: list[Any]) -> list[tuple[str, int]]:
        import json

        asked.append(json.loads(params[0]))
        return db.execute(sql.replace("%s", "?"), params).fetchall()

    return lookup, asked


def test_words_the_vocabulary_knows_cost_one_small_look_up() -> None:
    lookup, asked = _vocabulary({"karabakh": 40, "ceasefire": 12})
    assert suggest(parse_query("Karabakh ceasefire"), lookup) is None
    assert asked == [["ceasefire", "karabakh"]]


def test_an_unknown_word_is_looked_up_with_its_neighbours_once() -> None:
    lookup, asked = _vocabulary({"karabakh": 40, "ceasefire": 12, "azerbaijan": 30})
    found = suggest(parse_query("Karabak Azerbajan ceasefire"), lookup)
    assert found is not None and found.text == "Karabakh Azerbaijan ceasefire"
    assert len(asked) == 2
    assert asked[0] == ["azerbajan", "ceasefire", "karabak"]
    # Only the unknown words' neighbours, in one look-up.
    assert "karabakh" in asked[1] and "azerbaijan" in asked[1] and "ceasefire" not in asked[1]
