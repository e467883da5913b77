"""Development health: one page of people, who needs attention first, in one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.utils import timezone

from apps.careermaps.models import CADENCE_DAYS, GoalStatus
from apps.dashboards.queries.paging import CLAMPED_OFFSET, PER_PAGE, Paged, last_page
from apps.employees.models import Employee
from apps.mentoring.models import MentorshipStatus
from careermap.sql import compiled, fetch

DUE_SOON_DAYS = 14
RECOGNITION_DAYS = 90
OPEN_GOALS = [str(GoalStatus.NOT_STARTED), str(GoalStatus.IN_PROGRESS)]

ATTENTION_RULE = (
    "Who needs attention comes first. Someone with no career map scores 3. Otherwise they score "
    "2 for each overdue goal, 2 when their reflection is overdue for the rhythm they chose, "
    f"1 when they have no target role, 1 when they have no goals, and 1 when a milestone falls "
    f"due in the next {DUE_SOON_DAYS} days. A map its owner keeps from managers scores 0: there "
    "is nothing to read. Highest score first; ties go to the longest time since the last "
    "reflection, then by name. Reflections stay private: only the number of days since the "
    "last one is shown."
)

# The score (ATTENTION_RULE) needs only goals, milestones, reflections and the map: every
# person in scope is scored on those alone. What a row shows besides (role, target, mentoring,
# recognitions, whether they manage) is read for the page's rows only, after the LIMIT.
_HEALTH_SQL = """
WITH const AS (
    SELECT %s::date AS today, %s::date AS soon, %s::timestamptz AS since, %s::text AS tz,
           %s::boolean AS read_all, %s::text[] AS open_goals, %s::text AS achieved,
           %s::text AS mentored, %s::text AS asked
)
, cadence AS (SELECT * FROM unnest(%s::text[], %s::int[]) AS c (name, days))
, people AS (SELECT scope.id, scope.full_name FROM ({scope}) AS scope (id, full_name))
, maps AS (
    SELECT m.id, m.employee_id, m.target_role_id, m.reflection_cadence,
           (m.created_at AT TIME ZONE const.tz)::date AS started_on,
           (m.visible_to_manager OR const.read_all) AS readable
      FROM careermaps_careermap m
      JOIN people p ON p.id = m.employee_id
     CROSS JOIN const
)
, goals AS (
    SELECT g.career_map_id,
           count(*) FILTER (WHERE g.status = const.achieved) AS done,
           count(*) FILTER (WHERE g.status = ANY(const.open_goals)
                              AND g.target_date < const.today) AS overdue,
           count(*) FILTER (WHERE g.status = ANY(const.open_goals)
                              AND g.target_date >= const.today) AS on_track
      FROM careermaps_goal g
      JOIN maps ON maps.id = g.career_map_id AND maps.readable
     CROSS JOIN const
     GROUP BY g.career_map_id
)
, milestones AS (
    SELECT g.career_map_id, count(*) AS due_soon
      FROM careermaps_milestone ms
      JOIN careermaps_goal g ON g.id = ms.goal_id
      JOIN maps ON maps.id = g.career_map_id AND maps.readable
     CROSS JOIN const
     WHERE ms.done_at IS NULL AND ms.due BETWEEN const.today AND const.soon
       AND g.status = ANY(const.open_goals)
     GROUP BY g.career_map_id
)
, reflected AS (
    -- Every reflection counts, private ones too, but only the last date leaves this query,
    -- and only as a number of days.
    SELECT rf.career_map_id, (max(rf.created_at) AT TIME ZONE const.tz)::date AS last_on
      FROM careermaps_reflection rf
      JOIN maps ON maps.id = rf.career_map_id AND maps.readable
     CROSS JOIN const
     GROUP BY rf.career_map_id, const.tz
)
, health AS (
    SELECT p.id, p.full_name, maps.id AS map_id,
           maps.id IS NOT NULL AS has_map,
           COALESCE(maps.readable, false) AS readable,
           maps.readable AND maps.target_role_id IS NULL AS no_target,
           COALESCE(goals.on_track, 0) AS on_track,
           COALESCE(goals.overdue, 0) AS overdue,
           COALESCE(goals.done, 0) AS done,
           COALESCE(milestones.due_soon, 0) AS due_soon,
           CASE WHEN maps.readable THEN const.today - reflected.last_on END AS days_since,
           COALESCE(maps.readable AND cadence.days IS NOT NULL
                    AND const.today - COALESCE(reflected.last_on, maps.started_on) > cadence.days,
                    false) AS reflection_overdue
      FROM people p
     CROSS JOIN const
      LEFT JOIN maps ON maps.employee_id = p.id
      LEFT JOIN goals ON goals.career_map_id = maps.id
      LEFT JOIN milestones ON milestones.career_map_id = maps.id
      LEFT JOIN reflected ON reflected.career_map_id = maps.id
      LEFT JOIN cadence ON cadence.name = maps.reflection_cadence
)
, scored AS (
    SELECT health.*,
           CASE
             WHEN NOT has_map THEN 3
             WHEN NOT readable THEN 0
             ELSE 2 * overdue
                  + CASE WHEN reflection_overdue THEN 2 ELSE 0 END
                  + CASE WHEN no_target THEN 1 ELSE 0 END
                  + CASE WHEN on_track + overdue + done = 0 THEN 1 ELSE 0 END
                  + CASE WHEN due_soon > 0 THEN 1 ELSE 0 END
           END AS attention
      FROM health
)
"""

_ORDER = "attention DESC, days_since DESC NULLS FIRST, full_name, id"

_PAGE_SQL = """
, page AS (
    SELECT scored.*, count(*) OVER () AS total,
           count(*) FILTER (WHERE attention > 0) OVER () AS needing_attention
      FROM scored
     ORDER BY {order}
     LIMIT %s OFFSET {offset}
)
SELECT page.id, e.public_id, page.full_name,
       EXISTS (SELECT 1 FROM employees_employee x WHERE x.manager_id = page.id) AS has_reports,
       ro.title AS role_title, page.has_map, page.readable,
       CASE WHEN page.readable THEN m.public_id END AS map_public_id,
       CASE WHEN page.readable THEN target.title END AS target_title,
       page.on_track, page.overdue, page.done, page.due_soon, page.days_since,
       page.reflection_overdue,
       COALESCE(page.readable AND mentoring.has_mentor, false) AS has_mentor,
       COALESCE(page.readable AND mentoring.asked, false) AS mentor_asked,
       COALESCE(recognised.n, 0) AS recognitions,
       page.attention, page.total, page.needing_attention
  FROM page
 CROSS JOIN const
  JOIN employees_employee e ON e.id = page.id
  LEFT JOIN roles_role ro ON ro.id = e.current_role_id
  LEFT JOIN careermaps_careermap m ON m.id = page.map_id
  LEFT JOIN roles_role target ON target.id = m.target_role_id
  LEFT JOIN LATERAL (
      SELECT bool_or(ms.status = const.mentored) AS has_mentor,
             bool_or(ms.status = const.asked) AS asked
        FROM careermaps_mentorship ms
       WHERE ms.mentee_id = page.id
  ) mentoring ON true
  LEFT JOIN LATERAL (
      SELECT count(*) AS n
        FROM careermaps_recognition rc
       WHERE rc.career_map_id = page.map_id AND page.readable AND rc.created_at >= const.since
  ) recognised ON true
 ORDER BY {order}
