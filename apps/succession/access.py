"""Who may see which talent and succession records. Every succession view goes through here.

- HR sees every talent rating and every succession plan.
- A manager sees the talent ratings of people strictly below them in their sub-tree (never
  their own, never a peer's) and a succession plan only when HR shares it with them.
- The person concerned never sees anything about themselves: not their own rating, nor a plan
  they sit on as a successor or as the incumbent. This holds for HR staff too, because the rule
  protects the person rated, whoever they are.

Anything outside the viewer's scope answers 404, exactly like a record that does not exist.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from apps.employees.access import viewer_employee
from apps.employees.models import Employee
from apps.employees.querysets import EmployeeQuerySet
from apps.succession.models import (
    AuditLog,
    CalibrationMove,
    SuccessionPlan,
    TalentRating,
    TalentReview,
)


def is_hr(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_hr)


def require_hr(user: Any) -> None:
    """HR-only pages do not exist for anyone else."""
    if not is_hr(user):
        raise Http404("No such page")


def _own_employee_id(user: Any) -> int | None:
    me = viewer_employee(user)
    return me.pk if me is not None else None


def talent_subjects_for(user: Any) -> EmployeeQuerySet:
    """The people whose talent data the user may see (and, in an open review, rate)."""
    if not user.is_authenticated:
        return Employee.objects.none()
    me = viewer_employee(user)
    if is_hr(user):
        everyone = Employee.objects.all()
        return everyone.exclude(pk=me.pk) if me is not None else everyone
    if me is None:
        return Employee.objects.none()
    return Employee.objects.in_subtree(me, include_root=False)


def can_see_talent(user: Any, employee: Employee) -> bool:
    """HR: anyone but themselves; a manager: people strictly below them. No query for managers."""
    if not user.is_authenticated:
        return False
    me = viewer_employee(user)
    if me is not None and me.pk == employee.pk:
        return False
    if is_hr(user):
        return True
    return me is not None and employee.path.startswith(me.path)


def has_talent_scope(user: Any) -> bool:
    """HR, or a manager with at least one report (they rate their sub-tree)."""
    if is_hr(user):
        return True
    me = viewer_employee(user)
    if me is None:
        return False
    if not hasattr(user, "_has_reports_cache"):
        user._has_reports_cache = Employee.objects.filter(manager=me).exists()
    return bool(user._has_reports_cache)


def people_rateable_by(user: Any) -> EmployeeQuerySet:
    """Whom the user rates in a review: active people strictly below them (HR included)."""
    me = viewer_employee(user) if user.is_authenticated else None
    if me is None:
        return Employee.objects.none()
    return Employee.objects.in_subtree(me, include_root=False).active()


def get_rateable_person(user: Any, public_id: UUID) -> Employee:
    person = people_rateable_by(user).filter(public_id=public_id).first()
    if person is None:
        raise Http404("No such person")
    return person


def require_talent_scope(user: Any) -> None:
    if not has_talent_scope(user):
        raise Http404("No such page")


def talent_ratings_visible_to(user: Any) -> QuerySet[TalentRating]:
    if not user.is_authenticated:
        return TalentRating.objects.none()
    own_id = _own_employee_id(user)
    if is_hr(user):
        ratings = TalentRating.objects.all()
        return ratings.exclude(employee_id=own_id) if own_id is not None else ratings
    me = viewer_employee(user)
    if me is None:
        return TalentRating.objects.none()
    return TalentRating.objects.filter(employee__path__startswith=me.path).exclude(employee=me)


def get_rating_for(user: Any, public_id: UUID) -> TalentRating:
    rating = (
        talent_ratings_visible_to(user)
        .select_related("review", "employee", "employee__department", "employee__current_role")
        .filter(public_id=public_id)
        .first()
    )
    if rating is None:
        raise Http404("No such rating")
    return rating


def calibration_moves_visible_to(user: Any) -> QuerySet[CalibrationMove]:
    return CalibrationMove.objects.filter(rating__in=talent_ratings_visible_to(user))


def reviews_visible_to(user: Any) -> QuerySet[TalentReview]:
    """Review cycles themselves hold no personal data: anyone with a talent scope sees them."""
    if not has_talent_scope(user):
        return TalentReview.objects.none()
    return TalentReview.objects.all()


def get_review_for(user: Any, public_id: UUID) -> TalentReview:
    review = reviews_visible_to(user).filter(public_id=public_id).first()
    if review is None:
        raise Http404("No such review")
    return review


def plans_visible_to(user: Any) -> QuerySet[SuccessionPlan]:
    """HR: every plan; others: plans HR shared with them. Never a plan about the viewer."""
    if not user.is_authenticated:
        return SuccessionPlan.objects.none()
    plans = SuccessionPlan.objects.all() if is_hr(user) else _shared_plans(user)
    own_id = _own_employee_id(user)
    if own_id is None:
        return plans
    return plans.exclude(Q(incumbent_id=own_id) | Q(candidates__employee_id=own_id))


def _shared_plans(user: Any) -> QuerySet[SuccessionPlan]:
    return SuccessionPlan.objects.filter(
        pk__in=SuccessionPlan.shared_with.through.objects.filter(user_id=user.pk).values(
            "successionplan_id"
        )
    )


def get_plan_for(user: Any, public_id: UUID) -> SuccessionPlan:
    plan = (
        plans_visible_to(user)
        .select_related("role", "role__family", "incumbent", "incumbent__department")
        .filter(public_id=public_id)
        .first()
    )
    if plan is None:
        raise Http404("No such plan")
    return plan


def audit_visible_to(user: Any) -> QuerySet[AuditLog]:
    if not is_hr(user):
        return AuditLog.objects.none()
    return AuditLog.objects.all()
