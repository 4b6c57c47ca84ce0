"""Offsets stay valid across edits."""

from archive.ingest.edits import Edit, apply_edits


def test_offsets_move_with_edits() -> None:
    text = "ab cd.1 ef gh.2 end"
    new, placed, remap = apply_edits(text, [Edit(14, 15, "", False), Edit(0, 5, "abcd")])
    assert new == "abcd.1 ef gh. end"
    assert [(e.replacement, start) for e, start in placed] == [("abcd", 0), ("", 13)]
    assert remap(6) == 5  # after the first edit: one character shorter
    assert remap(15) == 13  # right after the removed marker
    assert new[remap(16) :] == "end"
    assert remap(2) == 0  # inside a replaced span: start of its replacement
    assert remap(len(text)) == len(new)


def test_no_edits_is_identity() -> None:
    new, placed, remap = apply_edits("same", [])
    assert (new, placed, remap(3)) == ("same", [], 3)
