"""HR's succession and workforce reports, each a fixed number of queries at any size.

Every figure is defined by a formula the pages show (the ``HOW_*`` texts and each dataclass's
properties), so a reader can redo the arithmetic from the rows on the page:

- bench strength over the key positions in scope (``bench_strength``);
- skill supply and demand per skill and department, with its trend across review cycles;
- future needs (DemandPlan) against the internal pipeline;
- equity of opportunity by department, location and tenure band, never showing a group of
  fewer than ``MIN_GROUP`` people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.employees import gaps
from apps.employees.models import Department, Employee
from apps.skills.models import Skill
from apps.succession.models import (
    DemandPlan,
    Readiness,
    Risk,
    SuccessionPlan,
    SuccessorCandidate,
    TalentRating,
    TalentReview,
)
from careermap.sql import compiled, fetch

if TYPE_CHECKING:  # labels are lazy translations
    from django_stubs_ext import StrOrPromise

# --------------------------------------------------------------------------- succession report

RISK_ROWS = (Risk.HIGH, Risk.MEDIUM, Risk.LOW)  # risk of loss, top to bottom
IMPACT_COLUMNS = (Risk.LOW, Risk.MEDIUM, Risk.HIGH)  # impact of loss, left to right
_RISK_SCORE = {Risk.LOW: 1, Risk.MEDIUM: 2, Risk.HIGH: 3}

HOW_BENCH_STRENGTH_IS_COMPUTED = {
    "ready_now": gettext_lazy(
        "Ready-now coverage = key positions with at least one successor ready now "
        "÷ key positions x 100."
    ),
    "any": gettext_lazy(
        "Any-successor coverage = key positions with at least one successor ÷ key positions x 100."
    ),
    "average": gettext_lazy(
        "Average successors per position = successor places on all slates ÷ key positions."
    ),
    "none": gettext_lazy("Positions with no successor: slates that are empty."),
    "sole": gettext_lazy(
        "Single points of failure: people who are the only successor on two or more slates "
        "(if they leave or move, several positions lose their whole bench at once)."
    ),
    "grid": gettext_lazy(
        "Retention-risk grid: each key position sits in the cell of its risk of loss (rows) "
        "and impact of loss (columns); high-high is the most urgent."
    ),
}


def report_plans(
    plans: QuerySet[SuccessionPlan], department: Department | None = None
) -> QuerySet[SuccessionPlan]:
    """Key positions (already scoped by access.py) in the report's order, without slates.

    A seat belongs to its incumbent's department; a role-wide key position to every
    department where someone holds the role.
    """
    if department is not None:
        holder = Employee.objects.filter(current_role=OuterRef("role"), department=department)
        plans = plans.filter(
            Q(incumbent__department=department) | (Q(incumbent__isnull=True) & Exists(holder))
        )
    return plans.select_related(
        "role", "role__family", "incumbent", "incumbent__department"
    ).order_by("role__title", "incumbent__full_name", "id")


def with_slates(
    plans: QuerySet[SuccessionPlan], *, successor_details: bool = False
) -> QuerySet[SuccessionPlan]:
    """Prefetch each slate in rank order (one query); ``successor_details`` adds each
    successor's department and current role, which only the exports show."""
    related = ["employee"]
    if successor_details:
        related += ["employee__department", "employee__current_role"]
    slate = SuccessorCandidate.objects.select_related(*related).order_by("rank", "id")
    return plans.prefetch_related(Prefetch("candidates", queryset=slate))


@dataclass(frozen=True, slots=True)
class PrintedSuccessor:
    """One place on a slate as the print layout shows it: plain values, no model instance."""

    employee_id: int
    full_name: str
    readiness: str
    emergency_cover: bool
    development_note: str


@dataclass(frozen=True, slots=True)
class PrintedPlan:
    """One key position as the print layout shows it, with its slate in rank order."""

    pk: int
    role_title: str
    incumbent_name: str | None
    risk_of_loss: str
    impact_of_loss: str
    reviewed_at: datetime | None
    slate: list[PrintedSuccessor]

    def __str__(self) -> str:
        # As SuccessionPlan.__str__ (the role, then the incumbent), from the loaded values.
        incumbent = f" ({self.incumbent_name})" if self.incumbent_name is not None else ""
        return f"{self.role_title}{incumbent}"


_PRINTED_PLAN = (
    "pk", "role__title", "incumbent__full_name", "risk_of_loss", "impact_of_loss", "reviewed_at",
)  # fmt: skip
_PRINTED_SUCCESSOR = (
    "plan_id", "employee_id", "employee__full_name", "readiness", "emergency_cover",
    "development_note",
)  # fmt: skip


