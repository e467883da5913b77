"""The field template and the plain inputs, written in Python (careermap/forms.py), give exactly
the markup of components/form_field.html, components/field_feedback.html and Django's widget
templates: every case is rendered both ways and compared whole."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from careermap.forms import FIELD_TEMPLATE, FormRenderer, field_feedback


class Reference(TemplatesSetting):
    """The templates alone: what the Python must match."""

    form_template_name = "components/form_fields.html"
    field_template_name = FIELD_TEMPLATE


CHOICES = [("a", "Alpha & <b>"), ("b", 'Say "b"'), ("c", "Gamma")]


def _fields(required: bool) -> dict[str, forms.Field]:
    help_ = "Help with <em>markup</em> & more"
    return {
        "text": forms.CharField(max_length=200, required=required, help_text=help_),
        "plain": forms.CharField(required=required, label="Label <&> “quoted”"),
        "area": forms.CharField(max_length=2000, required=required, widget=forms.Textarea),
        "search": forms.CharField(
            max_length=50, required=required, widget=forms.TextInput(attrs={"type": "search"})
        ),
        "email": forms.EmailField(required=required, help_text=help_),
        "number": forms.IntegerField(required=required, min_value=0, max_value=5),
        "url": forms.URLField(required=required),
        "password": forms.CharField(required=required, widget=forms.PasswordInput),
        "date": forms.DateField(required=required, widget=forms.DateInput(attrs={"type": "date"})),
        "time": forms.TimeField(required=required),
        "check": forms.BooleanField(required=required, help_text=help_),
        "select": forms.ChoiceField(choices=CHOICES, required=required),
        "radio": forms.ChoiceField(choices=CHOICES, required=required, widget=forms.RadioSelect),
        "many": forms.MultipleChoiceField(
            choices=CHOICES, required=required, widget=forms.CheckboxSelectMultiple
        ),
        "hidden": forms.IntegerField(required=required, widget=forms.HiddenInput),
        "described": forms.CharField(
            required=required, widget=forms.TextInput(attrs={"aria-describedby": "elsewhere"})
        ),
        "own_id": forms.CharField(required=required, widget=forms.TextInput(attrs={"id": "mine"})),
        "safe_help": forms.CharField(required=required, help_text=mark_safe("<b>bold</b>")),  # nosec B308 B703
        "initial": forms.CharField(required=required, show_hidden_initial=True, initial="x"),
        "split": forms.SplitDateTimeField(required=required),
    }


GOOD = {
    "text": "hello",
    "plain": 'a "b" <c>',
    "area": "long\ntext",
    "number": "3",
    "email": "a@b.c",
}
BAD = {"text": "x" * 300, "number": "9", "email": "nope", "url": "nope", "select": "zz"}


def _forms(renderer: Any, auto_id: Any) -> list[forms.Form]:
    found = []
    for required in (True, False):
        cls = type("F", (forms.Form,), _fields(required))
        for data in (
            None,
            {},
            GOOD,
            BAD,
            {**GOOD, "check": "on", "radio": "b", "many": ["a", "c"]},
        ):
            found.append(cls(data=data, renderer=renderer, auto_id=auto_id))
        found.append(cls(initial={"text": "start", "radio": "a", "hidden": 4}, renderer=renderer))
        found.append(cls(prefix="p", renderer=renderer))
    return found


@pytest.mark.parametrize("language", ["en-gb", "de"])
@pytest.mark.parametrize("auto_id", ["id_%s", False, "field-%s"])
def test_fields_render_as_the_templates_render_them(language: str, auto_id: Any) -> None:
    with translation.override(language):
        ours, theirs = _forms(FormRenderer(), auto_id), _forms(Reference(), auto_id)
        compared = 0
        for mine, reference in zip(ours, theirs, strict=True):
            for name in mine.fields:
                assert str(mine[name].as_field_group()) == str(reference[name].as_field_group())
                assert str(mine[name]) == str(reference[name])
                feedback = render_to_string(
                    "components/field_feedback.html", {"field": reference[name]}
                )
                assert field_feedback(mine[name]) == feedback
                compared += 1
            assert str(mine) == str(reference)
        assert compared == 2 * 7 * len(_fields(True))


def test_the_counter_and_errors_show() -> None:
    form = type("F", (forms.Form,), _fields(True))(data=BAD, renderer=FormRenderer())
    html = str(form["text"].as_field_group())
    assert 'data-max="200"' in html
    assert "Up to 200 characters." in html
    assert '<ul class="field__error" id="id_text_error">' in html
