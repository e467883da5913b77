"""Suggested successors for a key position: everyone in the organisation ranked in one query.

Each person gets a transparent score::

    score = readiness                                   (gap engine, 0-100)
          + POTENTIAL_POINTS x (potential - 1)          (latest talent review: low 0, moderate
                                                         10, high 20; not rated 0)
          + PATH_POINTS   if the role is within MAX_STEPS moves of their current role
          + TARGET_POINTS if the role is their career map's target
          + step points                                 (role levels: STEP_UP_POINTS for a
                                                         step one or two levels up, 0 for a
                                                         move across, minus ABOVE_POINTS per
                                                         level they are above the role, minus
                                                         FAR_BELOW_POINTS per level beyond two
                                                         below it; 0 with no role recorded)

Potential is the final one (calibrated when HR calibrated, else the manager's) in the latest
talent review: the ORM's ``TalentRating.objects.in_latest_review().with_final()``, compiled into
the statement, so "latest" and "final" mean what they mean everywhere else. The career-path
walk runs backwards from the key role over ``roles_roletransition``, so it is one small
recursive CTE whatever the size of the organisation; the readiness arithmetic is the gap
engine's own SQL.
Over 20,000 people the whole ranking is one statement (see bench/succession.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from apps.employees import gaps
from apps.succession.models import Readiness, SuccessionPlan, TalentRating
from careermap.sql import compiled, fetch

POTENTIAL_POINTS = 10
PATH_POINTS = 10
TARGET_POINTS = 10
MAX_STEPS = 3
LIMIT = 25
# The step in role levels: a successor is usually one or two levels below the role. Someone
# above it (the CEO for a head-of role) would be stepping down, and someone many levels below
# is a long shot, whatever their skills; both rank lower.
STEP_UP_POINTS = 15
MAX_STEP_UP = 2
ABOVE_POINTS = 20
FAR_BELOW_POINTS = 5

HOW_SUGGESTIONS_ARE_RANKED = format_lazy(
    gettext_lazy(
        "Score = readiness for the role (0-100, from the skill gap engine) "
        "+ {potential} x (potential - 1), using the final potential in the latest talent "
        "review (low 0, moderate {potential}, high {high}; not rated 0) "
        "+ {path} if the role is on their career path (reachable from their current role "
        "in at most {max_steps} moves) + {target} if it is the target role on their career "
        "map + {step_up} if the role is one or {max_step_up} levels above theirs (0 at the "
        "same level, minus {above} for each level they are above the role, minus "
        "{far_below} for each level beyond {max_step_up} below it; 0 with no role recorded). "
        "Everyone in the organisation is ranked except people who have left, the incumbent, "
        "people already in this role and people already on this slate; equal scores go to the "
        "higher readiness, then by name."
    ),
    potential=POTENTIAL_POINTS,
    high=2 * POTENTIAL_POINTS,
    path=PATH_POINTS,
    max_steps=MAX_STEPS,
    target=TARGET_POINTS,
    step_up=STEP_UP_POINTS,
    max_step_up=MAX_STEP_UP,
    above=ABOVE_POINTS,
    far_below=FAR_BELOW_POINTS,
)

# Readiness (%) at which a nomination starts as ready now / ready in 1-2 years; HR adjusts.
READY_NOW_FROM = 90
READY_SOON_FROM = 70

# Only people who can rank are scored. Readiness comes from the ratings that exist (``rated``,
# the gap engine's rated_readiness): people who rated none of the role's skills have the
# readiness of someone with no rating at all (``unrated``, the engine's readiness over no
# ratings: 0, or none when the role lists no skills). Such a person with no potential or target
# points (not ``pushed``) scores ``unrated`` + the points of their role (``role_points``: step
# and path), so once the rated and pushed people are scored, the 25th best of them is a ``bar``
# and only the roles whose points reach it can add anyone (``more``; usually none). The full fit
# (skills met, gaps) is computed for the winners only. EXPLAIN over 20,000 people: grouping
# every person x requirement was ~200 ms of ~270; the ratings of the role's skills are a few
# thousand rows.
_SUGGEST_SQL = """
, {role_total},
rated AS (
    SELECT r.employee_id, {rated_readiness} AS readiness
      FROM requirement q
      JOIN role_total t ON t.role_id = q.role_id
      JOIN employees_skillrating r ON r.skill_id = q.skill_id
     WHERE q.role_id = %s
     GROUP BY r.employee_id, t.weighted_required
),
unrated AS (
    SELECT {readiness} AS readiness
      FROM requirement q
      LEFT JOIN employees_skillrating r ON false
     WHERE q.role_id = %s
),
back (role_id, steps, path) AS (
    SELECT t.from_role_id, 1, ARRAY[t.to_role_id, t.from_role_id]
      FROM roles_roletransition t
     WHERE t.to_role_id = %s
    UNION ALL
    SELECT t.from_role_id, b.steps + 1, b.path || t.from_role_id
      FROM back b
      JOIN roles_roletransition t ON t.to_role_id = b.role_id
     WHERE b.steps < %s AND t.from_role_id <> ALL (b.path)
),
on_path AS (
    SELECT role_id, min(steps) AS steps FROM back GROUP BY role_id
),
role_points AS (
    SELECT st.role_id, st.up, st.points, op.steps,
           st.points + CASE WHEN op.steps IS NULL THEN 0 ELSE %s END AS bonus
      FROM (SELECT d.role_id, d.up,
                   CASE WHEN d.up IS NULL THEN 0
                        WHEN d.up < 0 THEN %s * d.up
                        WHEN d.up = 0 THEN 0
                        WHEN d.up <= %s THEN %s
                        ELSE -%s * (d.up - %s) END AS points
              FROM (SELECT cr.id AS role_id,
                           (SELECT level FROM roles_role WHERE id = %s) - cr.level AS up
                      FROM roles_role cr) d) st
      LEFT JOIN on_path op ON op.role_id = st.role_id
),
potential (employee_id, potential) AS (
    {potential}
),
extra AS (
    SELECT COALESCE(p.employee_id, m.employee_id) AS employee_id, p.potential,
           m.employee_id IS NOT NULL AS targets_role
      FROM potential p
      FULL JOIN (SELECT employee_id FROM careermaps_careermap WHERE target_role_id = %s) m
        ON m.employee_id = p.employee_id
),
first (employee_id) AS (
    SELECT employee_id FROM rated
    UNION
    SELECT employee_id FROM extra WHERE potential > 1 OR targets_role
),
first_scored AS ({first_scored}),
bar AS (
    SELECT (SELECT score FROM first_scored ORDER BY score DESC OFFSET %s LIMIT 1) AS score
),
more (employee_id) AS (
    SELECT e.id
      FROM employees_employee e
      JOIN role_points rp ON rp.role_id = e.current_role_id
     CROSS JOIN bar CROSS JOIN unrated u
     WHERE (bar.score IS NULL OR COALESCE(u.readiness, 0) + rp.bonus >= bar.score)
       AND NOT EXISTS (SELECT 1 FROM first f WHERE f.employee_id = e.id)
    UNION ALL
    SELECT e.id
      FROM employees_employee e
     CROSS JOIN bar CROSS JOIN unrated u
     WHERE e.current_role_id IS NULL
       AND (bar.score IS NULL OR COALESCE(u.readiness, 0) >= bar.score)
       AND NOT EXISTS (SELECT 1 FROM first f WHERE f.employee_id = e.id)
),
ranked AS (
    SELECT * FROM first_scored
    UNION ALL
    {more_scored}
     ORDER BY score DESC, readiness DESC NULLS LAST, full_name, employee_id
     LIMIT %s
),
fit AS (
    SELECT k.employee_id, {fit_columns}
      FROM ranked k
      LEFT JOIN requirement q ON q.role_id = %s
      LEFT JOIN employees_skillrating r ON r.employee_id = k.employee_id AND r.skill_id = q.skill_id
     GROUP BY k.employee_id
)
SELECT k.employee_id, f.readiness, f.requirement_count, f.skills_met, f.total_gap,
       f.essential_gaps, k.potential, k.steps, k.targets_role, k.score, k.up, k.points
  FROM ranked k
  JOIN fit f ON f.employee_id = k.employee_id
 ORDER BY k.score DESC, k.readiness DESC NULLS LAST, k.full_name, k.employee_id
