"""High potential: the latest review's top potential band, with readiness for targets and slots."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, F, QuerySet, Value, Window
from django.db.models.functions import Coalesce

from apps.employees import gaps
from apps.employees.models import Employee
from apps.succession.access import plans_visible_to, talent_ratings_visible_to
from apps.succession.models import SuccessorCandidate, TalentRating, TalentReview
from careermap.sql import fetch

HIGH_POTENTIAL_SHOWN = 25

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
    """What the panel reads of a person's career map, annotated on their talent rating (and
    ``total``: how many ratings the panel has in all)."""

    map_open: bool
    target_id: int | None
    target_title: str | None
    total: int


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
        # How many there are in all, counted over the rows before the LIMIT: no count query.
        .annotate(total=Window(Count("pk")))
        .order_by(F("final_perf").desc(), "employee__full_name")
    )
    shown = list(ratings[:HIGH_POTENTIAL_SHOWN])
    if not shown:
        return HighPotentialPanel(review, [], 0)
    slots = list(
        SuccessorCandidate.objects.filter(
            employee_id__in=[r.employee_id for r in shown], plan__in=plans_visible_to(user)
        )
        .select_related("plan__role")
        .order_by("readiness", "rank", "plan__role__title")
    )
    rows = _high_potential_rows(shown, slots, read_all_maps)
    return HighPotentialPanel(review, rows, shown[0].total)


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
