"""Forms for the catalogue pages. They check shape; apps.roles.services checks the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from apps.roles.models import Importance, JobFamily, Role, RoleRequirement, Track, TransitionKind
from apps.roles.services import LEVEL_MESSAGE, MAX_MONTHS, MONTHS_MESSAGE
from apps.skills.models import Skill
from careermap.versioning import VersionedForm

LEVEL_HELP = _("1 (Awareness) to 5 (Expert); the scale is below.")


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search roles"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Role title")}),
    )
    family = forms.ModelChoiceField(
        queryset=JobFamily.objects.order_by("name"), required=False, empty_label=_("All families")
    )
    level = forms.TypedChoiceField(
        choices=[
            ("", _("Any level")),
            *((n, format_lazy("{} {}", _("Level"), n)) for n in range(1, 13)),
        ],
        coerce=int,
        required=False,
        empty_value=None,
    )
    track = forms.ChoiceField(choices=[("", _("Any track")), *Track.choices], required=False)


class FamilyForm(forms.Form):
    name = forms.CharField(max_length=120)
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class RoleForm(forms.Form):
    title = forms.CharField(max_length=150)
    family = forms.ModelChoiceField(
        label=_("Job family"), queryset=JobFamily.objects.order_by("name"), empty_label=None
    )
    level = forms.IntegerField(
        min_value=1, max_value=12, initial=1, help_text=_("1 (entry) to 12 (most senior).")
    )
    track = forms.ChoiceField(choices=Track.choices, initial=Track.INDIVIDUAL)
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    responsibilities = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One responsibility per line; shown as a list."),
    )
    is_key_position = forms.BooleanField(
        label=_("Key position"),
        required=False,
        help_text=(
            "A key position gets a succession plan in Talent and succession (one click, on this "
            "page, once saved). Unticking keeps an existing plan and its history."
        ),
    )

    @staticmethod
    def initial_for(role: Role) -> dict[str, Any]:
        names = ("title", "family", "level", "track", "summary", "responsibilities")
        return {name: getattr(role, name) for name in names} | {
            "is_key_position": role.is_key_position
        }


class RequirementForm(forms.Form):
    skill = forms.ModelChoiceField(
        queryset=Skill.objects.order_by("name"), empty_label=_("Choose a skill")
    )
    required_level = forms.IntegerField(
        label=_("Required level"),
        min_value=1,
        max_value=5,
        initial=3,
        help_text=LEVEL_HELP,
        error_messages={"min_value": LEVEL_MESSAGE, "max_value": LEVEL_MESSAGE},
    )
    importance = forms.ChoiceField(choices=Importance.choices, initial=Importance.ESSENTIAL)
    weight = forms.DecimalField(
        min_value=Decimal("0.1"),
        max_value=Decimal("10"),
        max_digits=4,
        decimal_places=2,
        initial=Decimal("1.00"),
        help_text=_("0.1 to 10; essential skills count double."),
    )

    @staticmethod
    def initial_for(requirement: RoleRequirement) -> dict[str, Any]:
        return {
            "skill": requirement.skill_id,
            "required_level": requirement.required_level,
            "importance": requirement.importance,
            "weight": requirement.weight,
        }


class RoleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.family.name}, level {obj.level})"


class TransitionForm(forms.Form):
    """One career path seen from a role: the role at the other end, out or in."""

    other_role = RoleChoiceField(
        queryset=Role.objects.select_related("family").order_by("family__name", "level", "title"),
        empty_label=_("Choose a role"),
    )
    kind = forms.ChoiceField(choices=TransitionKind.choices, initial=TransitionKind.PROMOTION)
    typical_months = forms.IntegerField(
        min_value=1,
        max_value=MAX_MONTHS,
        initial=18,
        error_messages={"min_value": MONTHS_MESSAGE, "max_value": MONTHS_MESSAGE},
    )

    def __init__(self, *args: Any, other_label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other_role"].label = other_label


def other_role_errors(error: ValidationError) -> ValidationError:
    """A career-path service's error with both ends (``from_role``, ``to_role``) named as the
    TransitionForm's one field for the role at the other end."""
    if not hasattr(error, "error_dict"):
        return error
    renamed: dict[str, list[ValidationError]] = {}
    for name, errors in error.error_dict.items():
        field = "other_role" if name in ("from_role", "to_role") else name
        renamed.setdefault(field, []).extend(errors)
    return ValidationError(renamed)


# The catalogue's edit forms: saved only if nobody saved the row since it was opened.


class FamilyEditForm(VersionedForm, FamilyForm):
    stale_headline = _("This job family changed since you opened it (another tab or colleague).")


class RoleEditForm(VersionedForm, RoleForm):
    stale_headline = _("This role changed since you opened it (another tab or colleague).")


class RequirementEditForm(VersionedForm, RequirementForm):
    stale_headline = _(
        "This required skill changed since you opened it (another tab or colleague)."
    )


class TransitionEditForm(VersionedForm, TransitionForm):
    """``outgoing``: the page's role is the path's start, so the other role is its end."""

    stale_headline = _("This career path changed since you opened it (another tab or colleague).")

    def __init__(self, *args: Any, outgoing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outgoing = outgoing

    def current_value(self, current: Any, name: str) -> Any:
        if name == "other_role":
            return current.to_role if self.outgoing else current.from_role
        return super().current_value(current, name)
