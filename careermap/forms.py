"""Form conventions every app shares: one look for every field, and typed access to choices.

``FormRenderer`` is ``FORM_RENDERER``: ``{{ form.name.as_field_group }}`` renders a field with
its label, help and errors through ``components/form_field.html`` (wired for assistive
technology), and ``{{ form }}`` renders every field that way.

Both that template and Django's ``<input>`` templates are written in Python here, with the same
markup (tests/project/test_form_markup.py renders every case both ways): the field template
cost about 0.3 ms a field, and three nested templates per ``<input>`` most of a widget's time.
The templates stay the reference (and still render anything else, e.g. a label-wrapped radio).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from careermap.fields import plausible_date

FIELD_TEMPLATE = "components/form_field.html"
# Django's templates for an <input>: each includes input.html, which includes attrs.html. An
# option of a radio or checkbox list renders input_option.html, which includes input.html.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        *("input", "text", "hidden", "date", "checkbox", "email", "number", "password", "url"),
        *("time", "datetime", "search", "tel", "color", "radio_option", "checkbox_option"),
    )
)


class FormRenderer(TemplatesSetting):
    """Django's widgets from the project's template engine, and our field template (both the
    field template and plain inputs written in Python: see the module doc)."""

    form_template_name = "components/form_fields.html"
    field_template_name = FIELD_TEMPLATE

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name == FIELD_TEMPLATE:
            return field_group(context["field"])
        widget = context.get("widget")
        if template_name in INPUT_TEMPLATES and widget and not widget.get("wrap_label"):
            return input_tag(widget)
        return super().render(template_name, context, request)


def _attrs(attrs: dict[str, Any]) -> Iterator[SafeString]:
    """attrs.html: `` name="value"``, a bare `` name`` for True, nothing for False."""
    for name, value in attrs.items():
        if value is True:
            yield format_html(" {}", name)
        elif value is not False:
            yield format_html(' {}="{}"', name, str(value))


def input_tag(widget: dict[str, Any]) -> SafeString:
    """input.html in Python, for a widget's template context (``context["widget"]``)."""
    parts = [format_html('<input type="{}" name="{}"', widget["type"], widget["name"])]
    if widget["value"] is not None:
        parts.append(format_html(' value="{}"', str(widget["value"])))
    parts.extend(_attrs(widget["attrs"]))
    return SafeString("".join(parts) + ">")  # nosec B703: each part is format_html's


def _optional(field: forms.BoundField) -> str:
    # {% translate %} of a template literal: the translation is not escaped.
    return (
        ""
        if field.field.required
        else f' <span class="field__optional">{gettext("(optional)")}</span>'
    )


def field_group(field: forms.BoundField) -> SafeString:
    """components/form_field.html in Python (the renderer strips the ends, as it does a
    template's output). Every value is escaped as the template escapes it."""
    widget = str(field)  # safe: the widget's own rendering
    if field.is_hidden:
        return SafeString(widget.strip())  # nosec B703: the widget's own safe markup
    error = " field--error" if field.errors else ""
    label = conditional_escape(field.label)
    feedback = field_feedback(field)
    if field.widget_type == "checkbox":
        html = (
            f'<div class="field field--check{error}">\n    {widget}\n'
            f'    <label class="field__label" for="{conditional_escape(field.id_for_label)}">'
            f"{label}</label>\n    {feedback}\n  </div>"
        )
    elif field.use_fieldset:
        described = field.aria_describedby
        aria = f' aria-describedby="{conditional_escape(described)}"' if described else ""
        html = (
            f'<fieldset class="field{error}"{aria}>\n'
            f'    <legend class="field__label">{label}{_optional(field)}</legend>\n'
            f"    {widget}\n    {feedback}\n  </fieldset>"
        )
    else:
        html = (
            f'<div class="field{error}">\n'
            f'    <label class="field__label" for="{conditional_escape(field.id_for_label)}">'
            f"{label}{_optional(field)}</label>\n    {widget}\n    {feedback}\n  </div>"
        )
    return SafeString(html)  # nosec B703: every value escaped above, the widget is safe


def field_feedback(field: forms.BoundField) -> str:
    """components/field_feedback.html in Python: help, errors and the length counter."""
    auto_id = conditional_escape(field.auto_id)
    parts = ["\n"]
    if field.help_text:
        parts.append(
            f'\n  <div class="field__help" id="{auto_id}_helptext">{field.help_text}</div>\n'
        )
    parts.append("\n")
    if errors := field.errors:
        items = "".join(f"<li>{conditional_escape(str(error))}</li>" for error in errors)
        parts.append(f'\n  <ul class="field__error" id="{auto_id}_error">\n    {items}\n  </ul>\n')
    parts.append("\n")
    max_length = getattr(field.field, "max_length", None)
    if max_length and field.auto_id and field.widget_type in "text,textarea,search":
        limit = conditional_escape(localize(max_length))
        words = gettext("Up to %(max)s characters.") % {"max": limit}
        parts.append(
            f'\n  <p class="field__counter" id="{auto_id}_counter" data-counter-for="{auto_id}"'
            f' data-max="{limit}">\n    <span data-counter-text>{words}</span>\n'
            '    <span class="visually-hidden" aria-live="polite" data-counter-alert></span>\n'
            "  </p>\n"
        )
    parts.append("\n")
    return "".join(parts)


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