"""


@dataclass(frozen=True)
class HealthRow:
    """One person's development health. Holds no reflection content, count or date."""

    employee_id: int
    public_id: UUID
    full_name: str
    has_reports: bool
    role_title: str | None
    has_map: bool
    readable: bool
    map_public_id: UUID | None
    target_title: str | None
    on_track: int
    overdue: int
    done: int
    due_soon: int
    days_since_reflection: int | None
    reflection_overdue: bool
    has_mentor: bool
    mentor_asked: bool
    recognitions: int
    attention: int

    @property
    def goals(self) -> int:
        return self.on_track + self.overdue + self.done

    @property
    def reasons(self) -> list[str]:
        """Why this person scores what they score, in the words of ATTENTION_RULE."""
        if not self.has_map:
            return ["No career map"]
        if not self.readable:
            return []
        reasons = []
        if self.overdue:
            reasons.append(f"{self.overdue} overdue goal{'s' if self.overdue > 1 else ''}")
        if self.reflection_overdue:
            reasons.append("Reflection overdue")
        if self.target_title is None:
            reasons.append("No target role")
        if not self.goals:
            reasons.append("No goals")
        if self.due_soon:
            reasons.append("Milestone due soon")
        return reasons

    @property
    def mentorship(self) -> str:
        if self.has_mentor:
            return "Has a mentor"
        return "Mentor requested" if self.mentor_asked else "No mentor"


