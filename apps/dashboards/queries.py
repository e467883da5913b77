"""Reads of the manager dashboard. Each panel is one or two SQL statements, whatever the team size.

The heatmap and the team gap summary are built on the gap engine's SQL blocks
(``apps.employees.gaps``), so "current level" and "gap" mean exactly what they mean everywhere
else: the manager's rating if any, else the self rating, else 0; gap = max(0, required - current).
The lens picks the role each person is set against: their current role, or the target role on
their career map (only when the viewer may read that map).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypedDict
from uuid import UUID

from django.core.exceptions import EmptyResultSet
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Abs, Coalesce
from django.urls import reverse
from django.utils import timezone

from apps.careermaps.access import maps_visible_to
from apps.careermaps.models import CADENCE_DAYS, CareerMap, Goal, GoalStatus, Milestone, Recognition
from apps.employees import gaps
from apps.employees.access import is_manager_of
from apps.employees.models import Employee, SkillRating
from apps.mentoring.models import MentorshipStatus
from apps.succession.access import plans_visible_to, talent_ratings_visible_to
from apps.succession.models import SuccessorCandidate, TalentRating, TalentReview
from careermap.sql import fetch, pk_subquery

PER_PAGE = 50
SUMMARY_SKILLS = 8
DISAGREEMENT = 2  # levels between self and manager rating that call for a conversation
DUE_SOON_DAYS = 14
RECOGNITION_DAYS = 90
FEED_DAYS = 30
FEED_ITEMS = 20
HIGH_POTENTIAL_SHOWN = 25
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


class Lens:
    CURRENT = "current"
    TARGET = "target"
    CHOICES = ((CURRENT, "Current role"), (TARGET, "Target role"))


class Sort:
    NAME = "name"
    GAP = "gap"
    CHOICES = ((NAME, "Person"), (GAP, "Largest gap first"))


# A page past the end shows the last page: the offset is clamped in SQL, so it costs no second
# query. Parameters: the asked-for offset, then the page size twice.
_CLAMPED_OFFSET = "LEAST(%s, (SELECT (GREATEST(count(*), 1) - 1) / %s * %s FROM scored))"


def _last_page(page: int, total: int, per_page: int) -> int:
    return min(max(1, page), max(1, -(-total // per_page)))


# --------------------------------------------------------------------------- gaps (heatmap)

# The required skills, narrowed to the chosen skill categories when there are any.
_NEEDED_CTE = """
, needed AS (
    SELECT q.role_id, q.skill_id, q.required_level, q.is_essential,
           s.name AS skill_name, c.name AS category_name
      FROM requirement q
      JOIN skills_skill s ON s.id = q.skill_id
      JOIN skills_skillcategory c ON c.id = s.category_id
     {where}
)
"""

# Each person with the role the lens sets them against. A target role is read from the map
# only where the viewer may read the map (its owner lets managers see it, or the viewer is HR).
_PEOPLE_CTE = """
, people AS (
    SELECT e.id, e.public_id, e.full_name, {role} AS role_id
      FROM employees_employee e
      LEFT JOIN careermaps_careermap m ON m.employee_id = e.id
     WHERE e.id IN ({scope})
)
"""
_TARGET_ROLE = "CASE WHEN m.visible_to_manager OR %s THEN m.target_role_id END"

# ``n`` is a needed skill of the person's role, ``r`` their rating of it.
_NEEDED_GAP = gaps.gap("n", "r")

_HEATMAP_SQL = """
, scored AS (
    SELECT p.id, p.public_id, p.full_name, p.role_id,
           COALESCE(sum({gap}), 0) AS total_gap
      FROM people p
      LEFT JOIN needed n ON n.role_id = p.role_id
      LEFT JOIN employees_skillrating r ON r.employee_id = p.id AND r.skill_id = n.skill_id
     GROUP BY p.id, p.public_id, p.full_name, p.role_id
)
, page AS (
    SELECT * FROM scored ORDER BY {order} LIMIT %s OFFSET {offset}
)
SELECT counted.n, page.id, page.public_id, page.full_name, ro.title, page.total_gap,
       n.skill_id, n.skill_name, n.category_name, n.required_level, n.is_essential,
       r.self_level, r.manager_level, {current} AS current_level, {gap} AS gap
  FROM (SELECT count(*) AS n FROM scored) counted
  LEFT JOIN page ON true
  LEFT JOIN roles_role ro ON ro.id = page.role_id
  LEFT JOIN needed n ON n.role_id = page.role_id
  LEFT JOIN employees_skillrating r ON r.employee_id = page.id AND r.skill_id = n.skill_id
 ORDER BY {page_order}, n.skill_name, n.skill_id
