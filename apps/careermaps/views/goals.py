"""The "Goals & roadmap" tab: SMART goals, milestones, celebrations and the roadmap.

htmx edits swap the goal card (or the goal list, or the add form) and refresh the roadmap and
the celebrations out of band; without JavaScript every form is a plain POST.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.careermaps import access
from apps.careermaps.forms.goals import GoalEditForm, GoalForm, MilestoneForm
from apps.careermaps.models import CareerMap, Goal, Milestone
from apps.careermaps.services import goals as services
from apps.careermaps.views.common import back_to_tab, render_tab, tab_context
from careermap.web import AuthedHttpRequest, submit, wants_fragment

TEMPLATE = "careermaps/goals.html"
TAB = "goals"
AROUND_A_GOAL = ("roadmap", "celebrations")


def _board_context(
    request: AuthedHttpRequest,
    career_map: CareerMap,
    *,
    add_form: GoalForm | None = None,
    add_open: bool = False,
) -> dict[str, Any]:
    """The board; the add form only when it shows open (a first goal, an error, just added, or
    asked for): a closed disclosure fetches it when opened."""
    today = timezone.localdate()
    board = services.goal_board(career_map=career_map, today=today)
    owner = access.is_owner(request.user, career_map)
    if owner:
        for card in board.cards:
            card.milestone_form = MilestoneForm(goal=card.goal, today=today)
        MilestoneForm.render_blank([card.milestone_form for card in board.cards])
    add_open = add_open or not board.cards or (add_form is not None and add_form.is_bound)
    return {
        "board": board,
        "cards": board.cards,
        "roadmap": board.roadmap,
        "celebrations": board.celebrations,
        "smart": services.SMART,
        "how_progress": services.HOW_PROGRESS_IS_COMPUTED,
        "today": today,
        "add_form": (add_form or GoalForm(today=today)) if owner and add_open else None,
        "add_open": add_open,
    }


def _respond(
    request: AuthedHttpRequest,
    career_map: CareerMap,
    context: dict[str, Any],
    fragment: str,
    oob: tuple[str, ...] = (),
) -> HttpResponse:
    """One fragment for htmx, plus others swapped out of band; the whole tab without htmx."""
    response = render_tab(request, TEMPLATE, career_map, TAB, context, fragment=fragment)
    if oob and wants_fragment(request):
        full = {**tab_context(request, career_map, TAB), **context, "oob": True}
        response.content += "".join(
            render_to_string(f"{TEMPLATE}#{name}", full, request) for name in oob
        ).encode()
    return response


def _card_response(
    request: AuthedHttpRequest,
    career_map: CareerMap,
    goal: Goal,
    oob: tuple[str, ...] = AROUND_A_GOAL,
    **card_parts: Any,
) -> HttpResponse:
    """The goal's card (with a form or a notice on it) for htmx, else the whole tab."""
    context = _board_context(request, career_map)
    card = context["board"].card_for(goal.pk)
    for name, value in card_parts.items():
        setattr(card, name, value)
    return _respond(request, career_map, {**context, "card": card}, "goal-card", oob)


def _goal_of(career_map: CareerMap, goal_id: UUID) -> Goal:
    return get_object_or_404(career_map.goals, public_id=goal_id)


def _milestone_of(career_map: CareerMap, milestone_id: UUID) -> Milestone:
    return get_object_or_404(
        Milestone.objects.filter(goal__career_map=career_map), public_id=milestone_id
    )


def _done(
    request: AuthedHttpRequest, career_map: CareerMap, message: str, goal: Goal | None = None
) -> HttpResponse:
    """After a plain POST: say what happened and go back to the tab, at the goal."""
    messages.success(request, message)
    anchor = f"goal-{goal.public_id}" if goal else "goal-list"
    return back_to_tab(career_map, "careermaps:goals", anchor)


