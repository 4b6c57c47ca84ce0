"""The admin's fast widget renderer writes exactly what Django's widget templates write."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.forms.utils import ErrorDict, ErrorList
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from catalog.admin.render import FastWidgetRenderer

TRICKY = "a <b> & \"quoted\" 'single' \u00e9\u2014 \n second line  "

WIDGETS = [
    forms.TextInput(),
    forms.TextInput(attrs={"class": "vLargeTextField", "size": 90, "required": True}),
    forms.NumberInput(attrs={"style": "width: 4em", "disabled": False, "step": None}),
    forms.HiddenInput(),
    forms.EmailInput(attrs={"placeholder": gettext_lazy("Email")}),
    forms.URLInput(),
    forms.PasswordInput(render_value=True),
    forms.DateInput(),
    forms.Textarea(),
    forms.Textarea(attrs={"rows": 3, "cols": 70, "data-x": '"><script>'}),
    forms.CheckboxInput(),
]
VALUES = [None, "", "0", 0, 42, TRICKY, mark_safe("<i>safe</i>"), dt.date(2021, 3, 22), True, False]


@pytest.fixture
def renderers() -> tuple[FastWidgetRenderer, DjangoTemplates]:
    django_renderer = get_default_renderer()
    return FastWidgetRenderer(django_renderer), django_renderer


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_widgets_render_as_with_the_templates(renderers, widget, value) -> None:
    fast, django_renderer = renderers
    attrs = {"id": "id_field-0-text", "aria-describedby": "help <1>"}
    expected = widget.render("field-0-text", value, attrs, renderer=django_renderer)
    assert widget.render("field-0-text", value, attrs, renderer=fast) == expected


def test_the_fast_path_is_taken(renderers) -> None:
    """Inputs, textareas and empty error lists do not go through the template engine."""
    fast, _django = renderers
    assert {"django/forms/widgets/text.html", "django/forms/widgets/textarea.html",
            "django/forms/errors/list/ul.html"} <= fast.fast.keys()


@pytest.mark.parametrize("errors", [
    ErrorList(),
    ErrorList(["One <bad> thing.", "Another."]),
    ErrorList(["x"], error_class="nonfield"),
])
def test_error_lists_render_as_with_the_templates(renderers, errors) -> None:
    fast, django_renderer = renderers
    for method in ("as_ul", "as_text", "__str__"):
        errors.renderer = django_renderer
        expected = getattr(errors, method)()
        errors.renderer = fast
        assert getattr(errors, method)() == expected


def test_error_dicts_render_as_with_the_templates(renderers) -> None:
    fast, django_renderer = renderers
    for errors in (ErrorDict(), ErrorDict({"title": ErrorList(["Required."])})):
        for method in ("as_ul", "as_text"):
            errors.renderer = django_renderer
            expected = getattr(errors, method)()
            errors.renderer = fast
            assert getattr(errors, method)() == expected


def test_other_widgets_use_the_templates(renderers) -> None:
    fast, django_renderer = renderers
    select = forms.Select(choices=[("a", "A <1>"), ("b", "B")])
    expected = select.render("s", "b", renderer=django_renderer)
    assert select.render("s", "b", renderer=fast) == expected


def test_an_overridden_template_is_kept(renderers, tmp_path) -> None:
    """A project that overrides a widget template gets its template, not the Python copy."""
    (tmp_path / "django/forms/widgets").mkdir(parents=True)
    (tmp_path / "django/forms/widgets/textarea.html").write_text(
        "<textarea custom name=\"{{ widget.name }}\">{{ widget.value }}</textarea>"
    )

    class Overriding(DjangoTemplates):
        @property
        def engine(self):  # noqa: ANN201
            return self.backend({
                "APP_DIRS": True, "DIRS": [tmp_path, *super().engine.dirs],
                "NAME": "overriding", "OPTIONS": {},
            })

    overriding = Overriding()
    fast = FastWidgetRenderer(overriding)
    assert "django/forms/widgets/textarea.html" not in fast.fast
    assert "django/forms/widgets/text.html" in fast.fast
    rendered = forms.Textarea().render("t", "v", renderer=fast)
    assert rendered == '<textarea custom name="t">v</textarea>'