def printed_slates(plans: QuerySet[SuccessionPlan]) -> list[PrintedPlan]:
    """Every plan of ``plans`` (from ``report_plans``, in its order) with its slate: two
    queries of plain values. The print layout lists every key position and successor (500 and
    ~1,500 over the bench org), and making model instances of them cost more than the SQL."""
    slates: dict[int, list[PrintedSuccessor]] = defaultdict(list)
    successors = SuccessorCandidate.objects.filter(plan__in=plans.values("pk"))
    for plan_id, *values in successors.order_by("rank", "id").values_list(*_PRINTED_SUCCESSOR):
        slates[plan_id].append(PrintedSuccessor(*values))
    return [
        PrintedPlan(pk, title, incumbent, risk, impact, reviewed_at, slates.get(pk, []))
        for pk, title, incumbent, risk, impact, reviewed_at in plans.values_list(*_PRINTED_PLAN)
    ]


def plans_for_report(
    plans: QuerySet[SuccessionPlan], department: Department | None = None
) -> list[SuccessionPlan]:
    """Key positions with their slates and every successor's details (the exports): two
    queries."""
    return list(with_slates(report_plans(plans, department), successor_details=True))


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# P: the plans a figure names, model instances or PrintedPlan rows (the print layout).
@dataclass(frozen=True, slots=True)
class SoleSuccessor[P]:
    employee: Employee
    plans: list[P]


@dataclass(frozen=True, slots=True)
class RiskCell[P]:
    risk: str
    impact: str
    plans: list[P]  # in report order; only the first few when a page lists few
    count: int  # every plan in the cell

    @property
    def severity(self) -> str:
        """high (6 or more), medium (4-5) or low (2-3): risk score + impact score."""
        score = _RISK_SCORE[Risk(self.risk)] + _RISK_SCORE[Risk(self.impact)]
        return "high" if score >= 6 else "medium" if score >= 4 else "low"

    @property
    def label(self) -> str:
        return _("Risk %(risk)s, impact %(impact)s") % {
            "risk": Risk(self.risk).label.lower(),
            "impact": Risk(self.impact).label.lower(),
        }


@dataclass(frozen=True, slots=True)
class BenchStrength[P]:
    positions: int
    with_ready_now: int
    with_any: int
    slots: int
    no_successor: list[P]
    sole_successors: list[SoleSuccessor[P]]
    grid: list[list[RiskCell[P]]]

    @property
    def ready_now_coverage(self) -> float | None:
        return _percent(self.with_ready_now, self.positions)

    @property
    def any_coverage(self) -> float | None:
        return _percent(self.with_any, self.positions)

    @property
    def average_successors(self) -> float | None:
        return round(self.slots / self.positions, 2) if self.positions else None


def retention_grid(plans: Sequence[SuccessionPlan]) -> list[list[RiskCell[SuccessionPlan]]]:
    cells: dict[tuple[str, str], list[SuccessionPlan]] = defaultdict(list)
    for plan in plans:
        cells[plan.risk_of_loss, plan.impact_of_loss].append(plan)
    return [
        [
            RiskCell(risk, impact, cells[risk, impact], len(cells[risk, impact]))
            for impact in IMPACT_COLUMNS
        ]
        for risk in RISK_ROWS
    ]


@dataclass(frozen=True, slots=True)
class _Slate:
    """What the figures need of one plan and its slate: plain values, no model instance."""

    plan_id: int
    risk: str
    impact: str
    size: int
    ready_now: int
    first_successor_id: int | None


def _slates(plans: QuerySet[SuccessionPlan]) -> list[_Slate]:
    """One row of counts per plan, in report order, counted in SQL (no joined columns: only
    the figures need loading for every plan, not the plans themselves)."""
    counted = plans.annotate(
        slate_size=Count("candidates"),
        slate_ready_now=Count("candidates", filter=Q(candidates__readiness=Readiness.READY_NOW)),
        slate_first=Min("candidates__employee_id"),
    ).values_list(
        "pk", "risk_of_loss", "impact_of_loss", "slate_size", "slate_ready_now", "slate_first"
    )
    return [_Slate(*row) for row in counted]


def _slates_of(plans: Sequence[PrintedPlan]) -> list[_Slate]:
    """The same rows from plans whose slates are already loaded (``printed_slates``)."""
    found = []
    for plan in plans:
        slate = plan.slate
        first = min((c.employee_id for c in slate), default=None)
        ready = sum(c.readiness == Readiness.READY_NOW for c in slate)
        found.append(
            _Slate(plan.pk, plan.risk_of_loss, plan.impact_of_loss, len(slate), ready, first)
        )
    return found


