"""Skill supply and demand read from SkillLevelCount give exactly the figures of the SQL that
read every rating and the whole rating history, and the triggers keep the counts equal to a
full recount on every write path.

The statements as they stood before (reports._DEMAND_SQL, _LEVELS_SQL and _TREND_SQL of
commit f73d22f) are kept here, frozen, and run beside the new ones on random organisations:
people in and out of departments, with and without a role, leavers and people on leave,
manager-only, self-only and zero ratings, rating history before, between, on and after the
review cycles' closing days (same-instant ties included), and people who changed role after
the cycles closed ("roles as they are today").
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection

from apps.employees import gaps
from apps.employees.models import (
    Department,
    Employee,
    EmploymentStatus,
    RatingSource,
    SkillRating,
    SkillRatingHistory,
)
from apps.employees.services import rating_set
from apps.roles.models import Importance, Role, RoleRequirement
from apps.skills.models import Skill
from apps.succession import reports
from apps.succession.models import SkillLevelCount, TalentReview
from careermap.sql import fetch
from tests.factories import RoleFactory, SkillFactory, make_employee

pytestmark = pytest.mark.django_db

_OLD_DEMAND_SQL = """
WITH holder AS (
    SELECT e.current_role_id AS role_id, e.department_id, count(*) AS n
      FROM employees_employee e
     WHERE e.status <> 'left' AND e.current_role_id IS NOT NULL {department}
     GROUP BY e.current_role_id, e.department_id
),
rated AS (
    SELECT e.current_role_id AS role_id, e.department_id, r.skill_id, {current} AS level,
           count(*) AS n
      FROM employees_skillrating r
      JOIN employees_employee e ON e.id = r.employee_id
      JOIN roles_rolerequirement q ON q.role_id = e.current_role_id AND q.skill_id = r.skill_id
     WHERE e.status <> 'left' {department}
     GROUP BY e.current_role_id, e.department_id, r.skill_id, level
),
met AS (
    SELECT q.role_id, h.department_id, q.skill_id, sum(h.n) FILTER (WHERE {gap} = 0) AS n
      FROM roles_rolerequirement q
      JOIN rated h ON h.role_id = q.role_id AND h.skill_id = q.skill_id
     GROUP BY q.role_id, h.department_id, q.skill_id
)
SELECT q.skill_id, h.department_id, q.required_level, sum(h.n)::bigint AS needed,
       COALESCE(sum(m.n), 0)::bigint AS met
  FROM roles_rolerequirement q
  JOIN holder h ON h.role_id = q.role_id
  LEFT JOIN met m ON m.role_id = q.role_id AND m.skill_id = q.skill_id
                 AND m.department_id IS NOT DISTINCT FROM h.department_id
 GROUP BY q.skill_id, h.department_id, q.required_level
"""
_OLD_LEVELS_SQL = """
SELECT r.skill_id, {current} AS level, count(*)
  FROM employees_skillrating r
  JOIN employees_employee e ON e.id = r.employee_id
 WHERE e.status <> 'left' {department}
 GROUP BY r.skill_id, level
"""
_OLD_TREND_SQL = """
WITH cycle AS (
    SELECT id, closes_on + 1 AS cut FROM succession_talentreview WHERE id = ANY (%s::bigint[])
),
need AS (
    SELECT e.id AS employee_id, q.skill_id, q.required_level
      FROM employees_employee e
      JOIN roles_rolerequirement q ON q.role_id = e.current_role_id
     WHERE e.status <> 'left' AND q.skill_id = ANY (%s::bigint[]) {department}
),
spell AS (
    SELECT h.employee_id, h.skill_id, h.source, h.level, h.rated_at,
           lead(h.rated_at) OVER (PARTITION BY h.employee_id, h.skill_id, h.source
                                  ORDER BY h.rated_at, h.id) AS replaced_at
      FROM employees_skillratinghistory h
     WHERE h.skill_id = ANY (%s::bigint[]) AND h.source IN ('manager', 'self')
),
as_of AS (
    SELECT c.id AS cycle_id, s.employee_id, s.skill_id,
           max(s.level) FILTER (WHERE s.source = 'manager') AS manager_level,
           max(s.level) FILTER (WHERE s.source = 'self') AS self_level
      FROM cycle c
      JOIN spell s ON s.rated_at < c.cut AND (s.replaced_at IS NULL OR s.replaced_at >= c.cut)
     GROUP BY c.id, s.employee_id, s.skill_id
)
SELECT c.id, n.skill_id, count(*) FILTER (WHERE {gap} > 0)
  FROM cycle c
 CROSS JOIN need n
  LEFT JOIN as_of r
         ON r.cycle_id = c.id AND r.employee_id = n.employee_id AND r.skill_id = n.skill_id
 GROUP BY c.id, n.skill_id
