"""The faster report SQL gives exactly the figures of the SQL it replaced.

The statements as they stood before the rewrite are kept here, frozen, and both run on a small
organisation built with the edge cases: people without ratings, manager-only and self-only
ratings, zero ratings, leavers, holders of the role, odd weights (0.10-10.00, essential and
desirable), slates, career-map targets and several review cycles.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest

from apps.careermaps.models import CareerMap
from apps.employees import gaps
from apps.employees.models import Department, Employee, EmploymentStatus, SkillRating
from apps.roles.models import Importance, Role, RoleRequirement
from apps.skills.models import Skill
from apps.succession import reports
from apps.succession.models import DemandPlan, Readiness
from careermap.sql import fetch
from tests.factories import RoleFactory, SkillFactory, make_employee
from tests.succession.builders import plan_for, slate

pytestmark = pytest.mark.django_db

# reports._PIPELINE_SQL before the rewrite (numeric readiness, a subquery per role and count).
_OLD_PIPELINE_SQL = """
, demand_role AS (
    SELECT DISTINCT role_id FROM succession_demandplan
),
active AS (
    SELECT e.id, e.current_role_id FROM employees_employee e WHERE e.status <> 'left'
),
{role_total},
fit AS (
    SELECT q.role_id, r.employee_id
      FROM requirement q
      JOIN demand_role d ON d.role_id = q.role_id
      JOIN role_total t ON t.role_id = q.role_id
      JOIN employees_skillrating r ON r.skill_id = q.skill_id
     WHERE {current} > 0
     GROUP BY q.role_id, r.employee_id, t.weighted_required
    HAVING {readiness} >= %s
),
by_skills AS (
    SELECT f.role_id, f.employee_id
      FROM fit f
      JOIN active a ON a.id = f.employee_id
     WHERE a.current_role_id IS DISTINCT FROM f.role_id
),
on_slate AS (
    SELECT DISTINCT p.role_id, c.employee_id
      FROM succession_successorcandidate c
      JOIN succession_successionplan p ON p.id = c.plan_id
      JOIN demand_role d ON d.role_id = p.role_id
      JOIN active a ON a.id = c.employee_id
     WHERE c.readiness = ANY (%s::text[]) AND a.current_role_id IS DISTINCT FROM p.role_id
),
pipeline AS (
    SELECT role_id, employee_id FROM by_skills
    UNION
    SELECT role_id, employee_id FROM on_slate
),
targeting AS (
    SELECT m.target_role_id AS role_id, m.employee_id
      FROM careermaps_careermap m
      JOIN demand_role d ON d.role_id = m.target_role_id
      JOIN active a ON a.id = m.employee_id
     WHERE a.current_role_id IS DISTINCT FROM m.target_role_id
)
SELECT d.role_id,
       (SELECT count(*) FROM on_slate s WHERE s.role_id = d.role_id),
       (SELECT count(*) FROM by_skills s WHERE s.role_id = d.role_id),
       (SELECT count(*) FROM pipeline s WHERE s.role_id = d.role_id),
       (SELECT count(*) FROM targeting t WHERE t.role_id = d.role_id),
       (SELECT count(*) FROM targeting t WHERE t.role_id = d.role_id
           AND NOT EXISTS (SELECT 1 FROM pipeline s
                            WHERE s.role_id = t.role_id AND s.employee_id = t.employee_id)),
       (SELECT count(*) FROM active a WHERE a.current_role_id = d.role_id)
  FROM demand_role d
"""

READY = [Readiness.READY_NOW.value, Readiness.ONE_TWO_YEARS.value]


def _old_pipelines(percent: float) -> list[tuple[int, ...]]:
    head, params = gaps.with_requirement()
    sql = head + _OLD_PIPELINE_SQL.format(
        role_total=gaps.role_total_cte(),
        readiness=gaps.rated_readiness("q", "r", "t"),
        current=gaps.current_level("r"),
    )
    return sorted(fetch(sql, [*params, percent, READY]))


def _summed_pipelines(percent: float) -> list[tuple[int, ...]]:
    """The pipeline with the engine's points summed over the ratings (ready_at_least_cte)."""
    head, params = gaps.with_requirement()
    sql = head + reports._PIPELINE_SQL.format(ready_at_least=gaps.ready_at_least_cte("demand_role"))
    return sorted(fetch(sql, [*params, percent, READY]))


def _new_pipelines(percent: float) -> list[tuple[int, ...]]:
    """The report's: the points read from ReadyPoints, kept by triggers."""
    assert _summed_pipelines(percent) == sorted(reports._pipeline_rows(percent)), percent
    return sorted(reports._pipeline_rows(percent))


def _weight(rng: random.Random) -> Decimal:
    return rng.choice([Decimal("0.10"), Decimal("0.33"), Decimal("1"), Decimal("1.50")]) + (
        Decimal(rng.randint(0, 900)) / 100 if rng.random() < 0.3 else Decimal(0)
    )


