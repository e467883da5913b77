"""Explore roles (the method's Research step): the role catalogue, a role's page, where I can go
from here as a career-path map, comparing two roles, and setting a role as my target.

Anyone with an employee record explores, with their own readiness beside every role; HR
explores without one and sees no personal figures. Everyone else is told the pages do not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.careermaps import access as map_access
from apps.careermaps.models import CareerMap
from apps.careermaps.services.maps import map_create, map_target_set
from apps.employees.access import has_record, record_of, viewer_employee
from apps.employees.gaps import (
    HOW_READINESS_IS_COMPUTED,
    RoleFit,
    SkillGap,
    explain,
    role_fits_for_employee,
    skill_gaps,
)
from apps.employees.models import Employee
from apps.explore import access, graph
from apps.explore.forms import SORT_READINESS, CatalogueFilterForm, CompareForm
from apps.explore.paths import (
    DEFAULT_MAX_STEPS,
    HOW_RANKING_IS_COMPUTED,
    STEP_PENALTY,
)
from apps.roles.models import (
    Role,
    RoleRequirement,
    RoleTransition,
    TransitionKind,
)
from apps.skills.models import Level
from careermap.web import AuthedHttpRequest, render_page, require

PAGE_SIZE = 20
HOLDERS_SHOWN = 24
BEST_FIT_SHOWN = 5


def _level_label(level: int) -> str:
    return f"{level} · {Level(level).label}"


# --- the catalogue ----------------------------------------------------------------------------


def _filtered_roles(filters: dict[str, Any]) -> QuerySet[Role]:
    roles = Role.objects.all()
    if query := filters.get("q"):
        by_skill = RoleRequirement.objects.filter(role=OuterRef("pk"), skill__name__icontains=query)
        roles = roles.filter(
            Q(title__icontains=query) | Q(family__name__icontains=query) | Exists(by_skill)
        )
    for field in ("family", "level", "track"):
        if field in filters:
            roles = roles.filter(**{field: filters[field]})
    return roles


@dataclass(frozen=True, slots=True)
class CatalogueRow:
    role: Role
    fit: RoleFit | None


Rows = tuple[Page, list[CatalogueRow]]


def _page_by_readiness(request: AuthedHttpRequest, me: Employee, roles: QuerySet[Role]) -> Rows:
    """All matching roles ranked by my readiness (one query), then the page's roles (one)."""
    page = Paginator(role_fits_for_employee(me, roles), PAGE_SIZE).get_page(request.GET.get("page"))
    by_id = Role.objects.select_related("family").in_bulk([fit.role_id for fit in page])
    return page, [CatalogueRow(by_id[fit.role_id], fit) for fit in page]


def _page_by_family(request: AuthedHttpRequest, me: Employee | None, roles: QuerySet[Role]) -> Rows:
    """A page of roles in catalogue order, with my readiness for those roles (one query)."""
    ordered = roles.select_related("family").order_by("family__name", "level", "title", "pk")
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    fits: dict[int, RoleFit] = {}
    if me is not None and page.object_list:
        shown = Role.objects.filter(pk__in=[role.pk for role in page])
        fits = {fit.role_id: fit for fit in role_fits_for_employee(me, shown)}
    return page, [CatalogueRow(role, fits.get(role.pk)) for role in page]


@require(access.can_explore)
def catalogue(request: AuthedHttpRequest) -> HttpResponse:
    me = viewer_employee(request.user)
    form = CatalogueFilterForm(request.GET or None, can_rank=me is not None)
    filters = form.filters()
    roles = _filtered_roles(filters)
    if me is not None and filters.get("sort") == SORT_READINESS:
        page, rows = _page_by_readiness(request, me, roles)
    else:
        page, rows = _page_by_family(request, me, roles)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "me": me,
        "how_computed": HOW_READINESS_IS_COMPUTED,
        "my_map": map_access.own_map(request.user) if me else None,
        "nav_active": "explore",
    }
    return render_page(request, "explore/catalogue.html", context, fragment="results")


# --- a role's page ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Need:
    """One skill a role requires, with my standing in it when I have an employee record."""

    skill_id: int
    skill_name: str
    required_level: int
    importance: str
    weight: Decimal
    gap: SkillGap | None = None

    @property
    def required_label(self) -> str:
        return _level_label(self.required_level)

    @property
    def is_essential(self) -> bool:
        return self.importance == "essential"


