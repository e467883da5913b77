"""The role explorer's forms: filtering the catalogue, and choosing two roles to compare."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.careermaps.forms.widgets import ListedModelChoiceIterator, LongSelect, TextInput
from apps.roles.models import JobFamily, Role, Track
from careermap.forms import choice_field

SORT_FAMILY, SORT_READINESS = "family", "readiness"


def _level_name(level: int) -> str:
    return _("Level %(level)s") % {"level": level}


_lazy_level_name = lazy(_level_name, str)


class FamilyChoiceField(forms.ModelChoiceField):
    iterator = ListedModelChoiceIterator


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search roles"),
        required=False,
        max_length=100,
        widget=TextInput(
            attrs={"type": "search", "placeholder": gettext_lazy("Title, family or skill")}
        ),
    )
    # The selects and the search box rendered in Python, with Django's markup (one query for
    # the families): the catalogue shows this toolbar on every visit.
    family = FamilyChoiceField(
        label=gettext_lazy("Job family"),
        queryset=JobFamily.objects.all(),
        required=False,
        empty_label=gettext_lazy("All families"),
        widget=LongSelect,
    )
    level = forms.TypedChoiceField(
        label=gettext_lazy("Level"),
        choices=[
            ("", gettext_lazy("Any level")),
            *((n, _lazy_level_name(n)) for n in range(1, 13)),
        ],
        coerce=int,
        empty_value=None,
        required=False,
        widget=LongSelect,
    )
    track = forms.ChoiceField(
        label=gettext_lazy("Track"),
        choices=[("", gettext_lazy("Any track")), *Track.choices],
        required=False,
        widget=LongSelect,
    )
    sort = forms.ChoiceField(
        label=gettext_lazy("Order"),
        required=False,
        choices=[
            (SORT_FAMILY, gettext_lazy("Family and level")),
            (SORT_READINESS, gettext_lazy("My readiness")),
        ],
        widget=LongSelect,
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
    a = forms.ChoiceField(label=gettext_lazy("First role"))
    b = forms.ChoiceField(label=gettext_lazy("Second role"))

    def __init__(self, *args: Any, roles: list[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        label = _("%(role)s · %(family)s, level %(level)s")
        choices = [
            ("", _("Choose a role")),
            *(
                (
                    str(r.public_id),
                    label % {"role": r.title, "family": r.family.name, "level": r.level},
                )
                for r in roles
            ),
        ]
        for name in ("a", "b"):
            choice_field(self, name).choices = choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("a") and cleaned.get("a") == cleaned.get("b"):
            self.add_error("b", _("Choose a different role to compare with."))
        return cleaned