def _sole_ids(slates: list[_Slate]) -> dict[int, list[int]]:
    """Person id -> the plans (ids, report order) where they are the whole slate, for people
    who are that on two or more."""
    sole: dict[int, list[int]] = defaultdict(list)
    for slate in slates:
        if slate.size == 1 and slate.first_successor_id is not None:
            sole[slate.first_successor_id].append(slate.plan_id)
    return {pk: found for pk, found in sole.items() if len(found) >= 2}


def _sole_successors[P](
    several: dict[int, list[int]], plans: dict[int, P]
) -> list[SoleSuccessor[P]]:
    people = Employee.objects.in_bulk(list(several)) if several else {}
    found = [SoleSuccessor(people[pk], [plans[i] for i in ids]) for pk, ids in several.items()]
    return sorted(found, key=lambda s: (-len(s.plans), s.employee.full_name))


def _cells(slates: list[_Slate]) -> dict[tuple[str, str], list[int]]:
    """(risk, impact) -> the plans (ids, report order) in that cell of the grid."""
    cells: dict[tuple[str, str], list[int]] = defaultdict(list)
    for slate in slates:
        cells[slate.risk, slate.impact].append(slate.plan_id)
    return cells


def _grid[P](
    cells: dict[tuple[str, str], list[int]], plans: dict[int, P], listed: int | None
) -> list[list[RiskCell[P]]]:
    def cell(risk: str, impact: str) -> RiskCell[P]:
        ids = cells[risk, impact]
        return RiskCell(risk, impact, [plans[i] for i in ids[:listed]], len(ids))

    return [[cell(risk, impact) for impact in IMPACT_COLUMNS] for risk in RISK_ROWS]


def _bench[P](
    slates: list[_Slate], load: Callable[[set[int]], dict[int, P]], listed: int | None
) -> BenchStrength[P]:
    empty = [slate.plan_id for slate in slates if not slate.size]
    several = _sole_ids(slates)
    cells = _cells(slates)
    # Only the plans the figures name become model instances (the grid: its first few).
    shown = {*empty, *(pk for ids in several.values() for pk in ids)}
    shown.update(pk for ids in cells.values() for pk in ids[:listed])
    plans = load(shown)
    return BenchStrength(
        positions=len(slates),
        with_ready_now=sum(slate.ready_now > 0 for slate in slates),
        with_any=sum(slate.size > 0 for slate in slates),
        slots=sum(slate.size for slate in slates),
        no_successor=[plans[pk] for pk in empty],
        sole_successors=_sole_successors(several, plans),
        grid=_grid(cells, plans, listed),
    )


def bench_strength(
    plans: QuerySet[SuccessionPlan], *, listed: int | None = None
) -> BenchStrength[SuccessionPlan]:
    """The figures over every plan of ``plans`` (from ``report_plans``). The slates are
    counted in SQL and only the plans the figures name are loaded: at most three queries and
    no slate row, however many positions. ``listed``: how many plans each grid cell names
    (its count is always of all of them); None names every one."""

    def load(ids: set[int]) -> dict[int, SuccessionPlan]:
        return plans.in_bulk(list(ids)) if ids else {}

    return _bench(_slates(plans), load, listed)


def bench_strength_of(plans: Sequence[PrintedPlan]) -> BenchStrength[PrintedPlan]:
    """The same figures from plans already loaded by ``printed_slates`` (the print layout,
    which lists them all anyway): no query but the sole successors' names."""
    by_id = {plan.pk: plan for plan in plans}
    return _bench(_slates_of(plans), lambda _ids: by_id, None)


# --------------------------------------------------------------------------- skills


HOW_SKILL_SUPPLY_IS_COMPUTED = gettext_lazy(
    "Demand: every person whose current role requires the skill counts once, at the level "
    "their role requires. Supply: those of them whose current level (the manager's rating, else "
    "their own, else 0) reaches that level. Shortfall = demand - supply. “Anyone at that level” "
    "counts everybody in scope rated at or above the level, whatever their role: the people who "
    "could be redeployed or could coach. Trend: the same shortfall as of each review cycle's "
    "closing date, taking each person's latest rating on or before that day from the rating "
    "history (roles as they are today). Biggest organisation-wide shortfall first."
)
TREND_SKILLS = 10
TREND_CYCLES = 6

