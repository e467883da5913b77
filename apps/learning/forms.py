"""Forms of the learning-resource catalogue. The rules live in services/resources.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.learning.models import LearningResource, ResourceKind, ResourceSkill
from apps.learning.services import COST_MESSAGE, LEVEL_MESSAGE
from apps.skills.models import Level, Skill
from careermap.fields import SHORT
from careermap.forms import choice_field
from careermap.versioning import VersionedForm

# Lazy, so each request shows the level names in its own language.
LEVEL_CHOICES = [
    (level.value, format_lazy("{} · {}", level.value, level.label)) for level in Level if level > 0
]


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search resources"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": gettext_lazy("Title, provider or skill")}
        ),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Format"),
        required=False,
        choices=[("", gettext_lazy("Any format")), *ResourceKind.choices],
    )
    skill = forms.ModelChoiceField(
        label=gettext_lazy("Builds skill"),
        required=False,
        empty_label=gettext_lazy("Any skill"),
        queryset=Skill.objects.filter(
            Exists(ResourceSkill.objects.filter(skill=OuterRef("pk")))
        ).order_by("name"),
    )


class ResourceForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=SHORT)
    provider = forms.CharField(
        label=gettext_lazy("Provider"),
        max_length=SHORT,
        required=False,
        help_text=gettext_lazy("Who runs it: a company, a publisher, a team."),
    )
    url = forms.URLField(
        label=gettext_lazy("Link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=gettext_lazy("Where people read more or enrol, starting with https://."),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Format"), choices=ResourceKind.choices)
    hours = forms.IntegerField(
        label=gettext_lazy("Hours"),
        required=False,
        min_value=0,
        help_text=gettext_lazy("Roughly how long it takes."),
    )
    cost = forms.DecimalField(
        label=gettext_lazy("Cost"),
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        error_messages={"min_value": COST_MESSAGE},
        help_text=gettext_lazy("Per person; 0 when it is free."),
    )


def resource_initial(resource: LearningResource) -> dict[str, Any]:
    return {
        "title": resource.title,
        "provider": resource.provider,
        "url": resource.url,
        "kind": resource.kind,
        "hours": resource.hours,
        "cost": resource.cost,
    }


def _level_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=gettext_lazy("Level it builds to"),
        choices=LEVEL_CHOICES,
        coerce=int,
        initial=3,
        error_messages={"invalid_choice": LEVEL_MESSAGE, "required": LEVEL_MESSAGE},
    )


class ResourceEditForm(VersionedForm, ResourceForm):
    """A resource in the catalogue, saved only if nobody saved it since ``version``."""

    def headline(self, current: models.Model) -> str:
        # Worked out per request (in its language), not once at import.
        return _("This resource changed since you opened it (another tab or colleague).")


class SkillRowForm(forms.Form):
    """Add a skill the resource builds, with the level it takes a learner to."""

    skill = forms.ModelChoiceField(
        queryset=Skill.objects.order_by("name"),
        label=gettext_lazy("Skill"),
        empty_label=gettext_lazy("Choose a skill"),
        error_messages={"required": gettext_lazy("Choose the skill this resource builds.")},
    )
    level = _level_field()


class LevelForm(forms.Form):
    """Change the level of one skill row."""

    level = _level_field()


class AddToPlanForm(forms.Form):
    """Which of the skills the resource builds this plan action is for."""

    skill = forms.TypedChoiceField(
        label=gettext_lazy("For which skill?"),
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args: Any, resource: LearningResource, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = list(resource.builds.all())
        self.skills = {row.skill_id: row.skill for row in rows}
        field = choice_field(self, "skill")
        label = _("%(skill)s (to level %(level)s)")
        field.choices = [
            (row.skill_id, label % {"skill": row.skill.name, "level": row.level}) for row in rows
        ]
        field.required = bool(rows)
        for code in ("required", "invalid_choice"):
            field.error_messages[code] = _("Choose one of the skills this resource builds.")
        if len(rows) == 1:
            field.initial = rows[0].skill_id

    def clean_skill(self) -> Skill | None:
        return self.skills.get(self.cleaned_data["skill"])