@dataclass
class HealthPage(Paged):
    rows: list[HealthRow]
    total: int
    needing_attention: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


def _health_params(read_all_maps: bool, today: date, now: datetime) -> list[Any]:
    cadences = [str(name) for name in CADENCE_DAYS]
    return [
        today,
        today + timedelta(days=DUE_SOON_DAYS),
        now - timedelta(days=RECOGNITION_DAYS),
        timezone.get_current_timezone_name(),
        read_all_maps,
        OPEN_GOALS,
        str(GoalStatus.ACHIEVED),
        str(MentorshipStatus.ACCEPTED),
        str(MentorshipStatus.REQUESTED),
        cadences,
        [CADENCE_DAYS[name] for name in CADENCE_DAYS],
    ]


def _scope(people: QuerySet[Employee]) -> tuple[str, tuple[Any, ...]]:
    """The people in scope with their names (one read of the sub-tree, no join back)."""
    return compiled(people.order_by().values("pk", "full_name"))


def development_health(
    people: QuerySet[Employee],
    *,
    read_all_maps: bool,
    page: int = 1,
    per_page: int = PER_PAGE,
    now: datetime | None = None,
) -> HealthPage:
    """One page of people, who needs attention first (ATTENTION_RULE), in one query."""
    now = now or timezone.now()
    try:
        scope_sql, scope_params = _scope(people)
    except EmptyResultSet:
        return HealthPage([], 0, 0, 1, per_page)
    sql = (_HEALTH_SQL + _PAGE_SQL).format(scope=scope_sql, offset=CLAMPED_OFFSET, order=_ORDER)
    params = [*_health_params(read_all_maps, timezone.localdate(now), now), *scope_params]
    page = max(1, page)
    rows = fetch(sql, [*params, per_page, (page - 1) * per_page, per_page, per_page])
    total, needing = (rows[0][-2], rows[0][-1]) if rows else (0, 0)
    page = last_page(page, total, per_page)
    return HealthPage([HealthRow(*row[:-2]) for row in rows], total, needing, page, per_page)


_COUNTS_SQL = """
SELECT count(*), count(*) FILTER (WHERE attention > 0) FROM scored
"""


def health_counts(
    people: QuerySet[Employee], *, read_all_maps: bool, now: datetime | None = None
) -> tuple[int, int]:
    """(people, those needing attention) by ATTENTION_RULE, counted in the database."""
    now = now or timezone.now()
    try:
        scope_sql, scope_params = _scope(people)
    except EmptyResultSet:
        return 0, 0
    sql = (_HEALTH_SQL + _COUNTS_SQL).format(scope=scope_sql)
    params = [*_health_params(read_all_maps, timezone.localdate(now), now), *scope_params]
    total, needing = fetch(sql, params)[0]
    return total, needing
