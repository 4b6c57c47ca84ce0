"""The OAI-PMH 2.0 provider's framework-free core.

* :mod:`archive.oai.provider` — the protocol: the six verbs, their arguments and
  every error condition, answering with an lxml tree.
* :mod:`archive.oai.store` — ``oai_record``, the table (kept by triggers, revision
  0013) that says when each published record last changed, and the keyset
  queries of a harvest.
* :mod:`archive.oai.dc` and :mod:`archive.oai.mods` — a canonical public record
  (``archive.records``) as ``oai_dc`` and as MODS.
* :mod:`archive.oai.tokens` — signed, expiring resumption tokens.
* :mod:`archive.oai.identifiers`, :mod:`archive.oai.datestamps`,
  :mod:`archive.oai.sets` — the small grammars of the protocol.
* :mod:`archive.oai.validation` — the official XML schemas (``schemas/``).

The Django side (``catalog.oai``) reads the settings and the request and calls
:func:`archive.oai.provider.respond`.
"""