# Every count is read from SkillLevelCount (``k``): people who have not left, per current role,
# department, skill and pair of ratings, as rated today (review_id NULL) and as the history
# stood at each review's closing day, kept correct on write by triggers. A few thousand rows
# instead of every rating (demand, anyone) and a pass over the whole history (trend). Demand
# is holders per role and department against the counted ratings of the role's skills.
# Required levels are 1-5 (a check constraint), so an unrated holder never meets one.
_DEMAND_SQL = """
WITH holder AS (
    SELECT e.current_role_id AS role_id, e.department_id, count(*) AS n
      FROM employees_employee e
     WHERE e.status <> 'left' AND e.current_role_id IS NOT NULL {department}
     GROUP BY e.current_role_id, e.department_id
),
rated AS (
    SELECT k.role_id, k.department_id, k.skill_id, {current} AS level, sum(k.n) AS n
      FROM succession_skilllevelcount k
      JOIN roles_rolerequirement q ON q.role_id = k.role_id AND q.skill_id = k.skill_id
     WHERE k.review_id IS NULL {counted_department}
     GROUP BY k.role_id, k.department_id, k.skill_id, level
),
met AS (
    SELECT q.role_id, h.department_id, q.skill_id, sum(h.n) FILTER (WHERE {gap} = 0) AS n
      FROM roles_rolerequirement q
      JOIN rated h ON h.role_id = q.role_id AND h.skill_id = q.skill_id
     GROUP BY q.role_id, h.department_id, q.skill_id
)
SELECT q.skill_id, h.department_id, q.required_level, sum(h.n)::bigint AS needed,
       COALESCE(sum(m.n), 0)::bigint AS met
  FROM roles_rolerequirement q
  JOIN holder h ON h.role_id = q.role_id
  LEFT JOIN met m ON m.role_id = q.role_id AND m.skill_id = q.skill_id
                 AND m.department_id IS NOT DISTINCT FROM h.department_id
 GROUP BY q.skill_id, h.department_id, q.required_level
"""

_LEVELS_SQL = """
SELECT k.skill_id, {current} AS level, sum(k.n)::bigint
  FROM succession_skilllevelcount k
 WHERE k.review_id IS NULL {counted_department}
 GROUP BY k.skill_id, level
HAVING sum(k.n) > 0
"""

# Shortfall as of each review = holders of the roles needing the skill (roles as they are
# today) - those of them whose ratings in force on the closing day meet the required level.
_TREND_SQL = """
WITH holder AS (
    SELECT e.current_role_id AS role_id, count(*) AS n
      FROM employees_employee e
     WHERE e.status <> 'left' AND e.current_role_id IS NOT NULL {department}
     GROUP BY e.current_role_id
),
need AS (
    SELECT q.skill_id, sum(h.n) AS n
      FROM roles_rolerequirement q
      JOIN holder h ON h.role_id = q.role_id
     WHERE q.skill_id = ANY (%s::bigint[])
     GROUP BY q.skill_id
),
met AS (
    SELECT k.review_id, k.skill_id, sum(k.n) AS n
      FROM succession_skilllevelcount k
      JOIN roles_rolerequirement q ON q.role_id = k.role_id AND q.skill_id = k.skill_id
     WHERE k.review_id = ANY (%s::bigint[]) AND k.skill_id = ANY (%s::bigint[])
           {counted_department} AND {gap} = 0
     GROUP BY k.review_id, k.skill_id
)
SELECT c.id, n.skill_id, (n.n - COALESCE(m.n, 0))::bigint
  FROM succession_talentreview c
 CROSS JOIN need n
  LEFT JOIN met m ON m.review_id = c.id AND m.skill_id = n.skill_id
 WHERE c.id = ANY (%s::bigint[])
"""


def _department_clause(department: Department | None, alias: str = "e") -> tuple[str, list[Any]]:
    return (f"AND {alias}.department_id = %s", [department.pk]) if department else ("", [])


def _demand_rows(department: Department | None) -> list[tuple[Any, ...]]:
    """(skill, department, required level, needed, met) per skill x department x level."""
    where, params = _department_clause(department)
    counted, counted_params = _department_clause(department, "k")
    sql = _DEMAND_SQL.format(
        gap=gaps.level_gap("q", "h"),
        current=gaps.current_level("k"),
        department=where,
        counted_department=counted,
    )
    return fetch(sql, [*params, *counted_params])


def _level_rows(department: Department | None) -> list[tuple[Any, ...]]:
    """(skill, current level, people) over everyone in scope rated."""
    counted, params = _department_clause(department, "k")
    sql = _LEVELS_SQL.format(current=gaps.current_level("k"), counted_department=counted)
    return fetch(sql, params)


