"""Reads of opportunities and interest, chainable and scoped to the viewer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from apps.employees.access import viewer_employee

if TYPE_CHECKING:
    from apps.opportunities.models import Interest, Opportunity  # noqa: F401


class OpportunityQuerySet(models.QuerySet["Opportunity"]):
    def visible_to(self, user: Any) -> OpportunityQuerySet:
        """HR: all. Anyone in the organisation: the open ones; their own posts whatever the
        status; and the ones they expressed interest in (to see how it ended). No drafts."""
        if not user.is_authenticated:
            return self.none()
        if user.is_hr:
            return self
        me = viewer_employee(user)
        mine = Q(posted_by=user)
        if me is None:
            return self.filter(mine)
        return self.filter(mine | Q(status="open") | Q(interests__employee=me)).distinct()

    def managed_by(self, user: Any) -> OpportunityQuerySet:
        """What the user may edit, see the interest in and fill: their own posts; HR all."""
        if not user.is_authenticated:
            return self.none()
        return self if user.is_hr else self.filter(posted_by=user)

    def listed(self) -> OpportunityQuerySet:
        return self.select_related("department", "role")


class InterestQuerySet(models.QuerySet["Interest"]):
    def of_viewer(self, user: Any) -> InterestQuerySet:
        """The viewer's own interest (peers never see each other's)."""
        me = viewer_employee(user) if user.is_authenticated else None
        return self.none() if me is None else self.filter(employee=me)