def _needs(me: Employee | None, role: Role) -> tuple[list[Need], list[SkillGap]]:
    """The role's requirements: through the gap engine for me (one query), plain for HR."""
    if me is not None:
        gaps = skill_gaps(me, role)
        needs = [
            Need(g.skill_id, g.skill_name, g.required_level, str(g.importance), g.weight, g)
            for g in gaps
        ]
        return needs, gaps
    requirements = role.requirements.select_related("skill").order_by("-importance", "skill__name")
    return [
        Need(r.skill_id, r.skill.name, r.required_level, r.importance, r.weight)
        for r in requirements
    ], []


def _transitions(role: Role) -> tuple[list[tuple[Role, RoleTransition]], ...]:
    """The moves into ``role`` and out of it, each with the role at its other end (one query)."""
    moves = (
        RoleTransition.objects.filter(Q(from_role=role) | Q(to_role=role))
        .select_related("from_role__family", "to_role__family")
        .order_by("typical_months", "pk")
    )
    into = [(move.from_role, move) for move in moves if move.to_role_id == role.pk]
    out = [(move.to_role, move) for move in moves if move.from_role_id == role.pk]
    return into, out


@require(access.can_explore)
def role(request: AuthedHttpRequest, role_id: UUID) -> HttpResponse:
    me = viewer_employee(request.user)
    the_role = access.role_to_explore(role_id)
    needs, gaps = _needs(me, the_role)
    holders = Employee.objects.visible_to(request.user).active().filter(current_role=the_role)
    paths_in, paths_out = _transitions(the_role)
    my_map = map_access.own_map(request.user) if me is not None else None
    context = {
        "role": the_role,
        "me": me,
        "needs": needs,
        "explanation": explain(gaps) if gaps else None,
        "skills_met": sum(1 for gap in gaps if gap.is_met),
        "how_computed": HOW_READINESS_IS_COMPUTED,
        "holders": list(holders.select_related("department").order_by("full_name")[:HOLDERS_SHOWN]),
        "holder_count": holders.count(),
        "paths_in": paths_in,
        "paths_out": paths_out,
        "is_current": me is not None and me.current_role_id == the_role.pk,
        "is_target": my_map is not None and my_map.target_role_id == the_role.pk,
        "nav_active": "explore",
    }
    return render(request, "explore/role.html", context)


# --- set as my target -------------------------------------------------------------------------


def _set_target(user: Any, me: Employee, target: Role) -> CareerMap:
    """My map (started now if I have none) aims at ``target``. A refusal leaves no new map."""
    with transaction.atomic():
        career_map = map_access.own_map(user) or map_create(employee=me)
        return map_target_set(career_map=career_map, role=target)


@require(has_record)
@require_POST
def target(request: AuthedHttpRequest, role_id: UUID) -> HttpResponse:
    me = record_of(request.user)
    the_role = access.role_to_explore(role_id)
    fragment = "explore/_target_button.html"
    previous = map_access.own_map(request.user)
    before = previous.target_role if previous else None
    try:
        career_map = _set_target(request.user, me, the_role)
    except ValidationError as error:
        if request.htmx:
            context = {"role": the_role, "error": error.messages[0], "htmx": True}
            return render(request, fragment, context)
        messages.error(request, error.messages[0])
        return redirect("explore:role", role_id=the_role.public_id)
    if request.htmx:
        return _target_set_fragment(request, the_role, career_map, before)
    messages.success(
        request, _("%(role)s is now your target role. Here is your gap.") % {"role": the_role.title}
    )
    return redirect(reverse("careermaps:overview", args=[career_map.public_id]) + "#target")


def _target_set_fragment(
    request: AuthedHttpRequest, role: Role, career_map: CareerMap, before: Role | None
) -> HttpResponse:
    """The confirmation; the role that was the target gets its button back (out of band), and
    the parts of the page that mark the target refetch themselves on ``target-changed``."""
    fragment = "explore/_target_button.html"
    context = {"role": role, "career_map": career_map, "done": True}
    html = render_to_string(fragment, context, request)
    if before is not None and before.pk != role.pk:
        old = {"role": before, "htmx": True, "secondary": True, "oob": True}
        html += render_to_string(fragment, old, request)
    response = HttpResponse(html)
    response["HX-Trigger"] = "target-changed"
    return response


# --- where can I go from here -----------------------------------------------------------------


def _start_role(request: AuthedHttpRequest, me: Employee | None) -> Role | None:
    """``?from=<role id>`` when given (404 if unknown), else my current role."""
    wanted = request.GET.get("from")
    if wanted:
        try:
            return access.role_to_explore(UUID(wanted))
        except ValueError as error:
            raise Http404("No such role") from error
    return me.current_role if me is not None else None