"""


def _old_rows(
    department: Department | None, review_ids: list[int], skill_ids: list[int]
) -> tuple[list[Any], list[Any], list[Any]]:
    where, params = reports._department_clause(department)
    demand = _OLD_DEMAND_SQL.format(
        gap=gaps.level_gap("q", "h"), current=gaps.current_level("r"), department=where
    )
    levels = _OLD_LEVELS_SQL.format(current=gaps.current_level("r"), department=where)
    trend = _OLD_TREND_SQL.format(gap=gaps.gap("n", "r"), department=where)
    return (
        _sorted(fetch(demand, [*params, *params])),
        _sorted(fetch(levels, params)),
        _sorted(fetch(trend, [review_ids, skill_ids, *params, skill_ids])),
    )


def _new_rows(
    department: Department | None, review_ids: list[int], skill_ids: list[int]
) -> tuple[list[Any], list[Any], list[Any]]:
    return (
        _sorted(reports._demand_rows(department)),
        _sorted(reports._level_rows(department)),
        _sorted(reports._trend_rows(review_ids, skill_ids, department)),
    )


def _sorted(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return sorted(rows, key=lambda row: tuple(-1 if v is None else v for v in row))


CLOSES = [date(2025, 6, 30), date(2025, 12, 31), date(2026, 6, 30)]


def _at(rng: random.Random) -> datetime:
    """A moment around the closing days: before, on the day, at midnight after, later."""
    day = rng.choice(CLOSES)
    return rng.choice(
        [
            datetime(day.year, day.month, day.day, 12, tzinfo=UTC) - timedelta(days=40),
            datetime(day.year, day.month, day.day, 23, 59, tzinfo=UTC),
            datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1),
            datetime(day.year, day.month, day.day, 8, tzinfo=UTC) + timedelta(days=9),
        ]
    )


def _organisation(rng: random.Random) -> tuple[list[Role], list[Skill], list[Department]]:
    skills = [SkillFactory() for _ in range(6)]
    roles = [RoleFactory() for _ in range(4)]
    departments = [Department.objects.create(name=f"D{n}") for n in range(3)]
    for role in roles[:3]:  # the fourth role has no requirements
        for skill in rng.sample(skills, rng.randint(1, 4)):
            RoleRequirement.objects.create(
                role=role,
                skill=skill,
                required_level=rng.randint(1, 5),
                importance=rng.choice([Importance.ESSENTIAL, Importance.DESIRABLE]),
            )
    for n, close in enumerate(CLOSES):
        TalentReview.objects.create(
            name=f"R{n}", opens_on=close - timedelta(days=30), closes_on=close
        )
    for n in range(40):
        _person(rng, n, roles, skills, departments)
    return roles, skills, departments


def _person(
    rng: random.Random, n: int, roles: list[Role], skills: list[Skill], depts: list[Department]
) -> Employee:
    status = rng.choice([EmploymentStatus.ACTIVE] * 4 + [EmploymentStatus.LEFT, "leave"])
    person = make_employee(
        name=f"P{n}",
        current_role=rng.choice([*roles, None]),
        department=rng.choice([*depts, None]),
        status=status,
    )
    for skill in rng.sample(skills, rng.randint(0, len(skills))):
        _history(rng, person, skill)
        kind = rng.choice(["self", "manager", "both", "zero", "none"])
        if kind != "none":  # some have history but no current rating (and the reverse)
            SkillRating.objects.create(
                employee=person,
                skill=skill,
                self_level=rng.randint(0, 5) if kind in ("self", "both") else None,
                manager_level=rng.randint(0, 5) if kind in ("manager", "both") else 0,
            )
    return person


def _history(rng: random.Random, person: Employee, skill: Skill) -> None:
    tie = _at(rng)
    for _ in range(rng.randint(0, 5)):
        SkillRatingHistory.objects.create(
            employee=person,
            skill=skill,
            source=rng.choice([RatingSource.SELF, RatingSource.MANAGER]),
            level=rng.randint(0, 5),
            rated_at=tie if rng.random() < 0.3 else _at(rng),
        )


def _compare(skills: list[Skill], departments: list[Department]) -> None:
    review_ids = list(TalentReview.objects.values_list("pk", flat=True))
    skill_ids = [s.pk for s in skills]
    for department in [None, *departments]:
        assert _new_rows(department, review_ids, skill_ids) == _old_rows(
            department, review_ids, skill_ids
        ), department


@pytest.mark.parametrize("seed", range(5))
def test_skill_supply_figures_are_the_same_as_before(seed: int) -> None:
    rng = random.Random(seed)
    roles, skills, departments = _organisation(rng)
    old = _old_rows(None, list(TalentReview.objects.values_list("pk", flat=True)), [])
    assert old[0], "the organisation has demand"
    assert old[1], "the organisation has ratings"
    _compare(skills, departments)
    # People move on after the cycles closed: the trend counts them in their roles of today.
    for person in rng.sample(list(Employee.objects.all()), 12):
        person.current_role = rng.choice([*roles, None])
        person.department = rng.choice([*departments, None])
        person.save(update_fields=["current_role", "department"])
    _compare(skills, departments)


# --------------------------------------------------------------------------- kept on write


def _counted() -> Counter[tuple[Any, ...]]:
    rows = SkillLevelCount.objects.exclude(n=0).values_list(
        "review_id", "role_id", "department_id", "skill_id", "manager_level", "self_level", "n"
    )
    return Counter({tuple(row[:-1]): row[-1] for row in rows})


def _assert_recount_agrees() -> None:
    kept = _counted()
    assert all(n > 0 for n in kept.values()), "no count below zero"
    with connection.cursor() as cursor:
        cursor.execute("SELECT succession_level_count_rebuild()")
    assert kept == _counted()


@pytest.fixture
def org() -> tuple[list[Role], list[Skill], list[Department]]:
    found = _organisation(random.Random(99))
    _assert_recount_agrees()
    return found


def _someone(rated: bool = True) -> Employee:
    people = Employee.objects.exclude(status=EmploymentStatus.LEFT).order_by("pk")
    if rated:
        people = people.filter(ratings__isnull=False).distinct()
    return people[0]


def test_counts_follow_ratings_set_through_the_service(org: Any) -> None:
    _roles, skills, _departments = org
    person = _someone(rated=False)
    for level, source in ((4, RatingSource.SELF), (2, RatingSource.MANAGER)):
        rating_set(employee=person, skill=skills[0], level=level, source=source, rated_by=None)
    _assert_recount_agrees()


def test_counts_follow_ratings_changed_in_bulk_and_deleted(org: Any) -> None:
    roles, skills, _departments = org
    SkillRating.objects.filter(skill=skills[1]).update(manager_level=None)
    SkillRating.objects.filter(skill=skills[2]).update(self_level=5, manager_level=1)
    _assert_recount_agrees()
    rating = SkillRating.objects.order_by("pk").first()
    assert rating is not None
    rating.delete()
    SkillRating.objects.filter(skill=skills[3]).delete()
    _assert_recount_agrees()
    person = make_employee(name="New", current_role=roles[0])
    SkillRating.objects.bulk_create(
        [SkillRating(employee=person, skill=s, self_level=3) for s in skills[:3]]
    )
    _assert_recount_agrees()


def test_counts_follow_rating_moved_to_another_person_or_skill(org: Any) -> None:
    _roles, skills, _departments = org
    rating = SkillRating.objects.filter(employee=_someone()).first()
    assert rating is not None
    mine = SkillRating.objects.filter(employee=rating.employee)
    taken = set(mine.values_list("skill", flat=True))
    free = [s for s in skills if s.pk not in taken]
    if free:
        SkillRating.objects.filter(pk=rating.pk).update(skill=free[0])
    other = make_employee(name="Other")
    SkillRating.objects.filter(pk=rating.pk).update(employee=other)
    _assert_recount_agrees()


def test_counts_follow_history_today_backdated_changed_and_deleted(org: Any) -> None:
    _roles, skills, _departments = org
    person = _someone()
    SkillRatingHistory.objects.create(
        employee=person, skill=skills[0], source=RatingSource.MANAGER, level=5
    )  # today: after every cut
    for when in (CLOSES[0], CLOSES[1] + timedelta(days=1)):
        SkillRatingHistory.objects.create(
            employee=person,
            skill=skills[1],
            source=RatingSource.SELF,
            level=1,
            rated_at=datetime(when.year, when.month, when.day, tzinfo=UTC),
        )
    _assert_recount_agrees()
    # Several rows of one person and skill in one statement (the import's bulk insert).
    SkillRatingHistory.objects.bulk_create(
        SkillRatingHistory(
            employee=person, skill=skills[4], source=source, level=level, rated_at=_at(rng)
        )
        for rng in [random.Random(7)]
        for level in range(6)
        for source in (RatingSource.SELF, RatingSource.MANAGER)
    )
    _assert_recount_agrees()
    entry = SkillRatingHistory.objects.filter(employee=person).order_by("pk").first()
    assert entry is not None
    SkillRatingHistory.objects.filter(pk=entry.pk).update(
        rated_at=datetime(2024, 1, 1, tzinfo=UTC), level=0
    )
    SkillRatingHistory.objects.filter(skill=skills[2]).update(source=RatingSource.MANAGER)
    _assert_recount_agrees()
    SkillRatingHistory.objects.filter(skill=skills[3]).delete()
    SkillRatingHistory.objects.filter(pk=entry.pk).update(employee=make_employee(name="X"))
    _assert_recount_agrees()


def test_counts_follow_people_moving_leaving_and_being_deleted(org: Any) -> None:
    roles, _skills, departments = org
    person = _someone()
    person.current_role = roles[3]
    person.department = departments[1]
    person.save()
    Employee.objects.filter(department=departments[0]).update(current_role=roles[1])
    Employee.objects.filter(current_role=roles[2]).update(status=EmploymentStatus.LEFT)
    Employee.objects.filter(status=EmploymentStatus.LEFT).filter(pk__lt=person.pk + 5).update(
        status=EmploymentStatus.ACTIVE
    )
    _assert_recount_agrees()
    _someone().delete()
    _assert_recount_agrees()


def test_counts_follow_skills_deleted(org: Any) -> None:
    _roles, skills, _departments = org
    RoleRequirement.objects.filter(skill=skills[0]).delete()  # a required skill is protected
    skills[0].delete()  # ratings and history go with it (Django's cascade)
    _assert_recount_agrees()


def test_counts_follow_reviews_added_moved_and_deleted(org: Any) -> None:
    review = TalentReview.objects.create(
        name="Late", opens_on=date(2025, 7, 1), closes_on=date(2025, 9, 30)
    )
    _assert_recount_agrees()
    review.closes_on = CLOSES[1]
    review.save()
    TalentReview.objects.filter(name="R0").update(closes_on=date(2025, 7, 1))
    _assert_recount_agrees()
    review_id = review.pk
    review.delete()
    _assert_recount_agrees()
    assert not SkillLevelCount.objects.filter(review_id=review_id).exists()


def test_a_closed_reviews_figures_do_not_move_with_new_ratings(org: Any) -> None:
    """Ratings given today are after every closed cycle's cut: only today's counts change."""
    _roles, skills, _departments = org
    before = SkillLevelCount.objects.exclude(review_id=None).exclude(n=0)
    frozen = set(before.values_list("review_id", "skill_id", "role_id", "manager_level", "n"))
    for person in Employee.objects.order_by("pk")[:10]:
        rating_set(employee=person, skill=skills[0], level=5, source=RatingSource.MANAGER,
                   rated_by=None)  # fmt: skip
    after = SkillLevelCount.objects.exclude(review_id=None).exclude(n=0)
    assert set(after.values_list("review_id", "skill_id", "role_id", "manager_level", "n")) == (
        frozen
    )
    _assert_recount_agrees()