def _trend_rows(
    review_ids: list[int], skill_ids: list[int], department: Department | None
) -> list[tuple[Any, ...]]:
    """(review, skill, shortfall as of its closing day) for each review x skill with demand."""
    where, params = _department_clause(department)
    counted, counted_params = _department_clause(department, "k")
    sql = _TREND_SQL.format(gap=gaps.gap("q", "k"), department=where, counted_department=counted)
    return fetch(sql, [*params, skill_ids, review_ids, skill_ids, *counted_params, review_ids])


@dataclass(slots=True)
class LevelDemand:
    level: int
    needed: int = 0
    met: int = 0
    anyone: int = 0

    @property
    def shortfall(self) -> int:
        return self.needed - self.met


@dataclass(slots=True)
class SkillSupply:
    skill: Skill
    levels: dict[int, LevelDemand] = field(default_factory=dict)
    by_department: dict[int | None, LevelDemand] = field(default_factory=dict)
    trend: list[int | None] = field(default_factory=list)

    @property
    def needed(self) -> int:
        return sum(level.needed for level in self.levels.values())

    @property
    def met(self) -> int:
        return sum(level.met for level in self.levels.values())

    @property
    def shortfall(self) -> int:
        return self.needed - self.met

    @property
    def level_rows(self) -> list[LevelDemand]:
        return [self.levels[level] for level in sorted(self.levels)]

    @property
    def trend_change(self) -> int | None:
        """Shortfall now minus at the earliest cycle shown (negative: the gap is closing)."""
        known = [value for value in self.trend if value is not None]
        return self.shortfall - known[0] if known else None


@dataclass(frozen=True, slots=True)
class SkillReport:
    skills: list[SkillSupply]
    departments: list[Department | None]
    cycles: list[TalentReview]

    @property
    def top(self) -> list[SkillSupply]:
        return self.skills[:TREND_SKILLS]

    def department_rows(self) -> list[tuple[Department | None, list[LevelDemand | None]]]:
        """Per department, the top skills' demand there (None where no role needs it)."""
        return [
            (dept, [s.by_department.get(dept.pk if dept else None) for s in self.top])
            for dept in self.departments
        ]


def skill_supply(department: Department | None = None) -> SkillReport:
    """Per skill: demand and supply per required level and department, biggest gap first."""
    demand = _demand_rows(department)
    supply: dict[int, SkillSupply] = {}
    skills = Skill.objects.in_bulk({row[0] for row in demand})
    for skill_id, dept_id, level, needed, met in demand:
        row = supply.setdefault(skill_id, SkillSupply(skills[skill_id]))
        at_level = row.levels.setdefault(level, LevelDemand(level))
        at_level.needed, at_level.met = at_level.needed + needed, at_level.met + met
        in_dept = row.by_department.setdefault(dept_id, LevelDemand(0))
        in_dept.needed, in_dept.met = in_dept.needed + needed, in_dept.met + met
    _count_anyone(supply, department)
    ranked = sorted(supply.values(), key=lambda s: (-s.shortfall, -s.needed, s.skill.name))
    cycles = _trend(ranked[:TREND_SKILLS], department)
    dept_ids = {d for s in ranked[:TREND_SKILLS] for d in s.by_department}
    by_id = Department.objects.in_bulk([d for d in dept_ids if d is not None])
    departments: list[Department | None] = [*sorted(by_id.values(), key=lambda d: d.name)]
    if None in dept_ids:
        departments.append(None)
    return SkillReport(ranked, departments, cycles)


def _count_anyone(supply: dict[int, SkillSupply], department: Department | None) -> None:
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    for skill_id, level, count in _level_rows(department):
        counts[skill_id][level] = count
    for skill_id, row in supply.items():
        for level, demand in row.levels.items():
            demand.anyone = sum(n for lvl, n in counts[skill_id].items() if lvl >= level)


def _trend(skills: list[SkillSupply], department: Department | None) -> list[TalentReview]:
    cycles = list(TalentReview.objects.order_by("-closes_on", "-id")[:TREND_CYCLES])[::-1]
    if not cycles or not skills:
        return cycles
    rows = _trend_rows([c.pk for c in cycles], [s.skill.pk for s in skills], department)
    found = {(cycle_id, skill_id): shortfall for cycle_id, skill_id, shortfall in rows}
    for skill in skills:
        skill.trend = [found.get((c.pk, skill.skill.pk), 0) for c in cycles]
    return cycles


# --------------------------------------------------------------------------- future needs


READY_BY_SKILLS_FROM = 80  # above 0: _PIPELINE_SQL reads only people with ratings

