"""The new-token form: a name and the scopes the signed-in person may grant."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.api.models import Scope
from apps.api.tokens import scopes_for
from careermap.forms import choice_field

SCOPE_HELP = {
    Scope.READ: _("Read employees, departments, roles, skills, ratings and gaps you can see."),
    Scope.WRITE: _("Change employees, departments and roles (for syncing your HR system)."),
    Scope.CONFIDENTIAL: _("HR reports: bench strength, skill supply and demand."),
    Scope.SCIM: _("Provision and deactivate users from an identity provider."),
}


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_(
            "What uses it, so you know what breaks if you revoke it (e.g. “Workday sync”)."
        ),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), widget=forms.CheckboxSelectMultiple, initial=[Scope.READ.value]
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "scopes").choices = [
            (scope, f"{Scope(scope).label}: {SCOPE_HELP[Scope(scope)]}")
            for scope in scopes_for(user)
        ]
