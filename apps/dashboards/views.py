"""My team: the manager dashboard, its HTMX fragments, the CSV export, rating and recognising.

The page shows every panel; each fragment view renders one ``{% partialdef %}`` of the same
template for htmx, pushes the page's own URL into the history, and sends a plain request to the
page itself. Access is decided in ``access.py``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django_htmx.http import push_url

from apps.careermaps.models import Goal, Milestone
from apps.careermaps.services.recognition import recognition_create
from apps.dashboards import access, queries
from apps.dashboards.forms import MAX_PAGE, HeatmapFilterForm, RatingForm, RecognitionForm
from apps.employees.access import employees_visible_to, viewer_employee
from apps.employees.models import Department, Employee, RatingSource, SkillRating
from apps.employees.models import SkillRatingHistory as History
from apps.employees.querysets import EmployeeQuerySet
from apps.employees.services import rating_set
from apps.learning.services import resources_for_skills
from apps.roles.models import Role
from apps.skills.models import ProficiencyLevel, Skill, SkillCategory

PAGE = "dashboards/team.html"
REVIEWS_PER_PAGE = 20
DISAGREEMENTS_SHOWN = 10
MANAGERS_PER_PAGE = 25
HISTORY_SHOWN = 50
CSV_UNSAFE = ("=", "+", "-", "@", "\t", "\r")


def _number(raw: str | None) -> int:
    try:
        return min(MAX_PAGE, max(1, int(raw or 1)))
    except ValueError:
        return 1


def _team_url(team: access.Team) -> str:
    return f"{reverse('dashboards:team')}?{urlencode(team.query())}"


def _base(team: access.Team) -> dict[str, Any]:
    return {"team": team, "nav_active": "team", "team_query": urlencode(team.query())}


# --------------------------------------------------------------------------- panels


def _gaps(
    request: HttpRequest, team: access.Team, *, everyone: bool = False
) -> tuple[dict[str, Any], EmployeeQuerySet]:
    """The heatmap for the lens and filters asked for, and the people the filters select."""
    people = team.people()
    form = HeatmapFilterForm(
        request.GET,
        departments=list(Department.objects.filter(pk__in=people.values("department_id"))),
        roles=list(Role.objects.filter(pk__in=people.values("current_role_id")).order_by("title")),
        categories=list(SkillCategory.objects.order_by("name")),
    )
    choice = form.choice()
    if choice.department:
        people = people.filter(department_id=choice.department)
    if choice.role:
        people = people.filter(current_role_id=choice.role)
    heatmap = queries.heatmap(
        people,
        choice.gap_filter,
        read_all_maps=team.reads_every_map,
        page=choice.page,
        per_page=None if everyone else queries.PER_PAGE,
    )
    return {"filter_form": form, "choice": choice, "heatmap": heatmap}, people


def _gap_panels(request: HttpRequest, team: access.Team) -> dict[str, Any]:
    """The heatmap and the gap summary: the same lens and filters shape both."""
    gaps, people = _gaps(request, team)
    shortfalls = queries.gap_summary(
        people, gaps["choice"].gap_filter, read_all_maps=team.reads_every_map
    )
    resources = resources_for_skills(s.skill_id for s in shortfalls)
    return {**gaps, "shortfalls": [(s, resources[s.skill_id][:3]) for s in shortfalls]}


def review_item(team: access.Team, rating: SkillRating, **extra: Any) -> dict[str, Any]:
    return {
        "rating": rating,
        "flagged": queries.is_disagreement(rating),
        "can_rate": team.can_act_on(rating.employee),
        **extra,
    }


def _reviews(request: HttpRequest, team: access.Team) -> dict[str, Any]:
    people = team.people()
    page = Paginator(queries.ratings_to_review(people), REVIEWS_PER_PAGE).get_page(
        request.GET.get("rpage")
    )
    apart = queries.disagreements(people)
    return {
        "reviews": page,
        "review_items": [review_item(team, rating) for rating in page.object_list],
        "disagreements": [review_item(team, r) for r in apart[:DISAGREEMENTS_SHOWN]],
        "disagreement_count": apart.count(),
        "scale": list(ProficiencyLevel.objects.all()),
        "disagreement_levels": queries.DISAGREEMENT,
    }


def _health(request: HttpRequest, team: access.Team) -> dict[str, Any]:
    health = queries.development_health(
        team.people(), read_all_maps=team.reads_every_map, page=_number(request.GET.get("hpage"))
    )
    return {
        "health": health,
        "attention_rule": queries.ATTENTION_RULE,
        "due_soon_days": queries.DUE_SOON_DAYS,
        "recognition_days": queries.RECOGNITION_DAYS,
    }


def _high_potential(request: HttpRequest, team: access.Team) -> dict[str, Any]:
    panel = queries.high_potential(request.user, team.people(), read_all_maps=team.reads_every_map)
    return {"high_potential": panel}


def _feed(request: HttpRequest, team: access.Team) -> dict[str, Any]:
    me = viewer_employee(request.user)
    return {
        "feed": queries.achievements(request.user, me, team.people()),
        "feed_days": queries.FEED_DAYS,
        "feed_items": queries.FEED_ITEMS,
    }


# --------------------------------------------------------------------------- pages


@login_required
def team(request: HttpRequest) -> HttpResponse:
    if access.must_choose_manager(request.user, request.GET):
        return redirect("dashboards:managers")
    chosen = access.team_for(request.user, request.GET)
    sizes = chosen.sizes()
    context = {
        **_base(chosen),
        "scope_links": [
            {
                "label": label,
                "count": sizes[key],
                "url": _team_url(replace(chosen, scope=key)),
                "current": key == chosen.scope,
            }
            for key, label in access.Scope.CHOICES
        ],
        "has_own_team": access.has_reports(request.user),
        **_gap_panels(request, chosen),
        **_reviews(request, chosen),
        **_health(request, chosen),
        **_high_potential(request, chosen),
        **_feed(request, chosen),
    }
    return render(request, PAGE, context)


def _fragment(
    request: HttpRequest, name: str, build: Callable[[HttpRequest, access.Team], dict[str, Any]]
) -> HttpResponse:
    """htmx gets the fragment (and the page's URL for the history); a plain request the page."""
    chosen = access.team_for(request.user, request.GET)
    page_url = f"{reverse('dashboards:team')}?{request.GET.urlencode()}"
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(page_url)
    context = {**_base(chosen), **build(request, chosen), "oob": True}
    return push_url(render(request, f"{PAGE}#{name}", context), page_url)


@login_required
def heatmap(request: HttpRequest) -> HttpResponse:
    """The heatmap, with the gap summary swapped out of band: the filters shape both."""
    return _fragment(request, "heatmap", _gap_panels)


@login_required
def health(request: HttpRequest) -> HttpResponse:
    return _fragment(request, "health", _health)


@login_required
def reviews(request: HttpRequest) -> HttpResponse:
    return _fragment(request, "reviews", _reviews)


def _csv_cell(value: object) -> object:
    """Text a spreadsheet would run as a formula is quoted with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(CSV_UNSAFE):
        return f"'{value}"
    return value


@login_required
def heatmap_csv(request: HttpRequest) -> HttpResponse:
    """Exactly the heatmap on screen: same lens, filters, sort and page (or every page)."""
    chosen = access.team_for(request.user, request.GET)
    everyone = request.GET.get("all") == "1"
    gaps, _ = _gaps(request, chosen, everyone=everyone)
    shown: queries.Heatmap = gaps["heatmap"]
    lens = dict(queries.Lens.CHOICES)[gaps["choice"].gap_filter.lens]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    part = "all" if everyone else f"page-{shown.page}"
    name = f"team-skill-gaps-{gaps['choice'].gap_filter.lens}-{part}-{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(["Person", lens, "Total gap", *[_csv_cell(c.name) for c in shown.columns]])
    for row in shown.rows:
        cells = ["" if cell is None else cell.gap for cell in row.line]
        writer.writerow([_csv_cell(row.full_name), _csv_cell(row.role_title or ""),
                         row.total_gap, *cells])  # fmt: skip
    return response


@login_required
def managers(request: HttpRequest) -> HttpResponse:
    """HR: every manager, to open their dashboard."""
    access.require_hr(request.user)
    query = request.GET.get("q", "").strip()[:100]
    people = employees_visible_to(request.user).active().with_related()
    people = people.filter(Exists(Employee.objects.filter(manager=OuterRef("pk"))))
    if query:
        people = people.filter(Q(full_name__icontains=query) | Q(work_email__icontains=query))
    people = people.annotate(report_count=Count("reports", distinct=True)).order_by(
        "full_name", "pk"
    )
    page = Paginator(people, MANAGERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "nav_active": "team"}
    return render(request, "dashboards/managers.html", context)


# --------------------------------------------------------------------------- writes


def _back_team(request: HttpRequest) -> access.Team:
    """The dashboard a plain POST came from (its hidden scope and manager), to return to."""
    return access.team_for(request.user, request.POST)


@login_required
def rate(request: HttpRequest, employee_id: UUID, skill_id: int) -> HttpResponse:
    """The manager's rating of one skill, beside the self-rating, with its history."""
    person = access.person_to_rate(request.user, employee_id)
    skill = Skill.objects.select_related("category").filter(pk=skill_id).first()
    if skill is None:
        raise Http404("No such skill")
    form = RatingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        rating_set(
            employee=person,
            skill=skill,
            level=form.cleaned_data["level"],
            source=RatingSource.MANAGER,
            rated_by=request.user,  # type: ignore[arg-type]
            note=form.cleaned_data["note"],
        )
        return _rated(request, person, skill)
    if request.method == "POST" and request.htmx:  # type: ignore[attr-defined]
        return _review_row(request, person, skill, form=form)
    rating = SkillRating.objects.filter(employee=person, skill=skill).first()
    history = History.objects.filter(employee=person, skill=skill).select_related("rated_by")
    context = {
        "person": person,
        "skill": skill,
        "rating": rating,
        "flagged": rating is not None and queries.is_disagreement(rating),
        "form": form,
        "scale": list(ProficiencyLevel.objects.all()),
        "history": list(history[:HISTORY_SHOWN]),
        "back": _back_params(request),
        "team_query": urlencode(_back_params(request)),
        "nav_active": "team",
    }
    return render(request, "dashboards/rate.html", context)


def _back_url(request: HttpRequest, anchor: str) -> str:
    query = urlencode(_back_params(request))
    return f"{reverse('dashboards:team')}{'?' + query if query else ''}#{anchor}"


def _back_params(request: HttpRequest) -> dict[str, str]:
    source = request.POST if request.method == "POST" else request.GET
    return {key: source[key] for key in ("scope", "manager") if source.get(key)}


def _review_row(
    request: HttpRequest, person: Employee, skill: Skill, *, form: RatingForm | None = None
) -> HttpResponse:
    chosen = _back_team(request)
    rating = (
        SkillRating.objects.select_related("employee", "skill", "manager_rated_by")
        .filter(employee=person, skill=skill)
        .first()
    )
    if rating is None:  # an invalid first rating: nothing stored yet to show
        rating = SkillRating(employee=person, skill=skill)
    extra = {"row_form": form, "saved": form is None}
    context = {**_base(chosen), "item": review_item(chosen, rating, **extra)}
    context["scale"] = list(ProficiencyLevel.objects.all())
    return render(request, f"{PAGE}#review_row", context)


def _rated(request: HttpRequest, person: Employee, skill: Skill) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        return _review_row(request, person, skill)
    messages.success(request, f"Your rating of {person.full_name}'s {skill.name} is saved.")
    return redirect(_back_url(request, "reviews"))


@login_required
def recognise_milestone(request: HttpRequest, milestone_id: UUID) -> HttpResponse:
    milestone = access.milestone_to_recognise(request.user, milestone_id)
    return _recognise(request, milestone=milestone)


@login_required
def recognise_goal(request: HttpRequest, goal_id: UUID) -> HttpResponse:
    goal = access.goal_to_recognise(request.user, goal_id)
    return _recognise(request, goal=goal)


def _recognise(
    request: HttpRequest, *, milestone: Milestone | None = None, goal: Goal | None = None
) -> HttpResponse:
    me = viewer_employee(request.user)
    assert me is not None  # access found the item below the viewer
    form = RecognitionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            recognition_create(
                from_employee=me,
                message=form.cleaned_data["message"],
                milestone=milestone,
                goal=goal,
            )
        except ValidationError as error:
            form.add_error("message" if hasattr(error, "error_dict") else None, error)
        else:
            return _recognised(request, milestone=milestone, goal=goal)
    item = _achievement(request, milestone=milestone, goal=goal)
    if request.method == "POST" and request.htmx:  # type: ignore[attr-defined]
        context = {**_base(_back_team(request)), "item": item, "item_form": form}
        return render(request, f"{PAGE}#feed_item", context)
    context = {
        "item": item,
        "form": form,
        "back": _back_params(request),
        "team_query": urlencode(_back_params(request)),
        "nav_active": "team",
    }
    return render(request, "dashboards/recognise.html", context)


def _achievement(
    request: HttpRequest,
    *,
    milestone: Milestone | None,
    goal: Goal | None,
    recognised: bool | None = None,
) -> queries.Achievement:
    me = viewer_employee(request.user)
    target: Any = milestone if milestone is not None else goal
    if recognised is None:
        recognised = target.recognitions.filter(from_employee=me).exists()
    target.recognised_by_me = recognised
    target.recognised = recognised or target.recognitions.exists()
    if milestone is not None:
        return queries.milestone_achievement(request.user, milestone)
    return queries.goal_achievement(request.user, target)


def _recognised(
    request: HttpRequest, *, milestone: Milestone | None, goal: Goal | None
) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        item = _achievement(request, milestone=milestone, goal=goal, recognised=True)
        context = {**_base(_back_team(request)), "item": item, "item_sent": True}
        return render(request, f"{PAGE}#feed_item", context)
    target: Any = milestone or goal
    owner = (milestone.goal.career_map if milestone else target.career_map).employee
    messages.success(request, f"Recognition sent. {owner.full_name} will see it on their map.")
    return redirect(_back_url(request, "feed"))
