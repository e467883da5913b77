"""Reads of employees and invitations, chainable: ``Employee.objects.visible_to(user).active()``.

Who sees whom: an employee sees themselves; a manager their whole sub-tree (their own path is a
prefix of everyone under them, so one ``LIKE`` covers both); HR sees everyone. access.py builds
the rules that views use on these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models.functions import Coalesce

if TYPE_CHECKING:
    from apps.employees.models import Employee, Invitation  # noqa: F401 (QuerySet["Invitation"])


class EmployeeQuerySet(models.QuerySet["Employee"]):
    def record_of(self, user: Any) -> Employee | None:
        """``user``'s own Employee record (whatever this queryset filters), cached on the user
        for the request: every access rule asks for it."""
        if not user.is_authenticated:
            return None
        if not hasattr(user, "_employee_cache"):
            user._employee_cache = self.model.objects.with_related().filter(user=user).first()
        return user._employee_cache

    def visible_to(self, user: Any) -> EmployeeQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_hr:
            return self
        me = self.record_of(user)
        return self.none() if me is None else self.in_subtree(me)

    def active(self) -> EmployeeQuerySet:
        return self.exclude(status="left")

    def in_subtree(self, root: Employee, *, include_root: bool = True) -> EmployeeQuerySet:
        """Everyone under ``root`` at any depth: one prefix match on the indexed path."""
        qs = self.filter(path__startswith=root.path)
        return qs if include_root else qs.exclude(pk=root.pk)

    def direct_reports_of(self, manager: Employee) -> EmployeeQuerySet:
        return self.filter(manager=manager)

    def with_report_counts(self) -> EmployeeQuerySet:
        """``report_count``: each person's direct reports. A correlated count, not a join and
        GROUP BY, so a page of 25 counts 25 people's reports, not everyone's."""
        reports = (
            self.model.objects.filter(manager=models.OuterRef("pk"))
            .order_by()
            .values("manager")
            .annotate(n=models.Count("*"))
            .values("n")
        )
        return self.annotate(report_count=Coalesce(models.Subquery(reports), 0))

    def with_related(self) -> EmployeeQuerySet:
        return self.select_related("department", "current_role", "current_role__family", "manager")


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def visible_to(self, user: Any) -> InvitationQuerySet:
        """Invitations are HR's business: nobody else sees one."""
        return self if user.is_authenticated and user.is_hr else self.none()

    def open_for(self, employee: Employee) -> InvitationQuerySet:
        """The employee's invitations neither accepted nor revoked (expired ones included)."""
        return self.filter(employee=employee, accepted_at=None, revoked_at=None)
