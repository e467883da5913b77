"""The self-assessment tab: skill ratings, about me, the SWOT board and the career assessment.

One page (careermaps/assessment.html) with a fragment per part; the quiz has its own page.
Readers (managers up the line, HR) get the tab without forms; every edit is owner-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.models import User
from apps.careermaps import access
from apps.careermaps.forms.assessment import (
    AboutForm,
    QuizForm,
    SelfRatingForm,
    SwotAddForm,
    SwotEditForm,
)
from apps.careermaps.models import CareerMap, Quadrant, SwotItem
from apps.careermaps.quiz import HOW_SCORES_ARE_COMPUTED, HOW_SUGGESTIONS_ARE_MADE, QUESTIONS
from apps.careermaps.services import assessment as services
from apps.careermaps.services.assessment import ABOUT_FIELDS
from apps.careermaps.views.common import back_to_tab, render_tab
from apps.employees.models import SkillRating
from apps.skills.models import ProficiencyLevel
from careermap.web import AuthedHttpRequest, posted, submit, wants_fragment

PAGE = "careermaps/assessment.html"
QUIZ_PAGE = "careermaps/quiz.html"
TAB = "assessment"
# Fragment -> the part of the page whose context it needs.
FRAGMENTS = {
    "ratings": "ratings",
    "about": "about",
    "swot": "swot",
    "swot_quadrant": "swot",
    "swot_item": "swot",
    "swot_item_form": "swot",
    "results": "results",
}
# Fragments a plain GET of the tab may ask for (the others answer writes).
GET_FRAGMENTS = ("ratings", "about", "swot", "results")

Part = dict[str, Any]


# ---------------------------------------------------------------------------- page parts


@dataclass(frozen=True, slots=True)
class RatingTools:
    """What the rating form needs, read once per request (the picker only for the owner)."""

    scale: list[ProficiencyLevel]
    picker: services.SkillPicker | None


def _rating_tools(request: AuthedHttpRequest, career_map: CareerMap) -> RatingTools:
    owner = access.is_owner(request.user, career_map)
    return RatingTools(
        services.proficiency_scale(), services.skill_picker(career_map) if owner else None
    )


def _rating_form(tools: RatingTools, *args: Any, **kwargs: Any) -> SelfRatingForm:
    if tools.picker is None:
        raise PermissionError("Only the map's owner rates their own skills.")
    return SelfRatingForm(*args, skill_choices=tools.picker.choices, scale=tools.scale, **kwargs)


def _ratings_part(
    request: AuthedHttpRequest,
    career_map: CareerMap,
    tools: RatingTools | None = None,
    form: SelfRatingForm | None = None,
    saved: str = "",
) -> Part:
    tools = tools or _rating_tools(request, career_map)
    rows = services.rating_rows(career_map, tools.scale)
    if tools.picker is not None and form is None:
        form = _rating_form(tools, initial={"skill": request.GET.get("skill", "")})
    return {
        "scale": tools.scale,
        "ratings": rows,
        "rating_form": form,
        "rating_saved": saved,
        "unrated_role_skills": tools.picker.unrated(rows) if tools.picker else [],
    }


def _about_part(
    career_map: CareerMap, form: AboutForm | None = None, editing: bool = False, saved: bool = False
) -> Part:
    labels = AboutForm.Meta.labels
    return {
        "about_form": form or AboutForm(career_map=career_map),
        "about_editing": editing or form is not None,
        "about_saved": saved,
        "about_texts": [(labels[field], getattr(career_map, field)) for field in ABOUT_FIELDS],
    }


def _swot_part(
    career_map: CareerMap,
    *,
    only: str | None = None,
    add_form: SwotAddForm | None = None,
    editing: SwotItem | None = None,
    edit_form: SwotEditForm | None = None,
    notice: str = "",
) -> Part:
    quadrants = services.swot_board(career_map, only=only)
    add_forms = {q.key: SwotAddForm(quadrant=q.key, focus=bool(notice)) for q in quadrants}
    if add_form is not None:
        add_forms[add_form.quadrant_key] = add_form
    if editing is not None and edit_form is None:
        edit_form = SwotEditForm(item=editing)
    return {
        "quadrants": [{"view": q, "add_form": add_forms[q.key]} for q in quadrants],
        "quadrant": {"view": quadrants[0], "add_form": add_forms[quadrants[0].key]}
        if only
        else None,
        "editing_item_id": editing.public_id if editing else None,
        "item_form": edit_form,
        "swot_notice": notice,
    }


QUIZ_TEXTS = {
    "how_scores": HOW_SCORES_ARE_COMPUTED,
    "how_suggestions": HOW_SUGGESTIONS_ARE_MADE,
    "question_count": len(QUESTIONS),
}


def _results_part(career_map: CareerMap) -> Part:
    return {"kept": services.kept_result(career_map), **QUIZ_TEXTS}


def _show(
    request: AuthedHttpRequest,
    career_map: CareerMap,
    *,
    fragment: str | None = None,
    **given: Part,
) -> HttpResponse:
    """The tab, or one fragment of it for htmx. Parts not ``given`` are built from the map."""
    wanted = set(FRAGMENTS.values())
    if fragment and wants_fragment(request):
        wanted = {FRAGMENTS[fragment]}
    builders = {
        "ratings": lambda: _ratings_part(request, career_map),
        "about": lambda: _about_part(career_map),
        "swot": lambda: _swot_part(career_map),
        "results": lambda: _results_part(career_map),
    }
    context: dict[str, Any] = {}
    for part in wanted:
        context.update(given[part] if part in given else builders[part]())
    return render_tab(request, PAGE, career_map, TAB, context, fragment=fragment)


# ------------------------------------------------------------------------------- the tab


@login_required
@require_GET
def assessment(request: AuthedHttpRequest, map_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_viewer(request.user, map_id)
    part = request.GET.get("part")
    editing = request.GET.get("edit") == "about" and access.is_owner(request.user, career_map)
    return _show(
        request,
        career_map,
        fragment=part if part in GET_FRAGMENTS else None,
        about=_about_part(career_map, editing=editing),
    )


# ----------------------------------------------------------------------------- ratings


def _rate(career_map: CareerMap, user: User, data: dict[str, Any]) -> SkillRating:
    return services.self_rating_set(
        career_map=career_map, skill_id=data["skill"], level=data["level"], rated_by=user
    )


@login_required
@require_POST
def rating_set(request: AuthedHttpRequest, map_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    tools = _rating_tools(request, career_map)
    form = _rating_form(tools, request.POST)
    rating = submit(form, lambda data: _rate(career_map, request.user, data))
    if rating is None:
        part = _ratings_part(request, career_map, tools, form=form)
        return _show(request, career_map, fragment="ratings", ratings=part)
    step = next(s for s in tools.scale if s.level == rating.self_level)
    saved = _("Saved: %(skill)s at %(level)s · %(name)s.") % {
        "skill": rating.skill.name,
        "level": step.level,
        "name": step.name,
    }
    if not request.htmx:
        messages.success(request, saved)
        return back_to_tab(career_map, "careermaps:assessment", "ratings")
    part = _ratings_part(request, career_map, tools, saved=saved)
    return _show(request, career_map, fragment="ratings", ratings=part)


# ------------------------------------------------------------------------------ about me


@login_required
@require_POST
def about_edit(request: AuthedHttpRequest, map_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    form = AboutForm(request.POST, career_map=career_map)
    saved = submit(form, lambda data: services.about_update(career_map=career_map, **data))
    if saved is None:
        about = _about_part(career_map, form=form)
        return _show(request, career_map, fragment="about", about=about)
    if not request.htmx:
        messages.success(request, _("Saved your self-assessment notes."))
        return back_to_tab(career_map, "careermaps:assessment", "about")
    for field in (*ABOUT_FIELDS, "version"):  # what was stored, on the map the page reads
        setattr(career_map, field, getattr(saved, field))
    return _show(request, career_map, fragment="about", about=_about_part(career_map, saved=True))


# ---------------------------------------------------------------------------------- SWOT


def _item(career_map: CareerMap, item_id: UUID) -> SwotItem:
    return get_object_or_404(career_map.swot_items, public_id=item_id)


def _posted_quadrant(request: AuthedHttpRequest) -> str:
    quadrant = request.POST.get("quadrant", "")
    return quadrant if quadrant in Quadrant.values else Quadrant.STRENGTH


@login_required
@require_POST
def swot_add(request: AuthedHttpRequest, map_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    quadrant = _posted_quadrant(request)
    form = SwotAddForm(request.POST, quadrant=quadrant, focus=True)
    if submit(form, lambda data: services.swot_item_add(career_map=career_map, **data)) is None:
        only = quadrant if request.htmx else None
        swot = _swot_part(career_map, only=only, add_form=form)
        return _show(request, career_map, fragment="swot_quadrant", swot=swot)
    if not request.htmx:
        messages.success(request, _("Added to %(group)s.") % {"group": Quadrant(quadrant).label})
        return back_to_tab(career_map, "careermaps:assessment", f"swot-{quadrant}")
    swot = _swot_part(career_map, only=quadrant, notice=_("Added."))
    return _show(request, career_map, fragment="swot_quadrant", swot=swot)


@login_required
@require_http_methods(["GET", "POST"])
def swot_edit(request: AuthedHttpRequest, map_id: UUID, item_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    item = _item(career_map, item_id)
    form = SwotEditForm(posted(request), item=item)
    saved = submit(
        form, lambda data: services.swot_item_update(career_map=career_map, item=item, **data)
    )
    if saved is not None:
        if not request.htmx:
            messages.success(request, _("Saved the item."))
            return back_to_tab(career_map, "careermaps:assessment", f"swot-{item.quadrant}")
        return _show(request, career_map, fragment="swot_item", swot={"item": saved})
    if request.htmx:
        swot = {"item": item, "item_form": form}
        return _show(request, career_map, fragment="swot_item_form", swot=swot)
    return _show(request, career_map, swot=_swot_part(career_map, editing=item, edit_form=form))


@login_required
@require_POST
def swot_delete(request: AuthedHttpRequest, map_id: UUID, item_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    item = _item(career_map, item_id)
    quadrant = item.quadrant
    services.swot_item_delete(career_map=career_map, item=item)
    if not request.htmx:
        messages.success(request, _("Removed the item."))
        return back_to_tab(career_map, "careermaps:assessment", f"swot-{quadrant}")
    swot = _swot_part(career_map, only=quadrant, notice=_("Removed."))
    return _show(request, career_map, fragment="swot_quadrant", swot=swot)


# ------------------------------------------------------------------------------- the quiz


def _quiz_result(request: AuthedHttpRequest, career_map: CareerMap, result_id: str) -> HttpResponse:
    try:
        result = get_object_or_404(career_map.assessments, public_id=UUID(result_id))
    except ValueError as error:
        raise Http404("No such result") from error
    shown = services.result_for_owner(career_map, result)
    return render_tab(request, QUIZ_PAGE, career_map, TAB, {"shown": shown, **QUIZ_TEXTS})


def _take(career_map: CareerMap, form: QuizForm) -> HttpResponse | None:
    """Score and save the answers: then off to the result (its own URL, to come back to)."""
    result = submit(
        form,
        lambda data: services.assessment_take(
            career_map=career_map, answers=form.answers, keep=data["keep"]
        ),
    )
    if result is None:
        return None
    url = reverse("careermaps:quiz", args=[career_map.public_id])
    return redirect(f"{url}?result={result.public_id}")


@login_required
@require_http_methods(["GET", "POST"])
def quiz(request: AuthedHttpRequest, map_id: UUID) -> HttpResponse:
    """GET: the statements (or, with ?result=, one of my results). POST: score and save."""
    career_map = access.get_map_for_owner(request.user, map_id)
    if request.method == "GET" and "result" in request.GET:
        return _quiz_result(request, career_map, request.GET["result"])
    form = QuizForm(posted(request))
    if (taken := _take(career_map, form)) is not None:
        return taken
    return render_tab(request, QUIZ_PAGE, career_map, TAB, {"form": form, **QUIZ_TEXTS})
