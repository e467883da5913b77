"""Forms of mentor matching. The rules live in services/mentoring.py."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.employees.gaps import SkillGap
from apps.skills.models import Skill
from careermap.fields import MEDIUM, SHORT
from careermap.forms import DateField, choice_field
from careermap.versioning import VersionedForm

Choices = list[tuple[Any, Any]]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _by_category(skills: Sequence[Skill], labels: dict[int, str] | None = None) -> Choices:
    """Skills grouped under their category (``skills`` ordered by category name, then name)."""
    labels = labels or {}
    return [
        (category, [(skill.pk, labels.get(skill.pk, skill.name)) for skill in group])
        for category, group in groupby(skills, key=lambda skill: skill.category.name)
    ]


class _SkillsField(forms.TypedMultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(coerce=int, **kwargs)


class OfferForm(VersionedForm, forms.Form):
    """My mentor offer, from the ``version`` shown (0: none yet): another tab's save wins
    until I have seen it."""

    def headline(self, current: models.Model) -> str:
        # Worked out per request (in its language), not once at import.
        return _("Your mentor offer changed since you opened this page (in another tab).")

    is_open = forms.BooleanField(
        label=gettext_lazy("I am taking new mentees"), required=False, initial=True
    )
    skills = _SkillsField(
        label=gettext_lazy("Skills I can mentor"),
        required=False,
        help_text=gettext_lazy(
            "People looking for help in these skills will find you. Next to each skill is "
            "your current level, if you have one."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("A note for mentees"),
        required=False,
        max_length=SHORT * 2,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "For example how often you can meet, or what you enjoy helping with."
        ),
    )

    def __init__(
        self, *args: Any, skills: Sequence[Skill], my_levels: dict[int, int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.skill_by_id = {skill.pk: skill for skill in skills}
        labels = {
            pk: _("%(skill)s (you: %(level)s)")
            % {"skill": self.skill_by_id[pk].name, "level": level}
            for pk, level in my_levels.items()
            if pk in self.skill_by_id
        }
        choice_field(self, "skills").choices = _by_category(skills, labels)

    def clean_skills(self) -> list[Skill]:
        return [self.skill_by_id[pk] for pk in self.cleaned_data["skills"]]

    def current_value(self, current: Any, name: str) -> Any:
        if name == "skills":
            return list(current.skills.all())
        return super().current_value(current, name)


class FindForm(forms.Form):
    """Which skills to find a mentor for: my gaps (ticked at first), or any others I pick."""

    searched = forms.CharField(widget=forms.HiddenInput, required=False, initial="1")
    skills = _SkillsField(label=gettext_lazy("My skill gaps"), required=False)
    more = _SkillsField(label=gettext_lazy("Other skills"), required=False)
    exclude_line = forms.BooleanField(
        label=gettext_lazy("Exclude my own reporting line (my managers and the people under me)"),
        required=False,
    )

    def __init__(
        self, *args: Any, gaps: Sequence[SkillGap], skills: Sequence[Skill], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        gap_ids = {gap.skill_id for gap in gaps}
        label = _("%(skill)s (you %(current)s, role needs %(required)s)")
        choice_field(self, "skills").choices = [
            (
                gap.skill_id,
                label
                % {
                    "skill": gap.skill_name,
                    "current": gap.current_level,
                    "required": gap.required_level,
                },
            )
            for gap in gaps
        ]
        others = [skill for skill in skills if skill.pk not in gap_ids]
        choice_field(self, "more").choices = _by_category(others)
        if not gaps:
            self.fields["more"].label = _("Skills")

    def chosen(self) -> list[int]:
        if not self.is_valid():
            return []
        return [*self.cleaned_data["skills"], *self.cleaned_data["more"]]


class RequestForm(forms.Form):
    focus_skills = _SkillsField(
        label=gettext_lazy("Focus skills"),
        required=False,
        help_text=gettext_lazy("What you would like this mentor to help you with."),
        error_messages={
            "invalid_choice": gettext_lazy("Choose among the skills this mentor offers.")
        },
    )
    message = forms.CharField(
        label=gettext_lazy("Your message"),
        max_length=MEDIUM,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Introduce yourself and say what you hope to learn. Shown only to the mentor."
        ),
    )

    def __init__(
        self, *args: Any, offered: Sequence[Skill], labels: dict[int, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.skill_by_id = {skill.pk: skill for skill in offered}
        choice_field(self, "focus_skills").choices = [
            (skill.pk, labels.get(skill.pk, skill.name)) for skill in offered
        ]

    def clean_focus_skills(self) -> list[Skill]:
        return [self.skill_by_id[pk] for pk in self.cleaned_data["focus_skills"]]


class AcceptForm(forms.Form):
    follow_up = DateField(
        label=gettext_lazy("First follow-up"),
        required=False,
        widget=DateInput,
        help_text=gettext_lazy(
            "When you will next check in together. Defaults to 30 days from today."
        ),
    )
