"""The map's front page (where I am, where I am going, the gap) and starting a map."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.careermaps import access
from apps.careermaps.blueprints import BLUEPRINTS
from apps.careermaps.export import map_export
from apps.careermaps.forms.maps import SettingsForm, StartForm, target_form
from apps.careermaps.models import (
    ActionKind,
    ActionStatus,
    CareerMap,
    DevelopmentAction,
    GoalStatus,
    Milestone,
)
from apps.careermaps.services import maps as services
from apps.careermaps.services.recognition import recognitions_for_map
from apps.careermaps.views.common import back_to_tab, render_tab
from apps.employees.access import has_record, record_of
from apps.employees.gaps import HOW_READINESS_IS_COMPUTED, explain, skill_gaps_for_roles
from apps.employees.models import SkillRating
from apps.roles.models import Role, RoleRequirement
from careermap.sql import fetch
from careermap.web import AuthedHttpRequest, posted, require, submit

OVERVIEW = "careermaps/overview.html"
RECENT_DAYS = 30


@require(has_record)
def mine(request: AuthedHttpRequest) -> HttpResponse:
    """ "My map": the signed-in person's own map, or the page that starts one."""
    career_map = access.own_map(request.user)
    if career_map is None:
        return redirect("careermaps:start")
    return redirect("careermaps:overview", map_id=career_map.public_id)


@require(has_record)
def start(request: AuthedHttpRequest) -> HttpResponse:
    me = record_of(request.user)
    if (existing := access.own_map(request.user)) is not None:
        return redirect("careermaps:overview", map_id=existing.public_id)
    form = StartForm(posted(request))
    career_map = submit(form, lambda data: services.map_create(employee=me, **data))
    if career_map is not None:
        messages.success(request, _("Your career map is ready. Edit anything to make it yours."))
        return redirect("careermaps:overview", map_id=career_map.public_id)
    context = {"form": form, "blueprints": BLUEPRINTS, "nav_active": "map", "person": me}
    return render(request, "careermaps/start.html", context)


def _ratings_by_skill(career_map: CareerMap) -> dict[int, SkillRating]:
    ratings = SkillRating.objects.filter(employee=career_map.employee).select_related(
        "manager_rated_by"
    )
    return {rating.skill_id: rating for rating in ratings}


# One statement for the overview's figures: the ORM's six correlated subqueries cost more to
# build in Python (about 3 ms) than to run.
FIGURES_SQL = """
SELECT g.total, g.achieved, g.overdue, a.total, a.done, r.last
  FROM (SELECT count(*) AS total,
               count(*) FILTER (WHERE status = %(achieved)s) AS achieved,
               count(*) FILTER (WHERE status NOT IN (%(achieved)s, %(dropped)s)
                                  AND target_date < %(today)s) AS overdue
          FROM careermaps_goal WHERE career_map_id = %(map)s) g,
       (SELECT count(*) AS total, count(*) FILTER (WHERE status = %(done)s) AS done
          FROM careermaps_developmentaction WHERE career_map_id = %(map)s) a,
       (SELECT max(created_at) AS last
          FROM careermaps_reflection WHERE career_map_id = %(map)s) r
"""
FIGURES = ("goals_total", "goals_achieved", "goals_overdue", "actions_total", "actions_done")


def _map_figures(career_map: CareerMap, today: date, *, last_reflection: bool) -> dict[str, Any]:
    """The overview's goal and action counts (and, for the owner, the last reflection's date)."""
    params = {
        "map": career_map.pk,
        "today": today,
        "achieved": GoalStatus.ACHIEVED.value,
        "dropped": GoalStatus.DROPPED.value,
        "done": ActionStatus.DONE.value,
    }
    *counts, last = fetch(FIGURES_SQL, params)[0]
    figures: dict[str, Any] = dict(zip(FIGURES, counts, strict=True))
    if last_reflection:
        figures["last_reflection"] = last
    return figures


def _recent_milestones(career_map: CareerMap) -> list[Milestone]:
    """The latest milestones reached in the last RECENT_DAYS: the overview celebrates them."""
    return list(
        Milestone.objects.filter(
            goal__career_map=career_map,
            done_at__isnull=False,
            done_at__gte=timezone.now() - timedelta(days=RECENT_DAYS),
        )
        .select_related("goal")
        .order_by("-done_at")[:5]
    )


