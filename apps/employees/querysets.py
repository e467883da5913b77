from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from apps.employees.models import Employee


class EmployeeQuerySet(models.QuerySet["Employee"]):
    def active(self) -> EmployeeQuerySet:
        return self.exclude(status="left")

    def in_subtree(self, root: Employee, *, include_root: bool = True) -> EmployeeQuerySet:
        """Everyone under ``root`` at any depth: one prefix match on the indexed path."""
        qs = self.filter(path__startswith=root.path)
        return qs if include_root else qs.exclude(pk=root.pk)

    def direct_reports_of(self, manager: Employee) -> EmployeeQuerySet:
        return self.filter(manager=manager)

    def with_related(self) -> EmployeeQuerySet:
        return self.select_related("department", "current_role", "current_role__family", "manager")