HOW_FUTURE_NEEDS_ARE_COMPUTED = format_lazy(
    gettext_lazy(
        "Pipeline for a role = the distinct people who are either on a slate for that role as "
        "ready now or ready in 1-2 years, or at least {ready_from} percent ready for it by skills "
        "(gap engine); people who already hold the role and people who have left are not "
        "counted. Demand for the same role is met in date order: the earliest need takes the "
        "pipeline first. Shortfall = headcount - the part of the pipeline left for it. People "
        "targeting the role on their career map are shown beside it: interested, not yet "
        "counted as ready."
    ),
    ready_from=READY_BY_SKILLS_FROM,
)

# Ready by skills is the gap engine's ready_at_least (integer points per role and person), read
# from ReadyPoints, where triggers keep each person's points for each role: an index range per
# demand role instead of a sum over every rating (316,000 rows for 20 roles at 20,000 people).
# Each count is one grouped pass joined to the demand roles, not a subquery per role rescanning
# its CTE (20 roles x 5 scans of 20,000 rows).
_PIPELINE_SQL = """
, demand_role AS (
    SELECT DISTINCT role_id FROM succession_demandplan
),
active AS NOT MATERIALIZED (  -- inlined: the planner may look people up by id
    SELECT e.id, e.current_role_id FROM employees_employee e WHERE e.status <> 'left'
),
{ready_at_least},
by_skills AS (
    -- Who holds the role or has left is set aside after the sums, on the few rows that pass.
    SELECT f.role_id, f.employee_id
      FROM ready_at_least f
      JOIN active a ON a.id = f.employee_id
     WHERE a.current_role_id IS DISTINCT FROM f.role_id
),
on_slate AS (
    SELECT DISTINCT p.role_id, c.employee_id
      FROM succession_successorcandidate c
      JOIN succession_successionplan p ON p.id = c.plan_id
      JOIN demand_role d ON d.role_id = p.role_id
      JOIN active a ON a.id = c.employee_id
     WHERE c.readiness = ANY (%s::text[]) AND a.current_role_id IS DISTINCT FROM p.role_id
),
pipeline AS (
    SELECT role_id, employee_id FROM by_skills
    UNION
    SELECT role_id, employee_id FROM on_slate
),
targeting AS (
    SELECT m.target_role_id AS role_id, m.employee_id
      FROM careermaps_careermap m
      JOIN demand_role d ON d.role_id = m.target_role_id
      JOIN active a ON a.id = m.employee_id
     WHERE a.current_role_id IS DISTINCT FROM m.target_role_id
)
SELECT d.role_id, COALESCE(s.n, 0), COALESCE(b.n, 0), COALESCE(p.n, 0), COALESCE(t.n, 0),
       COALESCE(t.not_ready, 0), COALESCE(h.n, 0)
  FROM demand_role d
  LEFT JOIN (SELECT role_id, count(*) AS n FROM on_slate GROUP BY role_id) s
         ON s.role_id = d.role_id
  LEFT JOIN (SELECT role_id, count(*) AS n FROM by_skills GROUP BY role_id) b
         ON b.role_id = d.role_id
  LEFT JOIN (SELECT role_id, count(*) AS n FROM pipeline GROUP BY role_id) p
         ON p.role_id = d.role_id
  LEFT JOIN (SELECT t.role_id, count(*) AS n, count(*) FILTER (WHERE s.role_id IS NULL) AS not_ready
               FROM targeting t
               LEFT JOIN pipeline s ON s.role_id = t.role_id AND s.employee_id = t.employee_id
              GROUP BY t.role_id) t
         ON t.role_id = d.role_id
  LEFT JOIN (SELECT a.current_role_id AS role_id, count(*) AS n
               FROM active a JOIN demand_role r ON r.role_id = a.current_role_id
              GROUP BY a.current_role_id) h
         ON h.role_id = d.role_id
"""


@dataclass(frozen=True, slots=True)
class Pipeline:
    on_slates: int
    ready_by_skills: int
    ready: int
    targeting: int
    targeting_not_ready: int
    holders: int


@dataclass(frozen=True, slots=True)
class DemandRow:
    demand: DemandPlan
    pipeline: Pipeline
    covered: int

    @property
    def shortfall(self) -> int:
        return self.demand.headcount - self.covered


def _pipeline_rows(ready_from: float) -> list[tuple[Any, ...]]:
    head, params = gaps.with_requirement()
    ready_at_least = gaps.ready_at_least_stored_cte("demand_role", "succession_readypoints")
    sql = head + _PIPELINE_SQL.format(ready_at_least=ready_at_least)
    ready = [Readiness.READY_NOW.value, Readiness.ONE_TWO_YEARS.value]
    return fetch(sql, [*params, ready_from, ready])


