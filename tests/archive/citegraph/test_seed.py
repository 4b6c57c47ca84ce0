"""The seed's 43 notes, as ingest stores them: every cited work, and notes 36–37's short forms.

The expected works are the hand labels of ``training/data/archive-notes.xml``
turned into CSL by the same code as the parse.  The shipped model was trained
on these notes (with anystyle's references): this checks the whole path from
the stored note to the linked citation, not how the labeller generalises
(``python -m bench.citations --without archive-notes.xml`` measures that).
"""


import pytest

from archive.citegraph import parse_notes
from archive.citegraph.model import default_labeller
from archive.citegraph.training.dataset import read_sequences
from archive.config import PROJECT_ROOT
from archive.ingest.pipeline import parse_document
from bench.citations import NOTES, evaluate_notes, expected_citations

SEED = PROJECT_ROOT / "seeds" / "second-karabakh-war-russia-vs-turkey.txt"


@pytest.fixture(scope="module")
def seed_notes() -> list[str]:
    parsed = parse_document(SEED.read_bytes(), SEED.name)
    return [note.text for note in parsed.footnotes]


def test_the_labelled_notes_are_the_seed_notes_as_stored(seed_notes: list[str]) -> None:
    assert [s.text for s in read_sequences(NOTES)] == [" ".join(n.split()) for n in seed_notes]


def test_every_cited_work_has_its_authors_title_and_year() -> None:
    report = evaluate_notes(default_labeller())
    assert report.works >= 35
    assert report.wrong == []
    assert report.works_right == report.works


def test_notes_36_and_37_are_short_forms_of_note_10(seed_notes: list[str]) -> None:
    citations = parse_notes(seed_notes)
    for number in (36, 37):
        (short,) = citations[number - 1]
        assert short.form == "short"
        assert short.refers_to == (9, 0)
        assert short.item["title"] == "Armenia and Azerbaijan: Thinking a Way Out of Karabakh"
        assert short.item["issued"] == {"date-parts": [[1999, 10]]}
    assert citations[35][0].item["locator"] == "147"
    assert [n["family"] for n in citations[9][0].item["author"]] == ["Laitin", "Suny"]


def test_expected_citations_skip_commentary_only_notes() -> None:
    sequences = list(read_sequences(NOTES))
    assert expected_citations(sequences[17]) == []  # note 18: commentary on two treaties
    assert len(expected_citations(sequences[0])) == 3  # note 1: two works and an archive file