"""

# The score of each eligible person listed in the CTE ``{people}``; its parameters are
# _SCORED_PARAMS. Used twice: for the rated and pushed people, and for the ``more``.
_SCORED = """
    SELECT e.id AS employee_id, e.full_name, rd.readiness, x.potential, rp.steps,
           COALESCE(x.targets_role, false) AS targets_role,
           COALESCE(rd.readiness, 0)
             + %s * COALESCE(x.potential - 1, 0)
             + COALESCE(rp.bonus, 0)
             + CASE WHEN x.targets_role THEN %s ELSE 0 END AS score,
           rp.up, COALESCE(rp.points, 0) AS points
      FROM {people} c
      JOIN employees_employee e ON e.id = c.employee_id
      LEFT JOIN rated rt ON rt.employee_id = e.id
     CROSS JOIN LATERAL (
           SELECT COALESCE(rt.readiness, (SELECT readiness FROM unrated)) AS readiness
           ) rd
      LEFT JOIN role_points rp ON rp.role_id = e.current_role_id
      LEFT JOIN extra x ON x.employee_id = e.id
     WHERE e.status <> 'left'
       AND e.current_role_id IS DISTINCT FROM %s
       AND NOT (e.id = ANY (%s::bigint[]))
       AND NOT EXISTS (SELECT 1 FROM succession_successorcandidate sc
                        WHERE sc.plan_id = %s AND sc.employee_id = e.id)