@require(access.can_explore)
def paths(request: AuthedHttpRequest) -> HttpResponse:
    me = viewer_employee(request.user)
    start = _start_role(request, me)
    my_map = map_access.own_map(request.user) if me is not None else None
    target_id = my_map.target_role_id if my_map else None
    context: dict[str, Any] = {
        "me": me,
        "start": start,
        "nav_active": "explore",
        "max_steps": DEFAULT_MAX_STEPS,
        "step_penalty": STEP_PENALTY,
        "how_ranked": HOW_RANKING_IS_COMPUTED,
        "how_computed": HOW_READINESS_IS_COMPUTED,
        "my_map": my_map,
        "is_mine": me is not None and start is not None and start.pk == me.current_role_id,
        "catalogue_url": reverse("explore:catalogue"),
        "kinds": TransitionKind.choices,
        "node_width": graph.NODE_WIDTH,
        "node_height": graph.NODE_HEIGHT,
    }
    if start is not None:
        context |= _destinations(me, start, target_id)
    fragment = "path-map" if start is not None and request.GET.get("part") == "map" else None
    return render_page(request, "explore/paths.html", context, fragment=fragment)


def _destinations(me: Employee | None, start: Role, target_id: int | None) -> dict[str, Any]:
    """Where ``start`` leads: the map of moves, the best fits and the whole table."""
    destinations, roles = graph.destinations_from(me, start)
    moves = list(
        RoleTransition.objects.filter(from_role__in=list(roles), to_role__in=list(roles)).order_by(
            "pk"
        )
    )
    return {
        "path_map": graph.path_map(start, destinations, target_id, moves),
        "best": [d for d in destinations if d.score is not None][:BEST_FIT_SHOWN],
        "table": sorted(destinations, key=lambda d: (d.reach.steps, d.reach.months, d.role.title)),
    }


# --- compare two roles ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CompareRow:
    skill_name: str
    a: Need | None
    b: Need | None

    @property
    def sides(self) -> tuple[Need | None, Need | None]:
        return self.a, self.b

    @property
    def gap(self) -> SkillGap | None:
        """My standing in the skill (the same whichever role asks for it)."""
        for need in (self.a, self.b):
            if need is not None and need.gap is not None:
                return need.gap
        return None


def _compare_rows(a_needs: list[Need], b_needs: list[Need]) -> list[CompareRow]:
    """The union of both roles' skills: shared ones first, then by name."""
    by_skill_a = {need.skill_id: need for need in a_needs}
    by_skill_b = {need.skill_id: need for need in b_needs}
    names = {need.skill_id: need.skill_name for need in (*a_needs, *b_needs)}
    rows = [
        CompareRow(names[skill], by_skill_a.get(skill), by_skill_b.get(skill)) for skill in names
    ]
    return sorted(rows, key=lambda row: (row.a is None or row.b is None, row.skill_name.lower()))


def _compared_roles(
    request: AuthedHttpRequest, roles: list[Role]
) -> tuple[Role | None, Role | None]:
    """The roles named by ``a`` and ``b``: 404 when one names no role at all."""
    by_id = {str(r.public_id): r for r in roles}
    chosen: list[Role | None] = []
    for key in ("a", "b"):
        value = request.GET.get(key, "").strip()
        if value and value not in by_id:
            raise Http404("No such role")
        chosen.append(by_id.get(value))
    return chosen[0], chosen[1]


@dataclass(frozen=True, slots=True)
class Side:
    role: Role
    needs: list[Need]
    explanation: Any


@require(access.can_explore)
def compare(request: AuthedHttpRequest) -> HttpResponse:
    me = viewer_employee(request.user)
    roles = list(Role.objects.select_related("family").order_by("title"))
    first, second = _compared_roles(request, roles)
    # Arriving with only one role chosen (from a role's page) is a start, not a mistake.
    bound = "a" in request.GET and "b" in request.GET
    form = CompareForm(request.GET if bound else None, initial=request.GET.dict(), roles=roles)
    context: dict[str, Any] = {
        "form": form,
        "me": me,
        "nav_active": "explore",
        "how_computed": HOW_READINESS_IS_COMPUTED,
        "my_map": map_access.own_map(request.user) if me else None,
    }
    if first and second and form.is_valid():
        sides = []
        for chosen in (first, second):
            needs, gaps = _needs(me, chosen)
            sides.append(Side(chosen, needs, explain(gaps) if gaps else None))
        context |= {"sides": sides, "rows": _compare_rows(sides[0].needs, sides[1].needs)}
    return render(request, "explore/compare.html", context)
