"""The gap and readiness engine: how well one person fits one role, computed in PostgreSQL.

For each skill a role requires, the person's current level is the manager's rating if there is
one, else their self rating, else 0. The gap is how far that falls short of the required level,
and readiness is the weighted share of the required levels the person already reaches::

    effective weight = weight x importance multiplier (essential 2, desirable 1)
    readiness = 100 x sum(effective weight x min(current, required))
                    / sum(effective weight x required)

Every figure is computed by one SQL statement (one per call, whatever the number of roles or
people). ``explain`` repeats the arithmetic over rows already fetched, only so a page can show
how a score was reached.

The formula exists here only. Other modules that need it inside their own statements (career
paths, dashboards, succession) build on the public blocks rather than typing it again:

- ``with_requirement()`` / ``requirement_cte()``: the requirements with their effective weight,
  as the start of a WITH list or as one entry of it, with the parameters they need;
- ``current_level("r")`` and ``gap("q", "r")``: the current level from a rating row, and how far
  it falls short of a requirement row;
- ``readiness("q", "r")`` and ``fit_columns("q", "r")``: the aggregates of one person x role
  group (readiness, requirement_count, skills_met, total_gap, essential_gaps).

``q`` is the conventional alias of a requirement row, ``r`` of the person's rating of its skill.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypedDict

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from apps.employees.models import Employee
from apps.roles.models import IMPORTANCE_MULTIPLIER, Importance, Role
from careermap.sql import fetch, pk_subquery

HOW_READINESS_IS_COMPUTED = gettext_lazy(
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
_REQUIREMENT = """requirement AS (
    SELECT q.role_id, q.skill_id, q.required_level, q.importance, q.weight,
           q.weight * m.factor AS effective_weight,
           q.importance = %s AS is_essential
      FROM roles_rolerequirement q
      JOIN unnest(%s::text[], %s::int[]) AS m (importance, factor)
        ON m.importance = q.importance
)"""

# With no requirements both sums are NULL, so readiness is NULL rather than a division error.
# The numerator: weight x the lower of the current and the required level, summed.
_WEIGHTED_MET = "sum({q}.effective_weight * LEAST({current}, {q}.required_level))"
_READINESS = (
    "round(100 * "
    + _WEIGHTED_MET
    + " / NULLIF(sum({q}.effective_weight * {q}.required_level), 0), 1)"
)

_FIT_COLUMNS = """
    {readiness} AS readiness,
    count({q}.skill_id) AS requirement_count,
    count({q}.skill_id) FILTER (WHERE {current} >= {q}.required_level) AS skills_met,
    COALESCE(sum({gap}), 0) AS total_gap,
    count({q}.skill_id) FILTER (WHERE {q}.is_essential AND {current} < {q}.required_level)
        AS essential_gaps
