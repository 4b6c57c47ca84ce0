"""Tabular inlines that stay fast with a hundred rows.

A document may have a hundred footnotes, each a row of the change form.
Django's ``admin/edit_inline/tabular.html`` walks fieldsets, lines and fields
for every row through the template engine, about forty variable look-ups and
a dozen tags per cell; that walk, not the database, was most of the change
form's time.  Here the rows keep exactly the markup of Django's template (the
admin's JavaScript adds, removes and reorders rows by it) but each row's
cells are written in Python from the same helper objects
(``InlineAdminForm``, ``AdminField``, ``AdminReadonlyField``), so the fields
an inline declares stay the one description of its columns.

* :class:`LeanTabularInline` renders with ``admin/catalog/edit_inline/lean_tabular.html``;
* :class:`LeanInlinesMixin` (on the ModelAdmin) wraps its inline formsets in
  :class:`LeanInlineAdminFormSet`, which offers the rows and reads the media of
  one row instead of every row's (the forms of a formset share their widgets).

Without the mixin a lean inline falls back to Django's own template.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_modify import cell_count
from django.contrib.admin.utils import quote
from django.forms import Media
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

__all__ = ["LeanInlineAdminFormSet", "LeanInlinesMixin", "LeanRow", "LeanTabularInline"]

# Stands for a row's primary key in the change URL reversed once per inline.
PK_MARKER = "__pk__"


class LeanTabularInline(admin.TabularInline):
    """A tabular inline whose rows are written by :class:`LeanRow`."""

    template = "admin/catalog/edit_inline/lean_tabular.html"


class LeanInlineAdminFormSet(helpers.InlineAdminFormSet):
    """Django's inline wrapper, with rows written in Python and media read once."""

    lean = True

    @property
    def media(self) -> Media:
        # Every form of a formset is built from the same form class with the
        # same added fields, so every row has the same widgets and media
        # (Django's own ``BaseFormSet.media`` reads the first form only).
        media = self.opts.media + self.formset.media
        first = next(iter(self), None)
        return media if first is None else media + first.media

    def rows(self) -> Iterator[LeanRow]:
        admin_forms = list(self)
        empty = len(admin_forms) - 1 if self.has_add_permission else None
        change_url = self._change_url()
        for index, admin_form in enumerate(admin_forms):
            key = "empty" if index == empty else str(index)
            yield LeanRow(self, admin_form, key, change_url)

    def _change_url(self) -> str | None:
        """The change URL of a row with ``__pk__`` for its key (reversed once, not per row)."""
        inline = self.opts
        if not (inline.show_change_link and inline.has_registered_model):
            return None
        opts = inline.opts
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=(PK_MARKER,),
            current_app=inline.admin_site.name,
        )


class LeanRow:
    """One row of a lean tabular inline: the parts of Django's ``tabular.html`` row."""

    def __init__(
        self,
        formset: LeanInlineAdminFormSet,
        admin_form: helpers.InlineAdminForm,
        key: str,
        change_url: str | None,
    ) -> None:
        self.formset = formset
        self.admin_form = admin_form
        self.key = key  # "0", "1", … or "empty" (the template row "Add another" copies)
        self.change_url = change_url

    @property
    def css(self) -> str:
        classes = ["form-row"]
        if self.admin_form.original or self.admin_form.show_url:
            classes.append("has_original")
        if self.key == "empty":
            classes.append("empty-form")
        return " ".join(classes)

    @property
    def non_field_errors(self) -> Any:
        return self.admin_form.form.non_field_errors()

    def cell_count(self) -> int:
        return cell_count(self.admin_form)

    def original(self) -> SafeString:
        """The first cell: the row's record and its links, the hidden key fields."""
        admin_form, parts = self.admin_form, []
        original = admin_form.original
        if original or admin_form.show_url:
            links = []
            if original:
                links.append(format_html("{}", original))
                if self.change_url is not None:
                    changing = self.formset.has_change_permission
                    links.append(format_html(
                        '<a href="{}" class="{}">{}</a>',
                        self.change_url.replace(PK_MARKER, str(quote(original.pk))),
                        "inlinechangelink" if changing else "inlineviewlink",
                        gettext("Change") if changing else gettext("View"),
                    ))
            if admin_form.show_url:
                links.append(format_html(
                    '<a href="{}">{}</a>', admin_form.absolute_url, gettext("View on site")
                ))
            parts.append(format_html("<p>{}</p>", mark_safe(" ".join(links))))
        if admin_form.needs_explicit_pk_field():
            parts.append(str(admin_form.pk_field().field))
        if fk_field := admin_form.fk_field():
            parts.append(str(fk_field.field))
        return mark_safe("".join(parts))

    def cells(self) -> SafeString:
        """A ``<td>`` per field, as Django's template writes them."""
        return format_html_join("", '<td class="{}">{}</td>', (
            _cell(field)
            for fieldset in self.admin_form
            for line in fieldset
            for field in line
        ))

    def delete(self) -> SafeString:
        formset, admin_form = self.formset, self.admin_form
        if formset.formset.can_delete and formset.has_delete_permission and admin_form.original:
            return mark_safe(str(admin_form.deletion_field().field))
        return mark_safe("")


def _cell(field: helpers.AdminField | helpers.AdminReadonlyField) -> tuple[str, SafeString]:
    if field.is_readonly:
        name, hidden = field.field["name"], field.field["is_hidden"]
        content = format_html("<p>{}</p>", field.contents())
    else:
        bound = field.field
        name, hidden = bound.name, bound.is_hidden
        content = format_html("{}{}", bound.errors.as_ul(), bound)
    css = (f"field-{name}" if name else "") + (" hidden" if hidden else "")
    return css, content


class LeanInlinesMixin:
    """A ModelAdmin whose inline formsets are :class:`LeanInlineAdminFormSet`."""

    def get_inline_formsets(
        self, request: HttpRequest, formsets: list[Any], inline_instances: list[Any],
        obj: Any = None,
    ) -> list[helpers.InlineAdminFormSet]:
        admin_formsets = super().get_inline_formsets(  # type: ignore[misc]
            request, formsets, inline_instances, obj
        )
        for admin_formset in admin_formsets:
            # Only behaviour is added (no state), so the built wrapper is kept
            # and given the subclass rather than rebuilt from its arguments.
            if type(admin_formset) is helpers.InlineAdminFormSet:
                admin_formset.__class__ = LeanInlineAdminFormSet
        return admin_formsets
