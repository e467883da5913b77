"""My team: the manager dashboard, its HTMX fragments, the CSV export, rating and recognising.

The page renders its frame, the heatmap and the high-potential panel; every other panel
(``LAZY``) loads itself by its own request once the page is in, and without JavaScript a link
asks the page to render it in place (``?show=<panel>``; a panel's own page link does the same).
Each fragment view renders one ``{% partialdef %}`` of the same template for htmx, pushes the
page's own URL into the history (except for a panel loading itself), and sends a plain request
to the page itself. Access is decided in ``access.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_htmx.http import push_url

from apps.careermaps.models import Goal, Milestone
from apps.careermaps.services.recognition import NOT_DONE, recognition_create
from apps.dashboards import access, queries
from apps.dashboards.forms import MAX_PAGE, HeatmapFilterForm, RatingForm, RecognitionForm
from apps.employees.access import employees_visible_to, viewer_employee
from apps.employees.models import Employee, RatingSource, SkillRating
from apps.employees.models import SkillRatingHistory as History
from apps.employees.querysets import EmployeeQuerySet
from apps.employees.services import rating_set
from apps.learning.services import resources_for_skills
from apps.skills.models import ProficiencyLevel, Skill
from careermap.exports import csv_response
from careermap.web import (
    AuthedHttpRequest,
    posted,
    render_page,
    require,
    submit,
    wants_fragment,
)

if TYPE_CHECKING:  # panel labels are lazy translations
    from django_stubs_ext import StrOrPromise

PAGE = "dashboards/team.html"
REVIEWS_PER_PAGE = 20
DISAGREEMENTS_SHOWN = 10
MANAGERS_PER_PAGE = 25
HISTORY_SHOWN = 50


def _number(raw: str | None) -> int:
    try:
        return min(MAX_PAGE, max(1, int(raw or 1)))
    except ValueError:
        return 1


def _team_url(team: access.Team) -> str:
    return f"{reverse('dashboards:team')}?{urlencode(team.query())}"


def _base(team: access.Team) -> dict[str, Any]:
    return {"team": team, "nav_active": "team", "team_query": urlencode(team.query())}


Panel = Callable[[AuthedHttpRequest, access.Team], dict[str, Any]]

# --------------------------------------------------------------------------- panels


def _selection(
    request: AuthedHttpRequest, team: access.Team
) -> tuple[HeatmapFilterForm, EmployeeQuerySet]:
    """The heatmap's lens and filters, and the people they select."""
    people = team.people()
    form = HeatmapFilterForm(request.GET, options=queries.filter_options(people))
    choice = form.choice()
    if choice.department:
        people = people.filter(department_id=choice.department)
    if choice.role:
        people = people.filter(current_role_id=choice.role)
    return form, people


def _gaps(
    request: AuthedHttpRequest, team: access.Team, *, everyone: bool = False
) -> dict[str, Any]:
    """The heatmap for the lens and filters asked for."""
    form, people = _selection(request, team)
    choice = form.choice()
    heatmap = queries.heatmap(
        people,
        choice.gap_filter,
        read_all_maps=team.reads_every_map,
        page=choice.page,
        per_page=None if everyone else queries.PER_PAGE,
    )
    return {"filter_form": form, "choice": choice, "heatmap": heatmap}


def _summary(request: AuthedHttpRequest, team: access.Team) -> dict[str, Any]:
    """The gap summary: the same lens and filters as the heatmap, over all its pages."""
    form, people = _selection(request, team)
    choice = form.choice()
    shortfalls = queries.gap_summary(people, choice.gap_filter, read_all_maps=team.reads_every_map)
    resources = resources_for_skills(s.skill_id for s in shortfalls)
    return {"choice": choice, "shortfalls": [(s, resources[s.skill_id][:3]) for s in shortfalls]}


def review_item(team: access.Team, rating: SkillRating, **extra: Any) -> dict[str, Any]:
    return {
        "rating": rating,
        "flagged": queries.is_disagreement(rating),
        "can_rate": team.can_act_on(rating.employee),
        **extra,
    }


