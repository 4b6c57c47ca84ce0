"""The default stage list and the driver loop.

``parse_text`` reads the bytes into a working document and runs each stage in
order.  A stage that fails unexpectedly is recorded as a Problem and the next
stage runs: one bad paragraph must not cost the whole document.  Only an
:class:`IngestError` (bytes that are not text) propagates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from archive.ingest.document import ParsedDocument
from archive.ingest.errors import IngestError
from archive.ingest.readers.text import read_text
from archive.ingest.stages import (
    affiliations,
    blocks,
    byline,
    dateline,
    decode,
    disclaimer,
    footnotes,
    front,
    hyphens,
    kind,
    language,
    markers,
    notes_split,
    paragraphs,
    split_words,
    urls,
)
from archive.ingest.working import WorkingDocument

__all__ = ["DEFAULT_STAGES", "Stage", "parse_text", "run_stages"]


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    run: Callable[[WorkingDocument], None]


DEFAULT_STAGES: list[Stage] = [
    Stage("decode", decode.run),
    Stage("blocks", blocks.run),
    Stage("notes_split", notes_split.run),  # before front matter: notes never hold it
    Stage("front", front.run),
    Stage("byline", byline.run),
    Stage("date", dateline.run),
    Stage("disclaimer", disclaimer.run),
    Stage("affiliations", affiliations.run),  # needs the byline's names
    Stage("paragraphs", paragraphs.run),
    Stage("footnotes", footnotes.run),
    Stage("markers", markers.run),  # needs the note numbers; before any text edit
    Stage("language", language.run),  # repairs use the language's word list
    Stage("hyphens", hyphens.run),
    Stage("split_words", split_words.run),
    Stage("urls", urls.run),
    Stage("kind", kind.run),
]


def run_stages(doc: WorkingDocument, stages: Sequence[Stage]) -> WorkingDocument:
    """Run ``stages`` in order on ``doc``; unexpected failures become problems."""
    for stage in stages:
        try:
            stage.run(doc)
        except IngestError:
            raise
        except Exception as exc:  # noqa: BLE001 - a stage bug is data about this document
            doc.problem(stage.name, f"stage failed: {type(exc).__name__}: {exc}")
    return doc


def parse_text(
    data: bytes, filename: str, stages: Sequence[Stage] = DEFAULT_STAGES
) -> ParsedDocument:
    """Parse a plain-text document; raises only :class:`DecodeError` for non-text bytes."""
    return run_stages(read_text(data, filename), stages).finish()
