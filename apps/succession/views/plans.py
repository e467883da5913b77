"""Key positions and their successor slates (HR), and the suggested successors of each.

HR sees and edits every plan (never one about themselves: access.py). A manager HR shared a
plan with reads its slate and nothing else. Everyone else, including the people on a slate,
gets 404 from every URL here.

The slate on the plan page is edited in place with htmx (``plans/detail.html#slate``); without
JavaScript every form is a plain POST that redirects back to the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.employees.access import viewer_employee
from apps.employees.gaps import PersonFit, people_fits_for_role
from apps.employees.models import Employee
from apps.employees.orgchart import chart_page
from apps.roles import access as roles_access
from apps.succession import access
from apps.succession.forms.plans import (
    CandidateForm,
    DevelopForm,
    NominateByEmailForm,
    NominateForm,
    PlanEditForm,
    PlanForm,
    plan_initial,
)
from apps.succession.models import Readiness, SuccessionPlan, SuccessorCandidate
from apps.succession.orgchart import overlay
from apps.succession.services import plans as services
from apps.succession.suggestions import (
    ABOVE_POINTS,
    FAR_BELOW_POINTS,
    HOW_SUGGESTIONS_ARE_RANKED,
    MAX_STEP_UP,
    MAX_STEPS,
    PATH_POINTS,
    POTENTIAL_POINTS,
    READY_NOW_FROM,
    READY_SOON_FROM,
    STEP_UP_POINTS,
    TARGET_POINTS,
    initial_readiness,
    suggest_successors,
)
from careermap.web import (
    AuthedHttpRequest,
    View,
    posted,
    render_page,
    require,
    submit,
    wants_fragment,
)

DETAIL = "succession/plans/detail.html"
PLANS_PER_PAGE = 50


def _own_ids(request: AuthedHttpRequest) -> tuple[int, ...]:
    me = viewer_employee(request.user)
    return (me.pk,) if me is not None else ()


# --------------------------------------------------------------------------- key positions


@require(access.is_hr)
@require_GET
def index(request: AuthedHttpRequest) -> HttpResponse:
    plans = (
        access.plans_visible_to(request.user)
        .select_related("role", "incumbent", "incumbent__department")
        .annotate(
            successors=Count("candidates", distinct=True),
            ready_now=Count(
                "candidates",
                filter=Q(candidates__readiness=Readiness.READY_NOW),
                distinct=True,
            ),
        )
        .order_by("role__title", "incumbent__full_name", "id")
    )
    page = Paginator(plans, PLANS_PER_PAGE).get_page(request.GET.get("page"))
    unplanned = access.key_roles_without_plan(request.user)
    context = {"page": page, "unplanned": unplanned, "nav_active": "talent"}
    return render_page(request, "succession/plans/index.html", context)


@require(access.is_hr)
@require_http_methods(["GET", "POST"])
def create(request: AuthedHttpRequest) -> HttpResponse:
    form = PlanForm(posted(request))
    plan = submit(form, lambda data: services.plan_create(actor=request.user, **data))
    if plan is not None:
        messages.success(
            request, _("%(plan)s is now a key position. Add its successors.") % {"plan": plan}
        )
        return redirect("succession:plan-detail", plan_id=plan.public_id)
    context = {"form": form, "plan": None, "nav_active": "talent"}
    return render_page(request, "succession/plans/form.html", context)


@require(access.is_hr)
@require_POST
def for_role(request: AuthedHttpRequest, role_id: UUID) -> HttpResponse:
    """The one click from the catalogue (or the list below): open the role's plan, creating a
    role-wide one when it has none."""
    role = get_object_or_404(roles_access.roles_for(request.user), public_id=role_id)
    plan = access.plans_of_role(request.user, role).first()
    if plan is None:
        try:
            plan = services.plan_create(actor=request.user, role=role)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("succession:plan-index")
        messages.success(
            request,
            _("%(role)s is a key position: its plan is ready for successors.") % {"role": role},
        )
    return redirect("succession:plan-detail", plan_id=plan.public_id)


@require(access.is_hr)
@require_http_methods(["GET", "POST"])
def edit(request: AuthedHttpRequest, plan_id: UUID) -> HttpResponse:
    plan = access.get_plan_for(request.user, plan_id)
    form = PlanEditForm(posted(request), initial=plan_initial(plan), version=plan.version)
    saved = submit(form, lambda data: services.plan_update(actor=request.user, plan=plan, **data))
    if saved is not None:
        messages.success(request, _("Saved %(saved)s.") % {"saved": saved})
        return redirect("succession:plan-detail", plan_id=saved.public_id)
    context = {"form": form, "plan": plan, "nav_active": "talent"}
    return render_page(request, "succession/plans/form.html", context)


@require(access.is_hr)
@require_POST
def delete(request: AuthedHttpRequest, plan_id: UUID) -> HttpResponse:
    plan = access.get_plan_for(request.user, plan_id)
    services.plan_delete(actor=request.user, plan=plan)
    messages.success(request, _("%(plan)s is no longer a key position.") % {"plan": plan})
    return redirect("succession:plan-index")


@require(access.is_hr)
@require_POST
def review(request: AuthedHttpRequest, plan_id: UUID) -> HttpResponse:
    plan = access.get_plan_for(request.user, plan_id)
    services.plan_mark_reviewed(actor=request.user, plan=plan)
    messages.success(request, _("Marked %(plan)s as reviewed today.") % {"plan": plan})
    return redirect("succession:plan-detail", plan_id=plan.public_id)


# --------------------------------------------------------------------------- the plan page


@dataclass
class Editing:
    """What the slate shows open: one successor's edit or development form, a notice."""

    candidate_id: UUID | None = None
    form: CandidateForm | None = None
    develop_id: UUID | None = None
    develop_form: DevelopForm | None = None
    add_form: NominateByEmailForm | None = None
    notice: str = ""


