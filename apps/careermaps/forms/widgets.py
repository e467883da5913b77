"""Widgets and choice fields the map's forms share."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


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
        parts: list[SafeString] = [format_html('<select name="{}"{}>', name, flatatt(attrs))]
        state = {"has_selected": False}
        for group_value, group_label in self.choices:
            if isinstance(group_label, (list, tuple)):
                parts.append(format_html('<optgroup label="{}">', group_value))
                parts.extend(self._options(group_label, selected, state))
                parts.append(SafeString("</optgroup>"))
            else:
                parts.extend(self._options([(group_value, group_label)], selected, state))
        parts.append(SafeString("</select>"))
        return format_html_join("", "{}", ((part,) for part in parts))

    @staticmethod
    def _options(
        choices: Iterable[tuple[Any, Any]], selected: set[str], state: dict[str, bool]
    ) -> Iterator[SafeString]:
        """``<option>`` tags, the first one whose value is in ``selected`` marked (as Django's
        single select does)."""
        for value, label in choices:
            value = "" if value is None else value
            is_selected = not state["has_selected"] and str(value) in selected
            state["has_selected"] |= is_selected
            yield format_html(
                '<option value="{}"{}>{}</option>', value, " selected" if is_selected else "", label
            )
