"""Admin forms: optimistic locking, withdrawal rules and the action confirmation forms.

Every change form of a versioned row carries the ``version`` it was read at as
a hidden field.  When it is posted back, a version that is no longer the
row's current one means somebody else saved in the meantime: the form refuses
with the error code ``"stale"`` and nothing is written.  The posted version is
also put back on the instance, so the save itself is conditioned on it
(``VersionedModel._do_update``): a write that slips in between this check and
the save still cannot be overwritten (the model raises ``StaleWrite``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

from archive.curation import rules as curation_rules
from archive.errors import StaleWrite
from catalog.admin.autocomplete import preload_choices
from catalog.admin.render import fast_widget_renderer
from catalog.models import Disclaimer, Document, Footnote, Person, Problem

__all__ = [
    "STALE_MESSAGE",
    "DisclaimerForm",
    "DocumentForm",
    "FootnoteForm",
    "LongTextField",
    "MergePeopleForm",
    "VersionedForm",
    "WithdrawForm",
    "WithdrawableForm",
    "describe_problems",
]

STALE_MESSAGE = (
    "Someone else saved this record (now at version %(current)s) after you opened it "
    "(version %(read)s). Nothing was saved. Open it again to see their changes, then "
    "apply yours."
)
WITHDRAWN = "withdrawn"


class LongTextField(forms.CharField):
    """Long text exactly as stored.

    Browsers post a textarea's line ends as CRLF and Django strips surrounding
    whitespace by default: either would make an untouched text look changed,
    write a new version of it and rewrite its line ends.  Line ends are
    normalised to LF and whitespace is kept.  A blank optional text is NULL
    ("not stated"), as in the core, not an empty string.
    """

    def __init__(self, *, strip: bool = False, empty_value: Any = None, **kwargs: Any) -> None:
        super().__init__(strip=strip, empty_value=empty_value, **kwargs)

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value


class VersionedForm(forms.ModelForm):
    """A ModelForm that refuses to save over a version it did not read."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Set by the admin when the save itself raised StaleWrite (a write that
    # landed between the version check and ours): the form is shown again
    # with this error and saves nothing.
    stale_write: StaleWrite | None = None
    # A change form may carry a row of inputs for each of a hundred footnotes:
    # plain inputs and textareas are written without the template engine.
    default_renderer = fast_widget_renderer

    class Meta:
        # The model's ``version`` is not editable, and Django refuses a
        # non-editable field named in ``fields`` unless it is also excluded:
        # the declared hidden field above carries it instead.
        exclude = ["version"]  # noqa: DJ006
        field_classes = {"text": LongTextField, "withdrawn_reason": LongTextField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version
        # Autocompletes show the related records loaded with the rows.
        preload_choices(self)

    def has_changed(self) -> bool:
        """Whether saving this form changes the row (a differing version alone does not)."""
        return bool(set(self.changed_data) - {"version"})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.stale_write is not None:
            raise ValidationError(
                "%(error)s. Nothing was saved.", code="stale", params={"error": self.stale_write}
            )
        # Values equal to the current row write nothing and so cannot overwrite
        # anyone: an untouched footnote does not block saving its neighbour.
        # Values compared with the *current* row also catch a field that only
        # looks untouched because someone else changed it since.
        if self.instance.pk is None or not self.has_changed():
            return cleaned
        read = cleaned.get("version")
        # The instance was loaded from the database for this request: its
        # version is the current one.
        current = self.instance.version
        if read is None:
            raise ValidationError("This form has no version; reload the page.", code="stale")
        if read != current:
            raise ValidationError(
                STALE_MESSAGE, code="stale", params={"current": current, "read": read}
            )
        self.instance.version = read
        return cleaned


class WithdrawableForm(VersionedForm):
    """A row that is withdrawn rather than deleted needs a reason."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("status") != WITHDRAWN:
            return cleaned
        # The instance still holds the stored status: the form applies its data after clean().
        withdrawing = "status" in self.changed_data
        reason = cleaned.get("withdrawn_reason")
        refusal = (
            curation_rules.withdraw_refusal(status=self.instance.status, reason=reason)
            if withdrawing
            else curation_rules.missing_reason(reason)
        )
        if refusal is not None:
            self.add_error(
                "withdrawn_reason", ValidationError(capfirst(refusal) + ".", code="reason_required")
            )
        return cleaned


class DocumentForm(WithdrawableForm):
    """The document change form; open parsing problems are shown next to their field."""

    class Meta(VersionedForm.Meta):
        model = Document
        fields = [
            "title", "subtitle", "kind", "language", "published", "published_raw", "publisher",
            "container_title", "doi", "url", "status", "withdrawn_reason", "text",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField", "size": 90}),
            "subtitle": forms.TextInput(attrs={"class": "vLargeTextField", "size": 90}),
            "container_title": forms.TextInput(attrs={"class": "vLargeTextField", "size": 90}),
            "text": forms.Textarea(attrs={"rows": 30, "cols": 100, "class": "vLargeTextField"}),
            "withdrawn_reason": forms.Textarea(attrs={"rows": 2, "cols": 80}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"] = forms.ChoiceField(
            label="Language", choices=language_choices(self.instance.language),
            help_text="As a BCP 47 tag: “und” when it cannot be told.",
        )
        if self.instance.pk is None:
            return
        by_field: dict[str, list[Problem]] = {}
        for problem in open_problems(self.instance):
            by_field.setdefault(problem.field or "", []).append(problem)
        for name, problems in by_field.items():
            if name in self.fields:
                note = describe_problems(problems)
                help_text = self.fields[name].help_text
                self.fields[name].help_text = format_html("{}{}", note, help_text)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        publishing = "status" in self.changed_data and cleaned.get("status") == "published"
        if publishing and self.instance.pk is not None:
            # Problems ticked "resolved" in this same save count as resolved: the
            # whole save is one transaction, so they are when the document is published.
            resolving = resolved_in(self.data, open_problems(self.instance))
            refusal = curation_rules.publish_refusal(
                status=self.instance.status,
                open_problems=len(open_problems(self.instance)) - len(resolving),
            )
            if refusal is not None:
                raise ValidationError(
                    "Not published: %(refusal)s.", code="open_problems", params={"refusal": refusal}
                )
        return cleaned


class FootnoteForm(WithdrawableForm):
    class Meta(VersionedForm.Meta):
        model = Footnote
        fields = ["number", "text", "status", "withdrawn_reason"]
        widgets = {
            "number": forms.NumberInput(attrs={"class": "vIntegerField note-number"}),
            "text": forms.Textarea(attrs={"rows": 3, "cols": 70}),
            "withdrawn_reason": forms.Textarea(attrs={"rows": 1, "cols": 20}),
        }

    class Media:
        # The width of the number field: a class, not a style attribute (the CSP).
        css = {"all": ["catalog/admin.css"]}


class DisclaimerForm(VersionedForm):
    class Meta(VersionedForm.Meta):
        model = Disclaimer
        fields = ["text", "organization"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "cols": 90})}


class WithdrawForm(forms.Form):
    """The confirmation page of the bulk "withdraw" action."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Shown on the tombstone of every withdrawn record.",
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError("Say why these records are withdrawn.", code="reason_required")
        return reason


class MergePeopleForm(forms.Form):
    """Choose which of the selected person records is kept."""

    keep = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Keep this record",
        help_text="The others are withdrawn with a pointer to it; their authorships move to it.",
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = people.annotate(document_total=Count("authorships__document", distinct=True))
        self.people = list(people)
        keep = self.fields["keep"]
        keep.queryset = people
        keep.label_from_instance = _person_with_documents
        if self.people and not self.is_bound:
            # The record most documents already name survives unless the librarian says otherwise.
            self.initial["keep"] = max(self.people, key=lambda p: (p.document_total, -p.pk)).pk

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if len(self.people) < 2:
            raise ValidationError("Select at least two people to merge.", code="too_few")
        withdrawn = [p.name for p in self.people if p.status == WITHDRAWN]
        if withdrawn:
            raise ValidationError(
                "Already withdrawn or merged: %(names)s.",
                code="withdrawn",
                params={"names": ", ".join(withdrawn)},
            )
        return cleaned

    @property
    def merged(self) -> list[Person]:
        keep = self.cleaned_data["keep"]
        return [person for person in self.people if person.pk != keep.pk]


# The inline of a document's problems posts its rows under this prefix (the relation's name).
PROBLEMS_PREFIX = "problems"


def resolved_in(data: Any, problems: list[Problem]) -> set[int]:
    """The ids of ``problems`` the posted problem inline ticks "resolved"."""
    ticked = set()
    total = data.get(f"{PROBLEMS_PREFIX}-TOTAL_FORMS", "0")
    for index in range(int(total) if str(total).isdigit() else 0):
        row = f"{PROBLEMS_PREFIX}-{index}-"
        if data.get(row + "resolved") in ("on", "true", "True", "1"):
            ticked.add(str(data.get(row + "id", "")))
    return {p.pk for p in problems if str(p.pk) in ticked}


def language_choices(current: str | None) -> list[tuple[str, str]]:
    """Languages by name ("English — en"), the stored tag kept even when not listed."""
    names = {code: info["name"] for code, info in LANG_INFO.items() if "name" in info}
    names["und"] = "Undetermined"
    if current and current not in names:
        names[current] = current
    return sorted(((code, f"{name} — {code}") for code, name in names.items()),
                  key=lambda choice: choice[1].casefold())


def _person_with_documents(person: Person) -> str:
    total = person.document_total
    return f"{person.name} (#{person.pk}) — {total} document{'' if total == 1 else 's'}"


def open_problems(document: Document) -> list[Problem]:
    """The document's unresolved problems, read once per form instance."""
    cache = getattr(document, "_open_problems", None)
    if cache is None:
        cache = list(document.problems.filter(resolved=False).order_by("line", "id"))
        document._open_problems = cache
    return cache


def describe_problems(problems: Iterable[Problem]) -> str:
    """HTML for the problems of one field, escaped."""
    return format_html(
        '<ul class="parsing-problems" role="note" aria-label="Parsing problems">{}</ul>',
        format_html_join(
            "",
            '<li class="errornote">Parsing problem ({}{}): {} <code>{}</code></li>',
            (
                (p.stage, f", line {p.line}" if p.line else "", p.reason, p.raw[:200])
                for p in problems
            ),
        ),
    )
