"""The role explorer's forms: filtering the catalogue, and choosing two roles to compare."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.roles.models import JobFamily, Role, Track
from careermap.forms import choice_field

SORT_FAMILY, SORT_READINESS = "family", "readiness"


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(
        label="Search roles",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Title, family or skill"}),
    )
    family = forms.ModelChoiceField(
        label="Job family",
        queryset=JobFamily.objects.all(),
        required=False,
        empty_label="All families",
    )
    level = forms.TypedChoiceField(
        label="Level",
        choices=[("", "Any level"), *((n, f"Level {n}") for n in range(1, 13))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    track = forms.ChoiceField(
        label="Track", choices=[("", "Any track"), *Track.choices], required=False
    )
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[(SORT_FAMILY, "Family and level"), (SORT_READINESS, "My readiness")],
    )

    def __init__(self, *args: Any, can_rank: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_rank:  # no employee record, no readiness to order by
            del self.fields["sort"]

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class CompareForm(forms.Form):
    a = forms.ChoiceField(label="First role")
    b = forms.ChoiceField(label="Second role")

    def __init__(self, *args: Any, roles: list[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            ("", "Choose a role"),
            *((str(r.public_id), f"{r.title} · {r.family.name}, level {r.level}") for r in roles),
        ]
        for name in ("a", "b"):
            choice_field(self, name).choices = choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("a") and cleaned.get("a") == cleaned.get("b"):
            self.add_error("b", "Choose a different role to compare with.")
        return cleaned
