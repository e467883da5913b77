"""Reads of career maps, chainable: ``CareerMap.objects.visible_to(user).with_people()``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from apps.employees.access import viewer_employee
from apps.employees.models import Employee

if TYPE_CHECKING:
    from apps.careermaps.models import CareerMap  # noqa: F401 (named in QuerySet["CareerMap"])


class CareerMapQuerySet(models.QuerySet["CareerMap"]):
    def visible_to(self, user: Any) -> CareerMapQuerySet:
        """HR reads every map; anyone else their own, and the maps in their sub-tree whose
        owners let managers see them."""
        if not user.is_authenticated:
            return self.none()
        if user.is_hr:
            return self
        me = viewer_employee(user)
        if me is None:
            return self.none()
        return self.filter(
            Q(employee=me)
            | Q(employee__in=Employee.objects.visible_to(user), visible_to_manager=True)
        )

    def owned_by(self, user: Any) -> CareerMapQuerySet:
        """The viewer's own map (none without an employee record)."""
        me = viewer_employee(user)
        return self.none() if me is None else self.filter(employee=me)

    def with_people(self) -> CareerMapQuerySet:
        """The owner and the roles every map page shows, in the same query."""
        return self.select_related(
            "employee",
            "employee__user",
            "employee__current_role",
            "employee__current_role__family",
            "employee__department",
            "employee__manager",
            "target_role",
            "target_role__family",
        )
