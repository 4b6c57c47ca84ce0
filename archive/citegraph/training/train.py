"""Train the citation labeller: every ``data/*.xml`` file → ``model/citations.crfsuite``.

The training set is exactly the XML files of ``data/`` (see ``data/README.md``);
nothing else is read, so the model is reproducible from the repository.
python-crfsuite's L-BFGS is deterministic for the same input in the same
order, so the same data and parameters give the same model file.  Its sha256
is written beside it (``.sha256``); :mod:`archive.citegraph.model` refuses a
model that does not match.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from archive.citegraph.features import sequence_features
from archive.citegraph.model import MODEL_PATH
from archive.citegraph.tokens import tokenize
from archive.citegraph.training.dataset import LabelledSequence, read_sequences

__all__ = ["DATA_DIR", "PARAMETERS", "TrainingReport", "train", "training_files"]

DATA_DIR = Path(__file__).with_name("data")
# L1 keeps the model small (most of the millions of candidate attributes get a
# zero weight); L2 smooths the rest.  Chosen on a split of the training data,
# never on the evaluation set.
PARAMETERS = {"c1": 0.1, "c2": 0.01, "max_iterations": 300,
              "feature.possible_transitions": True}


@dataclass(frozen=True, slots=True)
class TrainingReport:
    files: dict[str, int]  # file name → sequences
    seconds: float
    path: Path
    sha256: str
    size: int


def training_files(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted(data_dir.glob("*.xml"))


def features_of(sequence: LabelledSequence) -> list[list[str]]:
    """The features of a labelled sequence, tokenised as the parser tokenises a note."""
    tokens = tokenize(sequence.text)
    assert [t.text for t in tokens] == list(sequence.tokens)
    return sequence_features(tokens)


def train(files: list[Path] | None = None, path: Path = MODEL_PATH,
          parameters: dict[str, object] | None = None) -> TrainingReport:
    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    counts: dict[str, int] = {}
    for file in files if files is not None else training_files():
        sequences = list(read_sequences(file))
        counts[file.name] = len(sequences)
        for sequence in sequences:
            trainer.append(features_of(sequence), list(sequence.labels))
    trainer.set_params(parameters or PARAMETERS)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    trainer.train(str(partial))
    partial.replace(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    path.with_name(path.name + ".sha256").write_text(f"{digest}  {path.name}\n", encoding="ascii")
    return TrainingReport(counts, time.perf_counter() - started, path, digest,
                          path.stat().st_size)
