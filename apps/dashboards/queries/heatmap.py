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
from django.db.models import Case, F, QuerySet, When
from django.utils.translation import gettext_lazy

from apps.dashboards.queries.paging import PER_PAGE, Paged, clamped_offset_of_count, last_page
from apps.employees import gaps
from apps.employees.models import Employee
from careermap.sql import compiled, fetch

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

# Each person (``id, public_id, full_name, role_id``) with the role the lens sets them against:
# the people queryset itself, compiled (see _people), not ``id IN (people)``: that joined the
# sub-tree back to every employee, a scan of all 20,060 even for 200 people (EXPLAIN).
# Not materialised: the page by name then walks the name index and stops after 50 people, where
# a materialised CTE read and sorted the whole sub-tree (20,059 people for the organisation).
_PEOPLE_CTE = """
, people AS NOT MATERIALIZED ({people})
"""

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
, total AS (SELECT count(*) AS n FROM scored)
, page AS (
    SELECT * FROM scored ORDER BY {order} LIMIT %s OFFSET {offset}
)
"""

# Sorted by name: the page is found first, and only its people are scored (50 people's
# requirements, not the whole sub-tree's: 20,000 x ~5 rows for the organisation). The people
# are counted once, for the page past the end and for "of N".
_PAGE_BY_NAME = """
, total AS (SELECT count(*) AS n FROM people)
, named AS (
    SELECT * FROM people ORDER BY {order} LIMIT %s OFFSET {offset}
)
, page AS ({score})
"""

# The page's people by their role's required skills, with how many people there are in all.
_PAGE_ROWS = """
SELECT total.n, page.id, page.public_id, page.full_name, ro.title, page.total_gap,
       n.skill_id, n.skill_name, n.category_name, n.required_level, n.is_essential,
       r.self_level, r.manager_level, {current} AS current_level, {gap} AS gap
  FROM total
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

# The gap summary from a histogram: how many people of each role stand at each current level of
# each skill the role requires. Setting every person against every requirement and then joining
# their rating of it (20,059 x ~5 rows for the organisation, each probing 160,000 ratings on two
# columns) cost 120-140 ms; the team's ratings counted by (role, skill, level) are one hash join
# on the person and a few thousand groups, and the people with no rating of a required skill are
# the role's headcount less those rated, at the level the engine gives a missing rating.
# ``rated`` is the team's ratings by level, ``holders`` the headcount of each role, ``counted``
# each (role, skill) at each level, ``h``; the gap is then the engine's ``level_gap``.
_SUMMARY_SQL = """
, rated AS (
    SELECT p.role_id, r.skill_id, {current} AS level, count(*) AS people
      FROM people p
      JOIN employees_skillrating r ON r.employee_id = p.id
     WHERE p.role_id IN (SELECT role_id FROM needed)
     GROUP BY 1, 2, 3
)
, holders AS (
    SELECT role_id, count(*) AS people FROM people GROUP BY role_id
)
, counted AS (
    SELECT n.role_id, n.skill_id, rated.level, rated.people
      FROM needed n
      JOIN rated ON rated.role_id = n.role_id AND rated.skill_id = n.skill_id
    UNION ALL
    SELECT n.role_id, n.skill_id, missing.level, holders.people - COALESCE(done.people, 0)
      FROM needed n
      JOIN holders ON holders.role_id = n.role_id
      LEFT JOIN (SELECT role_id, skill_id, sum(people) AS people FROM rated GROUP BY 1, 2) done
        ON done.role_id = n.role_id AND done.skill_id = n.skill_id
     CROSS JOIN (
        SELECT {missing} AS level
          FROM (SELECT NULL::smallint AS manager_level, NULL::smallint AS self_level) none
     ) missing
)
SELECT n.skill_id, n.skill_name,
       sum(h.people)::int AS needed_by,
       COALESCE(sum(h.people) FILTER (WHERE {gap} > 0), 0)::int AS below,
       sum({gap} * h.people)::int AS shortfall,
       max({gap}) FILTER (WHERE h.people > 0) AS largest_gap,
       max(n.required_level) AS highest_required
  FROM counted h
  JOIN needed n ON n.role_id = h.role_id AND n.skill_id = h.skill_id
 GROUP BY n.skill_id, n.skill_name
HAVING sum(h.people) FILTER (WHERE {gap} > 0) > 0
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


@dataclass(frozen=True, slots=True)
class Option:
    """One choice of a heatmap filter: a department, a role or a skill category."""

    pk: int
    name: str
    parent_id: int | None = None


@dataclass(frozen=True)
class FilterOptions:
    departments: list[Option]
    roles: list[Option]
    categories: list[Option]


# The departments and current roles of the people, and every skill category, in one statement
# (three had the department one scan every department's employees: a semi-join, EXPLAIN).
_OPTIONS_SQL = """
WITH scope AS MATERIALIZED (SELECT DISTINCT p.department_id, p.current_role_id FROM ({people}) p)
SELECT 'department', d.id, d.name, NULL::bigint
  FROM employees_department d WHERE d.id IN (SELECT department_id FROM scope)
