"""Forms: posting an opportunity, filtering the list, and expressing interest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.employees.models import Department
from apps.opportunities.models import Opportunity, OpportunityKind, OpportunityStatus
from apps.opportunities.services import EDITABLE, NeededSkill
from apps.roles.models import Importance, Role
from apps.skills.models import Level, Skill
from careermap.forms import DateField

SKILL_ROWS = 5
LEVELS = [(str(level), label) for level, label in Level.choices if level >= 1]


class OpportunityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OpportunityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.order_by("name"),
        required=False,
        empty_label=_("Any department"),
    )
    role = forms.ModelChoiceField(
        label=_("Role"),
        queryset=Role.objects.order_by("title"),
        required=False,
        empty_label=_("No role"),
        help_text=_("For an open role: its required skills are used and the skills below ignored."),
    )
    time_commitment = forms.CharField(
        label=_("Time commitment"),
        max_length=200,
        required=False,
        help_text=_("For example: full time, or one day a week."),
    )
    duration = forms.CharField(
        label=_("Duration"),
        max_length=200,
        required=False,
        help_text=_("For example: permanent, or three months."),
    )
    closes_on = DateField(
        label=_("Closing date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (OpportunityStatus.DRAFT, _("Draft (only you and HR see it)")),
            (OpportunityStatus.OPEN, _("Open (everyone in the organisation sees it)")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        skills = Skill.objects.order_by("name")
        for row in range(1, SKILL_ROWS + 1):
            self.fields[f"skill_{row}"] = forms.ModelChoiceField(
                label=_("Skill %(row)s") % {"row": row},
                queryset=skills,
                required=False,
                empty_label="—",
            )
            self.fields[f"level_{row}"] = forms.TypedChoiceField(
                label=_("Level for skill %(row)s") % {"row": row},
                choices=LEVELS,
                coerce=int,
                initial="3",
            )
            self.fields[f"importance_{row}"] = forms.ChoiceField(
                label=_("Importance of skill %(row)s") % {"row": row},
                choices=Importance.choices,
                initial=Importance.ESSENTIAL,
            )

    @property
    def skill_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"skill_{row}"], self[f"level_{row}"], self[f"importance_{row}"])
            for row in range(1, SKILL_ROWS + 1)
        ]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        skills = []
        for row in range(1, SKILL_ROWS + 1):
            skill = data.pop(f"skill_{row}")
            level, importance = data.pop(f"level_{row}"), data.pop(f"importance_{row}")
            if skill is not None:
                skills.append(NeededSkill(skill=skill, level=level, importance=importance))
        return {**data, "skills": skills}


def initial_for(opportunity: Opportunity) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(opportunity, name) for name in EDITABLE}
    for row, needed in enumerate(opportunity.skills.select_related("skill")[:SKILL_ROWS], 1):
        initial[f"skill_{row}"] = needed.skill
        initial[f"level_{row}"] = str(needed.required_level)
        initial[f"importance_{row}"] = needed.importance
    return initial


class FilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *OpportunityKind.choices], required=False
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.order_by("name"),
        required=False,
        empty_label=_("All departments"),
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class InterestForm(forms.Form):
    note = forms.CharField(
        label=_("A note for the poster (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    tell_manager = forms.BooleanField(
        label=_("Tell my manager"),
        required=False,
        help_text=_("Off unless you tick it: your manager hears about it only if you want."),
    )
