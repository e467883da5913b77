"""Builders shared by the key-position, suggestion and report tests (tests/succession/test_plans.py,
test_suggestions.py, test_reports.py) and the URL rules (url_rules_plans.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from apps.employees.models import Employee, SkillRating
from apps.roles.models import Importance, Role, RoleRequirement
from apps.skills.models import Skill
from apps.succession.models import SuccessionPlan, SuccessorCandidate, TalentRating, TalentReview


def require(role: Role, skill: Skill, level: int, importance: str = Importance.ESSENTIAL) -> None:
    RoleRequirement.objects.create(
        role=role, skill=skill, required_level=level, importance=importance, weight=Decimal(1)
    )


def rate(
    employee: Employee, skill: Skill, *, manager: int | None = None, own: int | None = None
) -> None:
    SkillRating.objects.create(
        employee=employee, skill=skill, self_level=own, manager_level=manager
    )


def review(name: str, opens: date, closes: date) -> TalentReview:
    return TalentReview.objects.create(name=name, opens_on=opens, closes_on=closes)


def talent(
    employee: Employee, cycle: TalentReview, potential: int, calibrated: int | None = None
) -> TalentRating:
    return TalentRating.objects.create(
        review=cycle,
        employee=employee,
        performance=2,
        potential=potential,
        calibrated_potential=calibrated,
    )


def plan_for(role: Role, incumbent: Employee | None = None, **fields: Any) -> SuccessionPlan:
    return SuccessionPlan.objects.create(role=role, incumbent=incumbent, **fields)


def slate(plan: SuccessionPlan, *people: tuple[Employee, str]) -> list[SuccessorCandidate]:
    """``people`` as (employee, readiness), ranked in the order given."""
    return [
        SuccessorCandidate.objects.create(plan=plan, employee=e, readiness=r, rank=n)
        for n, (e, r) in enumerate(people, start=1)
    ]
