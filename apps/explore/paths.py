"""The career-path graph: where one can go from a role, and which of those moves fit me best.

Transitions (``roles_roletransition``) are the edges. ``reachable_roles`` walks them with one
recursive SQL query and keeps, for every role it reaches, the shortest path (fewest steps, then
fewest typical months). ``ranked_next_roles`` runs the same walk joined to the gap engine's
readiness arithmetic, so the whole ranking is one query whatever the size of the catalogue::

    score = readiness - STEP_PENALTY x (steps - 1)

ties broken by fewer typical months, then fewer steps. A role that lists no required skills
has no readiness and so no score; it is ranked after every scored role.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext as _

from apps.employees import gaps
from apps.employees.models import Employee
from careermap.sql import fetch

DEFAULT_MAX_STEPS = 3
STEP_PENALTY = 10


def _how_ranking_is_computed() -> str:
    return _(
        "Each role you can reach gets a score: your readiness for it (in %%) minus %(penalty)s "
        "points for every step beyond the first. So a next step you are 80%% ready for scores 80, "
        "and a role two steps away that you are 85%% ready for scores %(example)s. Equal "
        "scores are ordered by the shorter typical time to get there. Steps follow the shortest "
        "path through the career-path graph (fewest moves, then fewest typical months). Roles "
        "with no required skills recorded have no readiness, so they come last."
    ) % {"penalty": STEP_PENALTY, "example": 85 - STEP_PENALTY}


# Lazy: worked out in the language of each request that shows it.
HOW_RANKING_IS_COMPUTED = lazy(_how_ranking_is_computed, str)()

# Every simple path out of the start role, up to ``max_steps`` moves. ``path`` holds the roles
# visited (start first), so a move back to any of them is never taken: no cycles, and the walk
# ends. ``reach`` keeps one row per role: the fewest steps, then the fewest months.
_WALK_CTES = """
walk (role_id, steps, path, kinds, months) AS (
    SELECT t.to_role_id, 1, ARRAY[t.from_role_id, t.to_role_id], ARRAY[t.kind::text],
           t.typical_months::int
      FROM roles_roletransition t
     WHERE t.from_role_id = %s
    UNION ALL
    SELECT t.to_role_id, w.steps + 1, w.path || t.to_role_id, w.kinds || t.kind::text,
           w.months + t.typical_months
      FROM walk w
      JOIN roles_roletransition t ON t.from_role_id = w.role_id
     WHERE w.steps < %s AND t.to_role_id <> ALL (w.path)
),
reach AS (
    SELECT DISTINCT ON (role_id) role_id, steps, path, kinds, months
      FROM walk
     ORDER BY role_id, steps, months, path
)
"""

_REACHABLE_SQL = (
    "WITH RECURSIVE"  # nosec B608 - constants of this module only; values are parameters
    + _WALK_CTES
    + """
SELECT role_id, steps, path, kinds, months
  FROM reach
 ORDER BY steps, months, role_id
"""
)

# The walk joined to the gap engine's requirements and the person's ratings (``%s`` = employee).
_RANKED_SQL = """
SELECT reach.role_id, reach.steps, reach.path, reach.kinds, reach.months, {fit_columns}
  FROM reach
  LEFT JOIN requirement q ON q.role_id = reach.role_id
  LEFT JOIN employees_skillrating r ON r.skill_id = q.skill_id AND r.employee_id = %s
 GROUP BY reach.role_id, reach.steps, reach.path, reach.kinds, reach.months
"""


@dataclass(frozen=True, slots=True)
class Reach:
    """A role reachable from the start role, by its shortest path."""

    role_id: int
    steps: int
    kinds: tuple[str, ...]  # the transition kind of each move, in order
    months: int  # the sum of the moves' typical months
    path: tuple[int, ...]  # role ids from the start role to this one, both included

    @property
    def previous_role_id(self) -> int:
        return self.path[-2]


@dataclass(frozen=True, slots=True)
class RankedRole:
    """A reachable role with the person's readiness for it and its ranking score."""

    reach: Reach
    readiness: float | None
    requirement_count: int
    skills_met: int
    total_gap: int
    essential_gaps: int

    @property
    def role_id(self) -> int:
        return self.reach.role_id

    @property
    def steps(self) -> int:
        return self.reach.steps

    @property
    def months(self) -> int:
        return self.reach.months

    @property
    def score(self) -> float | None:
        if self.readiness is None:
            return None
        return round(self.readiness - STEP_PENALTY * (self.reach.steps - 1), 1)

    @property
    def sort_key(self) -> tuple[bool, float, int, int, int]:
        return (self.score is None, -(self.score or 0), self.months, self.steps, self.role_id)


def _reach(row: tuple[Any, ...]) -> Reach:
    role_id, steps, path, kinds, months = row[:5]
    return Reach(role_id, steps, tuple(kinds), months, tuple(path))


def reachable_roles(role_id: int, max_steps: int = DEFAULT_MAX_STEPS) -> list[Reach]:
    """Every role within ``max_steps`` moves of ``role_id`` (not itself), nearest first."""
    if max_steps < 1:
        return []
    return [_reach(row) for row in fetch(_REACHABLE_SQL, [role_id, max_steps])]


def _ranked_sql() -> tuple[str, list[Any]]:
    # The gap engine's requirement CTE opens the WITH list (RECURSIVE, for the walk after it),
    # and its fit columns are the readiness arithmetic: the formula exists once.
    head, params = gaps.with_requirement(recursive=True)
    return head + "," + _WALK_CTES + _RANKED_SQL.format(fit_columns=gaps.fit_columns()), params


def ranked_roles_from(
    employee: Employee, role_id: int, max_steps: int = DEFAULT_MAX_STEPS
) -> list[RankedRole]:
    """Roles reachable from ``role_id`` with ``employee``'s readiness, best score first."""
    if max_steps < 1:
        return []
    sql, params = _ranked_sql()
    rows = fetch(sql, [*params, role_id, max_steps, employee.pk])
    ranked = [RankedRole(_reach(row), gaps.readiness_number(row[5]), *row[6:]) for row in rows]
    return sorted(ranked, key=lambda item: item.sort_key)


def ranked_next_roles(employee: Employee, max_steps: int = DEFAULT_MAX_STEPS) -> list[RankedRole]:
    """Where ``employee`` can go from their current role, best fit first (one query)."""
    if employee.current_role_id is None:
        return []
    return ranked_roles_from(employee, employee.current_role_id, max_steps)