"""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested successor and the evidence behind their score."""

    employee_id: int
    readiness: float | None
    requirement_count: int
    skills_met: int
    total_gap: int
    essential_gaps: int
    potential: int | None
    path_steps: int | None
    targets_role: bool
    score: float
    levels_up: int | None  # the role's level minus theirs; None with no role recorded
    step_points: int

    @property
    def readiness_points(self) -> float:
        return self.readiness or 0.0

    @property
    def potential_points(self) -> int:
        return POTENTIAL_POINTS * (self.potential - 1) if self.potential else 0

    @property
    def path_points(self) -> int:
        return PATH_POINTS if self.path_steps is not None else 0

    @property
    def target_points(self) -> int:
        return TARGET_POINTS if self.targets_role else 0


def _sql() -> tuple[str, list[Any], list[Any]]:
    """The statement, the gap engine's parameters (first) and the potentials' (in the middle).

    The requirement CTE opens the WITH list, RECURSIVE for the walk back along the paths.
    """
    head, head_params = gaps.with_requirement(recursive=True)
    ratings = TalentRating.objects.in_latest_review().with_final().order_by()
    potential, potential_params = compiled(ratings.values("employee_id", final=F("final_pot")))
    body = _SUGGEST_SQL.format(
        role_total=gaps.role_total_cte(),
        rated_readiness=gaps.rated_readiness("q", "r", "t"),
        readiness=gaps.readiness("q", "r"),
        fit_columns=gaps.fit_columns(),
        potential=potential,
        first_scored=_SCORED.format(people="first"),
        more_scored=_SCORED.format(people="more"),
    )
    return head + body, head_params, list(potential_params)


def suggest_successors(
    plan: SuccessionPlan, *, exclude_ids: tuple[int, ...] = (), limit: int = LIMIT
) -> list[Suggestion]:
    """The best ``limit`` people for ``plan``'s role, best first (one query).

    ``exclude_ids`` are people never to suggest (the viewer, who may not see talent data about
    themselves); the incumbent, people in the role and people already on the slate are always
    left out.
    """
    role_id = plan.role_id
    excluded = [*exclude_ids, *([plan.incumbent_id] if plan.incumbent_id else [])]
    sql, head_params, potential_params = _sql()
    scored = [POTENTIAL_POINTS, TARGET_POINTS, role_id, excluded, plan.pk]
    params: list[Any] = [
        *head_params,
        *(role_id, role_id),  # rated, unrated
        *(role_id, MAX_STEPS),  # back
        PATH_POINTS,  # role_points
        *(ABOVE_POINTS, MAX_STEP_UP, STEP_UP_POINTS, FAR_BELOW_POINTS, MAX_STEP_UP, role_id),
        *potential_params,
        role_id,  # target
        *scored,  # first_scored
        max(limit - 1, 0),  # bar: the score of the last place
        *scored,  # the more, scored
        limit,
        role_id,  # fit
    ]
    return [
        Suggestion(
            employee_id=row[0],
            readiness=gaps.readiness_number(row[1]),
            requirement_count=row[2],
            skills_met=row[3],
            total_gap=row[4],
            essential_gaps=row[5],
            potential=row[6],
            path_steps=row[7],
            targets_role=bool(row[8]),
            score=float(row[9]),
            levels_up=row[10],
            step_points=row[11],
        )
        for row in fetch(sql, params)
    ]


def initial_readiness(readiness: float | None) -> Readiness:
    """Where a nomination starts on the readiness scale, from the skill readiness; HR adjusts."""
    if readiness is not None and readiness >= READY_NOW_FROM:
        return Readiness.READY_NOW
    if readiness is not None and readiness >= READY_SOON_FROM:
        return Readiness.ONE_TWO_YEARS
    return Readiness.THREE_FIVE_YEARS
