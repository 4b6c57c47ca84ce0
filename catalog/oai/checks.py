"""System checks of the OAI-PMH settings."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.checks import Error, Warning, register

from archive.oai.identifiers import FALLBACK

__all__ = ["oai_admin_emails", "oai_repository_identifier"]

# OAI-PMH.xsd's emailType.
_EMAIL = re.compile(r"\S+@(\S+\.)+\S+")


@register()
def oai_admin_emails(**_kwargs) -> list[Error]:  # noqa: ANN003
    """Identify must give at least one e-mail address the protocol's schema accepts."""
    emails = settings.OAI_ADMIN_EMAILS
    bad = [email for email in emails if not _EMAIL.fullmatch(email)]
    if emails and not bad:
        return []
    return [Error(
        f"ARCHIVE_OAI_ADMIN_EMAIL must list e-mail addresses; {', '.join(bad) or 'none'} "
        "is not one",
        hint="ARCHIVE_OAI_ADMIN_EMAIL=catalog@example.org",
        id="catalog.E101",
    )]


@register(deploy=True)
def oai_repository_identifier(**_kwargs) -> list[Warning]:  # noqa: ANN003
    """In production the repository identifier must be the archive's own domain name."""
    if settings.OAI_REPOSITORY_IDENTIFIER != FALLBACK:
        return []
    return [Warning(
        f"the OAI repository identifier is the placeholder {FALLBACK!r}: harvesters store it "
        "in every identifier and it can never change once they have",
        hint="set ARCHIVE_OAI_REPOSITORY_IDENTIFIER (or a domain name in DJANGO_ALLOWED_HOSTS)",
        id="catalog.W101",
    )]
