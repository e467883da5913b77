"""Form conventions every app shares: one look for every field, and typed access to choices.

``FormRenderer`` is ``FORM_RENDERER``: ``{{ form.name.as_field_group }}`` renders a field with
its label, help and errors through ``components/form_field.html`` (wired for assistive
technology), and ``{{ form }}`` renders every field that way.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms.renderers import TemplatesSetting

from careermap.fields import plausible_date


class FormRenderer(TemplatesSetting):
    """Django's widgets from the project's template engine, and our field template."""

    form_template_name = "components/form_fields.html"
    field_template_name = "components/form_field.html"


class DateField(forms.DateField):
    """Every date a form takes: refused outside the years a plan can mean, next to the field."""

    default_validators = [plausible_date]


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """A form's choice field, typed, to set its choices at run time."""
    return cast(forms.ChoiceField, form.fields[name])


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """A form's model choice field, typed, to narrow its queryset at run time."""
    # A string: ModelChoiceField is generic for the type checker only, not at run time.
    return cast("forms.ModelChoiceField[Any]", form.fields[name])
