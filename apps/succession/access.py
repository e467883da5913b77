"""Who may see which talent and succession records. Every succession view goes through here.

- HR sees every talent rating and every succession plan.
- A manager sees the talent ratings of people strictly below them in their sub-tree (never
  their own, never a peer's) and a succession plan only when HR shares it with them.
- The person concerned never sees anything about themselves: not their own rating, nor a plan
  they sit on as a successor or as the incumbent. This holds for HR staff too, because the rule
  protects the person rated, whoever they are.

Anything outside the viewer's scope answers 404, exactly like a record that does not exist.
The rules for ratings and plans are the querysets' ``visible_to(user)`` (querysets.py); the
functions here are what views call.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.employees.access import has_reports, viewer_employee
from apps.employees.models import Employee
from apps.employees.querysets import EmployeeQuerySet
from apps.succession.models import (
    AuditLog,
    CalibrationMove,
    DemandPlan,
    SuccessionPlan,
    TalentRating,
    TalentReview,
)
from apps.succession.querysets import SuccessionPlanQuerySet, TalentRatingQuerySet


def is_hr(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_hr)


def require_hr(user: Any) -> None:
    """HR-only pages do not exist for anyone else."""
    if not is_hr(user):
        raise Http404("No such page")


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
    return is_hr(user) or has_reports(user)


def people_rateable_by(user: Any) -> EmployeeQuerySet:
    """Whom the user rates in a review: active people strictly below them (HR included)."""
    me = viewer_employee(user) if user.is_authenticated else None
    if me is None:
        return Employee.objects.none()
    return Employee.objects.in_subtree(me, include_root=False).active()


def get_rateable_person(user: Any, public_id: UUID) -> Employee:
    return get_object_or_404(people_rateable_by(user), public_id=public_id)


def require_talent_scope(user: Any) -> None:
    if not has_talent_scope(user):
        raise Http404("No such page")


def talent_ratings_visible_to(user: Any) -> TalentRatingQuerySet:
    return TalentRating.objects.visible_to(user)


def get_rating_for(user: Any, public_id: UUID) -> TalentRating:
    ratings = talent_ratings_visible_to(user).select_related(
        "review", "employee", "employee__department", "employee__current_role"
    )
    return get_object_or_404(ratings, public_id=public_id)


def calibration_moves_visible_to(user: Any) -> QuerySet[CalibrationMove]:
    return CalibrationMove.objects.visible_to(user)


def reviews_visible_to(user: Any) -> QuerySet[TalentReview]:
    """Review cycles themselves hold no personal data: anyone with a talent scope sees them."""
    if not has_talent_scope(user):
        return TalentReview.objects.none()
    return TalentReview.objects.all()


def get_review_for(user: Any, public_id: UUID) -> TalentReview:
    return get_object_or_404(reviews_visible_to(user), public_id=public_id)


def plans_visible_to(user: Any) -> SuccessionPlanQuerySet:
    """HR: every plan; others: plans HR shared with them. Never a plan about the viewer."""
    return SuccessionPlan.objects.visible_to(user)


def get_plan_for(user: Any, public_id: UUID) -> SuccessionPlan:
    plans = plans_visible_to(user).select_related(
        "role", "role__family", "incumbent", "incumbent__department"
    )
    return get_object_or_404(plans, public_id=public_id)


def demands_visible_to(user: Any) -> QuerySet[DemandPlan]:
    """Future-needs plans are HR's workforce planning: HR only."""
    return DemandPlan.objects.all() if is_hr(user) else DemandPlan.objects.none()


def audit_visible_to(user: Any) -> QuerySet[AuditLog]:
    """HR, bar the rows about themselves (their rating, the plans they are on)."""
    return AuditLog.objects.visible_to(user)
