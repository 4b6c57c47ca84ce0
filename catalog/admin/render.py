"""A form renderer that writes Django's plain widgets in Python.

The document change form carries a row of widgets for every footnote, and a
document may have a hundred notes: rendering each ``<input>`` and
``<textarea>`` through the template engine (a template, an include of
``attrs.html``, a loop over the attributes) was nearly half of the page's time.
:class:`FastWidgetRenderer` writes exactly what Django's own
``django/forms/widgets/{input,textarea}.html`` templates write, with the same
escaping, writes nothing for an empty error list (every field of every row
renders one), and hands every other template (selects, autocomplete widgets,
error lists with errors, whole forms) to the configured renderer.

A project that overrides one of those widget templates keeps its override: a
template is written in Python only while it resolves to Django's own file.
``tests/catalog/admin/test_render.py`` compares both renderings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import BaseRenderer, get_default_renderer
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

__all__ = [
    "FastWidgetRenderer", "fast_widget_renderer", "flat_attrs", "render_input", "render_textarea",
]

WIDGETS = "django/forms/widgets/"
# Django's templates that are ``{% include "django/forms/widgets/input.html" %}``.
INPUT_TEMPLATES = frozenset(
    WIDGETS + name
    for name in (
        "input.html", "text.html", "number.html", "email.html", "url.html", "password.html",
        "hidden.html", "checkbox.html", "date.html", "datetime.html", "time.html",
        "search.html", "tel.html", "color.html",
    )
)
TEXTAREA_TEMPLATE = WIDGETS + "textarea.html"
# Django's error-list templates write nothing when there is no error; every
# field of every inline row renders its (empty) error list.
ERROR_TEMPLATES = frozenset(
    f"django/forms/errors/{kind}/{name}"
    for kind in ("list", "dict")
    for name in ("default.html", "ul.html", "text.txt")
)
DJANGO_FORM_TEMPLATES = Path(django.forms.__file__).parent / "templates"
# A template written in Python; None: render the template after all.
WidgetWriter = Callable[[Mapping[str, Any]], SafeString | None]


def flat_attrs(attrs: Mapping[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``: `` name="value"``; True bare, False left out."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(value)}"')
    return "".join(parts)


def render_input(context: Mapping[str, Any]) -> SafeString | None:
    """``django/forms/widgets/input.html``."""
    widget = context.get("widget")
    if widget is None:
        return None
    # A missing key writes nothing, as in the template.
    value = widget.get("value")
    shown = "" if value is None else f' value="{conditional_escape(value)}"'
    return mark_safe(
        f'<input type="{conditional_escape(widget.get("type", ""))}" '
        f'name="{conditional_escape(widget.get("name", ""))}"{shown}'
        f"{flat_attrs(widget.get('attrs', {}))}>"
    )


def render_textarea(context: Mapping[str, Any]) -> SafeString | None:
    """``django/forms/widgets/textarea.html`` (the newline after the tag is the template's)."""
    widget = context.get("widget")
    if widget is None:
        return None
    value = widget.get("value")
    return mark_safe(
        f'<textarea name="{conditional_escape(widget.get("name", ""))}"'
        f"{flat_attrs(widget.get('attrs', {}))}>\n"
        f"{conditional_escape(value) if value else ''}</textarea>"
    )


def no_errors(context: Mapping[str, Any]) -> SafeString | None:
    """An error-list template with no error to list writes nothing; otherwise: the template."""
    return None if context.get("errors") else mark_safe("")


class FastWidgetRenderer(BaseRenderer):
    """The configured form renderer, with plain inputs and textareas written in Python.

    One instance serves every form (``VersionedForm.default_renderer``); it looks
    the configured renderer and its templates up on first use, not at import.
    """

    def __init__(self, fallback: BaseRenderer | None = None) -> None:
        self._fallback = fallback
        self._fast: tuple[BaseRenderer, dict[str, WidgetWriter]] | None = None

    @property
    def fallback(self) -> BaseRenderer:
        # ``get_default_renderer`` is cached by Django (and reset when a test
        # overrides FORM_RENDERER).
        return self._fallback or get_default_renderer()

    @property
    def form_template_name(self) -> str:  # type: ignore[override]
        return self.fallback.form_template_name

    @property
    def formset_template_name(self) -> str:  # type: ignore[override]
        return self.fallback.formset_template_name

    @property
    def field_template_name(self) -> str:  # type: ignore[override]
        return self.fallback.field_template_name

    @property
    def bound_field_class(self) -> Any:  # type: ignore[override]
        return self.fallback.bound_field_class

    @property
    def fast(self) -> dict[str, WidgetWriter]:
        """The widget templates written in Python: those that are still Django's own."""
        fallback = self.fallback
        if self._fast is None or self._fast[0] is not fallback:
            fast: dict[str, WidgetWriter] = {}
            for name in INPUT_TEMPLATES:
                if self._is_djangos_own(name):
                    fast[name] = render_input
            if self._is_djangos_own(TEXTAREA_TEMPLATE):
                fast[TEXTAREA_TEMPLATE] = render_textarea
            for name in ERROR_TEMPLATES:
                if self._is_djangos_own(name):
                    fast[name] = no_errors
            self._fast = (fallback, fast)
        return self._fast[1]

    def _is_djangos_own(self, template_name: str) -> bool:
        """Whether ``template_name`` (and what it includes) is Django's file, not an override."""
        names = [template_name]
        if template_name in INPUT_TEMPLATES:
            names += [WIDGETS + "input.html", WIDGETS + "attrs.html"]
        elif template_name == TEXTAREA_TEMPLATE:
            names.append(WIDGETS + "attrs.html")
        elif template_name.endswith("/default.html"):
            names.append(template_name.replace("/default.html", "/ul.html"))
        try:
            origins = [Path(self.fallback.get_template(name).origin.name) for name in names]
        except Exception:  # noqa: BLE001  (a renderer without origins: use its templates)
            return False
        return all(origin.is_relative_to(DJANGO_FORM_TEMPLATES) for origin in origins)

    def get_template(self, template_name: str) -> Any:
        return self.fallback.get_template(template_name)

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        fast = self.fast.get(template_name)
        if fast is not None:
            written = fast(context)
            if written is not None:
                return written
        return self.fallback.render(template_name, context, request=request)


fast_widget_renderer = FastWidgetRenderer()
