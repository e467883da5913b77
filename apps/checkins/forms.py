"""The check-in forms: scheduling, each side's preparation, and an agreed action."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from apps.careermaps.models import ActionKind, Cadence
from apps.checkins.models import CHECKIN_CADENCES, CheckIn
from careermap.forms import DateField
from careermap.versioning import VersionedForm

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ScheduleForm(forms.Form):
    meeting_date = DateField(
        label=gettext_lazy("Meeting date"),
        widget=DATE_INPUT,
        error_messages={"required": gettext_lazy("Choose the day you will meet.")},
    )
    cadence = forms.ChoiceField(
        label=gettext_lazy("How often you meet"),
        choices=CHECKIN_CADENCES,
        initial=Cadence.MONTHLY,
        help_text=gettext_lazy(
            "The next check-in is scheduled from this when a meeting is marked as held."
        ),
    )


class EmployeePrepForm(VersionedForm, forms.ModelForm):
    version_attr = "employee_prep_version"

    class Meta:
        model = CheckIn
        fields = ["progress", "wins", "blockers", "skills_to_discuss"]
        labels = {
            "progress": gettext_lazy("Progress on my goals"),
            "wins": gettext_lazy("Wins since last time"),
            "blockers": gettext_lazy("What is in my way"),
            "skills_to_discuss": gettext_lazy("Skills I want to talk about"),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}


class ManagerPrepForm(VersionedForm, forms.ModelForm):
    version_attr = "manager_prep_version"

    class Meta:
        model = CheckIn
        fields = ["manager_notes", "feedback"]
        labels = {
            "manager_notes": gettext_lazy("My notes for this conversation"),
            "feedback": gettext_lazy("Feedback to give"),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}


class AgreedActionForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("What was agreed"),
        max_length=400,
        error_messages={"required": gettext_lazy("Write the action you agreed on.")},
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind of action"), choices=ActionKind.choices)
    due = DateField(label=gettext_lazy("Due (optional)"), required=False, widget=DATE_INPUT)