"""

_ORDER = {
    Sort.NAME: "{t}full_name, {t}id",
    Sort.GAP: "{t}total_gap DESC, {t}full_name, {t}id",
}

_SUMMARY_SQL = """
SELECT n.skill_id, n.skill_name,
       count(*) AS needed_by,
       count(*) FILTER (WHERE {gap} > 0) AS below,
       sum({gap}) AS shortfall,
       max({gap}) AS largest_gap,
       max(n.required_level) AS highest_required
  FROM people p
  JOIN needed n ON n.role_id = p.role_id
  LEFT JOIN employees_skillrating r ON r.employee_id = p.id AND r.skill_id = n.skill_id
 GROUP BY n.skill_id, n.skill_name
HAVING count(*) FILTER (WHERE {gap} > 0) > 0
 ORDER BY shortfall DESC, below DESC, n.skill_name, n.skill_id
 LIMIT %s
"""


@dataclass(frozen=True, slots=True)
class Cell:
    """One person against one skill their (lens) role requires."""

    skill_id: int
    required_level: int
    is_essential: bool
    self_level: int | None
    manager_level: int | None
    current_level: int
    gap: int

    @property
    def heat(self) -> int:
        """The colour step: 0 (met) to 3 (three or more levels short)."""
        return min(self.gap, 3)


@dataclass(frozen=True, slots=True)
class SkillColumn:
    id: int
    name: str
    category: str


@dataclass
class HeatRow:
    employee_id: int
    public_id: UUID
    full_name: str
    role_title: str | None
    total_gap: int
    cells: dict[int, Cell] = field(default_factory=dict)
    line: list[Cell | None] = field(default_factory=list)


class Paged:
    """Previous / next for a page of people (``page`` and ``pages`` from the subclass)."""

    page: int

    @property
    def pages(self) -> int:
        raise NotImplementedError

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def previous_page(self) -> int:
        return self.page - 1

    @property
    def next_page(self) -> int:
        return self.page + 1


@dataclass
class Heatmap(Paged):
    rows: list[HeatRow]
    columns: list[SkillColumn]
    total: int
    page: int
    per_page: int | None

    @property
    def pages(self) -> int:
        if not self.per_page:
            return 1
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        return 0 if not self.rows else (self.page - 1) * (self.per_page or 0) + 1

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


@dataclass(frozen=True)
class GapFilter:
    lens: str = Lens.CURRENT
    sort: str = Sort.NAME
    category_ids: tuple[int, ...] = ()


def _gap_ctes(
    people: QuerySet[Employee], gap_filter: GapFilter, read_all_maps: bool
) -> tuple[str, list[Any]]:
    """requirement + needed + people, and their parameters in the order they appear."""
    scope_sql, scope_params = pk_subquery(people)
    sql, params = gaps.with_requirement()
    where = ""
    if gap_filter.category_ids:
        where = "WHERE s.category_id = ANY(%s)"
        params.append(list(gap_filter.category_ids))
    role = "e.current_role_id"
    if gap_filter.lens == Lens.TARGET:
        role = _TARGET_ROLE
        params.append(read_all_maps)
    params.extend(scope_params)
    sql += _NEEDED_CTE.format(where=where) + _PEOPLE_CTE.format(role=role, scope=scope_sql)
    return sql, params


def heatmap(
    people: QuerySet[Employee],
    gap_filter: GapFilter,
    *,
    read_all_maps: bool,
    page: int = 1,
    per_page: int | None = PER_PAGE,
) -> Heatmap:
    """One page of people by the skills their role requires, in one query.

    ``per_page=None`` gives everyone on one page (the CSV export of all pages). A page past
    the end shows the last page.
    """
    try:
        ctes, params = _gap_ctes(people, gap_filter, read_all_maps)
    except EmptyResultSet:
        return Heatmap([], [], 0, 1, per_page)
    order = _ORDER.get(gap_filter.sort, _ORDER[Sort.NAME])
    sql = ctes + _HEATMAP_SQL.format(
        current=gaps.current_level("r"),
        gap=_NEEDED_GAP,
        order=order.format(t=""),
        page_order=order.format(t="page."),
        offset=_CLAMPED_OFFSET if per_page else "0",
    )
    page = max(1, page)
    paging = [per_page, (page - 1) * per_page, per_page, per_page] if per_page else [None]
    rows = fetch(sql, [*params, *paging])
    total = rows[0][0] if rows else 0
    if per_page:
        page = _last_page(page, total, per_page)
    return _pivot(rows, total, page, per_page)


def _pivot(rows: list[tuple[Any, ...]], total: int, page: int, per_page: int | None) -> Heatmap:
    people: dict[int, HeatRow] = {}
    columns: dict[int, SkillColumn] = {}
    for (_, pk, public_id, name, role_title, total_gap, skill_id, skill_name, category,
         required, essential, self_level, manager_level, current, gap) in rows:  # fmt: skip
        if pk is None:
            continue
        row = people.setdefault(pk, HeatRow(pk, public_id, name, role_title, total_gap))
        if skill_id is None:
            continue
        columns.setdefault(skill_id, SkillColumn(skill_id, skill_name, category))
        row.cells[skill_id] = Cell(
            skill_id, required, essential, self_level, manager_level, current, gap
        )
    ordered = sorted(columns.values(), key=lambda c: (c.category.lower(), c.name.lower(), c.id))
    for row in people.values():
        row.line = [row.cells.get(column.id) for column in ordered]
    return Heatmap(list(people.values()), ordered, total, page, per_page)


@dataclass(frozen=True, slots=True)
class Shortfall:
    """A skill the team's roles require, and how far the team falls short of it."""

    skill_id: int
    skill_name: str
    needed_by: int
    below: int
    shortfall: int
    largest_gap: int
    highest_required: int

    @property
    def share_below(self) -> float:
        return 100 * self.below / self.needed_by if self.needed_by else 0.0

    @property
    def average_gap(self) -> float:
        """Levels short on average, among those below the required level."""
        return self.shortfall / self.below if self.below else 0.0