"""

# The columns fit_columns() adds, in order.
FIT_COLUMN_NAMES = ("readiness", "requirement_count", "skills_met", "total_gap", "essential_gaps")


def _alias(name: str) -> str:
    # Aliases are spliced into SQL text: only plain identifiers, never a value.
    if not name.isidentifier():
        raise ValueError(f"Not an SQL alias: {name!r}")
    return name


def requirement_cte() -> tuple[str, list[Any]]:
    """``requirement AS (...)``, one entry for a WITH list, and its parameters.

    One row per role requirement: ``role_id, skill_id, required_level, importance, weight,
    effective_weight, is_essential``. The other blocks expect it joined as ``q`` by default.
    """
    return _REQUIREMENT, [
        str(Importance.ESSENTIAL),
        [str(importance) for importance in IMPORTANCE_MULTIPLIER],
        list(IMPORTANCE_MULTIPLIER.values()),
    ]


def with_requirement(*, recursive: bool = False) -> tuple[str, list[Any]]:
    """``WITH [RECURSIVE] requirement AS (...)`` and its parameters: the start of a statement.

    Append your own entries as ``, name AS (...)`` and then the SELECT. Pass ``recursive`` when
    one of your entries is recursive: PostgreSQL wants the keyword right after WITH.
    """
    entry, params = requirement_cte()
    return f"WITH {'RECURSIVE ' if recursive else ''}{entry}", params


def current_level(rating: str = "r") -> str:
    """The current level from the rating row ``rating``: manager's, else self, else 0.

    ``rating`` is an alias of a row with ``manager_level`` and ``self_level`` columns (usually
    ``employees_skillrating``, left-joined, so a missing rating counts as 0). Like the other
    expressions here it holds no parameter: it is plain SQL text to splice in.
    """
    rating = _alias(rating)
    return f"COALESCE({rating}.manager_level, {rating}.self_level, 0)"


def gap(requirement: str = "q", rating: str = "r") -> str:
    """How many levels the current level falls short of ``requirement.required_level`` (>= 0).

    0 means the requirement is met; ``{gap} > 0`` means it is not.
    """
    return f"GREATEST({_alias(requirement)}.required_level - {current_level(rating)}, 0)"


def level_gap(requirement: str = "q", counted: str = "h") -> str:
    """gap() for a row ``counted`` that holds an already computed current level in a ``level``
    column (a histogram of people per level, say) instead of the two ratings."""
    return f"GREATEST({_alias(requirement)}.required_level - {_alias(counted)}.level, 0)"


def readiness(requirement: str = "q", rating: str = "r") -> str:
    """The readiness aggregate (percent, one decimal) over the rows of one person x role group.

    ``requirement`` must be rows of the requirement CTE (it reads ``effective_weight``).
    """
    q = _alias(requirement)
    return _READINESS.format(q=q, current=current_level(rating))


# A role's denominator: the sum of weight x required level, the same for everyone.
_ROLE_TOTAL = """role_total AS (
    SELECT role_id, sum(effective_weight * required_level) AS weighted_required
      FROM requirement
     GROUP BY role_id
)"""

_RATED_READINESS = "round(100 * " + _WEIGHTED_MET + " / NULLIF({t}.weighted_required, 0), 1)"


def role_total_cte() -> str:
    """``role_total AS (...)`` (after the requirement CTE): ``role_id, weighted_required``."""
    return _ROLE_TOTAL


def rated_readiness(requirement: str = "q", rating: str = "r", total: str = "t") -> str:
    """readiness() for groups that hold only the person's *existing* ratings of the role's
    skills (ratings inner-joined to ``requirement``), with ``total`` a role_total row.

    A required skill with no rating adds nothing to the numerator in readiness() either
    (the lower of 0 and the required level), so the value is the same; the difference is that
    a person with no rating of any of the role's skills has no group at all (readiness 0).
    Asking "who is at least X% ready" for X > 0 this way reads the ratings that exist instead
    of everyone x every requirement. Group by ``total.weighted_required`` too.
    """
    return _RATED_READINESS.format(
        q=_alias(requirement), current=current_level(rating), t=_alias(total)
    )


# "At least p% ready" in whole numbers. Weights have two decimal places (DecimalField(4, 2))
# and the importance multipliers are integers, so 100 x effective weight is an exact integer
# (its "points"). readiness() >= p, i.e. round(100 x E / T, 1) >= p, holds exactly when the
# rounded value reaches c / 10 with c = ceil(10p), i.e. when 100 x E / T >= c / 10 - 0.05,
# that is when 2000 x E >= (2c - 1) x T (p = 80: 2000 x E >= 1599 x T). Integer sums group
# faster than numeric ones, need no division, and the group key is (role, person) only.
_READY_AT_LEAST = """requirement_points AS (
    SELECT role_id, skill_id, required_level, (effective_weight * 100)::int AS points
      FROM requirement
     WHERE role_id IN (SELECT role_id FROM {roles})
),
points_total AS (
    SELECT role_id, sum(points * required_level) AS total
      FROM requirement_points
     GROUP BY role_id
),
points_earned AS (
    SELECT p.role_id, r.employee_id,
           sum(p.points * LEAST({current}, p.required_level)) AS earned
      FROM requirement_points p
      JOIN employees_skillrating r ON r.skill_id = p.skill_id
     WHERE {current} > 0
     GROUP BY p.role_id, r.employee_id
),
ready_at_least AS (
    SELECT e.role_id, e.employee_id
      FROM points_earned e
      JOIN points_total t ON t.role_id = e.role_id
     WHERE t.total > 0 AND 2000 * e.earned >= (2 * ceil(10 * %s::numeric) - 1) * t.total
)"""


def ready_at_least_cte(roles: str) -> str:
    """Entries for a WITH list (after the requirement CTE) ending in ``ready_at_least``:
    ``role_id, employee_id`` for every person whose readiness() for a role listed in the CTE
    ``roles`` (a ``role_id`` column) is at least the one %s parameter, a percentage above 0.

    Like rated_readiness(), only existing ratings above 0 are read, so a person with none of
    the role's skills rated is never listed (readiness 0). Everyone else is listed whatever
    their role or status: the caller sets holders and leavers aside on the rows that pass.
    """
    return _READY_AT_LEAST.format(roles=_alias(roles), current=current_level("r"))


# ready_at_least from a table that keeps each (role, person)'s ``earned`` points of
# _READY_AT_LEAST above (``role_id, employee_id, points``; succession.ReadyPoints, kept by
# triggers). 2000 x E >= K x T for an integer E is E >= ceil(K x T / 2000): a range of an
# index on (role_id, points) for each role, not a sum over every rating.
_READY_AT_LEAST_STORED = """requirement_points AS (
    SELECT role_id, skill_id, required_level, (effective_weight * 100)::int AS points
      FROM requirement
     WHERE role_id IN (SELECT role_id FROM {roles})
),
points_needed AS (
    SELECT role_id,
           ceil((2 * ceil(10 * %s::numeric) - 1) * sum(points * required_level) / 2000)::bigint
               AS points
      FROM requirement_points
     GROUP BY role_id
    HAVING sum(points * required_level) > 0
),
ready_at_least AS MATERIALIZED (
    SELECT t.role_id, s.employee_id
      FROM points_needed t
     CROSS JOIN LATERAL (SELECT s.employee_id FROM {stored} s
                          WHERE s.role_id = t.role_id AND s.points >= t.points
                         OFFSET 0) s  -- OFFSET 0: kept apart, so one index range per role
)"""


def ready_at_least_stored_cte(roles: str, stored: str) -> str:
    """ready_at_least_cte() read from ``stored``, a table of each (role, person)'s earned
    points as ready_at_least_cte sums them (rows only where some rating is above 0): the same
    rows, the same one %s parameter. The table's keeper must count points exactly as here;
    tests/succession/test_report_sql_unchanged.py sets the two side by side."""
    return _READY_AT_LEAST_STORED.format(roles=_alias(roles), stored=_alias(stored))


def fit_columns(requirement: str = "q", rating: str = "r") -> str:
    """The fit aggregates of one person x role group, named as in FIT_COLUMN_NAMES.

    Group by the person and the role, with ``requirement`` rows of the requirement CTE
    left-joined to the role and ``rating`` the person's ratings left-joined to each skill.
    """
    q = _alias(requirement)
    return _FIT_COLUMNS.format(
        q=q,
        readiness=readiness(q, rating),
        current=current_level(rating),
        gap=gap(q, rating),
    )


def readiness_number(value: Decimal | None) -> float | None:
    """The readiness column as a Python number (None for a role with no requirements)."""
    return None if value is None else float(value)


_SKILL_GAPS_SQL = """
SELECT s.id, s.name, q.required_level, q.importance, q.weight, q.effective_weight,
       r.self_level, r.manager_level,
       {current} AS current_level,
       {gap} AS gap
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


