"""Who may open which manager dashboard, and on whom it may act. Every dashboard view asks here.

- A manager (anyone with at least one direct report) opens their own dashboard, and the
  dashboard of any manager in their sub-tree (``?manager=<public_id>``).
- HR opens any manager's dashboard; HR with no reports of their own starts from the list of
  managers.
- Everyone else, and any URL naming someone outside the viewer's sub-tree, gets 404, exactly
  like something that does not exist. So does naming someone who has no reports.
- Writes (a manager rating, a recognition) act only on people strictly below the viewer in the
  reporting line. HR oversees every team; the people up the line rate and recognise.
- Career maps are read through careermaps' ``maps_visible_to``: a map its owner keeps from
  managers stays closed here too (HR reads every map).
- Talent-review data comes through succession's access rules: a manager sees it for people
  strictly below them, HR for everyone but themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from apps.careermaps.models import Goal, Milestone
from apps.employees.access import (
    employees_visible_to,
    has_reports,
    is_manager_of,
    viewer_employee,
)
from apps.employees.models import Employee
from apps.employees.querysets import EmployeeQuerySet


class Scope:
    DIRECT = "direct"
    SUBTREE = "subtree"
    CHOICES = (
        (DIRECT, gettext_lazy("Direct reports")),
        (SUBTREE, gettext_lazy("Whole team, all levels")),
    )


def _has_team(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_hr or has_reports(user)))


def must_choose_manager(user: Any, params: QueryDict) -> bool:
    """HR without reports of their own, asking for "my team": they pick a manager first."""
    return bool(
        user.is_authenticated and user.is_hr and not params.get("manager") and not has_reports(user)
    )


def is_hr(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_hr)


@dataclass(frozen=True)
class Team:
    """One manager's team as one viewer sees it: whose team, and how deep."""

    viewer: Any
    root: Employee
    scope: str
    named: bool  # the URL named the manager (HR, or a manager looking at a sub-team)

    @property
    def is_own(self) -> bool:
        me = viewer_employee(self.viewer)
        return me is not None and me.pk == self.root.pk

    @property
    def reads_every_map(self) -> bool:
        return bool(self.viewer.is_hr)

    def people(self) -> EmployeeQuerySet:
        """Everyone the dashboard shows: never the manager themselves, never leavers."""
        if self.scope == Scope.SUBTREE:
            people = Employee.objects.in_subtree(self.root, include_root=False)
        else:
            people = Employee.objects.direct_reports_of(self.root)
        return people.active()

    def people_condition(self, through: str) -> Q:
        """``people()`` as a condition on an employee reached through ``through`` (e.g.
        ``"career_map__employee"``), so a query filters its own join instead of ``IN (people)``."""
        if self.scope == Scope.SUBTREE:
            team = Q(**{f"{through}__path__startswith": self.root.path}) & ~Q(
                **{through: self.root}
            )
        else:
            team = Q(**{f"{through}__manager": self.root})
        return team & ~Q(**{f"{through}__status": "left"})

    def sizes(self) -> dict[str, int]:
        """How many people each scope holds (one query)."""
        everyone = Employee.objects.in_subtree(self.root, include_root=False).active()
        return everyone.aggregate(
            direct=Count("pk", filter=Q(manager=self.root)), subtree=Count("pk")
        )

    def query(self, **extra: str) -> dict[str, str]:
        """The query-string parameters that keep a link on this team and scope."""
        params = {"scope": self.scope, **extra}
        if self.named:
            params["manager"] = str(self.root.public_id)
        return params

    def can_act_on(self, employee: Employee) -> bool:
        """Rate or recognise: only people strictly below the viewer (no query)."""
        return is_manager_of(self.viewer, employee)


def _named_root(user: Any, raw: str) -> Employee:
    """The manager a URL names: someone the viewer sees, with at least one report."""
    try:
        public_id = UUID(raw)
    except ValueError:
        raise Http404("No such manager") from None
    managers = employees_visible_to(user).active().with_related()
    managers = managers.filter(Exists(Employee.objects.filter(manager=OuterRef("pk"))))
    return get_object_or_404(managers, public_id=public_id)


def team_for(user: Any, params: QueryDict) -> Team:
    """The team the request asks for, or 404. ``params`` is the query string (or POST)."""
    if not _has_team(user):
        raise Http404("No team")
    scope = params.get("scope") if params.get("scope") in (Scope.DIRECT, Scope.SUBTREE) else None
    if raw := params.get("manager"):
        root = _named_root(user, raw)
        return Team(user, root, scope or Scope.DIRECT, named=True)
    me = viewer_employee(user)
    if me is None or not has_reports(user):
        raise Http404("No team")
    return Team(user, me, scope or Scope.DIRECT, named=False)


def people_to_rate(user: Any) -> EmployeeQuerySet:
    """People strictly below the viewer; anyone else does not exist here."""
    me = viewer_employee(user)
    if me is None:
        return Employee.objects.none()
    return Employee.objects.in_subtree(me, include_root=False).active().with_related()


def _below_viewer_with_open_map(user: Any) -> Q:
    """Achievements of people strictly below the viewer, on maps they let managers read."""
    me = viewer_employee(user)
    if me is None:
        return Q(pk__in=[])
    return Q(
        career_map__employee__path__startswith=me.path,
        career_map__visible_to_manager=True,
    ) & ~Q(career_map__employee=me)


def goals_to_recognise(user: Any) -> QuerySet[Goal]:
    return Goal.objects.filter(_below_viewer_with_open_map(user)).select_related(
        "career_map__employee"
    )


def milestones_to_recognise(user: Any) -> QuerySet[Milestone]:
    goals = Goal.objects.filter(_below_viewer_with_open_map(user))
    return Milestone.objects.filter(goal__in=goals).select_related("goal__career_map__employee")