def gap_summary(
    people: QuerySet[Employee],
    gap_filter: GapFilter,
    *,
    read_all_maps: bool,
    limit: int = SUMMARY_SKILLS,
) -> list[Shortfall]:
    """The skills where the team falls shortest (most levels short in total), in one query."""
    try:
        ctes, params = _gap_ctes(people, gap_filter, read_all_maps)
    except EmptyResultSet:
        return []
    rows = fetch(ctes + _SUMMARY_SQL.format(gap=_NEEDED_GAP), [*params, limit])
    return [Shortfall(*row) for row in rows]


_PAIRS_SQL = """
SELECT pair.employee_id, pair.role_id, {fit_columns}
  FROM unnest(%s::bigint[], %s::bigint[]) AS pair (employee_id, role_id)
  LEFT JOIN requirement q ON q.role_id = pair.role_id
  LEFT JOIN employees_skillrating r ON r.employee_id = pair.employee_id AND r.skill_id = q.skill_id
 GROUP BY pair.employee_id, pair.role_id
"""


def readiness_for_pairs(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], float | None]:
    """Readiness (%) of each (employee id, role id) pair, by the gap engine's formula, one query."""
    if not pairs:
        return {}
    employees, roles = zip(*sorted(pairs), strict=True)
    head, params = gaps.with_requirement()
    sql = head + _PAIRS_SQL.format(fit_columns=gaps.fit_columns())
    rows = fetch(sql, [*params, list(employees), list(roles)])
    return {
        (employee, role): gaps.readiness_number(readiness) for employee, role, readiness, *_ in rows
    }