def _run(template: str, params: Sequence[Any], **subqueries: str) -> list[tuple[Any, ...]]:
    """Run one of the templates above after the requirement CTE. Only our own SQL text is
    spliced in (the blocks and Django-compiled subqueries, whose values stay placeholders).
    """
    head, head_params = with_requirement()
    body = template.format(
        current=current_level(), gap=gap(), fit_columns=fit_columns(), **subqueries
    )
    return fetch(head + body, [*head_params, *params])


def _skill_gap(row: tuple[Any, ...]) -> SkillGap:
    (skill_id, name, required, importance, weight, effective_weight) = row[:6]
    self_level, manager_level, current, shortfall = row[6:]
    return SkillGap(
        skill_id=skill_id,
        skill_name=name,
        required_level=required,
        importance=Importance(importance),
        weight=weight,
        effective_weight=effective_weight,
        self_level=self_level,
        manager_level=manager_level,
        current_level=current,
        gap=shortfall,
    )


def skill_gaps(employee: Employee, role: Role) -> list[SkillGap]:
    """One row per requirement of ``role``: essential first, then the biggest gap, then name."""
    return [_skill_gap(row) for row in _run(_SKILL_GAPS_SQL, [employee.pk, role.pk])]


_ROLES_SKILL_GAPS_SQL = """
SELECT q.role_id, s.id, s.name, q.required_level, q.importance, q.weight, q.effective_weight,
       r.self_level, r.manager_level,
       {current} AS current_level,
       {gap} AS gap
  FROM requirement q
  JOIN skills_skill s ON s.id = q.skill_id
  LEFT JOIN employees_skillrating r ON r.skill_id = q.skill_id AND r.employee_id = %s
 WHERE q.role_id = ANY(%s)
 ORDER BY q.role_id, q.is_essential DESC, gap DESC, s.name, s.id
"""