def _reviews(request: AuthedHttpRequest, team: access.Team) -> dict[str, Any]:
    people = team.people()
    paginator = Paginator(queries.ratings_to_review(people), REVIEWS_PER_PAGE)
    # The exact count, from the per-person counts rather than counting every rating again.
    paginator.count = queries.ratings_to_review_count(people)
    page = paginator.get_page(request.GET.get("rpage"))
    apart = queries.disagreements(people)
    return {
        "reviews": page,
        "review_items": [review_item(team, rating) for rating in page.object_list],
        "disagreements": [review_item(team, r) for r in apart[:DISAGREEMENTS_SHOWN]],
        "disagreement_count": apart.count(),
        "scale": list(ProficiencyLevel.objects.all()),
        "disagreement_levels": queries.DISAGREEMENT,
    }


def _health(request: AuthedHttpRequest, team: access.Team) -> dict[str, Any]:
    health = queries.development_health(
        team.people(), read_all_maps=team.reads_every_map, page=_number(request.GET.get("hpage"))
    )
    return {
        "health": health,
        "attention_rule": queries.ATTENTION_RULE,
        "due_soon_days": queries.DUE_SOON_DAYS,
        "recognition_days": queries.RECOGNITION_DAYS,
    }


def _high_potential(request: AuthedHttpRequest, team: access.Team) -> dict[str, Any]:
    panel = queries.high_potential(request.user, team.people(), read_all_maps=team.reads_every_map)
    return {"high_potential": panel}


def _feed(request: AuthedHttpRequest, team: access.Team) -> dict[str, Any]:
    me = viewer_employee(request.user)
    return {
        "feed": queries.achievements(request.user, me, team),
        "feed_days": queries.FEED_DAYS,
        "feed_items": queries.FEED_ITEMS,
    }


def _stats(request: AuthedHttpRequest, team: access.Team) -> dict[str, Any]:
    """The three figures at the top: counts by aggregate, no rows."""
    people = team.people()
    return {
        "review_count": queries.ratings_to_review_count(people),
        "attention": queries.health_counts(people, read_all_maps=team.reads_every_map),
        "feed_count": queries.achievement_count(request.user, team),
        "feed_days": queries.FEED_DAYS,
        "feed_items": queries.FEED_ITEMS,
    }


# --------------------------------------------------------------------------- lazy panels


@dataclass(frozen=True)
class Lazy:
    """A panel the page loads when it scrolls into view (htmx), or renders when asked (no JS)."""

    name: str
    label: StrOrPromise
    anchor: str
    build: Panel
    page_param: str = ""


LAZY = {
    lazy.name: lazy
    for lazy in (
        Lazy("stats", gettext_lazy("the team's figures"), "dash-stats", _stats),
        Lazy("summary", gettext_lazy("where the team falls shortest"), "gap-summary", _summary),
        Lazy("reviews", gettext_lazy("ratings to review"), "reviews", _reviews, "rpage"),
        Lazy("health", gettext_lazy("development health"), "health", _health, "hpage"),
        Lazy("feed", gettext_lazy("recent achievements"), "feed", _feed),
    )
}


def _shown(request: AuthedHttpRequest) -> set[str]:
    """Panels rendered in place: asked for by a no-JS link (``show``) or a page link."""
    asked = set(request.GET.getlist("show"))
    asked |= {
        lazy.name for lazy in LAZY.values() if lazy.page_param and lazy.page_param in request.GET
    }
    return asked & LAZY.keys()


def _lazy_links(request: AuthedHttpRequest) -> dict[str, dict[str, str]]:
    """For each lazy panel: where htmx loads it from, and the no-JS link that shows it."""
    links = {}
    for lazy in LAZY.values():
        show = request.GET.copy()
        show.setlist("show", [*show.getlist("show"), lazy.name])
        links[lazy.name] = {
            "id": f"{lazy.name}-load",
            "label": str(lazy.label),
            "load": f"{reverse(f'dashboards:{lazy.name}')}?{request.GET.urlencode()}",
            "show": f"{reverse('dashboards:team')}?{show.urlencode()}#{lazy.anchor}",
        }
    return links


# --------------------------------------------------------------------------- pages


