"""The skill-gap heatmap and the team gap summary: one SQL statement each, whatever the team size.

The heatmap and the team gap summary are built on the gap engine's SQL blocks
(``apps.employees.gaps``), so "current level" and "gap" mean exactly what they mean everywhere
else: the manager's rating if any, else the self rating, else 0; gap = max(0, required - current).
The lens picks the role each person is set against: their current role, or the target role on
their career map (only when the viewer may read that map).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from apps.dashboards.queries.paging import PER_PAGE, Paged, clamped_offset, last_page
from apps.employees import gaps
from apps.employees.models import Employee
from careermap.sql import fetch, pk_subquery

SUMMARY_SKILLS = 8


class Lens:
    CURRENT = "current"
    TARGET = "target"
    CHOICES = ((CURRENT, gettext_lazy("Current role")), (TARGET, gettext_lazy("Target role")))


class Sort:
    NAME = "name"
    GAP = "gap"
    CHOICES = ((NAME, gettext_lazy("Person")), (GAP, gettext_lazy("Largest gap first")))


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

# Each person of ``{people}`` with their total gap against their (lens) role.
_SCORE = """
    SELECT p.id, p.public_id, p.full_name, p.role_id,
           COALESCE(sum({gap}), 0) AS total_gap
      FROM {people} p
      LEFT JOIN needed n ON n.role_id = p.role_id
      LEFT JOIN employees_skillrating r ON r.employee_id = p.id AND r.skill_id = n.skill_id
     GROUP BY p.id, p.public_id, p.full_name, p.role_id
"""

# Sorted by largest gap: every person's total gap is needed to find the page.
_PAGE_BY_GAP = """
, scored AS ({score})
, page AS (
    SELECT * FROM scored ORDER BY {order} LIMIT %s OFFSET {offset}
)
"""

# Sorted by name: the page is found first, and only its people are scored (50 people's
# requirements, not the whole sub-tree's: 20,000 x ~5 rows for the organisation).
_PAGE_BY_NAME = """
, named AS (
    SELECT * FROM people ORDER BY {order} LIMIT %s OFFSET {offset}
)
, page AS ({score})
"""

# The page's people by their role's required skills; ``counted`` holds one row per person.
_PAGE_ROWS = """
SELECT counted.n, page.id, page.public_id, page.full_name, ro.title, page.total_gap,
       n.skill_id, n.skill_name, n.category_name, n.required_level, n.is_essential,
       r.self_level, r.manager_level, {current} AS current_level, {gap} AS gap
  FROM (SELECT count(*) AS n FROM {counted}) counted
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
    by_gap = gap_filter.sort == Sort.GAP
    order = _ORDER[Sort.GAP if by_gap else Sort.NAME]
    counted = "scored" if by_gap else "people"
    sql = (
        ctes
        + (_PAGE_BY_GAP if by_gap else _PAGE_BY_NAME).format(
            score=_SCORE.format(people="people" if by_gap else "named", gap=_NEEDED_GAP),
            order=order.format(t=""),
            offset=clamped_offset(counted) if per_page else "0",
        )
        + _PAGE_ROWS.format(
            current=gaps.current_level("r"),
            gap=_NEEDED_GAP,
            counted=counted,
            page_order=order.format(t="page."),
        )
    )
    page = max(1, page)
    paging = [per_page, (page - 1) * per_page, per_page, per_page] if per_page else [None]
    rows = fetch(sql, [*params, *paging])
    total = rows[0][0] if rows else 0
    if per_page:
        page = last_page(page, total, per_page)
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
