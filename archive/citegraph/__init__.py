"""The citation graph's core: which works each note of a document cites.

A note ("For more details, see Jamil Hasanli, “The South Caucasus …,” 2018,
p. 19.") is split into tokens, each token labelled with the citation field it
belongs to by a CRF sequence labeller (python-crfsuite, trained on anystyle's
openly licensed references and notes labelled from the archive's own
documents: ``training/``), the labels grouped into citations, and each
citation written as a CSL-JSON item with the exact span of the note it came
from.  Short forms and "Ibid." resolve to the full citation in the same
document.  Nothing here touches a database.
"""

from archive.citegraph.citation import Citation
from archive.citegraph.model import Labeller, ModelError
from archive.citegraph.parser import parse_note, parse_notes

__all__ = ["Citation", "Labeller", "ModelError", "parse_note", "parse_notes"]