@dataclass(frozen=True, slots=True)
class SlateRow:
    candidate: SuccessorCandidate
    fit: PersonFit | None
    develop_form: DevelopForm | None


def _slate(plan: SuccessionPlan) -> list[SuccessorCandidate]:
    return list(
        plan.candidates.select_related(
            "employee", "employee__department", "employee__current_role"
        ).order_by("rank", "id")
    )


def _develop_form(candidate: SuccessorCandidate, editing: Editing) -> DevelopForm:
    if editing.develop_id == candidate.public_id and editing.develop_form is not None:
        return editing.develop_form
    note = candidate.development_note.strip()
    initial = {"kind": "project", "title": note.splitlines()[0][:200] if note else ""}
    return DevelopForm(initial=initial, auto_id=f"develop-{candidate.public_id}-%s")


def _rows(plan: SuccessionPlan, editable: bool, editing: Editing) -> list[SlateRow]:
    slate = _slate(plan)
    fits: dict[int, PersonFit] = {}
    if slate:
        people = Employee.objects.filter(pk__in=[c.employee_id for c in slate])
        fits = {fit.employee_id: fit for fit in people_fits_for_role(plan.role, people)}
    return [
        SlateRow(c, fits.get(c.employee_id), _develop_form(c, editing) if editable else None)
        for c in slate
    ]


def _detail_context(
    request: AuthedHttpRequest, plan: SuccessionPlan, editing: Editing
) -> dict[str, Any]:
    editable = access.is_hr(request.user)
    rows = _rows(plan, editable, editing)
    people = [p for p in [plan.incumbent] if p] + [row.candidate.employee for row in rows]
    return {
        "plan": plan,
        "rows": rows,
        "editable": editable,
        "editing": editing,
        "add_form": editing.add_form
        or (
            NominateByEmailForm(auto_id="add-%s", initial={"readiness": "1-2"})
            if editable
            else None
        ),
        "audience": access.plan_audience(plan, people),
        "nav_active": "talent",
    }


def _render_detail(
    request: AuthedHttpRequest,
    plan: SuccessionPlan,
    editing: Editing,
    *,
    fragment: str | None = None,
) -> HttpResponse:
    context = _detail_context(request, plan, editing)
    if editing.candidate_id:
        context["row"] = next(
            (r for r in context["rows"] if r.candidate.public_id == editing.candidate_id), None
        )
    return render_page(request, DETAIL, context, fragment=fragment)


@login_required
@require_GET
def detail(request: AuthedHttpRequest, plan_id: UUID) -> HttpResponse:
    """HR edits the plan here; a manager it is shared with reads the slate."""
    plan = access.get_plan_for(request.user, plan_id)
    return _render_detail(request, plan, Editing())


