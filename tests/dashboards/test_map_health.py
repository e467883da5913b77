"""The dashboards' aggregates kept by triggers: ``dashboards_map_health`` (the facts
development health scores on) and ``dashboards_ratings_waiting`` (ratings to review).

Every write path of the four tables it is made from (an ORM save, a queryset update, a bulk
create, a delete and Django's cascades, plain SQL) must leave each map's row equal to what the
goals, milestones and reflections say now. ``_expected`` recomputes that in Python from the
rows themselves; the tests compare it with the table after each kind of write. The same goes
for the skill ratings and each person's count of those waiting for a manager's review.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from apps.careermaps.models import CareerMap, Goal, GoalStatus, Milestone, Reflection
from apps.dashboards.queries import (
    development_health,
    health_counts,
    ratings_to_review,
    ratings_to_review_count,
)
from apps.dashboards.queries.health import OPEN_GOALS
from apps.employees.models import Employee, RatingSource, SkillRating
from apps.employees.services import rating_set
from tests.conftest import Org
from tests.factories import SkillFactory

pytestmark = pytest.mark.django_db

SELF, MANAGER = RatingSource.SELF, RatingSource.MANAGER

Facts = tuple[list[date], int, list[date], datetime | None]


def _table() -> dict[int, Facts]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT career_map_id, open_goal_dates, achieved_goals, open_milestone_dues,"
            " last_reflected_at FROM dashboards_map_health"
        )
        return {row[0]: (list(row[1]), row[2], list(row[3]), row[4]) for row in cursor.fetchall()}


def _expected() -> dict[int, Facts]:
    """Each map's facts from its goals, milestones and reflections, worked out in Python."""
    facts = {}
    for career_map in CareerMap.objects.all():
        goals = list(career_map.goals.all())
        open_goals = [g for g in goals if g.status in OPEN_GOALS]
        dues = Milestone.objects.filter(
            goal__in=open_goals, done_at__isnull=True, due__isnull=False
        ).values_list("due", flat=True)
        reflections = [r.created_at for r in career_map.reflections.all()]
        facts[career_map.pk] = (
            sorted(g.target_date for g in open_goals),
            sum(g.status == GoalStatus.ACHIEVED for g in goals),
            sorted(dues),
            max(reflections, default=None),
        )
    return facts


def _check() -> None:
    assert _table() == _expected()


def _goal(career_map: CareerMap, days: int, status: str = GoalStatus.IN_PROGRESS) -> Goal:
    return Goal.objects.create(
        career_map=career_map,
        specific=f"Goal {days}",
        measurable="m",
        achievable="a",
        relevant="r",
        target_date=timezone.localdate() + timedelta(days=days),
        status=status,
    )


def _milestone(goal: Goal, days: int | None, **fields: Any) -> Milestone:
    due = None if days is None else timezone.localdate() + timedelta(days=days)
    return Milestone.objects.create(goal=goal, title=f"Step {days}", due=due, **fields)


@pytest.fixture
def maps(org: Org) -> tuple[CareerMap, CareerMap]:
    return (
        CareerMap.objects.create(employee=org.employee),
        CareerMap.objects.create(employee=org.teammate),
    )


def test_the_trigger_sql_names_the_goal_statuses_the_models_have() -> None:
    assert OPEN_GOALS == ["not_started", "in_progress"]
    assert str(GoalStatus.ACHIEVED) == "achieved"


def test_a_new_map_has_a_row_with_nothing_in_it(maps: tuple[CareerMap, CareerMap]) -> None:
    assert _table()[maps[0].pk] == ([], 0, [], None)
    _check()


def test_goals_saved_edited_and_deleted(maps: tuple[CareerMap, CareerMap]) -> None:
    mine, theirs = maps
    late, soon = _goal(mine, -3), _goal(mine, 10, GoalStatus.NOT_STARTED)
    _goal(mine, -30, GoalStatus.DROPPED)
    _goal(mine, 5)  # two open goals on one day count twice
    _goal(mine, 5)
    _check()
    late.status = GoalStatus.ACHIEVED
    late.achieved_at = timezone.now()
    late.save()
    soon.target_date += timedelta(days=30)
    soon.save()
    _check()
    soon.career_map = theirs  # moved: both maps change
    soon.save()
    _check()
    late.delete()
    _check()


def test_goals_in_bulk_and_by_plain_sql(maps: tuple[CareerMap, CareerMap]) -> None:
    mine, theirs = maps
    Goal.objects.bulk_create(
        Goal(career_map=mine, specific=f"G{n}", target_date=date(2030, 1, n + 1)) for n in range(3)
    )
    _check()
    Goal.objects.filter(career_map=mine).update(status=GoalStatus.DROPPED)
    _check()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE careermaps_goal SET status = 'not_started', career_map_id = %s", [theirs.pk]
        )
    _check()
    Goal.objects.all().delete()
    _check()


def test_milestones_saved_done_moved_and_deleted(maps: tuple[CareerMap, CareerMap]) -> None:
    mine, theirs = maps
    goal, other = _goal(mine, 20), _goal(theirs, 20)
    step = _milestone(goal, 3)
    _milestone(goal, None)  # no due date: never due
    _milestone(goal, 1, done_at=timezone.now())  # done: never due
    _check()
    step.due += timedelta(days=2)
    step.save()
    _check()
    step.done_at = timezone.now()
    step.save()
    _check()
    step.done_at = None
    step.goal = other
    step.save()
    _check()
    Milestone.objects.bulk_create(
        Milestone(goal=goal, title="b", due=date(2030, 1, 1)) for _ in "ab"
    )
    Milestone.objects.filter(goal=goal).update(due=date(2031, 1, 1))
    _check()
    step.delete()
    _check()


