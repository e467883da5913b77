"""Reads of check-ins, chainable: ``CheckIn.objects.visible_to(user).upcoming()``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q

from apps.employees.access import viewer_employee

if TYPE_CHECKING:
    from apps.checkins.models import CheckIn  # noqa: F401 (named in QuerySet["CheckIn"])


def hr_reads(user: Any) -> bool:
    """HR reads check-ins only where the organisation chose so (``CHECKINS_HR_CAN_READ``)."""
    return bool(user.is_authenticated and user.is_hr and settings.CHECKINS_HR_CAN_READ)


class CheckInQuerySet(models.QuerySet["CheckIn"]):
    def visible_to(self, user: Any) -> CheckInQuerySet:
        """The employee, and the manager who scheduled it while they are still the employee's
        manager and the map is open to them; HR when the setting allows. Nobody else."""
        if not user.is_authenticated:
            return self.none()
        if hr_reads(user):
            return self
        me = viewer_employee(user)
        if me is None:
            return self.none()
        return self.filter(
            Q(career_map__employee=me)
            | Q(
                manager=me,
                career_map__employee__manager=F("manager"),
                career_map__visible_to_manager=True,
            )
        )

    def upcoming(self) -> CheckInQuerySet:
        return self.filter(status="upcoming")

    def held(self) -> CheckInQuerySet:
        return self.filter(status="held")

    def for_list(self) -> CheckInQuerySet:
        """What a history row shows: the manager's name and how many actions were agreed;
        newest first (Meta.ordering does not apply to an aggregate's GROUP BY)."""
        return (
            self.select_related("manager")
            .annotate(agreed_count=Count("agreed"))
            .order_by("-meeting_date", "-id")
        )
