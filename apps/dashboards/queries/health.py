"""Development health: one page of people, who needs attention first, in one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps.careermaps.models import CADENCE_DAYS, GoalStatus
from apps.dashboards.queries.paging import (
    PER_PAGE,
    Paged,
    clamped_offset_of_count,
    last_page,
)
from apps.employees.models import Employee
from apps.mentoring.models import MentorshipStatus
from careermap.sql import compiled, fetch

DUE_SOON_DAYS = 14
RECOGNITION_DAYS = 90
OPEN_GOALS = [str(GoalStatus.NOT_STARTED), str(GoalStatus.IN_PROGRESS)]

ATTENTION_RULE = format_lazy(
    gettext_lazy(
        "Who needs attention comes first. Someone with no career map scores 3. Otherwise they "
        "score 2 for each overdue goal, 2 when their reflection is overdue for the rhythm they "
        "chose, 1 when they have no target role, 1 when they have no goals, and 1 when a "
        "milestone falls due in the next {days} days. A map its owner keeps from managers scores "
        "0: there is nothing to read. Highest score first; ties go to the longest time since the "
        "last reflection, then by name. Reflections stay private: only the number of days since "
        "the last one is shown."
    ),
    days=DUE_SOON_DAYS,
)

# The score (ATTENTION_RULE) needs only goals, milestones, reflections and the map: every
# person in scope is scored on those alone, read from ``dashboards_map_health`` (one row per
# map, kept by triggers: dashboards migration 0001) instead of aggregating every goal,
# milestone and reflection of the scope. Its dates are sorted, so ``width_bucket(day, dates)``
# is how many fall on or before ``day``: overdue goals are those before today, milestones due
# soon those from today to ``soon``. What a row shows besides (role, target, mentoring,
# recognitions, whether they manage) is read for the page's rows only, after the LIMIT.
#
# Scoring runs once per person of the scope (20,000 for HR), so each expression is written
# once: the score adds up the facts directly (inside the readable branch, the shown columns'
# ``CASE WHEN readable`` wrappers change nothing), and a reflection is overdue when the last
# one (or, with none, the map's start) came before local midnight ``days`` before today, an
# instant worked out once per rhythm: the same test as comparing local dates, without
# converting every person's times to dates.
_CONST_SQL = """
WITH const AS (
    SELECT %s::date AS today, %s::date AS soon, %s::timestamptz AS since, %s::text AS tz,
           %s::boolean AS read_all, %s::text[] AS open_goals, %s::text AS achieved,
           %s::text AS mentored, %s::text AS asked,
           %s::text[] AS cadence_names, %s::int[] AS cadence_days
)
, cadence AS (
    SELECT c.name, ((const.today - c.days)::timestamp AT TIME ZONE const.tz) AS overdue_before
      FROM const, unnest(const.cadence_names, const.cadence_days) AS c (name, days)
)
, people AS (SELECT scope.id, scope.full_name FROM ({scope}) AS scope (id, full_name))
"""

# Each person of ``{people}`` (a CTE of id and full_name) with their score and what it shows.
_SCORED_SQL = """
SELECT facts.id, facts.full_name, facts.map_id, facts.has_map, facts.readable,
       facts.readable AND facts.no_target AS no_target,
       -- A map kept from managers shows (and scores) nothing but that it exists.
       CASE WHEN facts.readable THEN facts.open_goals - facts.overdue ELSE 0 END AS on_track,
       CASE WHEN facts.readable THEN facts.overdue ELSE 0 END AS overdue,
       CASE WHEN facts.readable THEN facts.done ELSE 0 END AS done,
       CASE WHEN facts.readable THEN facts.due_soon ELSE 0 END AS due_soon,
       CASE WHEN facts.readable
            THEN const.today - (facts.last_reflected_at AT TIME ZONE const.tz)::date
       END AS days_since,
       COALESCE(facts.readable AND facts.reflection_late, false) AS reflection_overdue,
       CASE
         WHEN NOT facts.has_map THEN 3
         WHEN NOT facts.readable THEN 0
         ELSE 2 * facts.overdue
              + CASE WHEN facts.reflection_late THEN 2 ELSE 0 END
              + CASE WHEN facts.no_target THEN 1 ELSE 0 END
              + CASE WHEN facts.open_goals + facts.done = 0 THEN 1 ELSE 0 END
              + CASE WHEN facts.due_soon > 0 THEN 1 ELSE 0 END
       END AS attention
  FROM (
    SELECT p.id, p.full_name, m.id AS map_id,
           m.id IS NOT NULL AS has_map,
           COALESCE(m.visible_to_manager OR const.read_all, false) AS readable,
           m.target_role_id IS NULL AS no_target,
           COALESCE(h.last_reflected_at, m.created_at) < cadence.overdue_before AS reflection_late,
           h.last_reflected_at,
           COALESCE(cardinality(h.open_goal_dates), 0) AS open_goals,
           COALESCE(width_bucket(const.today - 1, h.open_goal_dates), 0) AS overdue,
           COALESCE(h.achieved_goals, 0) AS done,
           COALESCE(width_bucket(const.soon, h.open_milestone_dues)
                    - width_bucket(const.today - 1, h.open_milestone_dues), 0) AS due_soon
      FROM {people} p
     CROSS JOIN const
      LEFT JOIN careermaps_careermap m ON m.employee_id = p.id
      LEFT JOIN dashboards_map_health h ON h.career_map_id = m.id
      LEFT JOIN cadence ON cadence.name = m.reflection_cadence
  ) facts
 CROSS JOIN const
"""

_HEALTH_SQL = _CONST_SQL + ", scored AS (" + _SCORED_SQL.format(people="people") + ")\n"

_ORDER = "attention DESC, days_since DESC NULLS FIRST, full_name, id"

# Ranking keeps four narrow columns of everyone (``ranked``); the counts and the page's
# people come from them, and only the page's people are scored again for what their rows
# show (``page``: 50 reads by key, not a second pass over the scope).
_PAGE_SQL = """
, ranked AS MATERIALIZED (SELECT id, full_name, attention, days_since FROM scored)
, totals AS (
    SELECT count(*) AS n, count(*) FILTER (WHERE attention > 0) AS needing FROM ranked
)
, chosen AS (
    SELECT ranked.id, ranked.full_name FROM ranked ORDER BY {order} LIMIT %s OFFSET {offset}
)
, page AS (SELECT shown.*, totals.n AS total, totals.needing AS needing_attention
             FROM ({shown}) shown
            CROSS JOIN totals)
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
_SHOWN_SQL = _SCORED_SQL.format(people="chosen")


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
            return [_("No career map")]
        if not self.readable:
            return []
        reasons = []
        if self.overdue:
            reasons.append(
                ngettext("%(count)s overdue goal", "%(count)s overdue goals", self.overdue)
                % {"count": self.overdue}
            )
        if self.reflection_overdue:
            reasons.append(_("Reflection overdue"))
        if self.target_title is None:
            reasons.append(_("No target role"))
        if not self.goals:
            reasons.append(_("No goals"))
        if self.due_soon:
            reasons.append(_("Milestone due soon"))
        return reasons

    @property
    def mentorship(self) -> str:
        if self.has_mentor:
            return _("Has a mentor")
        return _("Mentor requested") if self.mentor_asked else _("No mentor")


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
    sql = (_HEALTH_SQL + _PAGE_SQL).format(
        scope=scope_sql, offset=clamped_offset_of_count("totals"), order=_ORDER, shown=_SHOWN_SQL
    )
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
