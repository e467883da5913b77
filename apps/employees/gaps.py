"""The gap and readiness engine: how well one person fits one role, computed in PostgreSQL.

For each skill a role requires, the person's current level is the manager's rating if there is
one, else their self rating, else 0. The gap is how far that falls short of the required level,
and readiness is the weighted share of the required levels the person already reaches::

    effective weight = weight x importance multiplier (essential 2, desirable 1)
    readiness = 100 x sum(effective weight x min(current, required))
                    / sum(effective weight x required)

Every figure is computed by one SQL statement (one per call, whatever the number of roles or
people); the SQL fragments below are shared so the formula exists once. ``explain`` repeats the
arithmetic over rows already fetched, only so a page can show how a score was reached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypedDict

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from apps.employees.models import Employee
from apps.roles.models import IMPORTANCE_MULTIPLIER, Importance, Role

HOW_READINESS_IS_COMPUTED = (
    "For each skill the role requires, we take your current level: your manager's rating if "
    "they have rated it, otherwise your own rating, otherwise 0. The gap is how many levels "
    "that is below the required level. Each skill counts with its weight in the role, doubled "
    "when the skill is essential rather than desirable. Readiness is the weighted share of the "
    "required levels you already reach: for every skill we add weight x the lower of your "
    "level and the required level, divide by the sum of weight x the required level, and show "
    "it as a percentage rounded to one decimal place. Being above the required level in one "
    "skill does not make up for a gap in another. A role that lists no required skills has no "
    "readiness score."
)


@dataclass(frozen=True, slots=True)
class SkillGap:
    """One required skill of a role, set against one person's ratings."""

    skill_id: int
    skill_name: str
    required_level: int
    importance: Importance
    weight: Decimal
    effective_weight: Decimal
    self_level: int | None
    manager_level: int | None
    current_level: int
    gap: int

    @property
    def is_essential(self) -> bool:
        return self.importance == Importance.ESSENTIAL

    @property
    def is_met(self) -> bool:
        return self.gap == 0

    @property
    def uses_manager_rating(self) -> bool:
        return self.manager_level is not None

    @property
    def earned(self) -> Decimal:
        """This skill's share of the readiness numerator."""
        return self.effective_weight * min(self.current_level, self.required_level)

    @property
    def possible(self) -> Decimal:
        """This skill's share of the readiness denominator."""
        return self.effective_weight * self.required_level


@dataclass(frozen=True, slots=True)
class RoleFit:
    """One person's readiness for one role (the person is the one asked about)."""

    role_id: int
    readiness: float | None
    requirement_count: int
    skills_met: int
    total_gap: int
    essential_gaps: int


@dataclass(frozen=True, slots=True)
class PersonFit:
    """One person's readiness for one role (the role is the one asked about)."""

    employee_id: int
    readiness: float | None
    requirement_count: int
    skills_met: int
    total_gap: int
    essential_gaps: int


class Explanation(TypedDict):
    numerator: Decimal
    denominator: Decimal
    readiness: float | None


# The requirements with their effective weight. The multipliers arrive as two array parameters
# from IMPORTANCE_MULTIPLIER, so the roles app stays their only home.
_REQUIREMENT_CTE = """
WITH requirement AS (
    SELECT q.role_id, q.skill_id, q.required_level, q.importance, q.weight,
           q.weight * m.factor AS effective_weight,
           q.importance = %s AS is_essential
      FROM roles_rolerequirement q
      JOIN unnest(%s::text[], %s::int[]) AS m (importance, factor)
        ON m.importance = q.importance
)
"""
_REQUIREMENT_PARAMS: list[Any] = [
    str(Importance.ESSENTIAL),
    [str(importance) for importance in IMPORTANCE_MULTIPLIER],
    list(IMPORTANCE_MULTIPLIER.values()),
]

# ``r`` is the person's rating of the required skill ``q``; a missing rating counts as 0.
_CURRENT = "COALESCE(r.manager_level, r.self_level, 0)"

# Aggregates over the requirements ``q`` of one role for one person (``r`` left-joined).
# With no requirements both sums are NULL, so readiness is NULL rather than a division error.
_FIT_COLUMNS = """
    round(100 * sum(q.effective_weight * LEAST({current}, q.required_level))
              / NULLIF(sum(q.effective_weight * q.required_level), 0), 1) AS readiness,
    count(q.skill_id) AS requirement_count,
    count(q.skill_id) FILTER (WHERE {current} >= q.required_level) AS skills_met,
    COALESCE(sum(GREATEST(q.required_level - {current}, 0)), 0) AS total_gap,
    count(q.skill_id) FILTER (WHERE q.is_essential AND {current} < q.required_level)
        AS essential_gaps
"""

_SKILL_GAPS_SQL = """
SELECT s.id, s.name, q.required_level, q.importance, q.weight, q.effective_weight,
       r.self_level, r.manager_level,
       {current} AS current_level,
       GREATEST(q.required_level - {current}, 0) AS gap
  FROM requirement q
  JOIN skills_skill s ON s.id = q.skill_id
  LEFT JOIN employees_skillrating r ON r.skill_id = q.skill_id AND r.employee_id = %s
 WHERE q.role_id = %s
 ORDER BY q.is_essential DESC, gap DESC, s.name, s.id
"""

