"""Who may see, post, manage and express interest in opportunities. Views go through here.

- Everyone in the organisation (an employee record) sees open opportunities; drafts only
  their poster and HR. The poster and HR edit, see who is interested and fill.
- Managers (anyone with reports) and HR post.
- An interest is seen by the person who expressed it, the poster and HR; never by peers.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.shortcuts import get_object_or_404

from apps.employees.access import has_record, has_reports
from apps.opportunities.models import Interest, Opportunity
from apps.opportunities.querysets import InterestQuerySet, OpportunityQuerySet


def can_browse(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_hr or has_record(user)))


def can_post(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_hr or has_reports(user)))


def opportunities_visible_to(user: Any) -> OpportunityQuerySet:
    return Opportunity.objects.visible_to(user)


def opportunities_managed_by(user: Any) -> OpportunityQuerySet:
    return Opportunity.objects.managed_by(user)


def get_opportunity_for(user: Any, public_id: UUID) -> Opportunity:
    return get_object_or_404(opportunities_visible_to(user).listed(), public_id=public_id)


def get_managed_opportunity(user: Any, public_id: UUID) -> Opportunity:
    """For the poster's pages: to anyone else they do not exist (404)."""
    return get_object_or_404(opportunities_managed_by(user).listed(), public_id=public_id)


def is_manager_of_post(user: Any, opportunity: Opportunity) -> bool:
    return bool(user.is_hr or opportunity.posted_by_id == user.pk)


def own_interests(user: Any) -> InterestQuerySet:
    return Interest.objects.of_viewer(user)


def interests_managed_by(user: Any, opportunity: Opportunity) -> InterestQuerySet:
    """The interest in ``opportunity`` for its poster and HR; nothing for anyone else."""
    if not is_manager_of_post(user, opportunity):
        return Interest.objects.none()
    return Interest.objects.filter(opportunity=opportunity)


def get_managed_interest(user: Any, opportunity: Opportunity, public_id: UUID) -> Interest:
    queryset = interests_managed_by(user, opportunity).select_related(
        "employee", "employee__user", "employee__current_role"
    )
    return get_object_or_404(queryset, public_id=public_id)