@login_required
def goals(request: AuthedHttpRequest, map_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_viewer(request.user, map_id)
    asked = request.GET.get("part") == "add" and access.is_owner(request.user, career_map)
    context = _board_context(request, career_map, add_open=asked)
    fragment = "goal-add" if asked else None
    return render_tab(request, TEMPLATE, career_map, TAB, context, fragment=fragment)


@login_required
@require_POST
def goal_add(request: AuthedHttpRequest, map_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    today = timezone.localdate()
    form = GoalForm(request.POST, today=today)
    goal = submit(
        form, lambda data: services.goal_create(career_map=career_map, today=today, **data)
    )
    if goal is None:
        context = _board_context(request, career_map, add_form=form)
        return _respond(request, career_map, context, "goal-add")
    if not request.htmx:
        return _done(request, career_map, _("Goal added."), goal)
    context = {
        **_board_context(request, career_map, add_open=True),
        "add_notice": _("Goal added: %(goal)s") % {"goal": goal.specific},
    }
    return _respond(request, career_map, context, "goal-add", ("goal-list", "roadmap"))


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: AuthedHttpRequest, map_id: UUID, goal_id: UUID) -> HttpResponse:
    """GET: the goal's card as a form. POST: save it, unless it changed since the form opened:
    then the card shows what is stored now beside the submitted values, rebased to re-apply."""
    career_map = access.get_map_for_owner(request.user, map_id)
    goal = _goal_of(career_map, goal_id)
    today = timezone.localdate()
    if request.method == "GET":
        return _card_response(
            request, career_map, goal, oob=(), edit_form=GoalEditForm(goal=goal, today=today)
        )
    form = GoalEditForm(request.POST, goal=goal, today=today)
    saved = submit(
        form,
        lambda data: services.goal_update(career_map=career_map, goal=goal, today=today, **data),
    )
    if saved is None:  # invalid, or saved elsewhere meanwhile (form.stale shows both versions)
        return _card_response(request, career_map, goal, oob=(), edit_form=form)
    if not request.htmx:
        return _done(request, career_map, _("Goal saved."), goal)
    return _card_response(request, career_map, goal, notice=_("Goal saved."))


@login_required
@require_POST
def goal_delete(request: AuthedHttpRequest, map_id: UUID, goal_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    goal = _goal_of(career_map, goal_id)
    services.goal_delete(career_map=career_map, goal=goal)
    if not request.htmx:
        return _done(request, career_map, _("Goal deleted: %(goal)s") % {"goal": goal.specific})
    return _respond(
        request, career_map, _board_context(request, career_map), "goal-list", AROUND_A_GOAL
    )


@login_required
@require_POST
def milestone_add(request: AuthedHttpRequest, map_id: UUID, goal_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    goal = _goal_of(career_map, goal_id)
    form = MilestoneForm(request.POST, goal=goal, today=timezone.localdate())
    added = submit(
        form, lambda data: services.milestone_add(career_map=career_map, goal=goal, **data)
    )
    if added is None:
        return _card_response(request, career_map, goal, oob=(), milestone_form=form)
    if not request.htmx:
        return _done(request, career_map, _("Milestone added."), goal)
    return _card_response(request, career_map, goal, oob=("roadmap",), notice=_("Milestone added."))


@login_required
@require_POST
def milestone_toggle(request: AuthedHttpRequest, map_id: UUID, milestone_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    milestone = services.milestone_toggle(
        career_map=career_map, milestone=_milestone_of(career_map, milestone_id)
    )
    message = (
        _("Milestone reached: %(title)s. Well done!") % {"title": milestone.title}
        if milestone.done_at
        else _("Milestone marked as not done: %(title)s") % {"title": milestone.title}
    )
    if not request.htmx:
        return _done(request, career_map, message, milestone.goal)
    return _card_response(request, career_map, milestone.goal, notice=message)


@login_required
@require_POST
def milestone_delete(request: AuthedHttpRequest, map_id: UUID, milestone_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    milestone = _milestone_of(career_map, milestone_id)
    services.milestone_delete(career_map=career_map, milestone=milestone)
    if not request.htmx:
        return _done(
            request,
            career_map,
            _("Milestone deleted: %(title)s") % {"title": milestone.title},
            milestone.goal,
        )
    return _card_response(request, career_map, milestone.goal, notice=_("Milestone deleted."))
