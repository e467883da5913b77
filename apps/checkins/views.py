"""The Check-ins tab of a career map, and each check-in's page (mounted at /checkins/)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from apps.careermaps.models import CareerMap
from apps.careermaps.views.common import render_tab
from apps.checkins import access, services
from apps.checkins.forms import AgreedActionForm, EmployeePrepForm, ManagerPrepForm, ScheduleForm
from apps.checkins.models import CheckIn, CheckInStatus
from apps.employees.access import record_of
from careermap.web import AuthedHttpRequest, submit

INDEX = "checkins/index.html"
DETAIL = "checkins/detail.html"
TAB = "checkins"


# --------------------------------------------------------------------------- the tab


def _index(
    request: AuthedHttpRequest, career_map: CareerMap, *, form: ScheduleForm | None = None
) -> HttpResponse:
    checkins = list(
        access.checkins_visible_to(request.user).filter(career_map=career_map).for_list()
    )
    upcoming = next((c for c in checkins if c.status == CheckInStatus.UPCOMING), None)
    context: dict[str, Any] = {
        "upcoming": upcoming,
        "history": [c for c in checkins if c.status == CheckInStatus.HELD],
        "has_manager": career_map.employee.manager_id is not None,
    }
    if upcoming is None and access.can_schedule(request.user, career_map):
        context["schedule_form"] = form or ScheduleForm()
    return render_tab(request, INDEX, career_map, TAB, context)


@login_required
@require_safe
def index(request: AuthedHttpRequest, map_id: UUID) -> HttpResponse:
    return _index(request, access.get_map_for_checkins(request.user, map_id))


@login_required
@require_POST
def schedule(request: AuthedHttpRequest, map_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_checkins(request.user, map_id)
    if not access.can_schedule(request.user, career_map):
        raise Http404("No such page")
    form = ScheduleForm(request.POST)
    today = access.today_for(career_map)
    checkin = submit(
        form,
        lambda data: services.checkin_schedule(career_map=career_map, today=today, **data),
    )
    if checkin is None:
        return _index(request, career_map, form=form)
    return redirect("checkins:detail", checkin.public_id)


# --------------------------------------------------------------------------- one check-in


PREP_FORMS: dict[str, type[EmployeePrepForm | ManagerPrepForm]] = {
    "employee": EmployeePrepForm,
    "manager": ManagerPrepForm,
}


def _detail(
    request: AuthedHttpRequest,
    checkin: CheckIn,
    *,
    fragment: str | None = None,
    **bound: forms.BaseForm,
) -> HttpResponse:
    side = access.side_of(request.user, checkin)
    today = access.today_for(checkin.career_map)
    open_ = checkin.status == CheckInStatus.UPCOMING
    writer = side != "reader"
    context: dict[str, Any] = {
        "checkin": checkin,
        "side": side,
        "revealed": side == "reader" or access.other_side_visible(checkin, today=today),
        "agreed": checkin.agreed.select_related("action"),
        "may_hold": writer and open_ and today >= checkin.meeting_date,
    }
    if writer and open_:
        form_class = PREP_FORMS[side]
        context["prep_form"] = bound.get("prep") or form_class(
            instance=checkin, version=getattr(checkin, form_class.version_attr)
        )
        context["reschedule_form"] = bound.get("reschedule") or ScheduleForm(
            initial={"meeting_date": checkin.meeting_date, "cadence": checkin.cadence}
        )
    if access.can_agree_actions(checkin, side, today=today):
        context["agree_form"] = bound.get("agree") or AgreedActionForm()
    return render_tab(request, DETAIL, checkin.career_map, TAB, context, fragment=fragment)


def _writable(request: AuthedHttpRequest, checkin_id: UUID) -> tuple[CheckIn, access.Side]:
    """A check-in the viewer is a side of; to HR (read only) a write URL does not exist."""
    checkin = access.get_checkin_for_viewer(request.user, checkin_id)
    side = access.side_of(request.user, checkin)
    if side == "reader":
        raise Http404("No such page")
    return checkin, side


def _back(checkin: CheckIn, anchor: str) -> HttpResponse:
    return redirect(f"{reverse('checkins:detail', args=[checkin.public_id])}#{anchor}")


@login_required
@require_safe
def detail(request: AuthedHttpRequest, checkin_id: UUID) -> HttpResponse:
    return _detail(request, access.get_checkin_for_viewer(request.user, checkin_id))


@login_required
@require_POST
def prepare(request: AuthedHttpRequest, checkin_id: UUID) -> HttpResponse:
    checkin, side = _writable(request, checkin_id)
    if checkin.status != CheckInStatus.UPCOMING:
        raise Http404("No such page")
    form = PREP_FORMS[side](request.POST, instance=CheckIn(pk=checkin.pk), version=0)
    saved = submit(
        form,
        lambda data: services.checkin_prepare(
            checkin=checkin, side=side, answers=data, version=data["version"]
        ),
    )
    if saved is None:
        return _detail(request, checkin, fragment="preparation", prep=form)
    if not request.htmx:
        messages.success(request, _("Preparation saved."))
        return _back(checkin, "preparation")
    return _detail(request, saved, fragment="preparation")


@login_required
@require_POST
def reschedule(request: AuthedHttpRequest, checkin_id: UUID) -> HttpResponse:
    checkin, _side = _writable(request, checkin_id)
    if checkin.status != CheckInStatus.UPCOMING:
        raise Http404("No such page")
    form = ScheduleForm(request.POST)
    today = access.today_for(checkin.career_map)
    done = submit(
        form,
        lambda data: services.checkin_reschedule(checkin=checkin, today=today, **data),
    )
    if done is None:
        return _detail(request, checkin, reschedule=form)
    messages.success(request, _("Check-in moved."))
    return _back(checkin, "when")


@login_required
@require_POST
def hold(request: AuthedHttpRequest, checkin_id: UUID) -> HttpResponse:
    checkin, _side = _writable(request, checkin_id)
    today = access.today_for(checkin.career_map)
    try:
        following = services.checkin_hold(checkin=checkin, today=today)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(checkin, "when")
    if following is not None:
        when = date_format(following.meeting_date, "j F Y")
        messages.success(
            request, _("Marked as held. The next check-in is on %(date)s.") % {"date": when}
        )
    return _back(checkin, "agreed")


@login_required
@require_POST
def agree(request: AuthedHttpRequest, checkin_id: UUID) -> HttpResponse:
    checkin, side = _writable(request, checkin_id)
    if not access.can_agree_actions(checkin, side, today=access.today_for(checkin.career_map)):
        raise Http404("No such page")
    form = AgreedActionForm(request.POST)
    me = record_of(request.user)
    added = submit(
        form, lambda data: services.agreed_action_add(checkin=checkin, agreed_by=me, **data)
    )
    if added is None:
        return _detail(request, checkin, fragment="agreed", agree=form)
    if not request.htmx:
        messages.success(request, _("Action added to the development plan."))
        return _back(checkin, "agreed")
    return _detail(request, checkin, fragment="agreed")