def _done(
    request: AuthedHttpRequest, plan: SuccessionPlan, notice: str, anchor: str = "slate"
) -> HttpResponse:
    """After a valid change: the slate fragment (htmx) or back to the plan (a plain POST)."""
    if wants_fragment(request):
        return _render_detail(request, plan, Editing(notice=notice), fragment="slate")
    messages.success(request, notice)
    return redirect(reverse("succession:plan-detail", args=[plan.public_id]) + f"#{anchor}")


def _candidate(plan: SuccessionPlan, candidate_id: UUID) -> SuccessorCandidate:
    return get_object_or_404(
        plan.candidates.select_related("employee", "plan"), public_id=candidate_id
    )


@require(access.is_hr)
@require_POST
def candidate_add(request: AuthedHttpRequest, plan_id: UUID) -> HttpResponse:
    """Add someone to the slate by work email."""
    plan = access.get_plan_for(request.user, plan_id)
    form = NominateByEmailForm(request.POST, auto_id="add-%s")
    if form.is_valid() and form.cleaned_data["email"].pk in _own_ids(request):
        form.add_error("email", _("You cannot put yourself on a slate."))
    added = None
    if not form.errors:
        added = submit(
            form,
            lambda data: services.candidate_add(
                actor=request.user, plan=plan, employee=data["email"], readiness=data["readiness"]
            ),
        )
    if added is None:
        return _render_detail(request, plan, Editing(add_form=form), fragment="slate")
    return _done(request, plan, _("Added %(name)s to the slate.") % {"name": added.employee})


@require(access.is_hr)
@require_http_methods(["GET", "POST"])
def candidate_edit(request: AuthedHttpRequest, plan_id: UUID, candidate_id: UUID) -> HttpResponse:
    plan = access.get_plan_for(request.user, plan_id)
    candidate = _candidate(plan, candidate_id)
    auto_id = f"candidate-{candidate.public_id}-%s"
    if request.method != "POST":
        initial = {
            "readiness": candidate.readiness,
            "emergency_cover": candidate.emergency_cover,
            "development_note": candidate.development_note,
        }
        form = CandidateForm(initial=initial, auto_id=auto_id, version=candidate.version)
        return _render_detail(
            request, plan, Editing(candidate.public_id, form), fragment="candidate"
        )
    form = CandidateForm(request.POST, auto_id=auto_id, version=candidate.version)
    saved = submit(
        form,
        lambda data: services.candidate_update(actor=request.user, candidate=candidate, **data),
    )
    if saved is None:
        return _render_detail(request, plan, Editing(candidate.public_id, form), fragment="slate")
    return _done(
        request,
        plan,
        _("Saved %(name)s.") % {"name": saved.employee},
        f"candidate-{saved.public_id}",
    )


def _move(up: bool) -> View:
    @require(access.is_hr)
    @require_POST
    def move(request: AuthedHttpRequest, plan_id: UUID, candidate_id: UUID) -> HttpResponse:
        plan = access.get_plan_for(request.user, plan_id)
        candidate = _candidate(plan, candidate_id)
        services.candidate_move(actor=request.user, candidate=candidate, up=up)
        notice = _("Moved %(name)s to number %(rank)s.") % {
            "name": candidate.employee,
            "rank": candidate.rank,
        }
        return _done(request, plan, notice, f"candidate-{candidate.public_id}")

    return move


candidate_move_up = _move(up=True)
candidate_move_down = _move(up=False)


@require(access.is_hr)
@require_POST
def candidate_remove(request: AuthedHttpRequest, plan_id: UUID, candidate_id: UUID) -> HttpResponse:
    plan = access.get_plan_for(request.user, plan_id)
    candidate = _candidate(plan, candidate_id)
    services.candidate_remove(actor=request.user, candidate=candidate)
    return _done(
        request, plan, _("Removed %(name)s from the slate.") % {"name": candidate.employee}
    )


@require(access.is_hr)
@require_POST
def candidate_develop(
    request: AuthedHttpRequest, plan_id: UUID, candidate_id: UUID
) -> HttpResponse:
    """Turn the development note into an action on the person's own career map."""
    plan = access.get_plan_for(request.user, plan_id)
    candidate = _candidate(plan, candidate_id)
    form = DevelopForm(request.POST, auto_id=f"develop-{candidate.public_id}-%s")
    action = submit(
        form,
        lambda data: services.development_action_create(
            actor=request.user, candidate=candidate, **data
        ),
    )
    if action is None:
        editing = Editing(develop_id=candidate.public_id, develop_form=form)
        return _render_detail(request, plan, editing, fragment="slate")
    notice = _("Added “%(title)s” to %(name)s's development plan.") % {
        "title": action.title,
        "name": candidate.employee,
    }
    return _done(request, plan, notice, f"candidate-{candidate.public_id}")