def _overview_context(career_map: CareerMap, show_private: bool) -> dict[str, object]:
    employee, target = career_map.employee, career_map.target_role
    roles = [role for role in (employee.current_role, target) if role is not None]
    gaps = skill_gaps_for_roles(employee, roles)
    current_gaps = gaps[employee.current_role.pk] if employee.current_role else []
    target_gaps = gaps[target.pk] if target else []
    today = timezone.localdate()
    figures = _map_figures(career_map, today, last_reflection=show_private)
    context: dict[str, object] = {
        "current_gaps": current_gaps,
        "current_explanation": explain(current_gaps) if current_gaps else None,
        "target_gaps": target_gaps,
        "target_explanation": explain(target_gaps) if target_gaps else None,
        "how_computed": HOW_READINESS_IS_COMPUTED,
        "counts": {
            "goals": figures["goals_total"],
            "achieved": figures["goals_achieved"],
            "overdue": figures["goals_overdue"],
        },
        "actions": {"total": figures["actions_total"], "done": figures["actions_done"]},
        "celebrations": _recent_milestones(career_map),
        "recognitions": recognitions_for_map(career_map),
    }
    if show_private:
        last = figures["last_reflection"]
        context["next_reflection_due"] = services.next_reflection_due(career_map, last)
        context["today"] = today
    return context


def _owner_tab(
    request: AuthedHttpRequest, career_map: CareerMap, fragment: str | None = None, **forms: Any
) -> HttpResponse:
    """The overview as its owner sees it, with the forms (and notices) given."""
    context = {**_overview_context(career_map, show_private=True), **forms}
    return render_tab(request, OVERVIEW, career_map, "overview", context, fragment=fragment)


@login_required
def overview(request: AuthedHttpRequest, map_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_viewer(request.user, map_id)
    if not access.is_owner(request.user, career_map):
        context = _overview_context(career_map, show_private=False)
        return render_tab(request, OVERVIEW, career_map, "overview", context)
    return _owner_tab(
        request,
        career_map,
        target_form=target_form(career_map),
        settings_form=SettingsForm(career_map=career_map),
    )


@login_required
@require_POST
def target_set(request: AuthedHttpRequest, map_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    form = target_form(career_map, request.POST)
    if submit(form, lambda data: services.map_target_set(career_map=career_map, **data)) is None:
        settings_form = SettingsForm(career_map=career_map)
        return _owner_tab(
            request, career_map, "target", target_form=form, settings_form=settings_form
        )
    career_map = access.get_map_for_owner(request.user, map_id)
    if not request.htmx:
        messages.success(request, _("Target role saved."))
        return back_to_tab(career_map, "careermaps:overview", "target")
    form = target_form(career_map)
    return _owner_tab(request, career_map, "target", target_form=form, target_saved=True)


@login_required
@require_POST
def settings_edit(request: AuthedHttpRequest, map_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    form = SettingsForm(request.POST, career_map=career_map)
    saved = submit(form, lambda data: services.map_settings_update(career_map=career_map, **data))
    if saved is not None:
        messages.success(request, _("Map settings saved."))
        return back_to_tab(career_map, "careermaps:overview", "settings")
    return _owner_tab(request, career_map, settings_form=form, target_form=target_form(career_map))


def _requirements(
    role: Role | None, ratings: dict[int, SkillRating]
) -> list[tuple[RoleRequirement, SkillRating | None]]:
    """A role's requirements, most important first, each beside the map owner's rating."""
    if role is None:
        return []
    reqs = role.requirements.select_related("skill").order_by("-importance", "skill__name")
    return [(req, ratings.get(req.skill_id)) for req in reqs]


@login_required
def print_view(request: AuthedHttpRequest, map_id: UUID) -> HttpResponse:
    """One page in the layout of the method's career-map template."""
    career_map = access.get_map_for_viewer(request.user, map_id, people=True)
    employee = career_map.employee
    ratings = _ratings_by_skill(career_map)
    goals = list(career_map.goals.exclude(status=GoalStatus.DROPPED).order_by("position", "id"))
    actions = list(
        career_map.actions.select_related("skill", "resource").order_by("kind", "position", "id")
    )
    context = {
        "career_map": career_map,
        "person": employee,
        "goals": goals,
        "current_requirements": _requirements(employee.current_role, ratings),
        "target_requirements": _requirements(career_map.target_role, ratings),
        "plan": _group_actions(actions),
        "printed_on": timezone.localdate(),
    }
    return render(request, "careermaps/print.html", context)


def _group_actions(
    actions: list[DevelopmentAction],
) -> list[tuple[str, list[DevelopmentAction]]]:
    groups = [(str(k.label), [a for a in actions if a.kind == k.value]) for k in ActionKind]
    return [(label, items) for label, items in groups if items]


@login_required
def export(request: AuthedHttpRequest, map_id: UUID) -> HttpResponse:
    """The whole map as JSON: my data is mine to keep."""
    career_map = access.get_map_for_owner(request.user, map_id, people=True)
    body = json.dumps(map_export(career_map), indent=2, ensure_ascii=False, default=str)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="career-map-{stamp}.json"'
    return response
