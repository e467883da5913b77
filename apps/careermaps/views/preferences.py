"""Notification preferences: how often to reflect, and which reminders to receive.

The page lives here, not in ``notifications``, because it edits the career map's reflection
cadence and knows who is a manager or HR; ``notifications`` stays pure delivery.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from apps.accounts.models import User
from apps.careermaps import access
from apps.careermaps.forms.preferences import PreferencesForm
from apps.careermaps.models import CareerMap
from apps.careermaps.services.maps import map_settings_update
from apps.employees.access import viewer_employee
from apps.employees.models import Employee
from apps.notifications.models import Kind
from apps.notifications.services import enabled_kinds, preferences_set
from careermap.web import AuthedHttpRequest, posted, submit

PERSONAL = (Kind.REFLECTION, Kind.GOAL_DUE, Kind.FOLLOW_UP, Kind.CHECKIN_PREP)
HR = (Kind.SUCCESSION_REVIEW, Kind.REVIEW_CLOSING)
SAVED = gettext_lazy("Notification preferences saved.")


def kinds_for(user: Any, me: Employee | None) -> list[Kind]:
    """The reminders this person can receive at all: the page offers only those."""
    kinds: list[Kind] = []
    if me is not None:
        kinds += PERSONAL
        if Employee.objects.direct_reports_of(me).active().exists():
            kinds.append(Kind.MANAGER_DIGEST)
    if user.is_hr:
        kinds += HR
    return kinds


def _form(
    request: AuthedHttpRequest, career_map: CareerMap | None, kinds: list[Kind]
) -> PreferencesForm:
    me = viewer_employee(request.user)
    on = enabled_kinds(request.user)
    return PreferencesForm(
        posted(request),
        kinds=kinds,
        cadence=career_map.reflection_cadence if career_map else None,
        map_version=career_map.version if career_map else 0,
        zone_name=me.timezone if me else None,
        initial={f"kind_{kind}": kind in on for kind in kinds},
    )


@transaction.atomic
def _save(user: User, form: PreferencesForm, career_map: CareerMap | None) -> dict[str, bool]:
    """The map's cadence and the person's reminders, both or neither; returns the reminders."""
    if career_map is not None:  # the cadence only: the map's other settings are not on this page
        map_settings_update(
            career_map=career_map,
            version=form.cleaned_data.get("version", 0),
            reflection_cadence=form.cleaned_data["reflection_cadence"],
        )
    enabled = form.enabled()
    preferences_set(user=user, enabled=enabled)
    return enabled


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def index(request: AuthedHttpRequest) -> HttpResponse:
    career_map = access.own_map(request.user)
    kinds = kinds_for(request.user, viewer_employee(request.user))
    form = _form(request, career_map, kinds)
    if submit(form, lambda data: _save(request.user, form, career_map)) is not None:
        messages.success(request, SAVED)
        return redirect("careermaps:preferences")
    context = {"form": form, "career_map": career_map, "nav_active": "preferences"}
    return render(request, "careermaps/preferences.html", context)
