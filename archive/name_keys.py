"""How two spellings of one name are recognised: the ``name_key`` of people and organisations.

One function, called by every writer: the SQLAlchemy mappers (``archive.schema``
sets the key before each INSERT and UPDATE of a person or an organisation) and
the Django mirrors (``catalog.models``, on every save).  A database trigger
cannot do it: SQLite has no Unicode normalisation.  So a renamed person is found
again under the new name by the next ingest, instead of becoming a duplicate.
"""

from __future__ import annotations

import unicodedata

__all__ = ["name_key"]


def name_key(name: str) -> str:
    """NFKC, case-folded, runs of white space as one space, trimmed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())
