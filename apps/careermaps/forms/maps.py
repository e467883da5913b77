from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.careermaps.forms.widgets import CheckboxInput, LongSelect
from apps.careermaps.models import Cadence, CareerMap, MapTemplate
from apps.roles.models import Role
from careermap.versioning import VersionedForm


class StartForm(forms.Form):
    template = forms.ChoiceField(
        choices=MapTemplate.choices,
        widget=forms.RadioSelect,
        initial=MapTemplate.BLANK,
        label=gettext_lazy("How would you like to start?"),
    )


def _role_label(label: str, family: str, title: str, level: int) -> str:
    return label % {"family": family, "role": title, "level": level}


class RoleChoiceIterator(ModelChoiceIterator):
    """The catalogue's roles as (id, label) from one query of the four columns the labels show:
    whole Role rows (long summaries, responsibilities) and their families, made into objects,
    cost the overview a millisecond. The select writes only ids and labels."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        label = _("%(family)s · %(role)s (level %(level)s)")
        for pk, family, title, level in self.queryset.values_list(
            "pk", "family__name", "title", "level"
        ):
            yield (pk, _role_label(label, family, title, level))


class RoleChoiceField(forms.ModelChoiceField):
    iterator = RoleChoiceIterator

    def label_from_instance(self, obj: Role) -> str:
        label = _("%(family)s · %(role)s (level %(level)s)")
        return _role_label(label, obj.family.name, obj.title, obj.level)


class TargetForm(VersionedForm, forms.Form):
    stale_headline = gettext_lazy(
        "Your target role changed since you opened this page (in another tab or window)."
    )

    role = RoleChoiceField(
        queryset=Role.objects.select_related("family").order_by("family__name", "level", "title"),
        required=False,
        empty_label=gettext_lazy("No target role yet"),
        label=gettext_lazy("Target role"),
        help_text=gettext_lazy(
            "The role you are working towards. Your gaps and readiness are computed for it."
        ),
        widget=LongSelect,  # every role in the catalogue
    )

    def current_value(self, current: Any, name: str) -> Any:
        return current.target_role


class SettingsForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = CareerMap
        fields = ["visible_to_manager", "reflection_cadence"]
        labels = {
            "visible_to_manager": gettext_lazy("Let my managers read my map"),
            "reflection_cadence": gettext_lazy("Remind me to reflect"),
        }
        # Rendered in Python (same markup): the overview renders it on every visit.
        widgets = {
            "visible_to_manager": CheckboxInput,
            "reflection_cadence": LongSelect(choices=Cadence.choices),
        }

    def __init__(self, *args: Any, career_map: CareerMap, **kwargs: Any) -> None:
        # Bound, it validates on a blank instance: the view keeps showing what is stored.
        instance = CareerMap(pk=career_map.pk) if args else career_map
        super().__init__(*args, instance=instance, version=career_map.version, **kwargs)


def target_form(career_map: CareerMap, data: Any = None) -> TargetForm:
    return TargetForm(data, initial={"role": career_map.target_role_id}, version=career_map.version)