def _pipelines() -> dict[int, Pipeline]:
    rows = _pipeline_rows(READY_BY_SKILLS_FROM)
    return {row[0]: Pipeline(*row[1:]) for row in rows}


def future_needs() -> list[DemandRow]:
    """Every DemandPlan set against its role's pipeline (two queries)."""
    demands = list(DemandPlan.objects.select_related("role").order_by("needed_by", "id"))
    pipelines = _pipelines() if demands else {}
    left: dict[int, int] = {role_id: p.ready for role_id, p in pipelines.items()}
    rows = []
    for demand in demands:
        covered = min(demand.headcount, left.get(demand.role_id, 0))
        left[demand.role_id] = left.get(demand.role_id, 0) - covered
        empty = Pipeline(0, 0, 0, 0, 0, 0)
        rows.append(DemandRow(demand, pipelines.get(demand.role_id, empty), covered))
    return rows


# --------------------------------------------------------------------------- equity


MIN_GROUP = 5
OTHER = f"Other (groups under {MIN_GROUP})"
ACTIVE_MAP_DAYS = 365
TENURE_BANDS = ("Under 1 year", "1-3 years", "3-5 years", "5-10 years", "10 years or more")

HOW_EQUITY_IS_COMPUTED = format_lazy(
    gettext_lazy(
        "For each group of people who have not left: the share with an active career map "
        "(updated in the last {days} days), a mentor (an accepted mentorship), at least one "
        "development action that is not dropped, high-potential placement (final potential high "
        "in the latest review cycle) and at least one place on a succession slate. Tenure bands "
        "run from the hire date to today. A group of fewer than {min_group} people is never "
        "shown on its own: small groups are combined into “{other}”, and when that combined "
        "group would still be under {min_group}, the next smallest group joins it, so that no "
        "figure about a small group can be worked out by subtraction."
    ),
    days=ACTIVE_MAP_DAYS,
    min_group=MIN_GROUP,
    other=format_lazy(gettext_lazy("Other (groups under {count})"), count=MIN_GROUP),
)

# The group names the SQL itself gives (not names people typed), shown in the reader's language.
GROUP_LABELS = {
    "No department": gettext_lazy("No department"),
    "No location": gettext_lazy("No location"),
    "Unknown": gettext_lazy("Unknown"),
    "Everyone": gettext_lazy("Everyone"),
    "Under 1 year": gettext_lazy("Under 1 year"),
    "1-3 years": gettext_lazy("1-3 years"),
    "3-5 years": gettext_lazy("3-5 years"),
    "5-10 years": gettext_lazy("5-10 years"),
    "10 years or more": gettext_lazy("10 years or more"),
    OTHER: format_lazy(gettext_lazy("Other (groups under {count})"), count=MIN_GROUP),
}

MEASURES = ("active_map", "mentor", "development", "high_potential", "on_slate")
MEASURE_LABELS = {
    "active_map": gettext_lazy("Active career map"),
    "mentor": gettext_lazy("Has a mentor"),
    "development": gettext_lazy("Development actions"),
    "high_potential": gettext_lazy("High potential"),
    "on_slate": gettext_lazy("On a succession slate"),
}
DIMENSIONS = {
    "department": gettext_lazy("Department"),
    "location": gettext_lazy("Location"),
    "tenure": gettext_lazy("Tenure"),
}

# ``high_potential`` is the ORM's list of high-potential people in the latest talent review,
# compiled into the statement (``{high_potential}``), so it means what it means elsewhere.
_EQUITY_SQL = """
WITH people AS (
    SELECT COALESCE(d.name, 'No department') AS department,
           COALESCE(NULLIF(e.location, ''), 'No location') AS location,
           CASE WHEN e.hire_date IS NULL THEN 'Unknown'
                WHEN e.hire_date > %s THEN 'Under 1 year'
                WHEN e.hire_date > %s THEN '1-3 years'
                WHEN e.hire_date > %s THEN '3-5 years'
                WHEN e.hire_date > %s THEN '5-10 years'
                ELSE '10 years or more' END AS tenure,
           EXISTS (SELECT 1 FROM careermaps_careermap m
                    WHERE m.employee_id = e.id AND m.updated_at >= %s) AS active_map,
           EXISTS (SELECT 1 FROM careermaps_mentorship ms
                    WHERE ms.mentee_id = e.id AND ms.status = 'accepted') AS mentor,
           EXISTS (SELECT 1 FROM careermaps_developmentaction a
                     JOIN careermaps_careermap m ON m.id = a.career_map_id
                    WHERE m.employee_id = e.id AND a.status <> 'dropped') AS development,
           e.id IN ({high_potential}) AS high_potential,
           EXISTS (SELECT 1 FROM succession_successorcandidate c
                    WHERE c.employee_id = e.id) AS on_slate
      FROM employees_employee e
      LEFT JOIN employees_department d ON d.id = e.department_id
     WHERE e.status <> 'left'
)
SELECT GROUPING(department, location, tenure), department, location, tenure, count(*),
       count(*) FILTER (WHERE active_map), count(*) FILTER (WHERE mentor),
       count(*) FILTER (WHERE development), count(*) FILTER (WHERE high_potential),
       count(*) FILTER (WHERE on_slate)
  FROM people
 GROUP BY GROUPING SETS ((department), (location), (tenure), ())
"""
# GROUPING(department, location, tenure) is a bit mask: 1 = tenure aggregated away, and so on.
_GROUPING = {3: "department", 5: "location", 6: "tenure", 7: "total"}