def _build(rng: random.Random) -> list[Role]:
    skills = [SkillFactory() for _ in range(7)]
    roles = [RoleFactory() for _ in range(4)]
    for role in roles[:3]:  # the fourth role has no requirements
        for skill in rng.sample(skills, rng.randint(1, 5)):
            RoleRequirement.objects.create(
                role=role,
                skill=skill,
                required_level=rng.randint(1, 5),
                importance=rng.choice([Importance.ESSENTIAL, Importance.DESIRABLE]),
                weight=min(_weight(rng), Decimal(10)),
            )
    for n in range(45):
        _person(rng, n, roles, skills)
    for role in roles:
        DemandPlan.objects.create(role=role, headcount=rng.randint(1, 4), needed_by="2030-01-01")
    people = list(Employee.objects.all())
    plan = plan_for(roles[0])
    slate(plan, *((p, rng.choice(["now", "1-2", "3-5"])) for p in rng.sample(people, 6)))
    return roles


def _person(rng: random.Random, n: int, roles: list[Role], skills: list[Skill]) -> None:
    status = EmploymentStatus.LEFT if n % 11 == 0 else EmploymentStatus.ACTIVE
    person = make_employee(name=f"P{n}", current_role=rng.choice([*roles, None]), status=status)
    if rng.random() < 0.4:
        CareerMap.objects.create(employee=person, target_role=rng.choice(roles))
    if n % 7 == 0:
        return  # nobody rated them
    for skill in rng.sample(skills, rng.randint(1, len(skills))):
        kind = rng.choice(["self", "manager", "both", "zero"])
        SkillRating.objects.create(
            employee=person,
            skill=skill,
            self_level=rng.randint(0, 5) if kind in ("self", "both") else None,
            manager_level=rng.randint(0, 5) if kind in ("manager", "both") else None,
        )


@pytest.mark.parametrize("seed", range(6))
def test_future_needs_pipeline_is_the_same_as_before(seed: int) -> None:
    rng = random.Random(seed)
    _build(rng)
    thresholds = [reports.READY_BY_SKILLS_FROM, 50, 66.7, 33.3, 12.5, 100]
    for percent in thresholds:
        assert _new_pipelines(percent) == _old_pipelines(percent), percent


def test_readiness_exactly_on_the_rounding_edge_counts_like_before() -> None:
    """79.95% rounds to 80.0 (ready), 79.94...% to 79.9 (not): the integer test agrees."""
    role, skills = RoleFactory(), [SkillFactory() for _ in range(2)]
    # weight x 2 (essential) x required: 2 x 1.00 x 5 = 10 and 1 x 0.10 x ... tuned below.
    RoleRequirement.objects.create(
        role=role, skill=skills[0], required_level=5, importance=Importance.ESSENTIAL,
        weight=Decimal("1.00"),
    )  # fmt: skip
    RoleRequirement.objects.create(
        role=role, skill=skills[1], required_level=5, importance=Importance.DESIRABLE,
        weight=Decimal("0.10"),
    )  # fmt: skip
    # T = 10 + 0.5 = 10.5; 4 + 5 x 0.1 ... every combination of levels, both ways.
    for first in range(6):
        for second in range(6):
            person = make_employee(name=f"L{first}{second}")
            SkillRating.objects.create(employee=person, skill=skills[0], self_level=first)
            SkillRating.objects.create(employee=person, skill=skills[1], manager_level=second)
    DemandPlan.objects.create(role=role, headcount=1, needed_by="2030-01-01")
    for percent in (80, 79.9, 79.95, 76.2, 38.1, 38.2, 95.2, 95.3):
        assert _new_pipelines(percent) == _old_pipelines(percent), percent


# reports._DEMAND_SQL before the rewrite (every holder x requirement x a rating lookup).
_OLD_DEMAND_SQL = """
SELECT q.skill_id, e.department_id, q.required_level, count(*) AS needed,
       count(*) FILTER (WHERE {gap} = 0) AS met
  FROM employees_employee e
  JOIN roles_rolerequirement q ON q.role_id = e.current_role_id
  LEFT JOIN employees_skillrating r ON r.employee_id = e.id AND r.skill_id = q.skill_id
 WHERE e.status <> 'left' {department}
 GROUP BY q.skill_id, e.department_id, q.required_level
"""


def _demand(department: Department | None) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    where, params = reports._department_clause(department)
    old = fetch(_OLD_DEMAND_SQL.format(gap=gaps.gap("q", "r"), department=where), params)
    return sorted(old, key=_key), sorted(reports._demand_rows(department), key=_key)


def _key(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(-1 if value is None else value for value in row)


@pytest.mark.parametrize("seed", range(4))
def test_skill_demand_is_the_same_as_before(seed: int) -> None:
    rng = random.Random(seed)
    _build(rng)
    departments = [Department.objects.create(name=f"D{n}") for n in range(3)]
    for person in Employee.objects.all():  # some in no department at all
        person.department = rng.choice([*departments, None])
        person.save(update_fields=["department"])
    for department in [None, *departments]:
        old, new = _demand(department)
        assert new == old, department
    assert old, "the organisation has demand"
