"""Change-list filters of the document admin that stay cheap at 100,000 documents.

None of them loads every row: years are found in one pass over the date index, the
publisher filter lists a bounded number of publishers, and the yes/no filters
are ``EXISTS`` subqueries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin
from django.db.models import (
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Substr
from django.http import HttpRequest

from catalog.models import Disclaimer, Document, Organization, Problem

__all__ = [
    "HasDisclaimerFilter",
    "HasProblemsFilter",
    "PublisherFilter",
    "ReviewQueueFilter",
    "YearFilter",
    "count_of",
    "has_open_problems",
    "in_review",
    "years_present",
]

YES_NO = (("yes", "Yes"), ("no", "No"))
# How many publishers the filter lists by name; the rest are found by searching.
PUBLISHERS_LISTED = 30


def years_present(queryset: QuerySet, field: str = "published") -> list[int]:
    """The distinct years of a date column, oldest first, in one query.

    The year is the first four characters of the ISO date as text (how SQLite
    stores a date, and PostgreSQL's ``date::text``): a plain string function
    over the date index, where ``dates(field, "year")`` calls a Python function
    for every row on SQLite (about a second at 100,000 documents) and a
    skip-scan costs one query per year.
    """
    years = (
        queryset.filter(**{f"{field}__isnull": False})
        .annotate(_year=Substr(Cast(field, CharField()), 1, 4))
        .order_by("_year")
        .values_list("_year", flat=True)
        .distinct()
    )
    return [int(year) for year in years]


def count_of(model: type, link: str, **conditions: Any) -> Coalesce:
    """``(SELECT COUNT(*) FROM model WHERE link = outer.pk AND …)``, 0 when none.

    A correlated subquery rather than ``Count()``: two counts over joins would
    multiply each other, and a GROUP BY over the whole table would not stop at
    the page's rows.
    """
    rows = (
        model.objects.filter(**{link: OuterRef("pk")}, **conditions)
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def has_open_problems() -> Q:
    # ``id IN (…)`` rather than a correlated EXISTS: the database reads the
    # open problems once instead of probing them for each of 100,000 documents.
    return Q(pk__in=Problem.objects.filter(resolved=False).values("document_id"))


def in_review() -> Q:
    """The review queue: drafts, and any document with an unresolved parsing problem."""
    return Q(status="draft") | has_open_problems()


class _YesNoFilter(admin.SimpleListFilter):
    condition: Any = None

    def lookups(self, request: HttpRequest, model_admin: Any) -> tuple[tuple[str, str], ...]:
        return YES_NO

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(self.condition())
        if self.value() == "no":
            return queryset.exclude(self.condition())
        return queryset


class HasProblemsFilter(_YesNoFilter):
    title = "has open problems"
    parameter_name = "problems"
    condition = staticmethod(has_open_problems)


class HasDisclaimerFilter(_YesNoFilter):
    title = "has disclaimer"
    parameter_name = "disclaimer"
    condition = staticmethod(lambda: Exists(Disclaimer.objects.filter(document=OuterRef("pk"))))


class ReviewQueueFilter(admin.SimpleListFilter):
    title = "review queue"
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: Any) -> tuple[tuple[str, str], ...]:
        return (("queue", "Needs review"),)

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "queue":
            return queryset.filter(in_review())
        return queryset


class YearFilter(admin.SimpleListFilter):
    """The publication years present, newest first (one query)."""

    title = "year"
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(year), str(year)) for year in reversed(years_present(Document.objects))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if not (self.value() or "").isdigit():
            return queryset
        year = int(self.value())
        # A range, not __year: it uses the index on ``published`` on every database.
        return queryset.filter(
            published__gte=dt.date(year, 1, 1), published__lt=dt.date(year + 1, 1, 1)
        )


class PublisherFilter(admin.SimpleListFilter):
    """A bounded list of publishers (plus the chosen one); search finds the others."""

    title = "publisher"
    parameter_name = "publisher"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        publishing = Organization.objects.filter(
            Exists(Document.objects.filter(publisher=OuterRef("pk")))
        ).order_by("name_key")
        listed = list(publishing.values_list("pk", "name")[:PUBLISHERS_LISTED])
        chosen = self.value()
        if chosen and chosen.isdigit() and all(str(pk) != chosen for pk, _ in listed):
            listed += list(Organization.objects.filter(pk=int(chosen)).values_list("pk", "name"))
        return [(str(pk), name) for pk, name in listed]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if (self.value() or "").isdigit():
            return queryset.filter(publisher_id=int(self.value()))
        return queryset
