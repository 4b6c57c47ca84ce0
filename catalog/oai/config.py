"""The repository's configuration, from the settings and the request being answered."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from archive.oai.provider import Repository

__all__ = ["repository_for", "token_key"]

# ListIdentifiers pages carry headers only: five times as many as ListRecords pages.
HEADERS_PER_RECORD_PAGE = 5
SETS_PER_PAGE = 500


def token_key() -> bytes:
    """The resumption tokens' signing key: derived from SECRET_KEY, used for nothing else."""
    return hmac.new(settings.SECRET_KEY.encode(), b"archive.oai.resumption-tokens",
                    hashlib.sha256).digest()


# A document id no catalog reaches: the page URL is reversed once per request with it and
# filled in per record (reverse() for each of a page's records was a tenth of its time).
_PLACEHOLDER = 987_654_321_987


def repository_for(request: HttpRequest) -> Repository:
    page = request.build_absolute_uri(reverse("document-detail", args=[_PLACEHOLDER]))
    head, _, tail = page.partition(str(_PLACEHOLDER))

    def document_url(pk: int) -> str:
        return f"{head}{pk}{tail}"

    records = settings.OAI_RECORDS_PER_PAGE
    return Repository(
        name=settings.OAI_REPOSITORY_NAME,
        base_url=request.build_absolute_uri(reverse("oai")),
        identifier=settings.OAI_REPOSITORY_IDENTIFIER,
        admin_emails=tuple(settings.OAI_ADMIN_EMAILS),
        token_key=token_key(),
        document_url=document_url,
        rights=settings.OAI_RIGHTS or None,
        records_per_page=records,
        headers_per_page=records * HEADERS_PER_RECORD_PAGE,
        sets_per_page=SETS_PER_PAGE,
        token_lifetime=dt.timedelta(hours=settings.OAI_TOKEN_HOURS),
    )