UNION ALL
SELECT 'role', ro.id, ro.title, NULL FROM roles_role ro
 WHERE ro.id IN (SELECT current_role_id FROM scope)
UNION ALL
SELECT 'category', c.id, c.name, c.parent_id FROM skills_skillcategory c
 ORDER BY 1, 3, 2
"""


def filter_options(people: QuerySet[Employee]) -> FilterOptions:
    """What the heatmap's filters offer for these people, in one query."""
    try:
        scope, params = compiled(people.order_by().values("department_id", "current_role_id"))
    except EmptyResultSet:
        scope, params = "SELECT NULL::bigint AS department_id, NULL::bigint AS current_role_id", ()
    found: dict[str, list[Option]] = {"department": [], "role": [], "category": []}
    for kind, pk, name, parent_id in fetch(_OPTIONS_SQL.format(people=scope), params):
        found[kind].append(Option(pk, name, parent_id))
    return FilterOptions(found["department"], found["role"], found["category"])


def _lens_role(lens: str, read_all_maps: bool) -> Any:
    """The role the lens sets a person against. A target role is read from the map only where
    the viewer may read the map (its owner lets managers see it, or the viewer is HR)."""
    if lens != Lens.TARGET:
        return F("current_role_id")
    if read_all_maps:
        return F("career_map__target_role_id")
    return Case(When(career_map__visible_to_manager=True, then=F("career_map__target_role_id")))


def _people(
    people: QuerySet[Employee], lens: str, read_all_maps: bool
) -> tuple[str, tuple[Any, ...]]:
    """The people CTE's SELECT: each person with their lens role, as ``role_id``."""
    chosen = people.order_by().values(
        "id", "public_id", "full_name", role_id=_lens_role(lens, read_all_maps)
    )
    return compiled(chosen)


def _gap_ctes(
    people: QuerySet[Employee], gap_filter: GapFilter, read_all_maps: bool
) -> tuple[str, list[Any]]:
    """requirement + needed + people, and their parameters in the order they appear."""
    people_sql, people_params = _people(people, gap_filter.lens, read_all_maps)
    sql, params = gaps.with_requirement()
    where = ""
    if gap_filter.category_ids:
        where = "WHERE s.category_id = ANY(%s)"
        params.append(list(gap_filter.category_ids))
    params.extend(people_params)
    sql += _NEEDED_CTE.format(where=where) + _PEOPLE_CTE.format(people=people_sql)
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
    sql = (
        ctes
        + (_PAGE_BY_GAP if by_gap else _PAGE_BY_NAME).format(
            score=_SCORE.format(people="people" if by_gap else "named", gap=_NEEDED_GAP),
            order=order.format(t=""),
            offset=clamped_offset_of_count("total") if per_page else "0",
        )
        + _PAGE_ROWS.format(
            current=gaps.current_level("r"),
            gap=_NEEDED_GAP,
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
    sql = _SUMMARY_SQL.format(
        current=gaps.current_level("r"),
        missing=gaps.current_level("none"),
        gap=gaps.level_gap("n", "h"),
    )
    rows = fetch(ctes + sql, [*params, limit])
    return [Shortfall(*row) for row in rows]