# --------------------------------------------------------------------------- ratings to review


def ratings_to_review(people: QuerySet[Employee]) -> QuerySet[SkillRating]:
    """Skills self-rated since the manager last rated them (or never manager-rated)."""
    return (
        SkillRating.objects.filter(employee__in=people, self_level__isnull=False)
        .filter(Q(manager_rated_at__isnull=True) | Q(self_rated_at__gt=F("manager_rated_at")))
        .select_related("employee", "skill", "manager_rated_by")
        .order_by(F("self_rated_at").desc(nulls_last=True), "employee__full_name", "skill__name")
    )


def disagreements(people: QuerySet[Employee]) -> QuerySet[SkillRating]:
    """Current ratings where self and manager are ``DISAGREEMENT`` or more levels apart."""
    return (
        SkillRating.objects.filter(
            employee__in=people, self_level__isnull=False, manager_level__isnull=False
        )
        .annotate(apart=Abs(F("self_level") - F("manager_level")))
        .filter(apart__gte=DISAGREEMENT)
        .select_related("employee", "skill", "manager_rated_by")
        .order_by("-apart", "employee__full_name", "skill__name")
    )


def is_disagreement(rating: SkillRating) -> bool:
    if rating.self_level is None or rating.manager_level is None:
        return False
    return abs(rating.self_level - rating.manager_level) >= DISAGREEMENT


# --------------------------------------------------------------------------- development health

