"""Readiness for opportunities, with the gap engine's own SQL blocks (apps/employees/gaps.py).

An opportunity's needs are its role's requirements when it names a role, else its own skill
list; ``gaps.needs_cte`` weights both exactly like role requirements, and readiness, gaps and
the other figures are ``gaps.fit_columns`` over those rows: there is no second formula here.

"Towards your target" means the opportunity's role is the person's target, or leads to it in
one move of the career-path graph, or it practises a skill where they fall short of their
target role. The poster's fit adds TARGET_POINTS for it to readiness.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from apps.employees import gaps
from apps.employees.models import Employee
from apps.opportunities.models import ACTIVE_INTEREST, Opportunity
from careermap.sql import fetch, pk_subquery

TARGET_POINTS = 10

HOW_FIT_IS_COMPUTED = _(
    "Fit = readiness for the opportunity (0-100, the same skill gap engine as everywhere: the "
    "weighted share of the required levels the person reaches, essential skills counting "
    "double) + %(points)s if it moves them towards the target role on their career map (it is "
    "that role, leads to it in one move, or practises a skill they lack for it). Equal fits go "
    "to the higher readiness, then by name."
)

# What the chosen opportunities need: the role's requirements, or their own skill list.
_SOURCE = """
    SELECT o.id AS owner_id, rr.skill_id, rr.required_level, rr.importance, rr.weight
      FROM opportunities_opportunity o
      JOIN roles_rolerequirement rr ON rr.role_id = o.role_id
     WHERE o.id IN ({ids})
    UNION ALL
    SELECT s.opportunity_id, s.skill_id, s.required_level, s.importance, s.weight
      FROM opportunities_opportunityskill s
      JOIN opportunities_opportunity o ON o.id = s.opportunity_id AND o.role_id IS NULL
     WHERE o.id IN ({ids})
"""

# Whether the opportunity ``o`` moves the person ``e`` (map ``cm``) towards their target.
_TOWARD = """(cm.target_role_id IS NOT NULL
    AND cm.target_role_id IS DISTINCT FROM e.current_role_id
    AND (o.role_id = cm.target_role_id
         OR EXISTS (SELECT 1 FROM roles_roletransition t
                     WHERE t.from_role_id = o.role_id AND t.to_role_id = cm.target_role_id)
         OR EXISTS (SELECT 1 FROM requirement tq
                      JOIN need n ON n.skill_id = tq.skill_id AND n.owner_id = o.id
                      LEFT JOIN employees_skillrating tr
                             ON tr.employee_id = e.id AND tr.skill_id = tq.skill_id
                     WHERE tq.role_id = cm.target_role_id AND {target_gap} > 0)))"""

_FIGURES = """COALESCE(f.requirement_count, 0), COALESCE(f.skills_met, 0),
       COALESCE(f.total_gap, 0), COALESCE(f.essential_gaps, 0)"""

_FOR_EMPLOYEE = """
, fit AS (
    SELECT q.owner_id, {fit_columns}
      FROM need q
      LEFT JOIN employees_skillrating r ON r.employee_id = %s AND r.skill_id = q.skill_id
     GROUP BY q.owner_id
)
SELECT o.id, f.readiness, {figures}, {toward}
  FROM opportunities_opportunity o
  JOIN employees_employee e ON e.id = %s
  LEFT JOIN careermaps_careermap cm ON cm.employee_id = e.id
  LEFT JOIN fit f ON f.owner_id = o.id
 WHERE o.id IN ({ids})
 ORDER BY f.readiness DESC NULLS LAST, 7 DESC, o.closes_on NULLS LAST, o.title, o.id
"""

_FOR_POSTER = """
, fit AS (
    SELECT i.employee_id, {fit_columns}
      FROM opportunities_interest i
      LEFT JOIN need q ON q.owner_id = i.opportunity_id
      LEFT JOIN employees_skillrating r ON r.employee_id = i.employee_id AND r.skill_id = q.skill_id
     WHERE i.opportunity_id = %s AND i.status = ANY(%s::text[])
     GROUP BY i.employee_id
)
SELECT e.id, f.readiness, {figures}, {toward}
  FROM fit f
  JOIN employees_employee e ON e.id = f.employee_id
  JOIN opportunities_opportunity o ON o.id = %s
  LEFT JOIN careermaps_careermap cm ON cm.employee_id = e.id
"""


@dataclass(frozen=True, slots=True)
class Fit:
    """One person x one opportunity. ``key`` is the opportunity's id or the person's."""

    key: int
    readiness: float | None
    requirement_count: int
    skills_met: int
    total_gap: int
    essential_gaps: int
    toward_target: bool

    @property
    def score(self) -> float:
        """The poster's fit: readiness plus the target bonus (see HOW_FIT_IS_COMPUTED)."""
        return (self.readiness or 0.0) + (TARGET_POINTS if self.toward_target else 0)


def _source(ids: str, id_params: Sequence[Any]) -> tuple[str, list[Any]]:
    # The id subquery appears in both halves of the union.
    return _SOURCE.format(ids=ids), [*id_params, *id_params]


def _statement(template: str, ids: str, id_params: Sequence[Any]) -> tuple[str, list[Any]]:
    """The requirement and need CTEs, then ``template``: its text and the CTEs' parameters."""
    head, head_params = gaps.with_requirement()
    source, source_params = _source(ids, id_params)
    need, need_params = gaps.needs_cte(source)
    body = template.format(
        fit_columns=gaps.fit_columns(),
        figures=_FIGURES,
        toward=_TOWARD.format(target_gap=gaps.gap("tq", "tr")),
        ids=ids,
    )
    return f"{head}, {need}{body}", [*head_params, *source_params, *need_params]


def _fits(rows: list[tuple[Any, ...]]) -> list[Fit]:
    return [
        Fit(key, gaps.readiness_number(value), count, met, total_gap, essential, bool(toward))
        for key, value, count, met, total_gap, essential, toward in rows
    ]


def fits_for_employee(employee: Employee, opportunities: QuerySet[Opportunity]) -> list[Fit]:
    """``employee``'s readiness for each opportunity, best first (one query)."""
    try:
        ids, id_params = pk_subquery(opportunities)
    except EmptyResultSet:
        return []
    sql, params = _statement(_FOR_EMPLOYEE, ids, id_params)
    return _fits(fetch(sql, [*params, employee.pk, employee.pk, *id_params]))


def fits_for_interested(opportunity: Opportunity) -> list[Fit]:
    """Everyone actively interested in ``opportunity``, by fit (one query)."""
    sql, params = _statement(_FOR_POSTER, "%s", [opportunity.pk])
    statuses = [str(status) for status in ACTIVE_INTEREST]
    return _fits(fetch(sql, [*params, opportunity.pk, statuses, opportunity.pk]))


def gaps_for(employee: Employee, opportunity: Opportunity) -> list[gaps.SkillGap]:
    """One row per skill the opportunity needs, as ``gaps.skill_gaps`` gives for a role."""
    source, params = _source("%s", [opportunity.pk])
    return gaps.skill_gaps_for_needs(employee, source, params)
