"""Authors' names printed wholly in capitals, recorded in their usual case.

Journals and law reviews often set the byline in capitals ("ROBIN PAUL MALLOY");
the person is the same as "Robin Paul Malloy" elsewhere in the catalog, and
people are found by a folded name key, so the record keeps the usual case
(:func:`archive.ingest.names.from_capitals` says which names qualify).
"""

from dataclasses import replace

from archive.ingest.names import from_capitals
from archive.ingest.working import WorkingDocument

__all__ = ["run"]


def run(doc: WorkingDocument) -> None:
    doc.authors = [replace(author, name=from_capitals(author.name)) for author in doc.authors]