@login_required
def team(request: AuthedHttpRequest) -> HttpResponse:
    """The frame, the heatmap and high potential; the rest loads after it, a request each."""
    if access.must_choose_manager(request.user, request.GET):
        return redirect("dashboards:managers")
    chosen = access.team_for(request.user, request.GET)
    sizes = chosen.sizes()
    shown = _shown(request)
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
        **_gaps(request, chosen),
        **_high_potential(request, chosen),
        "shown": shown,
        "lazy": _lazy_links(request),
        "feed_days": queries.FEED_DAYS,
    }
    for name in shown:
        context.update(LAZY[name].build(request, chosen))
    return render_page(request, PAGE, context)


def _fragment(request: AuthedHttpRequest, name: str, build: Panel) -> HttpResponse:
    """htmx gets the fragment (and the page's URL for the history); a plain request the page.

    A panel loading itself after the page changes nothing the URL should remember.
    """
    chosen = access.team_for(request.user, request.GET)
    page_url = f"{reverse('dashboards:team')}?{request.GET.urlencode()}"
    if not wants_fragment(request):
        return redirect(page_url)
    context = {**_base(chosen), **build(request, chosen), "oob": True}
    context.update(shown={name}, lazy=_lazy_links(request))
    response = render_page(request, PAGE, context, fragment=name)
    if request.htmx.trigger == f"{name}-load":
        return response
    return push_url(response, page_url)


@login_required
def heatmap(request: AuthedHttpRequest) -> HttpResponse:
    """The heatmap, with the gap summary (to load again) swapped out of band."""
    return _fragment(request, "heatmap", _gaps)


@login_required
def summary(request: AuthedHttpRequest) -> HttpResponse:
    return _fragment(request, "summary", _summary)


@login_required
def stats(request: AuthedHttpRequest) -> HttpResponse:
    return _fragment(request, "stats", _stats)


@login_required
def health(request: AuthedHttpRequest) -> HttpResponse:
    return _fragment(request, "health", _health)


@login_required
def reviews(request: AuthedHttpRequest) -> HttpResponse:
    return _fragment(request, "reviews", _reviews)


@login_required
def feed(request: AuthedHttpRequest) -> HttpResponse:
    return _fragment(request, "feed", _feed)


@login_required
def heatmap_csv(request: AuthedHttpRequest) -> HttpResponse:
    """Exactly the heatmap on screen: same lens, filters, sort and page (or every page)."""
    chosen = access.team_for(request.user, request.GET)
    everyone = request.GET.get("all") == "1"
    gaps = _gaps(request, chosen, everyone=everyone)
    shown: queries.Heatmap = gaps["heatmap"]
    lens = gaps["choice"].gap_filter.lens
    header = [_("Person"), str(dict(queries.Lens.CHOICES)[lens]), _("Total gap")]
    rows = [
        [row.full_name, row.role_title or "", row.total_gap]
        + ["" if cell is None else cell.gap for cell in row.line]
        for row in shown.rows
    ]
    part = "all" if everyone else f"page-{shown.page}"
    name = f"team-skill-gaps-{lens}-{part}-{timezone.localdate().isoformat()}.csv"
    return csv_response(name, header + [column.name for column in shown.columns], rows)


@require(access.is_hr)
def managers(request: AuthedHttpRequest) -> HttpResponse:
    """HR: every manager, to open their dashboard."""
    query = request.GET.get("q", "").strip()[:100]
    people = employees_visible_to(request.user).active().with_related()
    people = people.filter(Exists(Employee.objects.filter(manager=OuterRef("pk"))))
    if query:
        people = people.filter(Q(full_name__icontains=query) | Q(work_email__icontains=query))
    people = people.with_report_counts().order_by("full_name", "pk")
    page = Paginator(people, MANAGERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "nav_active": "team"}
    return render_page(request, "dashboards/managers.html", context)


# --------------------------------------------------------------------------- writes


def _back_team(request: AuthedHttpRequest) -> access.Team:
    """The dashboard a plain POST came from (its hidden scope and manager), to return to."""
    return access.team_for(request.user, request.POST)


