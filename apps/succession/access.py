"""Who may see which talent and succession records. Every succession view goes through here.

- HR sees every talent rating and every succession plan.
- A manager sees the talent ratings of people strictly below them in their sub-tree (never
  their own, never a peer's) and a succession plan only when HR shares it with them, and only
  while everyone the plan is about (incumbent and successors) sits strictly below them
  (``share_refusal``; the querysets hold the same rule in SQL, so a share that stopped holding
  grants nothing).
- The person concerned never sees anything about themselves: not their own rating, nor a plan
  they sit on as a successor or as the incumbent. This holds for HR staff too, because the rule
  protects the person rated, whoever they are.

Anything outside the viewer's scope answers 404, exactly like a record that does not exist.
The rules for ratings and plans are the querysets' ``visible_to(user)`` (querysets.py); the
functions here are what views call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib.auth.models import Group
from django.db.models import Exists, F, OuterRef, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from apps.accounts.models import HR_GROUP, User
from apps.employees.access import has_reports, viewer_employee
from apps.employees.models import Employee
from apps.employees.querysets import EmployeeQuerySet
from apps.roles.models import Role
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


def plans_of_role(user: Any, role: Role) -> SuccessionPlanQuerySet:
    """The role's plans the user may open, the role-wide one first."""
    plans = plans_visible_to(user).filter(role=role)
    return plans.order_by(F("incumbent").asc(nulls_first=True), "id")


def key_roles_without_plan(user: Any) -> QuerySet[Role]:
    """Roles the catalogue flags as key positions that have no succession plan yet (HR)."""
    if not is_hr(user):
        return Role.objects.none()
    planned = SuccessionPlan.objects.filter(role=OuterRef("pk"))
    return Role.objects.filter(is_key_position=True).exclude(Exists(planned)).order_by("title")


def demands_visible_to(user: Any) -> QuerySet[DemandPlan]:
    """Future-needs plans are HR's workforce planning: HR only."""
    return DemandPlan.objects.all() if is_hr(user) else DemandPlan.objects.none()


def audit_visible_to(user: Any) -> QuerySet[AuditLog]:
    """HR, bar the rows about themselves (their rating, the plans they are on)."""
    return AuditLog.objects.visible_to(user)


# --------------------------------------------------------------------------- sharing a slate


@dataclass(frozen=True, slots=True)
class Share:
    """One person a plan is shared with, and why the share grants nothing (empty if it does)."""

    user: User
    refusal: str

    @property
    def grants(self) -> bool:
        return not self.refusal


def plan_people(plan: SuccessionPlan) -> list[Employee]:
    """Everyone a plan is about: the seat's holder and the people on its slate."""
    slate = [c.employee for c in plan.candidates.select_related("employee").order_by("rank")]
    return [plan.incumbent, *slate] if plan.incumbent is not None else slate


def share_refusal(user: Any, people: Sequence[Employee]) -> str:
    """Why sharing a plan about ``people`` with ``user`` is not allowed ("" when it is).

    Only someone who may see confidential data about every one of them: never one of them,
    never a peer or anyone outside the line above them all.
    """
    name = user.name or user.email
    me = viewer_employee(user)
    if me is not None and any(person.pk == me.pk for person in people):
        return _("%(name)s is on this plan: nobody sees a plan about themselves.") % {"name": name}
    if is_hr(user):
        return ""
    if me is None:
        return _("%(name)s has no employee record, so may see no one's talent data.") % {
            "name": name
        }
    outside = [person for person in people if not can_see_talent(user, person)]
    if outside:
        names = ", ".join(person.full_name for person in outside[:3])
        return _(
            "%(name)s may not see confidential data about %(names)s: only HR and managers above "
            "everyone on the plan may read it."
        ) % {"name": name, "names": names}
    return ""


def plan_audience(plan: SuccessionPlan, people: Sequence[Employee]) -> list[Share]:
    """Who the plan is shared with, each with whether the share still grants access."""
    users = sharers(User.objects.filter(shared_succession_plans=plan))
    return [Share(user, share_refusal(user, people)) for user in users]


def sharers(users: QuerySet[User]) -> list[User]:
    """The users with their HR flag and employee record loaded (one query, not one each)."""
    hr = Group.objects.filter(name=HR_GROUP, user=OuterRef("pk"))
    found: list[User] = list(
        users.annotate(in_hr=Exists(hr)).select_related("employee").order_by("name", "email")
    )
    for user in found:
        # What is_hr and viewer_employee would each ask the database for, already known.
        user._is_hr = bool(user.in_hr)  # type: ignore[attr-defined]
        user._employee_cache = getattr(user, "employee", None)  # type: ignore[attr-defined]
    return found
