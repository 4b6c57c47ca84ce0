"""The trained labeller: a CRF model file, checked against its recorded sha256.

The model is built by ``python -m archive.citegraph.training`` into
``archive/citegraph/model/`` as ``citations.crfsuite`` with its checksum in
``citations.crfsuite.sha256``.  A file that does not match its checksum (a
half-written build, a merge that kept one side of each) is refused with a
:class:`ModelError` that says how to rebuild it, never used silently.

python-crfsuite's ``Tagger`` keeps the sequence it labels as state, so each
thread gets its own (web servers label notes on several threads).
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycrfsuite

from archive.citegraph.features import sequence_features
from archive.citegraph.tokens import Token

__all__ = ["MODEL_DIR", "MODEL_PATH", "Labelled", "Labeller", "ModelError", "default_labeller",
           "file_sha256"]

MODEL_DIR = Path(__file__).with_name("model")
MODEL_PATH = MODEL_DIR / "citations.crfsuite"


class ModelError(RuntimeError):
    """The model file is missing or is not the one its checksum names."""


@dataclass(frozen=True, slots=True)
class Labelled:
    labels: list[str]
    confidences: list[float]  # the marginal probability of each token's label


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _checked(path: Path) -> Path:
    checksum = path.with_name(path.name + ".sha256")
    rebuild = "rebuild it with: python -m archive.citegraph.training"
    if not path.exists() or not checksum.exists():
        raise ModelError(f"citation model {path} or its checksum is missing; {rebuild}")
    expected = checksum.read_text(encoding="ascii").split()[0]
    if file_sha256(path) != expected:
        raise ModelError(f"citation model {path} does not match {checksum.name}; {rebuild}")
    return path


class Labeller:
    """Labels the tokens of a note with citation fields."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        self.path = _checked(path)
        self._local = threading.local()

    def _tagger(self) -> pycrfsuite.Tagger:
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            tagger = pycrfsuite.Tagger()
            tagger.open(str(self.path))
            self._local.tagger = tagger
        return tagger

    def label(self, tokens: list[Token]) -> Labelled:
        if not tokens:
            return Labelled([], [])
        tagger = self._tagger()
        labels = tagger.tag(sequence_features(tokens))
        confidences = [tagger.marginal(label, i) for i, label in enumerate(labels)]
        return Labelled(list(labels), confidences)


@cache
def default_labeller() -> Labeller:
    return Labeller()
