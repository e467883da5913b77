"""Widgets and choice fields the map's forms share."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString

from careermap.forms import INPUT_TEMPLATES, input_tag


class LongSelect(forms.Select):
    """A select of hundreds of options (every skill, every resource) rendered in Python: Django's
    template per option made one such field cost more than the rest of the tab. Same markup.

    The options are written straight from the choices: Django's ``optgroups`` builds a dict of
    a dozen keys per option (attrs, template names, indexes) that this markup never reads.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        selected = set(self.format_value(value))
        attrs = self.build_attrs(self.attrs, attrs)
        # Plain strings, each value and label escaped: a format_html per option (and one more
        # to join them) was most of the field's cost.
        parts = [f'<select name="{escape(name)}"{flatatt(attrs)}>']
        state = {"has_selected": False}
        for group_value, group_label in self.choices:
            if isinstance(group_label, (list, tuple)):
                parts.append(f'<optgroup label="{conditional_escape(group_value)}">')
                parts.extend(self._options(group_label, selected, state))
                parts.append("</optgroup>")
            else:
                parts.extend(self._options([(group_value, group_label)], selected, state))
        parts.append("</select>")
        return SafeString("".join(parts))  # nosec B703: every value and label escaped above

    @staticmethod
    def _options(
        choices: Iterable[tuple[Any, Any]], selected: set[str], state: dict[str, bool]
    ) -> Iterator[str]:
        """``<option>`` tags, the first one whose value is in ``selected`` marked (as Django's
        single select does), value and label escaped."""
        for value, label in choices:
            value = "" if value is None else value
            is_selected = not state["has_selected"] and str(value) in selected
            state["has_selected"] |= is_selected
            mark = " selected" if is_selected else ""
            text = conditional_escape(label)
            yield f'<option value="{conditional_escape(value)}"{mark}>{text}</option>'


class ListedModelChoiceIterator(ModelChoiceIterator):
    """The choices from one plain query: Django's iterator reads them through a server-side
    cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three round trips, WITH HOLD outside a
    transaction, which PostgreSQL materialises: 7 ms for five job families) to save memory on
    huge tables, which a catalogue of tens of rows is not."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class PythonInputMixin:
    """Renders its ``<input>`` (each radio's, for a radio list) in Python, with the markup of
    Django's templates: three nested templates per input were a fifth of the assessment tab's
    template time. A label-wrapped option (not used here) still goes through the templates."""

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> Any:
        widget = context["widget"]
        if template_name in INPUT_TEMPLATES and not widget.get("wrap_label"):
            return input_tag(widget)
        return super()._render(template_name, context, renderer)  # type: ignore[misc]


class TextInput(PythonInputMixin, forms.TextInput):
    pass


class HiddenInput(PythonInputMixin, forms.HiddenInput):
    pass


class DateInput(PythonInputMixin, forms.DateInput):
    pass


class RadioSelect(PythonInputMixin, forms.RadioSelect):
    pass


class CheckboxInput(PythonInputMixin, forms.CheckboxInput):
    pass
