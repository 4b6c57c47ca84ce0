"""Curation: the rules of publishing, withdrawing and merging, each stated once.

Every path that changes what the public sees calls these: ingest (``--publish``),
the admin's bulk actions, the admin's change forms and the background worker.
The rules are plain functions of a record's state (:mod:`.rules`, called
through the module, ``rules.publish_refusal(...)``, by every path); the
operations (:mod:`.publication`, :mod:`.merge`) apply them to rows through a
SQLAlchemy session whose transaction and attribution belong to the caller.
"""

from archive.curation.merge import MergeError, MergeResult, merge_people
from archive.curation.publication import (
    WITHDRAWABLE,
    Decision,
    WithdrawError,
    publish_documents,
    withdraw,
    withdraw_records,
)
from archive.curation.rules import missing_reason, publish_refusal, withdraw_refusal

__all__ = [
    "WITHDRAWABLE",
    "Decision",
    "MergeError",
    "MergeResult",
    "WithdrawError",
    "merge_people",
    "missing_reason",
    "publish_documents",
    "publish_refusal",
    "withdraw",
    "withdraw_records",
    "withdraw_refusal",
]
