"""Forms of the talent review: cycles, ratings, the 9-box scope, calibration, cell names, audit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.employees.models import Department, Employee
from apps.succession.models import AuditAction, Band, NineBoxCell
from careermap.forms import DateField, choice_field, model_choice_field
from careermap.versioning import VersionedForm, shown

DATE_INPUT = {"type": "date"}
BAND_CHOICES = [(value, label) for value, label in Band.choices]


def _date_field(label: Any, *, required: bool = True) -> DateField:
    return DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter a date."),
            "invalid": _("Enter a date like 2030-09-30."),
        },
    )


class ReviewForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("For example “2026 H2 talent review”."),
        error_messages={"required": _("Give the review a name.")},
    )
    opens_on = _date_field(_("Opens on"))
    closes_on = _date_field(_("Closes on"))


class RatingForm(VersionedForm, forms.Form):
    """One person's rating. ``auto_id`` is unique per person: the page holds one form a row.
    ``version`` is the rating shown (0: not rated yet), so two managers cannot overwrite."""

    stale_headline = _("This rating was saved by someone else since you opened the page.")

    performance = forms.TypedChoiceField(
        label=_("Performance"),
        choices=BAND_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose low, moderate or high performance.")},
    )
    potential = forms.TypedChoiceField(
        label=_("Potential"),
        choices=BAND_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose low, moderate or high potential.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Optional: evidence behind the rating. Shown to HR and your own managers only."
        ),
    )

    def __init__(self, *args: Any, person_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"rate-{person_id}-%s")
        super().__init__(*args, **kwargs)


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return obj.full_name


class ScopeForm(forms.Form):
    """Which people the 9-box shows: the viewer's whole scope, a department or a sub-tree."""

    department = forms.ModelChoiceField(
        queryset=Department.objects.none(), required=False, empty_label=_("All departments")
    )
    # The chosen manager travels as an id; the page offers a name search instead of a list of
    # every manager (5,300 options in a large organisation).
    manager = EmployeeChoiceField(
        queryset=Employee.objects.none(),
        required=False,
        label=_("Sub-tree of"),
        widget=forms.HiddenInput,
    )
    find_manager = forms.CharField(
        label=_("Sub-tree of"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("A manager's name")}),
    )
    q = forms.CharField(
        label=_("Find a person"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name")}),
    )
    cell = forms.RegexField(regex=r"^[123]-[123]$", required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        departments: QuerySet[Department] | None,
        managers: QuerySet[Employee],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if departments is None:
            del self.fields["department"]  # managers look at their own sub-tree only
        else:
            model_choice_field(self, "department").queryset = departments
        model_choice_field(self, "manager").queryset = managers


def cell_key(performance: int, potential: int) -> str:
    return f"{performance}-{potential}"


def parse_cell_key(key: str) -> tuple[int, int]:
    performance, potential = key.split("-")
    return int(performance), int(potential)


class CalibrationForm(VersionedForm, forms.Form):
    """Move a person, from the rating's ``version`` the mover saw: moved or re-rated since, the
    move is refused and the form says where the person is now."""

    cell = forms.ChoiceField(
        label=_("Move to"),
        error_messages={"required": _("Choose the cell to move this person to.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required. Recorded with your name in the calibration history."),
        error_messages={"required": _("Say why this person moves: calibration must be explained.")},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, cells: list[NineBoxCell], prefix_id: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"move-{prefix_id}-%s")
        super().__init__(*args, **kwargs)
        choice_field(self, "cell").choices = [("", gettext("Choose a cell"))] + [
            (
                cell_key(cell.performance, cell.potential),
                gettext("%(cell)s (performance %(performance)s, potential %(potential)s)")
                % {
                    "cell": cell.name,
                    "performance": Band(cell.performance).label.lower(),
                    "potential": Band(cell.potential).label.lower(),
                },
            )
            for cell in cells
        ]

    def compared_fields(self) -> list[str]:
        return ["cell"]  # the reason is the mover's own: nothing stored to compare it with

    def current_value(self, current: Any, name: str) -> Any:
        return cell_key(current.final_performance, current.final_potential)

    def headline(self, current: Any) -> str:
        where = shown(self.fields["cell"], self.current_value(current, "cell"))
        return gettext(
            "%(name)s was moved or re-rated since you opened this page: they are now in "
            "%(where)s. Nothing was moved; choose again if you still mean to."
        ) % {"name": current.employee.full_name, "where": where}


class NineBoxCellForm(VersionedForm, forms.Form):
    stale_headline = _("HR renamed this cell since you opened the page: check it, then save again.")

    name = forms.CharField(
        label=_("Name"), max_length=60, error_messages={"required": _("Every cell needs a name.")}
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.name or obj.email


class AuditFilterForm(forms.Form):
    actor = UserChoiceField(queryset=User.objects.none(), required=False, empty_label=_("Anyone"))
    object_type = forms.ChoiceField(label=_("Record"), required=False)
    action = forms.ChoiceField(
        required=False, choices=[("", _("Any action")), *AuditAction.choices]
    )
    since = _date_field(pgettext_lazy("date range", "From"), required=False)
    until = _date_field(pgettext_lazy("date range", "To"), required=False)

    def __init__(
        self,
        *args: Any,
        actors: QuerySet[User],
        object_types: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "actor").queryset = actors
        choice_field(self, "object_type").choices = [("", gettext("Any record")), *object_types]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", gettext("The end date must be on or after the start date."))
        return data