def skill_gaps_for_roles(employee: Employee, roles: Sequence[Role]) -> dict[int, list[SkillGap]]:
    """skill_gaps() for several roles in one query (a page showing two roles paid two round
    trips), keyed by role id, each in skill_gaps() order; [] for a role without requirements."""
    found: dict[int, list[SkillGap]] = {role.pk: [] for role in roles}
    if found:
        for row in _run(_ROLES_SKILL_GAPS_SQL, [employee.pk, list(found)]):
            found[row[0]].append(_skill_gap(row[1:]))
    return found


# Requirement-like rows from any source (an internal opportunity's own skill list, say),
# weighted exactly as role requirements are. The engine's parameters follow the source's.
_NEEDS = """{name} AS (
    SELECT n.owner_id, n.skill_id, n.required_level, n.importance, n.weight,
           n.weight * m.factor AS effective_weight, m.importance = m.essential AS is_essential
      FROM ({source}) n
      JOIN (SELECT u.importance, u.factor, %s::text AS essential
              FROM unnest(%s::text[], %s::int[]) AS u (importance, factor)) m
        ON m.importance = n.importance
)"""

_NEED_GAPS_SQL = """
SELECT s.id, s.name, q.required_level, q.importance, q.weight, q.effective_weight,
       r.self_level, r.manager_level,
       {current} AS current_level,
       {gap} AS gap
  FROM {name} q
  JOIN skills_skill s ON s.id = q.skill_id
  LEFT JOIN employees_skillrating r ON r.skill_id = q.skill_id AND r.employee_id = %s
 ORDER BY q.is_essential DESC, gap DESC, s.name, s.id
"""


def needs_cte(source: str, name: str = "need") -> tuple[str, list[Any]]:
    """``need AS (...)``, one entry for a WITH list, and the parameters it adds after those of
    ``source``: a SELECT of ``owner_id, skill_id, required_level, importance, weight`` rows.

    The rows are shaped like the requirement CTE's (``owner_id`` in place of ``role_id``), so
    ``fit_columns()`` and ``readiness()`` work on them unchanged.
    """
    _, params = requirement_cte()
    return _NEEDS.format(name=_alias(name), source=source), params


def skill_gaps_for_needs(
    employee: Employee, source: str, source_params: Sequence[Any]
) -> list[SkillGap]:
    """skill_gaps() for the rows of ``source`` (see needs_cte), in the same order."""
    entry, params = needs_cte(source)
    body = _NEED_GAPS_SQL.format(name="need", current=current_level(), gap=gap())
    rows = fetch(f"WITH {entry}{body}", [*source_params, *params, employee.pk])
    return [_skill_gap(row) for row in rows]


def role_fits_for_employee(
    employee: Employee, roles: QuerySet[Role] | None = None
) -> list[RoleFit]:
    """Readiness of ``employee`` for every role (or those in ``roles``), best first."""
    where, where_params = "", ()
    if roles is not None:
        try:
            subquery, where_params = pk_subquery(roles)
        except EmptyResultSet:
            return []
        where = f"WHERE ro.id IN ({subquery})"
    rows = _run(_ROLE_FITS_SQL, [employee.pk, *where_params], where=where)
    return [
        RoleFit(role_id, readiness_number(value), *figures) for role_id, value, *figures in rows
    ]


def people_fits_for_role(role: Role, employees: QuerySet[Employee]) -> list[PersonFit]:
    """Readiness of each person in ``employees`` for ``role``, best first.

    Everyone in the queryset gets a row, rated or not (0 readiness for a role with requirements).
    """
    try:
        subquery, params = pk_subquery(employees)
    except EmptyResultSet:
        return []
    rows = _run(_PEOPLE_FITS_SQL, [role.pk, role.pk, *params], employees=subquery)
    return [
        PersonFit(employee_id, readiness_number(value), *figures)
        for employee_id, value, *figures in rows
    ]


def readiness_for(employee: Employee, role: Role) -> float | None:
    """One person's readiness for one role, from the same SQL as the lists (one query)."""
    fits = role_fits_for_employee(employee, Role.objects.filter(pk=role.pk))
    return fits[0].readiness if fits else None


def explain(gaps: list[SkillGap]) -> Explanation:
    """The readiness arithmetic over rows already fetched, for a page to show its working.

    Rounds halves up, as PostgreSQL's ``round(numeric)`` does, so it matches the SQL figure.
    """
    numerator = sum((row.earned for row in gaps), Decimal(0))
    denominator = sum((row.possible for row in gaps), Decimal(0))
    score = None
    if denominator:
        ratio = 100 * numerator / denominator
        score = float(ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return Explanation(numerator=numerator, denominator=denominator, readiness=score)
