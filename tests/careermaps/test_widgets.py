"""The map's Python-rendered inputs write exactly the markup of Django's widget templates."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django import forms
from django.utils.safestring import mark_safe

from apps.careermaps.forms import widgets

PAIRS: list[tuple[type[forms.Widget], type[forms.Widget]]] = [
    (widgets.TextInput, forms.TextInput),
    (widgets.HiddenInput, forms.HiddenInput),
    (widgets.DateInput, forms.DateInput),
    (widgets.CheckboxInput, forms.CheckboxInput),
]
VALUES: list[Any] = [None, "", "plain", 'quote " & <tag>', 7, date(2030, 9, 30), True, False]
ATTRS: list[dict[str, Any]] = [
    {},
    {"id": "id_x", "maxlength": 200, "required": True, "autofocus": True, "disabled": False},
    {"aria-describedby": "x_helptext x_error", "aria-invalid": "true", "placeholder": "Café <b>"},
    {"type": "search", "data-x": mark_safe("<safe>")},  # nosec B308 B703
]


@pytest.mark.parametrize(("ours", "django"), PAIRS, ids=lambda pair: getattr(pair, "__name__", ""))
def test_inputs_render_as_django_renders_them(ours: Any, django: Any) -> None:
    for attrs in ATTRS:
        for value in VALUES:
            rendered = ours(attrs=dict(attrs)).render("name", value, {"class": "c"})
            assert rendered == django(attrs=dict(attrs)).render("name", value, {"class": "c"})


def test_radios_render_as_django_renders_them() -> None:
    choices = [(0, "None"), (1, "Basic <1>"), ("x", 'Say "x"')]
    for value in (None, 1, "x", "missing"):
        for attrs in ({"id": "id_level"}, {}):
            ours = widgets.RadioSelect(choices=choices)
            theirs = forms.RadioSelect(choices=choices)
            assert ours.render("level", value, attrs) == theirs.render("level", value, attrs)
            field = forms.TypedChoiceField(choices=choices, coerce=int, widget=ours)
            form = type("F", (forms.Form,), {"level": field})(initial={"level": value})
            plain = type("P", (forms.Form,), {"level": forms.ChoiceField(choices=choices)})
            plain.base_fields["level"].widget = theirs
            tags = [radio.tag() for radio in form["level"]]
            assert tags == [radio.tag() for radio in plain(initial={"level": value})["level"]]
            assert len(tags) == 3
            assert tags[0].startswith('<input type="radio"')
