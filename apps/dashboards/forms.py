"""The dashboard's forms: the heatmap filters, a manager rating, a recognition."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from apps.careermaps.services.recognition import MESSAGE_MAX
from apps.dashboards.queries import FilterOptions, GapFilter, Lens, Option, Sort
from apps.skills.models import Level

ALL = ""
MAX_PAGE = 100_000  # keeps the SQL offset a sane number


class FilterSelect(forms.Select):
    """A ``<select>`` built in Python, the same markup as Django's: the filter bar draws five on
    every page and heatmap load, and Django's template per option cost a few ms of each."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, " selected" if str(v) in chosen else "", label) for v, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )  # fmt: skip


def _optional_id(label: Any, empty: Any, choices: list[tuple[int, str]]) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[(ALL, empty), *choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=FilterSelect,
    )


def category_choices(categories: Sequence[Option]) -> list[tuple[int, str]]:
    """Top-level categories, each followed by its sub-categories (indented)."""
    children: dict[int | None, list[Option]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    choices: list[tuple[int, str]] = []

    def walk(parent: int | None, depth: int) -> None:
        for category in children.get(parent, []):
            choices.append((category.pk, "— " * depth + category.name))
            walk(category.pk, depth + 1)

    walk(None, 0)
    return choices


def with_descendants(category_id: int, categories: Sequence[Option]) -> tuple[int, ...]:
    """A category and every category below it (from the list already fetched)."""
    found, frontier = {category_id}, [category_id]
    while frontier:
        parent = frontier.pop()
        for category in categories:
            if category.parent_id == parent and category.pk not in found:
                found.add(category.pk)
                frontier.append(category.pk)
    return tuple(sorted(found))


@dataclass(frozen=True)
class HeatmapChoice:
    gap_filter: GapFilter
    department: int | None
    role: int | None
    page: int


class HeatmapFilterForm(forms.Form):
    """Lens, sort and filters of the heatmap and gap summary. Every field is optional."""

    lens = forms.ChoiceField(
        label=_("Set against"), choices=Lens.CHOICES, required=False, widget=FilterSelect
    )
    sort = forms.ChoiceField(
        label=_("Sort by"), choices=Sort.CHOICES, required=False, widget=FilterSelect
    )
    department = forms.TypedChoiceField(required=False)
    role = forms.TypedChoiceField(required=False)
    category = forms.TypedChoiceField(required=False)
    page = forms.IntegerField(
        min_value=1, max_value=MAX_PAGE, required=False, widget=forms.HiddenInput
    )

    def __init__(self, data: Mapping[str, Any] | None, *, options: FilterOptions) -> None:
        super().__init__(data, auto_id="heat-%s")
        self.categories = options.categories
        self.fields["department"] = _optional_id(
            _("Department"), _("All departments"), [(d.pk, d.name) for d in options.departments]
        )
        self.fields["role"] = _optional_id(
            _("Current role"), _("All roles"), [(r.pk, r.name) for r in options.roles]
        )
        self.fields["category"] = _optional_id(
            _("Skill category"), _("All skills"), category_choices(options.categories)
        )

    def choice(self) -> HeatmapChoice:
        """What to show: the valid fields as given, the defaults for the rest."""
        self.is_valid()  # cleaned_data then holds the valid fields only
        data = getattr(self, "cleaned_data", {})
        category = data.get("category")
        return HeatmapChoice(
            gap_filter=GapFilter(
                lens=data.get("lens") or Lens.CURRENT,
                sort=data.get("sort") or Sort.NAME,
                category_ids=with_descendants(category, self.categories) if category else (),
            ),
            department=data.get("department"),
            role=data.get("role"),
            page=data.get("page") or 1,
        )


LEVEL_CHOICES = [(level.value, f"{level.value} · {level.label}") for level in Level]


class RatingForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=LEVEL_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a level from 0 (None) to 5 (Expert).")},
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        help_text=_("Optional: what you based the rating on."),
    )


class RecognitionForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A few words they will see on their career map."),
        error_messages={"required": _("Write a few words: what they did and why it matters.")},
    )