@dataclass(frozen=True, slots=True)
class EquityGroup:
    name: str
    people: int
    counts: dict[str, int]
    merged: int = 1  # how many groups it combines

    def share(self, measure: str) -> float | None:
        return _percent(self.counts[measure], self.people)

    @property
    def label(self) -> StrOrPromise:
        return GROUP_LABELS.get(self.name, self.name)

    @property
    def cells(self) -> list[tuple[str, int, float | None]]:
        return [(m, self.counts[m], self.share(m)) for m in MEASURES]


@dataclass(frozen=True, slots=True)
class EquityTable:
    dimension: str
    label: StrOrPromise
    groups: list[EquityGroup]
    suppressed: bool  # everyone in scope is fewer than MIN_GROUP


@dataclass(frozen=True, slots=True)
class EquityReport:
    total: EquityGroup | None
    tables: list[EquityTable]


def _combine(groups: Iterable[EquityGroup]) -> EquityGroup:
    groups = list(groups)
    counts = {m: sum(g.counts[m] for g in groups) for m in MEASURES}
    people = sum(g.people for g in groups)
    return EquityGroup(OTHER, people, counts, merged=sum(g.merged for g in groups))


def protect_small_groups(groups: list[EquityGroup]) -> tuple[list[EquityGroup], bool]:
    """Groups of ``MIN_GROUP`` or more as they are; smaller ones combined into ``OTHER``.

    When the combined group is itself too small, the smallest shown group joins it (else its
    figures could be worked out as the total minus the others). Returns (groups, suppressed):
    suppressed when everyone together is still too few to show.
    """
    shown = sorted((g for g in groups if g.people >= MIN_GROUP), key=lambda g: -g.people)
    small = [g for g in groups if g.people < MIN_GROUP]
    while small and sum(g.people for g in small) < MIN_GROUP and shown:
        small.append(shown.pop())
    if small and sum(g.people for g in small) < MIN_GROUP:
        return [], True
    result = sorted(shown, key=lambda g: g.name)
    return ([*result, _combine(small)] if small else result), False


def _tenure_order(group: EquityGroup) -> int:
    names = [*TENURE_BANDS, "Unknown", OTHER]
    return names.index(group.name) if group.name in names else len(names)


def equity(today: date) -> EquityReport:
    """Shares of opportunity by department, location and tenure band (one query)."""
    cuts = [today - timedelta(days=round(365.25 * years)) for years in (1, 3, 5, 10)]
    high_potential = TalentRating.objects.in_latest_review().high_potential().order_by()
    hp_sql, hp_params = compiled(high_potential.values("employee_id"))
    sql = _EQUITY_SQL.format(high_potential=hp_sql)
    params = [*cuts, today - timedelta(days=ACTIVE_MAP_DAYS), *hp_params]
    raw: dict[str, list[EquityGroup]] = defaultdict(list)
    for grouping, department, location, tenure, people, *counts in fetch(sql, params):
        dimension = _GROUPING[grouping]
        name = {"department": department, "location": location, "tenure": tenure}.get(
            dimension, "Everyone"
        )
        raw[dimension].append(EquityGroup(name, people, dict(zip(MEASURES, counts, strict=True))))
    total = raw["total"][0] if raw["total"] and raw["total"][0].people >= MIN_GROUP else None
    tables = []
    for dimension, label in DIMENSIONS.items():
        groups, suppressed = protect_small_groups(raw[dimension])
        if dimension == "tenure":
            groups.sort(key=_tenure_order)
        tables.append(EquityTable(dimension, label, groups, suppressed))
    return EquityReport(total, tables)