_HEALTH_SQL = """
WITH const AS (
    SELECT %s::date AS today, %s::date AS soon, %s::timestamptz AS since, %s::text AS tz,
           %s::boolean AS read_all, %s::text[] AS open_goals, %s::text AS achieved,
           %s::text AS mentored, %s::text AS asked
)
, cadence AS (SELECT * FROM unnest(%s::text[], %s::int[]) AS c (name, days))
, people AS (
    SELECT e.id, e.public_id, e.full_name, e.current_role_id,
           EXISTS (SELECT 1 FROM employees_employee x WHERE x.manager_id = e.id) AS has_reports
      FROM employees_employee e
     WHERE e.id IN ({scope})
)
, maps AS (
    SELECT m.id, m.employee_id, m.public_id, m.target_role_id, m.reflection_cadence,
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
, mentoring AS (
    SELECT ms.mentee_id AS employee_id,
           bool_or(ms.status = const.mentored) AS has_mentor,
           bool_or(ms.status = const.asked) AS asked
      FROM careermaps_mentorship ms
      JOIN people p ON p.id = ms.mentee_id
     CROSS JOIN const
     GROUP BY ms.mentee_id
)
, recognised AS (
    SELECT rc.career_map_id, count(*) AS n
      FROM careermaps_recognition rc
      JOIN maps ON maps.id = rc.career_map_id AND maps.readable
     CROSS JOIN const
     WHERE rc.created_at >= const.since
     GROUP BY rc.career_map_id
)
, health AS (
    SELECT p.id, p.public_id, p.full_name, p.has_reports, ro.title AS role_title,
           maps.id IS NOT NULL AS has_map,
           COALESCE(maps.readable, false) AS readable,
           CASE WHEN maps.readable THEN maps.public_id END AS map_public_id,
           CASE WHEN maps.readable THEN target.title END AS target_title,
           COALESCE(goals.on_track, 0) AS on_track,
           COALESCE(goals.overdue, 0) AS overdue,
           COALESCE(goals.done, 0) AS done,
           COALESCE(milestones.due_soon, 0) AS due_soon,
           CASE WHEN maps.readable THEN const.today - reflected.last_on END AS days_since,
           COALESCE(maps.readable AND cadence.days IS NOT NULL
                    AND const.today - COALESCE(reflected.last_on, maps.started_on) > cadence.days,
                    false) AS reflection_overdue,
           COALESCE(maps.readable AND mentoring.has_mentor, false) AS has_mentor,
           COALESCE(maps.readable AND mentoring.asked, false) AS mentor_asked,
           COALESCE(recognised.n, 0) AS recognitions
      FROM people p
     CROSS JOIN const
      LEFT JOIN roles_role ro ON ro.id = p.current_role_id
      LEFT JOIN maps ON maps.employee_id = p.id
      LEFT JOIN roles_role target ON target.id = maps.target_role_id
      LEFT JOIN goals ON goals.career_map_id = maps.id
      LEFT JOIN milestones ON milestones.career_map_id = maps.id
      LEFT JOIN reflected ON reflected.career_map_id = maps.id
      LEFT JOIN cadence ON cadence.name = maps.reflection_cadence
      LEFT JOIN mentoring ON mentoring.employee_id = p.id
      LEFT JOIN recognised ON recognised.career_map_id = maps.id
)
, scored AS (
    SELECT health.*,
           CASE
             WHEN NOT has_map THEN 3
             WHEN NOT readable THEN 0
             ELSE 2 * overdue
                  + CASE WHEN reflection_overdue THEN 2 ELSE 0 END
                  + CASE WHEN target_title IS NULL THEN 1 ELSE 0 END
                  + CASE WHEN on_track + overdue + done = 0 THEN 1 ELSE 0 END
                  + CASE WHEN due_soon > 0 THEN 1 ELSE 0 END
           END AS attention
      FROM health
)
SELECT scored.*, count(*) OVER () AS total,
       count(*) FILTER (WHERE attention > 0) OVER () AS needing_attention
  FROM scored
 ORDER BY attention DESC, days_since DESC NULLS FIRST, full_name, id
 LIMIT %s OFFSET {offset}
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
        scope_sql, scope_params = pk_subquery(people)
    except EmptyResultSet:
        return HealthPage([], 0, 0, 1, per_page)
    sql = _HEALTH_SQL.format(scope=scope_sql, offset=_CLAMPED_OFFSET)
    params = [*_health_params(read_all_maps, timezone.localdate(now), now), *scope_params]
    page = max(1, page)
    rows = fetch(sql, [*params, per_page, (page - 1) * per_page, per_page, per_page])
    total, needing = (rows[0][-2], rows[0][-1]) if rows else (0, 0)
    page = _last_page(page, total, per_page)
    return HealthPage([HealthRow(*row[:-2]) for row in rows], total, needing, page, per_page)


# --------------------------------------------------------------------------- high potential


@dataclass(frozen=True)
class Slot:
    """A key position the person is slated for, as far as the viewer may see the plan."""

    role_title: str
    readiness_label: str
    emergency_cover: bool
    skill_readiness: float | None


@dataclass
class HighPotential:
    rating: TalentRating
    employee: Employee
    target_title: str | None
    target_readiness: float | None
    slots: list[Slot]


class TargetFields(TypedDict):
    """What the panel reads of a person's career map, annotated on their talent rating."""

    map_open: bool
    target_id: int | None
    target_title: str | None


if TYPE_CHECKING:  # django-stubs' typing helper is a development tool, not a runtime package
    from django_stubs_ext import WithAnnotations

    RatingWithTarget = WithAnnotations[TalentRating, TargetFields]


@dataclass
class HighPotentialPanel:
    review: TalentReview | None
    people: list[HighPotential]
    total: int


