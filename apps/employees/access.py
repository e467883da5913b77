"""Who may see which employee records. Every view reads employees through here.

The scoping itself is ``Employee.objects.visible_to(user)`` (querysets.py): anything outside
the viewer's scope answers 404, exactly like a record that does not exist.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.employees.models import Employee, Invitation, SkillRating, token_digest
from apps.employees.querysets import EmployeeQuerySet, InvitationQuerySet


def viewer_employee(user: Any) -> Employee | None:
    """The signed-in user's own Employee record, cached on the user for the request."""
    return Employee.objects.record_of(user)


def has_record(user: Any) -> bool:
    """Signed in with an Employee record: what most pages need (``@require(has_record)``)."""
    return viewer_employee(user) is not None


def record_of(user: Any) -> Employee:
    """The viewer's own record, for a view behind ``require(has_record)``; 404 without one."""
    me = viewer_employee(user)
    if me is None:
        raise Http404("No employee record")
    return me


def has_people_access(user: Any) -> bool:
    """The directory and the tree: anyone with a record (they see their sub-tree), and HR."""
    return bool(user.is_authenticated and (user.is_hr or has_record(user)))


def has_reports(user: Any) -> bool:
    """At least one direct report: one EXISTS, cached on the user for the request.

    The one home of this question: the navigation, the dashboards and succession ask it here,
    so it costs one query per request whoever asks first.
    """
    me = viewer_employee(user)
    if me is None:
        return False
    if not hasattr(user, "_has_reports_cache"):
        user._has_reports_cache = Employee.objects.direct_reports_of(me).exists()
    return bool(user._has_reports_cache)


def employees_visible_to(user: Any) -> EmployeeQuerySet:
    return Employee.objects.visible_to(user)


def get_employee_for(user: Any, public_id: UUID) -> Employee:
    return get_object_or_404(Employee.objects.visible_to(user).with_related(), public_id=public_id)


def is_manager_of(user: Any, employee: Employee) -> bool:
    """True when ``employee`` is strictly below the user in the reporting line."""
    me = viewer_employee(user)
    return me is not None and me.pk != employee.pk and employee.path.startswith(me.path)


def ratings_visible_to(user: Any) -> QuerySet[SkillRating]:
    return SkillRating.objects.filter(employee__in=Employee.objects.visible_to(user))


def invitations_visible_to(user: Any) -> InvitationQuerySet:
    return Invitation.objects.visible_to(user)


def can_invite(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_hr)


def invitation_by_token(token: str) -> Invitation | None:
    """The secret token in the emailed link is the whole access rule for accepting."""
    digest = token_digest(token)
    return Invitation.objects.select_related("employee").filter(token=digest).first()
