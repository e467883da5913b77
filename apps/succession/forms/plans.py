"""Forms for key positions, slates and HR's reports. They check shape; services check rules.

People are chosen with a people search (``PersonField``): type part of a name or email and pick
from the suggestions; an organisation of 20,000 is not a drop-down.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.careermaps.models import ActionKind
from apps.employees.forms import PersonField
from apps.employees.models import Department
from apps.roles.models import Role
from apps.succession.models import Readiness, Risk
from careermap.forms import DateField
from careermap.versioning import VersionedForm

MAX_SHARED = 50


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _roles() -> Any:
    return Role.objects.select_related("family").order_by("title")


class PlanForm(forms.Form):
    role = forms.ModelChoiceField(queryset=_roles(), empty_label=_("Choose a role"))
    incumbent = PersonField(
        label=_("Incumbent"),
        required=False,
        help_text=_(
            "Type a name or work email and pick the person who holds the role, to plan "
            "for their seat; leave empty to make the role as a whole a key position."
        ),
    )
    risk_of_loss = forms.ChoiceField(
        choices=Risk.choices,
        widget=forms.RadioSelect,
        help_text=_("How likely the position is to fall vacant (the incumbent leaves or moves)."),
    )
    impact_of_loss = forms.ChoiceField(
        choices=Risk.choices,
        widget=forms.RadioSelect,
        help_text=_("How much the organisation would suffer while it is vacant."),
    )
    notes = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    shared_with = forms.CharField(
        label=_("Share the slate with"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Sign-in emails of people who may read this slate (one per line): HR, or "
            "managers above the incumbent and every successor. Never someone on the plan, nor "
            "their peers."
        ),
    )

    def clean_shared_with(self) -> list[User]:
        emails = {line.strip().lower() for line in self.cleaned_data["shared_with"].split()}
        emails.discard("")
        if len(emails) > MAX_SHARED:
            raise ValidationError(
                ngettext(
                    "Share with at most %(max)s person.",
                    "Share with at most %(max)s people.",
                    MAX_SHARED,
                )
                % {"max": MAX_SHARED}
            )
        users = list(User.objects.filter(email__in=emails))
        missing = sorted(emails - {user.email.lower() for user in users})
        if missing:
            raise ValidationError(
                gettext("No one signs in with %(emails)s.") % {"emails": ", ".join(missing)}
            )
        return users


def plan_initial(plan: Any) -> dict[str, Any]:
    return {
        "role": plan.role_id,
        "incumbent": plan.incumbent.work_email if plan.incumbent else "",
        "risk_of_loss": plan.risk_of_loss,
        "impact_of_loss": plan.impact_of_loss,
        "notes": plan.notes,
        "shared_with": "\n".join(user.email for user in plan.shared_with.all()),
    }


class PlanEditForm(VersionedForm, PlanForm):
    """An existing key position, saved only if nobody saved it since ``version``."""

    stale_headline = _("This key position changed since you opened it (another tab or colleague).")

    def current_value(self, current: Any, name: str) -> Any:
        if name == "shared_with":
            return list(current.shared_with.all())
        return super().current_value(current, name)


class CandidateForm(VersionedForm, forms.Form):
    """A successor on a slate, saved only if nobody saved them since ``version``."""

    stale_headline = _("This successor changed since you opened it (another tab or colleague).")

    readiness = forms.ChoiceField(choices=Readiness.choices, widget=forms.RadioSelect)
    emergency_cover = forms.BooleanField(
        label=_("Emergency cover (could step in tomorrow, for a while)"), required=False
    )
    development_note = forms.CharField(
        label=_("Development note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What this person needs to be ready. Only HR and people the plan is shared "
            "with read it."
        ),
    )


class NominateForm(forms.Form):
    employee = forms.UUIDField(widget=forms.HiddenInput)
    readiness = forms.ChoiceField(choices=Readiness.choices, required=False)


class NominateByEmailForm(forms.Form):
    # Named "email" still: a work email is always accepted, and so are scripts that post one.
    email = PersonField(
        label=_("Person"), help_text=_("Anyone in the organisation: type a name or a work email.")
    )
    readiness = forms.ChoiceField(choices=Readiness.choices, widget=forms.RadioSelect)


class DevelopForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of action"),
        choices=[
            (ActionKind.PROJECT, ActionKind.PROJECT.label),
            (ActionKind.SKILL, ActionKind.SKILL.label),
            (ActionKind.EDUCATION, ActionKind.EDUCATION.label),
            (ActionKind.CERTIFICATION, ActionKind.CERTIFICATION.label),
            (ActionKind.NETWORKING, ActionKind.NETWORKING.label),
            (ActionKind.MENTORSHIP, ActionKind.MENTORSHIP.label),
        ],
    )
    title = forms.CharField(
        max_length=400,
        help_text=_(
            "Shown on their own career map as ordinary development: never mention "
            "succession, slates or key positions."
        ),
    )
    detail = forms.CharField(
        required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    due = DateField(required=False, widget=DateInput)


class DemandForm(forms.Form):
    role = forms.ModelChoiceField(queryset=_roles(), empty_label=_("Choose a role"))
    headcount = forms.IntegerField(min_value=1, max_value=10_000)
    needed_by = DateField(widget=DateInput)
    note = forms.CharField(required=False, max_length=500)


class DepartmentFilterForm(forms.Form):
    department = forms.ModelChoiceField(
        queryset=Department.objects.order_by("name"),
        required=False,
        empty_label=_("Whole organisation"),
    )

    def chosen(self) -> Department | None:
        return self.cleaned_data.get("department") if self.is_valid() else None


class AnonymiseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand: this person's name, email, sign-in and every free text about them "
            "are removed for good"
        ),
        help_text=_(
            "Download their data first if they asked for it. Numbers (skill levels, role, "
            "department, dates, ratings) stay, so the reports keep their totals."
        ),
    )
