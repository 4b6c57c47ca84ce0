"""OAI identifiers: ``oai:<repository-identifier>:<document id>``.

The form follows the OAI identifier guidelines
(``http://www.openarchives.org/OAI/2.0/guidelines-oai-identifier.htm``): the
repository identifier is a domain name the archive controls, the local part is
the document's id.  Document ids are kept by backups and restores, and the
repository identifier comes from the settings, so an identifier a harvester has
stored keeps naming the same document after a restore or a move to another host.
"""

from __future__ import annotations

import re

__all__ = [
    "REPOSITORY_IDENTIFIER",
    "InvalidRepositoryIdentifier",
    "derive_repository_identifier",
    "document_id",
    "oai_identifier",
    "check_repository_identifier",
]

# The guidelines' grammar (and ``oai-identifier.xsd``): letters, digits and hyphens,
# labels starting with a letter, at least two labels.
REPOSITORY_IDENTIFIER = re.compile(r"[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+")
# What the default falls back to: a name under a reserved top-level domain (RFC 6761),
# which says plainly that the repository identifier was never configured.
FALLBACK = "archive.localhost"
_LOCAL_ID = re.compile(r"[1-9][0-9]{0,17}")


class InvalidRepositoryIdentifier(ValueError):
    """The configured repository identifier is not a domain name as the guidelines require."""


def check_repository_identifier(value: str) -> str:
    if not REPOSITORY_IDENTIFIER.fullmatch(value):
        raise InvalidRepositoryIdentifier(
            f"OAI repository identifier {value!r} is not a domain name such as "
            "'archive.example.org' (letters, digits and hyphens, labels separated by dots)"
        )
    return value


def derive_repository_identifier(hosts: list[str]) -> str:
    """The first of ``hosts`` (Django's ``ALLOWED_HOSTS``) that is a domain name, else FALLBACK.

    Set the identifier explicitly in production: a harvester keeps it forever.
    """
    for host in hosts:
        name = host.lstrip(".").lower()
        if REPOSITORY_IDENTIFIER.fullmatch(name):
            return name
    return FALLBACK


def oai_identifier(repository: str, document_id: int) -> str:
    return f"oai:{repository}:{document_id}"


def document_id(repository: str, identifier: str) -> int | None:
    """The document id an identifier of this repository names; None for any other string."""
    prefix = f"oai:{repository}:"
    if not identifier.startswith(prefix):
        return None
    local = identifier[len(prefix):]
    return int(local) if _LOCAL_ID.fullmatch(local) else None
