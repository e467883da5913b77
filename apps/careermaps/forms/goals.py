"""SMART goal and milestone forms. Every missing part gets a message that says what to write."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from apps.careermaps.forms.widgets import DateInput, TextInput
from apps.careermaps.models import Goal, GoalStatus, Horizon
from apps.careermaps.services import goals as services
from careermap.fields import SHORT
from careermap.forms import DateField
from careermap.versioning import VersionedForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_INPUT = {"type": "date"}


def _date_field(label: StrOrPromise, *, required: bool, help_text: StrOrPromise = "") -> DateField:
    return DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        error_messages={
            "required": services.MISSING["target_date"],
            "invalid": gettext_lazy("Enter a date like 2030-09-30."),
        },
    )


def _smart_part(name: str, label: StrOrPromise, letter: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=SHORT * 2,
        help_text=services.SMART[letter][2],
        error_messages={"required": services.MISSING[name]},
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GoalForm(forms.Form):
    horizon = forms.ChoiceField(
        choices=Horizon.choices,
        initial=Horizon.SHORT,
        widget=forms.RadioSelect,
        label=gettext_lazy("Horizon"),
        error_messages={"required": gettext_lazy("Choose short term or long term.")},
    )
    specific = _smart_part("specific", gettext_lazy("Specific: what do you want to achieve?"), 0)
    measurable = _smart_part(
        "measurable", gettext_lazy("Measurable: how will you know you got there?"), 1
    )
    achievable = _smart_part(
        "achievable", gettext_lazy("Achievable: why is it within your reach?"), 2
    )
    relevant = _smart_part("relevant", gettext_lazy("Relevant: what does it serve?"), 3)
    target_date = _date_field(
        gettext_lazy("Time-bound: target date"), required=True, help_text=services.SMART[4][2]
    )

    def __init__(
        self, *args: Any, today: date, previous_target: date | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("auto_id", "goal-new-%s")
        super().__init__(*args, **kwargs)
        self.today, self.previous_target = today, previous_target

    def clean_target_date(self) -> date:
        target: date = self.cleaned_data["target_date"]
        problem = services.target_date_problem(
            target, today=self.today, previous=self.previous_target
        )
        if problem:
            raise forms.ValidationError(problem)
        return target


class GoalEditForm(VersionedForm, GoalForm):
    stale_headline = gettext_lazy(
        "This goal changed since you opened it (in another tab or window)."
    )

    status = forms.ChoiceField(choices=GoalStatus.choices, label=gettext_lazy("Status"))
    progress = forms.IntegerField(
        min_value=0,
        max_value=100,
        required=False,
        label=gettext_lazy("Progress (%)"),
        help_text=gettext_lazy("0 to 100. Achieving the goal sets it to 100."),
    )

    def __init__(self, *args: Any, goal: Goal, today: date, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"goal-{goal.public_id.hex[:8]}-%s")
        kwargs.setdefault("initial", _initial(goal))
        super().__init__(
            *args, version=goal.version, today=today, previous_target=goal.target_date, **kwargs
        )
        # htmx moves focus to an autofocus field it swaps in; the page load does the same.
        self.fields["specific"].widget.attrs["autofocus"] = True


def _initial(goal: Goal) -> dict[str, Any]:
    fields = (
        "horizon",
        "specific",
        "measurable",
        "achievable",
        "relevant",
        "target_date",
        "status",
        "progress",
    )
    return {name: getattr(goal, name) for name in fields}


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("New milestone"),
        max_length=SHORT,
        widget=TextInput,
        error_messages={"required": services.MISSING["title"]},
    )
    due = _date_field(gettext_lazy("Due"), required=False)

    def __init__(self, *args: Any, goal: Goal, today: date, **kwargs: Any) -> None:
        self.id_prefix = f"ms-{goal.public_id.hex[:8]}-"
        kwargs.setdefault("auto_id", f"{self.id_prefix}%s")
        super().__init__(*args, **kwargs)
        self.goal, self.today = goal, today
        self.rendered: SafeString | None = None

    def field_groups(self) -> SafeString:
        """Its fields with their labels, help and errors (``{{ form.field_groups }}``)."""
        if self.rendered is None:
            title, due = self["title"].as_field_group(), self["due"].as_field_group()
            self.rendered = title + SafeString("\n") + due
        return self.rendered

    @classmethod
    def render_blank(cls, blank: list[MilestoneForm]) -> None:
        """Render the fields of many blank forms at once. Blank, they differ only in their ids'
        prefix: the first one's markup, with each form's own prefix, is each one's (the two
        field templates per goal were a third of the goals tab's template time)."""
        if not blank or any(form.is_bound or form.initial for form in blank):
            return
        first = blank[0].field_groups()
        for form in blank[1:]:
            # Still safe: a prefix is "ms-", hex digits and a dash, in ids and label targets.
            form.rendered = SafeString(first.replace(blank[0].id_prefix, form.id_prefix))  # nosec B703

    def clean_due(self) -> date | None:
        due: date | None = self.cleaned_data["due"]
        problem = services.due_date_problem(
            due, today=self.today, goal_target=self.goal.target_date
        )
        if problem:
            raise forms.ValidationError(problem)
        return due
