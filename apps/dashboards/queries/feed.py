"""The recognition feed: milestones completed and goals achieved lately, to recognise."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypedDict
from uuid import UUID

from django.db.models import Exists, OuterRef, QuerySet, Value
from django.urls import reverse
from django.utils import timezone

from apps.careermaps.access import visible_map_condition
from apps.careermaps.models import CareerMap, Goal, GoalStatus, Milestone, Recognition
from apps.dashboards.access import Scope, Team
from apps.employees.access import is_manager_of
from apps.employees.models import Employee

FEED_DAYS = 30
FEED_ITEMS = 20


@dataclass
class Achievement:
    kind: str  # "milestone" or "goal"
    public_id: UUID
    title: str
    goal_title: str
    person: Employee
    when: datetime
    recognised_by_me: bool
    recognised: bool
    can_recognise: bool

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.public_id}"

    @property
    def recognise_url(self) -> str:
        return reverse(f"dashboards:recognise-{self.kind}", args=[self.public_id])


def _feed_rows(
    user: Any, team: Team, since: datetime
) -> tuple[QuerySet[Milestone], QuerySet[Goal]]:
    """The team's milestones done and goals achieved since ``since``, on maps the viewer reads.

    Conditions on each row's own join (map, owner), not ``IN (visible maps)``: the planner then
    walks the newest-first indexes and stops after a few rows, instead of hash-joining every
    visible map (~18k on the whole organisation) before sorting.
    """
    on_map, on_goal_map = "career_map", "goal__career_map"
    within = team.root.path if team.scope == Scope.SUBTREE else None
    milestones = Milestone.objects.filter(
        visible_map_condition(user, through=on_goal_map, within=within),
        team.people_condition(f"{on_goal_map}__employee"),
        done_at__gte=since,
    )
    goals = Goal.objects.filter(
        visible_map_condition(user, through=on_map, within=within),
        team.people_condition(f"{on_map}__employee"),
        achieved_at__gte=since,
        status=GoalStatus.ACHIEVED,
    )
    return milestones, goals


def achievements(
    user: Any,
    me: Employee | None,
    team: Team,
    *,
    since: datetime | None = None,
    limit: int = FEED_ITEMS,
) -> list[Achievement]:
    """Milestones completed and goals achieved lately by the team, newest first (two queries)."""
    milestones, goals = _feed_rows(user, team, since or timezone.now() - timedelta(days=FEED_DAYS))
    milestones = (
        milestones.select_related("goal__career_map__employee")
        .annotate(**_recognised("milestone", me))
        .order_by("-done_at", "-id")[:limit]
    )
    goals = (
        goals.select_related("career_map__employee")
        .annotate(**_recognised("goal", me))
        .order_by("-achieved_at", "-id")[:limit]
    )
    items = [milestone_achievement(user, m) for m in milestones] + [
        goal_achievement(user, g) for g in goals
    ]
    items.sort(key=lambda item: item.when, reverse=True)
    return items[:limit]


def achievement_count(user: Any, team: Team, *, limit: int = FEED_ITEMS) -> int:
    """How many achievements ``achievements`` would list (at most ``limit``), by count.

    Counted in the feed's own newest-first order: the planner walks the same indexes and stops
    at ``limit`` rows. Under the models' default order it sorted every match first.
    """
    milestones, goals = _feed_rows(user, team, timezone.now() - timedelta(days=FEED_DAYS))
    milestones = milestones.order_by("-done_at", "-id")[:limit]
    goals = goals.order_by("-achieved_at", "-id")[:limit]
    return min(limit, milestones.count() + goals.count())


class RecognitionFields(TypedDict):
    """Whether the viewer (and anyone) recognised a milestone or goal: see ``_recognised``."""

    recognised_by_me: bool
    recognised: bool


def _recognised(field_name: str, me: Employee | None) -> dict[str, Any]:
    recognitions = Recognition.objects.filter(**{field_name: OuterRef("pk")})
    mine = Exists(recognitions.filter(from_employee=me)) if me else Value(False)
    return {"recognised_by_me": mine, "recognised": Exists(recognitions)}


def _recognition(target: Milestone | Goal) -> RecognitionFields:
    """The flags ``_recognised`` annotated on the milestone or goal (or the view set on it)."""
    values = vars(target)
    return RecognitionFields(
        recognised_by_me=values["recognised_by_me"], recognised=values["recognised"]
    )


def _may_recognise(user: Any, career_map: CareerMap) -> bool:
    return career_map.visible_to_manager and is_manager_of(user, career_map.employee)


def milestone_achievement(user: Any, milestone: Milestone) -> Achievement:
    career_map = milestone.goal.career_map
    if milestone.done_at is None:
        raise ValueError("Only a completed milestone is an achievement.")
    return Achievement(
        kind="milestone",
        public_id=milestone.public_id,
        title=milestone.title,
        goal_title=milestone.goal.specific,
        person=career_map.employee,
        when=milestone.done_at,
        **_recognition(milestone),
        can_recognise=_may_recognise(user, career_map),
    )


def goal_achievement(user: Any, goal: Goal) -> Achievement:
    if goal.achieved_at is None:
        raise ValueError("Only an achieved goal is an achievement.")
    return Achievement(
        kind="goal",
        public_id=goal.public_id,
        title=goal.specific,
        goal_title="",
        person=goal.career_map.employee,
        when=goal.achieved_at,
        **_recognition(goal),
        can_recognise=_may_recognise(user, goal.career_map),
    )
