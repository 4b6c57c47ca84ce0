"""The filters of the public catalog and the API (one FilterSet for both).

Query parameters: ``q`` (full text), ``notes`` (full text, footnotes only),
``author`` and ``publisher`` (ids), ``kind``, ``language``, ``date_after`` /
``date_before`` (YYYY-MM-DD, each reported under its own name when invalid),
``has_disclaimer`` and ``has_footnotes`` (true/false), ``cites`` (a domain
such as ``example.org`` or a full URL), ``cites_work`` (a work's id: documents
whose notes cite it), ``cited`` (words of the titles and author names of the
works a document's notes cite) and ``sort`` (relevance, newest, oldest, title:
natural, "Brief 2" before "Brief 10").  Invalid values are ignored and
reported in the form, never a server error.
"""

from __future__ import annotations

import re

import django_filters as filters
from django.db import connection
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length, Lower

from archive.citegraph.identity import fold
from archive.schema import RecordStatus
from archive.search import SearchClause, SearchQuery, parse_query
from catalog.models import Authorship, Citation, Document, Footnote, Work
from catalog.public.search import Ranked, clause_for, matches_most, ranked, restrict

__all__ = ["DocumentFilter", "SORTS"]

SORTS = [
    ("relevance", "Relevance"),
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    ("title", "Title"),
]
# Natural order of numbered titles ("Brief 2" before "Brief 10"): the title without
# its trailing number, then the shorter title (the smaller number), then the title.
# Plain SQL on both databases; a number inside a title is compared as text.
_TITLE_STEM = Lower(Func(F("title"), Value("0123456789"), function="RTRIM"))
# "-id" last: a total order, and on SQLite the index on ``published`` ends in the rowid.
ORDERINGS = {
    "newest": ("-published", "-id"),
    "oldest": ("published", "id"),
    "title": (_TITLE_STEM, Length("title"), Lower("title"), "title", "id"),
}
MAX_CITED_WORDS = 8  # words of a ``cited`` search; each must match
_PUNCTUATION = ".,;:!?'\"“”‘’«»()[]"
DOMAIN = re.compile(r"^(?=.{1,253}$)[a-z0-9-]+(\.[a-z0-9-]+)+$")