_ROLE_FITS_SQL = """
SELECT ro.id, {fit_columns}
  FROM roles_role ro
  LEFT JOIN requirement q ON q.role_id = ro.id
  LEFT JOIN employees_skillrating r ON r.skill_id = q.skill_id AND r.employee_id = %s
 {where}
 GROUP BY ro.id
 ORDER BY readiness DESC NULLS LAST, ro.title, ro.id
"""

# Every chosen person is set against every requirement of the role; the LEFT JOINs keep people
# with no ratings at all, and everyone when the role has no requirements. Ratings are narrowed
# to the role's skills first: for the whole org that halves the time (EXPLAIN, 10k people).
_PEOPLE_FITS_SQL = """
SELECT e.id, {fit_columns}
  FROM employees_employee e
  LEFT JOIN requirement q ON q.role_id = %s
  LEFT JOIN (SELECT rating.employee_id, rating.skill_id, rating.self_level, rating.manager_level
               FROM employees_skillrating rating
               JOIN roles_rolerequirement needed ON needed.skill_id = rating.skill_id
              WHERE needed.role_id = %s) r
         ON r.employee_id = e.id AND r.skill_id = q.skill_id
 WHERE e.id IN ({employees})
 GROUP BY e.id
 ORDER BY readiness DESC NULLS LAST, e.full_name, e.id
"""


def _fetch(template: str, params: Sequence[Any], **subqueries: str) -> list[tuple[Any, ...]]:
    """Run one of the templates above. Only our own SQL text is spliced in (the fragments and
    Django-compiled subqueries, whose values stay placeholders); every value is a parameter.
    """
    fit_columns = _FIT_COLUMNS.format(current=_CURRENT)
    sql = _REQUIREMENT_CTE + template.format(
        current=_CURRENT, fit_columns=fit_columns, **subqueries
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*_REQUIREMENT_PARAMS, *params])
        return cursor.fetchall()


def _pk_subquery(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    """The SQL selecting the queryset's primary keys, to embed with its own parameters.

    Raises EmptyResultSet for a queryset that can match nothing (``.none()``).
    """
    return queryset.order_by().values("pk").query.sql_with_params()


def _readiness(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def skill_gaps(employee: Employee, role: Role) -> list[SkillGap]:
    """One row per requirement of ``role``: essential first, then the biggest gap, then name."""
    rows = _fetch(_SKILL_GAPS_SQL, [employee.pk, role.pk])
    return [
        SkillGap(
            skill_id=skill_id,
            skill_name=name,
            required_level=required,
            importance=Importance(importance),
            weight=weight,
            effective_weight=effective_weight,
            self_level=self_level,
            manager_level=manager_level,
            current_level=current,
            gap=gap,
        )
        for (
            skill_id,
            name,
            required,
            importance,
            weight,
            effective_weight,
            self_level,
            manager_level,
            current,
            gap,
        ) in rows
    ]


def role_fits_for_employee(
    employee: Employee, roles: QuerySet[Role] | None = None
) -> list[RoleFit]:
    """Readiness of ``employee`` for every role (or those in ``roles``), best first."""
    where, where_params = "", ()
    if roles is not None:
        try:
            subquery, where_params = _pk_subquery(roles)
        except EmptyResultSet:
            return []
        where = f"WHERE ro.id IN ({subquery})"
    rows = _fetch(_ROLE_FITS_SQL, [employee.pk, *where_params], where=where)
    return [
        RoleFit(role_id, _readiness(readiness), *figures) for role_id, readiness, *figures in rows
    ]


def people_fits_for_role(role: Role, employees: QuerySet[Employee]) -> list[PersonFit]:
    """Readiness of each person in ``employees`` for ``role``, best first.

    Everyone in the queryset gets a row, rated or not (0 readiness for a role with requirements).
    """
    try:
        subquery, params = _pk_subquery(employees)
    except EmptyResultSet:
        return []
    rows = _fetch(_PEOPLE_FITS_SQL, [role.pk, role.pk, *params], employees=subquery)
    return [
        PersonFit(employee_id, _readiness(readiness), *figures)
        for employee_id, readiness, *figures in rows
    ]


def readiness_for(employee: Employee, role: Role) -> float | None:
    """One person's readiness for one role, from the same SQL as the lists (one query)."""
    fits = role_fits_for_employee(employee, Role.objects.filter(pk=role.pk))
    return fits[0].readiness if fits else None


def explain(gaps: list[SkillGap]) -> Explanation:
    """The readiness arithmetic over rows already fetched, for a page to show its working.

    Rounds halves up, as PostgreSQL's ``round(numeric)`` does, so it matches the SQL figure.
    """
    numerator = sum((gap.earned for gap in gaps), Decimal(0))
    denominator = sum((gap.possible for gap in gaps), Decimal(0))
    readiness = None
    if denominator:
        ratio = 100 * numerator / denominator
        readiness = float(ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return Explanation(numerator=numerator, denominator=denominator, readiness=readiness)
