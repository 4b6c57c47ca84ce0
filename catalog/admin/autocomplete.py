"""Autocomplete widgets that show the chosen record without querying it again.

Django's ``AutocompleteSelect`` renders the selected option by querying the
related table, once per widget: on a document's change form, once for the
publisher, once for the disclaimer's organisation and once for every author
(on top of the query for ``str(authorship)``, which names the person).  The
rows on the form already come from the database with their related record
(``select_related``), so :class:`PreloadedAutocompleteSelect` takes the label
from there; a value that is not the loaded one (a re-displayed form with a
different choice) is looked up as before.

:class:`PreloadedAutocompleteMixin` (on a ModelAdmin or an inline) uses the
widget for its ``autocomplete_fields`` and loads those relations with the rows.
``catalog.admin.forms.VersionedForm`` hands each form's loaded records to the widgets.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.db.models import Model, QuerySet
from django.http import HttpRequest

__all__ = ["PreloadedAutocompleteMixin", "PreloadedAutocompleteSelect"]


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """``AutocompleteSelect`` that can be given the selected record instead of querying it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.preloaded: dict[str, str] = {}

    def __deepcopy__(self, memo: dict[int, Any]) -> PreloadedAutocompleteSelect:
        # Each form has its own copy of the widget, and its own record.
        copied = super().__deepcopy__(memo)
        copied.preloaded = {}
        return copied

    def _to_field_attname(self) -> str:
        """The column the option values come from (as ``AutocompleteMixin.optgroups``)."""
        remote = self.field.remote_field.model._meta
        to_field = getattr(self.field.remote_field, "field_name", remote.pk.attname)
        return remote.get_field(to_field).attname

    def preload(self, record: Model) -> None:
        """The related record the form's instance points to, already loaded."""
        key = str(getattr(record, self._to_field_attname()))
        self.preloaded[key] = self.choices.field.label_from_instance(record)

    def optgroups(self, name: str, value: list[Any], attr: Any = None) -> list[Any]:
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not selected or not selected <= self.preloaded.keys():
            return super().optgroups(name, value, attr)
        # What ``AutocompleteMixin.optgroups`` builds from its query.
        default: tuple[None, list[Any], int] = (None, [], 0)
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        for key in (str(v) for v in value if str(v) in selected):
            default[1].append(self.create_option(
                name, key, self.preloaded[key], selected, len(default[1])
            ))
        return [default]


class PreloadedAutocompleteMixin:
    """Autocomplete fields with :class:`PreloadedAutocompleteSelect`, loaded with the rows."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):  # type: ignore[attr-defined]
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")  # type: ignore[attr-defined]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        fields = queryset.model._meta
        related = [
            name for name in self.get_autocomplete_fields(request)  # type: ignore[attr-defined]
            if fields.get_field(name).concrete  # a foreign key or one-to-one of this model
        ]
        if not related:
            return queryset
        # The change list applies ``list_select_related`` only to a queryset that
        # joins nothing yet: name those relations here too, or they cost a query a row.
        listed = getattr(self, "list_select_related", False)  # inlines have none
        also = list(listed) if isinstance(listed, list | tuple) else []
        return queryset.select_related(*dict.fromkeys([*related, *also]))


def preload_choices(form: Any) -> None:
    """Give each preloading widget of ``form`` the related record its instance has loaded."""
    instance = form.instance
    if instance.pk is None:
        return
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, RelatedFieldWidgetWrapper):  # the admin's "add another" links
            widget = widget.widget
        preload = getattr(widget, "preload", None)
        if preload is None:
            continue
        try:
            model_field = instance._meta.get_field(name)
        except Exception:  # noqa: BLE001  (a form field that is no model field)
            continue
        if model_field.many_to_one and model_field.is_cached(instance):
            record = getattr(instance, name)
            if record is not None:
                preload(record)
