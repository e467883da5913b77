"""Who may see which employee records. Every view reads employees through here.

An employee sees themselves; a manager sees their whole sub-tree (their own path is a prefix
of everyone under them, so one ``LIKE`` covers both); HR sees everyone. Anything outside the
viewer's scope answers 404, exactly like a record that does not exist.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404

from apps.employees.models import Employee, Invitation, SkillRating
from apps.employees.querysets import EmployeeQuerySet


def viewer_employee(user: Any) -> Employee | None:
    """The signed-in user's own Employee record, cached on the user for the request."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_employee_cache"):
        user._employee_cache = Employee.objects.with_related().filter(user=user).first()
    return user._employee_cache


def employees_visible_to(user: Any) -> EmployeeQuerySet:
    if not user.is_authenticated:
        return Employee.objects.none()
    if user.is_hr:
        return Employee.objects.all()
    me = viewer_employee(user)
    if me is None:
        return Employee.objects.none()
    return Employee.objects.in_subtree(me)


def get_employee_for(user: Any, public_id: UUID) -> Employee:
    employee = employees_visible_to(user).with_related().filter(public_id=public_id).first()
    if employee is None:
        raise Http404("No such person")
    return employee


def is_manager_of(user: Any, employee: Employee) -> bool:
    """True when ``employee`` is strictly below the user in the reporting line."""
    me = viewer_employee(user)
    return me is not None and me.pk != employee.pk and employee.path.startswith(me.path)


def ratings_visible_to(user: Any) -> Any:
    return SkillRating.objects.filter(employee__in=employees_visible_to(user))


def invitations_visible_to(user: Any) -> Any:
    if user.is_authenticated and user.is_hr:
        return Invitation.objects.all()
    return Invitation.objects.none()


def can_invite(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_hr)


def invitation_by_token(token: str) -> Invitation | None:
    """The secret token in the emailed link is the whole access rule for accepting."""
    return Invitation.objects.select_related("employee").filter(token=token).first()
