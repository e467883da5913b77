"""Notification preferences: how often to reflect, and which reminders to receive.

The page lives here, not in ``notifications``, because it edits the career map's reflection
cadence and knows who is a manager or HR; ``notifications`` stays pure delivery.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from apps.careermaps import access
from apps.careermaps.forms.preferences import PreferencesForm
from apps.careermaps.models import CareerMap
from apps.careermaps.services.maps import map_settings_update
from apps.employees.access import viewer_employee
from apps.employees.models import Employee
from apps.notifications.models import Kind
from apps.notifications.services import enabled_kinds, preferences_set
from careermap.web import add_service_errors

PERSONAL = (Kind.REFLECTION, Kind.GOAL_DUE, Kind.FOLLOW_UP)
HR = (Kind.SUCCESSION_REVIEW, Kind.REVIEW_CLOSING)
SAVED = "Notification preferences saved."


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


def _form(request: HttpRequest, career_map: CareerMap | None, kinds: list[Kind]) -> Any:
    me = viewer_employee(request.user)
    on = enabled_kinds(request.user)  # type: ignore[arg-type]
    return PreferencesForm(
        request.POST if request.method == "POST" else None,
        kinds=kinds,
        cadence=career_map.reflection_cadence if career_map else None,
        zone_name=me.timezone if me else None,
        initial={f"kind_{kind}": kind in on for kind in kinds},
    )


def _save(request: HttpRequest, form: PreferencesForm, career_map: CareerMap | None) -> bool:
    try:
        with transaction.atomic():
            if career_map is not None:
                map_settings_update(
                    career_map=career_map,
                    visible_to_manager=career_map.visible_to_manager,
                    reflection_cadence=form.cleaned_data["reflection_cadence"],
                )
            preferences_set(user=request.user, enabled=form.enabled())  # type: ignore[arg-type]
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    career_map = access.own_map(request.user)
    kinds = kinds_for(request.user, viewer_employee(request.user))
    form = _form(request, career_map, kinds)
    if request.method == "POST" and form.is_valid() and _save(request, form, career_map):
        messages.success(request, SAVED)
        return redirect("careermaps:preferences")
    context = {"form": form, "career_map": career_map, "nav_active": "preferences"}
    return render(request, "careermaps/preferences.html", context)