def test_a_goal_closed_or_deleted_takes_its_milestones_out(
    maps: tuple[CareerMap, CareerMap],
) -> None:
    goal = _goal(maps[0], 20)
    _milestone(goal, 3)
    goal.status = GoalStatus.DROPPED
    goal.save()
    assert _table()[maps[0].pk][2] == []
    goal.status = GoalStatus.IN_PROGRESS
    goal.save()
    _check()
    goal.delete()  # Django deletes its milestones first, then the goal
    _check()


def test_reflections_written_and_deleted(maps: tuple[CareerMap, CareerMap]) -> None:
    mine = maps[0]
    now = timezone.now()
    older = Reflection.objects.create(
        career_map=mine, progress="a", confidence=3, created_at=now - timedelta(9)
    )
    latest = Reflection.objects.create(
        career_map=mine, progress="b", confidence=3, created_at=now - timedelta(2)
    )
    _check()
    latest.delete()
    assert _table()[mine.pk][3] == older.created_at
    Reflection.objects.bulk_create(
        [Reflection(career_map=mine, progress="c", confidence=3, created_at=now)]
    )
    _check()
    Reflection.objects.filter(career_map=mine).update(created_at=now - timedelta(50))
    _check()


def test_a_deleted_map_or_person_takes_its_row_away(
    org: Org, maps: tuple[CareerMap, CareerMap]
) -> None:
    mine = maps[0]
    _milestone(_goal(mine, 5), 2)
    Reflection.objects.create(career_map=mine, progress="a", confidence=3)
    mine.delete()
    _check()
    Employee.objects.filter(pk=org.teammate.pk).delete()  # cascades to the map
    assert _table() == {}


def _row(org: Org, now: datetime) -> Any:
    people = Employee.objects.filter(pk=org.employee.pk)
    return development_health(people, read_all_maps=False, now=now).rows[0]


def test_overdue_and_due_soon_move_with_the_day_not_with_a_write(org: Org) -> None:
    """Goal due today: on track today, overdue tomorrow. Milestones count from today to
    DUE_SOON_DAYS ahead, both ends included."""
    career_map = CareerMap.objects.create(employee=org.employee)
    goal = _goal(career_map, 0)
    for days in (-1, 0, 14, 15):
        _milestone(goal, days)
    now = timezone.now()
    today = _row(org, now)
    assert (today.overdue, today.on_track, today.due_soon) == (0, 1, 2)  # days 0 and 14
    tomorrow = _row(org, now + timedelta(days=1))
    assert (tomorrow.overdue, tomorrow.on_track, tomorrow.due_soon) == (1, 0, 2)  # 14 and 15
    assert tomorrow.attention > today.attention
    people = Employee.objects.filter(pk=org.employee.pk)
    assert health_counts(people, read_all_maps=False, now=now + timedelta(days=1)) == (1, 1)


# ------------------------------------------------------------------ ratings waiting for review


def _waiting_table() -> dict[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT employee_id, waiting FROM dashboards_ratings_waiting")
        return {employee: n for employee, n in cursor.fetchall() if n}


def _waiting_expected() -> dict[int, int]:
    counts: dict[int, int] = {}
    for rating in ratings_to_review(Employee.objects.all()):
        counts[rating.employee_id] = counts.get(rating.employee_id, 0) + 1
    return counts


def _check_waiting(org: Org) -> None:
    assert _waiting_table() == _waiting_expected()
    team = Employee.objects.in_subtree(org.director, include_root=False)
    assert ratings_to_review_count(team) == ratings_to_review(team).count()


def test_ratings_waiting_follow_self_and_manager_ratings(org: Org) -> None:
    skill, other = SkillFactory(), SkillFactory()
    rating_set(employee=org.employee, skill=skill, level=3, source=SELF, rated_by=None)
    rating_set(employee=org.employee, skill=other, level=2, source=SELF, rated_by=None)
    _check_waiting(org)
    assert _waiting_table() == {org.employee.pk: 2}
    rating_set(employee=org.employee, skill=skill, level=2, source=MANAGER, rated_by=None)
    _check_waiting(org)  # reviewed: one left
    rating_set(employee=org.employee, skill=skill, level=4, source=SELF, rated_by=None)
    _check_waiting(org)  # rated again since: waiting again
    SkillRating.objects.filter(employee=org.employee, skill=other).delete()
    skill.delete()  # Django deletes its ratings
    _check_waiting(org)
    assert _waiting_table() == {}


def test_ratings_waiting_follow_bulk_writes_imports_and_plain_sql(org: Org) -> None:
    skills = [SkillFactory() for _ in range(3)]
    now = timezone.now()
    SkillRating.objects.bulk_create(
        SkillRating(employee=person, skill=skill, self_level=2, self_rated_at=now)
        for person in (org.employee, org.teammate)
        for skill in skills
    )
    _check_waiting(org)
    # The ratings import: insert or, on (employee, skill), update one side.
    SkillRating.objects.bulk_create(
        [
            SkillRating(
                employee=org.employee,
                skill=skills[0],
                manager_level=2,
                manager_rated_at=now + timedelta(1),
            ),
            SkillRating(employee=org.manager, skill=skills[0], self_level=1, self_rated_at=now),
        ],
        update_conflicts=True,
        unique_fields=["employee", "skill"],
        update_fields=["manager_level", "manager_rated_at"],
    )
    _check_waiting(org)
    SkillRating.objects.filter(skill=skills[1]).update(manager_rated_at=now + timedelta(1))
    _check_waiting(org)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE employees_skillrating SET employee_id = %s WHERE employee_id = %s",
            [org.other_employee.pk, org.teammate.pk],
        )
    _check_waiting(org)
    Employee.objects.filter(pk=org.other_employee.pk).delete()  # cascades to the ratings
    _check_waiting(org)
