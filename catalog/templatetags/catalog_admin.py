"""Template tags of the catalog admin."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.contrib.admin.views.main import ChangeList

from catalog.admin.filters import in_review, years_present
from catalog.models import Document, QuarantinedFile

register = template.Library()


@register.inclusion_tag("admin/date_hierarchy.html")
def cheap_date_hierarchy(cl: ChangeList) -> dict[str, Any]:
    """The admin's date hierarchy, with its top level (the years) found in one query.

    Below the top level Django's own tag is used: it then works on one year's
    or one month's rows only.
    """
    field = cl.date_hierarchy
    if any(name.startswith(f"{field}__") for name in cl.params):
        return date_hierarchy(cl)
    return {
        "show": True,
        "back": None,
        "choices": [
            {
                "link": cl.get_query_string({f"{field}__year": str(year)}, [f"{field}__"]),
                "title": str(year),
            }
            for year in years_present(cl.queryset, field)
        ],
    }


@register.simple_tag
def review_queue_size() -> int:
    """Documents waiting for a librarian: drafts and documents with open problems."""
    return Document.objects.filter(in_review()).count()


@register.simple_tag
def quarantine_size() -> int:
    return QuarantinedFile.objects.count()
