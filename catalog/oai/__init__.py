"""The OAI-PMH 2.0 endpoint ``/oai``: Django's side of ``archive.oai``.

``views`` reads the request (GET or POST) and answers; ``config`` turns the
settings and the request into the repository's configuration; ``checks`` warns
when the repository identifier was never configured.
"""
