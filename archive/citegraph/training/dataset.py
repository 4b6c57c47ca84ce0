"""Labelled sequences in anystyle's XML format: ``<sequence><title>…</title>…</sequence>``.

Each child element of a ``<sequence>`` is one labelled segment; its text is
split on white space into tokens, each carrying the segment's label.  The same
format holds anystyle's references and the archive's own labelled notes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from archive.citegraph.labels import canonical_label

__all__ = ["LabelledSequence", "read_sequences", "segments_of"]


@dataclass(frozen=True, slots=True)
class LabelledSequence:
    tokens: tuple[str, ...]
    labels: tuple[str, ...]
    segments: tuple[tuple[str, str], ...]  # (label, text) as written in the file

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def segments_of(sequence: ET.Element) -> list[tuple[str, str]]:
    return [(canonical_label(child.tag), " ".join((child.text or "").split()))
            for child in sequence]


def read_sequences(path: Path) -> Iterator[LabelledSequence]:
    for sequence in ET.parse(path).getroot().iter("sequence"):
        segments = [(label, text) for label, text in segments_of(sequence) if text]
        tokens: list[str] = []
        labels: list[str] = []
        for label, text in segments:
            words = text.split()
            tokens += words
            labels += [label] * len(words)
        if tokens:
            yield LabelledSequence(tuple(tokens), tuple(labels), tuple(segments))