def _matches_most(clause: SearchClause) -> bool:
    """Does the search match more than an eighth of the catalog?

    Reads at most that many index entries (an OFFSET, not a count of every match).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM ({clause.ids}) "
            "LIMIT 1 OFFSET (SELECT coalesce(max(id), 0) / 8 FROM document))",
            clause.params,
        )
        return bool(cursor.fetchone()[0])


def _active_notes() -> QuerySet[Footnote]:
    return Footnote.objects.filter(document=OuterRef("pk"), status=RecordStatus.ACTIVE)


def _citing(works: QuerySet[Work]) -> Exists:
    """The document's active notes cite one of ``works`` (``catalog.public.public_citations``
    is the same rule; here the documents are already the published ones)."""
    return Exists(Citation.objects.filter(
        document=OuterRef("pk"), status=RecordStatus.ACTIVE,
        footnote__status=RecordStatus.ACTIVE, work__in=works.values("pk")))


def _cited_words(value: str) -> Q:
    """Every word in the cited work's title or in its authors' and editors' names.

    Titles are matched folded (``identity_key``: lower case, no accents); names in
    the CSL item as written.
    """
    condition = Q()
    words = [(word.strip(_PUNCTUATION), fold(word)) for word in value.split()]
    for raw, folded in [(raw, folded) for raw, folded in words if folded][:MAX_CITED_WORDS]:
        condition &= (Q(identity_key__contains=folded) | Q(csl__author__icontains=raw)
                      | Q(csl__editor__icontains=raw))
    return condition


class DocumentFilter(filters.FilterSet):
    q = filters.CharFilter(method="_keep", label="Search")
    notes = filters.CharFilter(method="_keep", label="Search in footnotes only")
    author = filters.NumberFilter(method="_author", label="Author (id)")
    publisher = filters.NumberFilter(field_name="publisher_id", label="Publisher (id)")
    kind = filters.CharFilter(label="Kind")
    language = filters.CharFilter(label="Language")
    date_after = filters.DateFilter(field_name="published", lookup_expr="gte",
                                    label="Published on or after")
    date_before = filters.DateFilter(field_name="published", lookup_expr="lte",
                                     label="Published on or before")
    has_disclaimer = filters.BooleanFilter(method="_has_disclaimer", label="Has a disclaimer")
    has_footnotes = filters.BooleanFilter(method="_has_footnotes", label="Has footnotes")
    cites = filters.CharFilter(method="_cites", label="Cites a domain or URL")
    cites_work = filters.NumberFilter(method="_cites_work", label="Cites the work (id)",
                                      min_value=1, max_value=2**31 - 1, decimal_places=0)
    cited = filters.CharFilter(method="_cited", label="Search in cited titles and authors",
                               max_length=200)
    sort = filters.ChoiceFilter(choices=SORTS, method="_keep", label="Sort by", empty_label=None)

    class Meta:
        model = Document
        fields: list[str] = []

    def _keep(self, queryset: QuerySet[Document], _name: str, _value: object) -> QuerySet:
        return queryset  # applied together in :meth:`filter_queryset`

    def _author(self, queryset: QuerySet[Document], _name: str, value: int) -> QuerySet:
        return queryset.filter(
            Exists(Authorship.objects.filter(document=OuterRef("pk"), person_id=value))
        )

    def _has_disclaimer(self, queryset: QuerySet[Document], _name: str, value: bool) -> QuerySet:
        return queryset.filter(disclaimer__isnull=not value)

    def _has_footnotes(self, queryset: QuerySet[Document], _name: str, value: bool) -> QuerySet:
        notes = Exists(_active_notes())
        return queryset.filter(notes if value else ~notes)

    def _cites(self, queryset: QuerySet[Document], _name: str, value: str) -> QuerySet:
        value = value.strip()
        if DOMAIN.match(value.lower()):
            # The host is the domain or one of its subdomains (not "notexample.org").
            host = r'"[a-z][a-z0-9+.-]*://([^"/?#@]*@)?([^"/?#]*\.)?'
            cited = Q(urls__icontains=value) & Q(
                urls__iregex=host + re.escape(value.lower()) + r'([:/?#"])'
            )
        else:
            cited = Q(urls__icontains=f'"{value}"')  # one whole URL of the list
        return queryset.filter(Exists(_active_notes().filter(cited)))

    def _cites_work(self, queryset: QuerySet[Document], _name: str, value: int) -> QuerySet:
        # A work merged into another stands for it (its citations moved there).
        merged_from = Work.objects.filter(pk=value, merged_into__isnull=False).values(
            "merged_into")
        works = Work.objects.filter(Q(pk=value) | Q(pk__in=merged_from),
                                    status=RecordStatus.ACTIVE)
        return queryset.filter(_citing(works))

    def _cited(self, queryset: QuerySet[Document], _name: str, value: str) -> QuerySet:
        if not fold(value):
            return queryset
        works = Work.objects.filter(_cited_words(value), status=RecordStatus.ACTIVE)
        return queryset.filter(_citing(works))

    def _data(self) -> dict[str, object]:
        """The valid values (validating the form first); invalid ones are left out."""
        if not self.is_bound or not self.form.is_valid():
            return getattr(self.form, "cleaned_data", {}) if self.is_bound else {}
        return self.form.cleaned_data

    @property
    def search_query(self) -> SearchQuery:
        return parse_query(str(self._data().get("q") or ""))

    @property
    def sort_key(self) -> str:
        default = "relevance" if self.search_query.include else "newest"
        return str(self._data().get("sort") or default)

    def cache_key(self) -> str:
        """The valid values that decide the matching set, as a stable string."""
        data = self._data()
        return repr(sorted((k, str(v)) for k, v in data.items() if k != "sort" and v not in
                           (None, "")))

    def narrowed(self) -> bool:
        """Does anything but the full-text query narrow the catalog?"""
        return any(v not in (None, "") for k, v in self._data().items() if k not in ("q", "sort"))

    def matching(self) -> QuerySet[Document]:
        """The filtered set, unordered: the base of facets and counts."""
        clause = self._clause()
        if clause is not None and not clause.exclude and connection.vendor == "sqlite":
            if _matches_most(clause):
                # SQLite would look each match up by primary key, a page read per
                # document; when most documents match, one pass over the narrow
                # facet index is cheaper ("+" keeps the planner off the key).
                unindexed_id = Func(
                    F("id"), template="+%(expressions)s", output_field=IntegerField()
                )
                return (
                    self.qs.order_by()
                    .alias(unindexed_id=unindexed_id)
                    .filter(unindexed_id__in=RawSQL(clause.ids, clause.params))
                )
        return restrict(self.qs.order_by(), clause)

    def matches_most(self) -> bool | None:
        """Does the engine expect the search to match more than an eighth of the catalog?

        (PostgreSQL's statistics, see ``catalog.public.search.matches_most``; chooses how
        the facets join the matches, never what they count.)
        """
        return matches_most(self._clause())

    def ordered(self) -> Ranked:
        """The filtered set in the order asked for (relevance joins the index), and how
        many of its documents that order reaches (see ``catalog.public.search.ranked``)."""
        clause = self._clause()
        if self.sort_key == "relevance" and clause is not None and clause.ranked is not None:
            return ranked(self.qs, clause, windowed=not self.narrowed())
        sort = self.sort_key if self.sort_key in ORDERINGS else "newest"
        return Ranked(restrict(self.qs, clause).order_by(*ORDERINGS[sort]))

    def _clause(self) -> SearchClause | None:
        notes = parse_query(str(self._data().get("notes") or ""))
        return clause_for(self.search_query, notes)
