"""Forms of the citation admin: a corrected citation, and the work a merge keeps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from catalog.admin.forms import WithdrawableForm
from catalog.models import Citation, Work

__all__ = ["CitationForm", "MergeWorksForm"]


class CitationForm(WithdrawableForm):
    """A librarian's edit of a citation's fields or work is a correction re-ingest keeps."""

    class Meta(WithdrawableForm.Meta):
        model = Citation

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        csl = cleaned.get("csl")
        if csl is not None and not isinstance(csl, dict):
            self.add_error("csl", ValidationError("A CSL-JSON item is an object.", code="csl"))
        return cleaned

    def save(self, commit: bool = True) -> Citation:
        if {"csl", "work"} & set(self.changed_data):
            self.instance.corrected = True
            if "work" in self.changed_data:
                self.instance.match = "librarian"
        return super().save(commit)


class MergeWorksForm(forms.Form):
    """Choose which of the selected works is kept."""

    keep = forms.ModelChoiceField(
        queryset=Work.objects.none(), widget=forms.RadioSelect, empty_label=None,
        label="Keep this work",
        help_text="The others are withdrawn with a pointer to it; their citations move to it.",
    )

    def __init__(self, *args: Any, works: QuerySet[Work], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.works = list(works)
        self.fields["keep"].queryset = works

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if len(self.works) < 2:
            raise ValidationError("Select at least two works to merge.", code="too_few")
        return cleaned

    @property
    def merged(self) -> list[Work]:
        kept = self.cleaned_data["keep"]
        return [work for work in self.works if work.pk != kept.pk]