@login_required
def rate(request: AuthedHttpRequest, employee_id: UUID, skill_id: int) -> HttpResponse:
    """The manager's rating of one skill, beside the self-rating, with its history."""
    person = get_object_or_404(access.people_to_rate(request.user), public_id=employee_id)
    skill = get_object_or_404(Skill.objects.select_related("category"), pk=skill_id)
    form = RatingForm(posted(request))
    rated = submit(
        form,
        lambda data: rating_set(
            employee=person,
            skill=skill,
            level=data["level"],
            source=RatingSource.MANAGER,
            rated_by=request.user,
            note=data["note"],
        ),
    )
    if rated is not None:
        return _rated(request, person, skill)
    if request.method == "POST" and wants_fragment(request):
        return _review_row(request, person, skill, form=form)
    return _rate_page(request, person, skill, form)


def _rate_page(
    request: AuthedHttpRequest, person: Employee, skill: Skill, form: RatingForm
) -> HttpResponse:
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
    return render_page(request, "dashboards/rate.html", context)


def _back_url(request: AuthedHttpRequest, anchor: str) -> str:
    query = urlencode(_back_params(request))
    return f"{reverse('dashboards:team')}{'?' + query if query else ''}#{anchor}"


def _back_params(request: AuthedHttpRequest) -> dict[str, str]:
    source = request.POST if request.method == "POST" else request.GET
    return {key: source[key] for key in ("scope", "manager") if source.get(key)}


def _review_row(
    request: AuthedHttpRequest, person: Employee, skill: Skill, *, form: RatingForm | None = None
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
    return render_page(request, PAGE, context, fragment="review_row")


def _rated(request: AuthedHttpRequest, person: Employee, skill: Skill) -> HttpResponse:
    if wants_fragment(request):
        response = _review_row(request, person, skill)
        # The counts elsewhere on the page (ratings to review, worth a conversation) refetch.
        response["HX-Trigger"] = "ratings-changed"
        return response
    messages.success(
        request,
        _("Your rating of %(skill)s for %(name)s is saved.")
        % {"skill": skill.name, "name": person.full_name},
    )
    return redirect(_back_url(request, "reviews"))


@login_required
def recognise_milestone(request: AuthedHttpRequest, milestone_id: UUID) -> HttpResponse:
    milestone = get_object_or_404(
        access.milestones_to_recognise(request.user), public_id=milestone_id
    )
    return _recognise(request, milestone=milestone)


@login_required
def recognise_goal(request: AuthedHttpRequest, goal_id: UUID) -> HttpResponse:
    goal = get_object_or_404(access.goals_to_recognise(request.user), public_id=goal_id)
    return _recognise(request, goal=goal)


def _recognise(
    request: AuthedHttpRequest, *, milestone: Milestone | None = None, goal: Goal | None = None
) -> HttpResponse:
    me = viewer_employee(request.user)
    done = milestone.done_at if milestone is not None else goal.achieved_at if goal else None
    if me is None or done is None:
        # Nothing to recognise yet (or no one to recognise it): say so, change nothing.
        return render(request, "errors/refused.html", {"reason": NOT_DONE}, status=409)
    form = RecognitionForm(posted(request))
    sent = submit(
        form,
        lambda data: recognition_create(
            from_employee=me, message=data["message"], milestone=milestone, goal=goal
        ),
    )
    if sent is not None:
        return _recognised(request, milestone=milestone, goal=goal)
    item = _achievement(request, milestone=milestone, goal=goal)
    if request.method == "POST" and wants_fragment(request):
        context = {**_base(_back_team(request)), "item": item, "item_form": form}
        return render_page(request, PAGE, context, fragment="feed_item")
    context = {
        "item": item,
        "form": form,
        "back": _back_params(request),
        "team_query": urlencode(_back_params(request)),
        "nav_active": "team",
    }
    return render_page(request, "dashboards/recognise.html", context)


def _achievement(
    request: AuthedHttpRequest,
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
    request: AuthedHttpRequest, *, milestone: Milestone | None, goal: Goal | None
) -> HttpResponse:
    if wants_fragment(request):
        item = _achievement(request, milestone=milestone, goal=goal, recognised=True)
        context = {**_base(_back_team(request)), "item": item, "item_sent": True}
        return render_page(request, PAGE, context, fragment="feed_item")
    target: Any = milestone or goal
    owner = (milestone.goal.career_map if milestone else target.career_map).employee
    messages.success(
        request,
        _("Recognition sent. %(full_name)s will see it on their map.")
        % {"full_name": owner.full_name},
    )
    return redirect(_back_url(request, "feed"))