def high_potential(
    user: Any, people: QuerySet[Employee], *, read_all_maps: bool
) -> HighPotentialPanel:
    """People the latest review placed in the top potential band (after calibration).

    Only ratings the viewer may see (succession's rules) and only plans shared with them.
    """
    review = TalentReview.objects.latest_rated().first()
    if review is None:
        return HighPotentialPanel(None, [], 0)
    ratings: QuerySet[RatingWithTarget] = (
        talent_ratings_visible_to(user)
        .filter(review=review, employee__in=people)
        .high_potential()
        .annotate(
            map_open=Coalesce("employee__career_map__visible_to_manager", Value(False)),
            target_id=F("employee__career_map__target_role_id"),
            target_title=F("employee__career_map__target_role__title"),
        )
        .select_related("employee", "employee__current_role", "employee__department")
        .order_by(F("final_perf").desc(), "employee__full_name")
    )
    total = ratings.count()
    shown = list(ratings[:HIGH_POTENTIAL_SHOWN])
    slots = list(
        SuccessorCandidate.objects.filter(
            employee_id__in=[r.employee_id for r in shown], plan__in=plans_visible_to(user)
        )
        .select_related("plan__role")
        .order_by("readiness", "rank", "plan__role__title")
    )
    return HighPotentialPanel(review, _high_potential_rows(shown, slots, read_all_maps), total)


def _high_potential_rows(
    shown: Sequence[RatingWithTarget], slots: list[SuccessorCandidate], read_all_maps: bool
) -> list[HighPotential]:
    targets = {
        r.employee_id: (r.target_id, r.target_title)
        for r in shown
        if r.target_id and (read_all_maps or r.map_open)
    }
    pairs = {(e, role) for e, (role, _) in targets.items()}
    pairs |= {(s.employee_id, s.plan.role_id) for s in slots}
    readiness = readiness_for_pairs(pairs)
    by_person: dict[int, list[Slot]] = {}
    for s in slots:
        by_person.setdefault(s.employee_id, []).append(
            Slot(
                s.plan.role.title,
                s.get_readiness_display(),
                s.emergency_cover,
                readiness.get((s.employee_id, s.plan.role_id)),
            )
        )
    rows = []
    for rating in shown:
        role_id, title = targets.get(rating.employee_id, (None, None))
        rows.append(
            HighPotential(
                rating=rating,
                employee=rating.employee,
                target_title=title,
                target_readiness=readiness.get((rating.employee_id, role_id)) if role_id else None,
                slots=by_person.get(rating.employee_id, []),
            )
        )
    return rows


# --------------------------------------------------------------------------- recognition feed


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


def achievements(
    user: Any,
    me: Employee | None,
    people: QuerySet[Employee],
    *,
    since: datetime | None = None,
    limit: int = FEED_ITEMS,
) -> list[Achievement]:
    """Milestones completed and goals achieved lately by the team, newest first (two queries)."""
    since = since or timezone.now() - timedelta(days=FEED_DAYS)
    maps = maps_visible_to(user).filter(employee__in=people)
    milestones = (
        Milestone.objects.filter(goal__career_map__in=maps, done_at__gte=since)
        .select_related("goal__career_map__employee")
        .annotate(**_recognised("milestone", me))
        .order_by("-done_at", "-id")[:limit]
    )
    goals = (
        Goal.objects.filter(career_map__in=maps, achieved_at__gte=since, status=GoalStatus.ACHIEVED)
        .select_related("career_map__employee")
        .annotate(**_recognised("goal", me))
        .order_by("-achieved_at", "-id")[:limit]
    )
    items = [milestone_achievement(user, m) for m in milestones] + [
        goal_achievement(user, g) for g in goals
    ]
    items.sort(key=lambda item: item.when, reverse=True)
    return items[:limit]


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
    assert milestone.done_at is not None
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
    assert goal.achieved_at is not None
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
