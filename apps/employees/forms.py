from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps.employees.models import Department, Employee

SUGGESTIONS = 10  # people offered as you type


def _levels_shown(count: int) -> str:
    return ngettext("%(count)s level", "%(count)s levels", count) % {"count": count}


# Lazy: the form is built once, its wording is per request.
_lazy_levels_shown = lazy(_levels_shown, str)
_lazy_password_help = lazy(password_validation.password_validators_help_text_html, str)


class PersonSearchInput(forms.TextInput):
    """A text box that suggests people as you type: a datalist that htmx refills from the
    people search (the viewer's own directory scope). Each suggestion's value is the work email,
    so picking one fills in something unambiguous; without JS the box takes a name or an email.
    """

    template_name = "employees/widgets/person_search.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]["attrs"]
        list_id = f"{widget.get('id') or name}-people"
        widget.update(
            {
                "list": list_id,
                "autocomplete": "off",
                "hx-get": f"{reverse('employees:search')}?field={name}",
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )
        context["list_id"] = list_id
        return context


class PersonField(forms.CharField):
    """One person of the organisation, named by work email or by full name; cleans to the
    Employee (or None when optional and empty)."""

    widget = PersonSearchInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Employee | None:
        text = str(super().clean(value) or "").strip()
        return find_person(text) if text else None


def find_person(text: str) -> Employee:
    """The one person ``text`` names: their work email, else their exact full name."""
    if "@" in text:
        found = Employee.objects.filter(work_email__iexact=text).first()
        if found is None:
            raise ValidationError(_("Nobody in the organisation has this work email."))
        return found
    named = list(Employee.objects.filter(full_name__iexact=text).order_by("pk")[:2])
    if not named:
        raise ValidationError(
            _(
                "Nobody in the organisation is called this. Type part of a name and pick from "
                "the suggestions, or give a work email."
            )
        )
    if len(named) > 1:
        raise ValidationError(
            _(
                "More than one person has this name: pick one from the suggestions (they show "
                "each person's role) or give the work email."
            )
        )
    return named[0]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search people"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": gettext_lazy("Name, email or role")}
        ),
    )
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=gettext_lazy("All departments"),
    )


class InvitationAcceptForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=150)
    password1 = forms.CharField(
        label=gettext_lazy("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_lazy_password_help(),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords do not match."))
        elif first:
            from apps.accounts.models import User

            probe = User(email=self.email, name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ChartForm(forms.Form):
    """The org chart's controls: jump to a person, and how many levels to draw."""

    person = forms.CharField(
        label=gettext_lazy("Find a person"),
        required=False,
        max_length=254,
        widget=PersonSearchInput(attrs={"placeholder": gettext_lazy("Name or email")}),
    )
    depth = forms.TypedChoiceField(
        label=gettext_lazy("Levels shown"),
        coerce=int,
        required=False,
        choices=[(n, _lazy_levels_shown(n)) for n in (1, 2, 3)],
    )
