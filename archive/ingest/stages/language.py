"""Detect the document's language (ISO 639-1) with py3langid.

py3langid ships its model and covers 97 languages; it is loaded once, on
first use.  A sample of the body is enough and keeps detection fast; with no
text at all the language is "und" (undetermined) and a problem is recorded.
"""

from collections.abc import Callable
from functools import cache

from archive.ingest.working import WorkingDocument

__all__ = ["detect", "run"]

_SAMPLE = 2000  # characters: plenty for identification, and detection time grows with it


@cache
def _classify() -> Callable[[str], tuple[str, float]]:
    # Imported on first use: py3langid brings numpy, slow to import for code
    # that never detects a language.  Its model loads on the first call.
    import py3langid

    return py3langid.classify


def detect(text: str) -> str | None:
    """ISO 639-1 code of ``text``, or None when there is nothing to judge."""
    sample = text[:_SAMPLE]
    if not any(ch.isalpha() for ch in sample):
        return None
    language, _ = _classify()(sample)
    return str(language)


def run(doc: WorkingDocument) -> None:
    body = " ".join(p.text for p in doc.paragraphs) or doc.title
    language = detect(body)
    if language is None:
        doc.problem("language", "no text to detect the language of", field="language")
        return
    doc.language = language