# --------------------------------------------------------------------------- suggestions


@dataclass(frozen=True, slots=True)
class SuggestionRow:
    rank: int
    suggestion: Any
    employee: Employee
    readiness: Readiness


@require(access.is_hr)
@require_GET
def suggestions(request: AuthedHttpRequest, plan_id: UUID) -> HttpResponse:
    """Everyone in the organisation ranked for the role; the top ones with their evidence."""
    plan = access.get_plan_for(request.user, plan_id)
    found = suggest_successors(plan, exclude_ids=_own_ids(request))
    people = Employee.objects.with_related().in_bulk([s.employee_id for s in found])
    rows = [
        SuggestionRow(n, s, people[s.employee_id], initial_readiness(s.readiness))
        for n, s in enumerate(found, start=1)
    ]
    context = {
        "plan": plan,
        "rows": rows,
        "how": HOW_SUGGESTIONS_ARE_RANKED,
        "max_steps": MAX_STEPS,
        "points": {
            "potential": POTENTIAL_POINTS,
            "path": PATH_POINTS,
            "target": TARGET_POINTS,
            "step_up": STEP_UP_POINTS,
            "above": ABOVE_POINTS,
            "far_below": FAR_BELOW_POINTS,
            "max_step_up": MAX_STEP_UP,
        },
        "ready_now_from": READY_NOW_FROM,
        "ready_soon_from": READY_SOON_FROM,
        "labels": _suggestion_labels(),
        "nav_active": "talent",
    }
    return render_page(request, "succession/plans/suggestions.html", context)


def _suggestion_labels() -> dict[str, str]:
    """The words every row of the suggestions repeats, translated once for the page."""
    return {
        "no_role": _("No role recorded"),
        "no_skills": _("The role lists no skills (0)"),
        "high": _("High"),
        "moderate": _("Moderate"),
        "low": _("Low"),
        "not_rated": _("Not rated (+0)"),
        "not_within": _("Not within %(max_steps)s moves (+0)") % {"max_steps": MAX_STEPS},
        "on_map": _("Yes, on their map"),
        "no_target": _("No (+0)"),
        "no_role_step": _("No role recorded (+0)"),
        "same_level": _("Same level"),
        "nominate": _("Nominate"),
    }


@require(access.is_hr)
@require_POST
def nominate(request: AuthedHttpRequest, plan_id: UUID) -> HttpResponse:
    """One click from the suggestions: the person joins the bottom of the slate."""
    plan = access.get_plan_for(request.user, plan_id)
    form = NominateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose someone to nominate from the list."))
        return redirect("succession:plan-suggestions", plan_id=plan.public_id)
    employee = get_object_or_404(
        access.talent_subjects_for(request.user), public_id=form.cleaned_data["employee"]
    )
    readiness = form.cleaned_data["readiness"] or Readiness.THREE_FIVE_YEARS
    try:
        candidate = services.candidate_add(
            actor=request.user, plan=plan, employee=employee, readiness=readiness
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("succession:plan-suggestions", plan_id=plan.public_id)
    messages.success(
        request,
        _(
            "Nominated %(employee)s as number %(rank)s (%(readiness)s). Adjust the readiness "
            "on the slate."
        )
        % {
            "employee": employee,
            "rank": candidate.rank,
            "readiness": Readiness(candidate.readiness).label.lower(),
        },
    )
    url = reverse("succession:plan-detail", args=[plan.public_id])
    return redirect(f"{url}#candidate-{candidate.public_id}")


@login_required
def org_chart(request: AuthedHttpRequest) -> HttpResponse:
    """The org chart with HR's succession overlay: key positions and their cover, successors
    and their readiness. HR only (it shows slates)."""
    access.require_hr(request.user)
    page = chart_page(request, reverse("succession:org-chart"))
    if isinstance(page, str):
        return redirect(page)
    chart = page["chart"]
    marks = overlay(request.user, [box.person for box in chart.boxes]) if chart else {}
    for box in chart.boxes if chart else []:
        box.mark = marks.get(box.person.pk)
    context = {**page, "overlay_on": True, "nav_active": "talent"}
    return render(request, "employees/chart.html", context)
