"""The model file: built by the training command, refused when its checksum does not match."""

import shutil
from pathlib import Path

import pytest

from archive.citegraph import Labeller, ModelError, parse_note
from archive.citegraph.model import MODEL_PATH
from archive.citegraph.tokens import tokenize
from archive.citegraph.training.dataset import read_sequences
from archive.citegraph.training.train import DATA_DIR, train


def test_a_model_that_does_not_match_its_checksum_is_refused(tmp_path: Path) -> None:
    model = tmp_path / "citations.crfsuite"
    shutil.copy(MODEL_PATH, model)
    (tmp_path / "citations.crfsuite.sha256").write_text("0" * 64 + "  citations.crfsuite\n")
    with pytest.raises(ModelError, match="does not match"):
        Labeller(model)
    with pytest.raises(ModelError, match="missing"):
        Labeller(tmp_path / "absent.crfsuite")


def test_the_shipped_model_matches_its_checksum() -> None:
    assert Labeller(MODEL_PATH).path == MODEL_PATH


def test_training_writes_a_model_and_its_checksum(tmp_path: Path) -> None:
    """A small model from a slice of the training data labels a note it was trained on."""
    source = DATA_DIR / "archive-notes.xml"
    report = train([source], tmp_path / "small.crfsuite",
                   {"c1": 0.05, "c2": 0.01, "max_iterations": 60})
    assert report.files == {"archive-notes.xml": 43}
    labeller = Labeller(report.path)
    sequence = next(read_sequences(source))
    labelled = labeller.label(tokenize(sequence.text))
    assert len(labelled.labels) == len(sequence.tokens)
    assert parse_note(sequence.text, labeller)
