"""The career map's side of the learning catalogue (``{% load career_plan %}``).

The catalogue belongs to the learning app, which sits below the map and never imports it; the
map lends the catalogue page this tag to show, per resource, "Add to my plan" or "In your plan".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import template
from django.db.models import Exists, OuterRef

from apps.careermaps import access
from apps.careermaps.forms.plan import plan_form
from apps.careermaps.models import CareerMap
from apps.careermaps.services.plan import open_actions_for
from apps.employees.access import viewer_employee
from apps.learning.forms import AddToPlanForm
from apps.learning.models import LearningResource

register = template.Library()


@dataclass
class ResourcePlan:
    """The viewer's map (if any), and each resource with its add form and whether it is planned.

    A viewer without an employee record (HR) has no plan to add to: every form is None.
    """

    career_map: CareerMap | None
    rows: list[tuple[LearningResource, AddToPlanForm | None, bool]] = field(default_factory=list)


def _own_map(request: Any) -> CareerMap | None:
    # The page header and the results both ask: one query per request.
    if not hasattr(request, "_own_map_cache"):
        request._own_map_cache = access.own_map(request.user)
    return request._own_map_cache


def _planned_ids(career_map: CareerMap, resources: list[LearningResource]) -> set[int]:
    planned = LearningResource.objects.filter(pk__in=[r.pk for r in resources]).filter(
        Exists(open_actions_for(career_map, OuterRef("pk")))
    )
    return set(planned.values_list("pk", flat=True))


@register.simple_tag(takes_context=True)
def resource_plan(
    context: template.Context, resources: Iterable[LearningResource] = ()
) -> ResourcePlan:
    """``{% resource_plan page_obj.object_list as plan %}``: at most two queries per page."""
    request = context["request"]
    career_map = _own_map(request)
    shown = list(resources)
    if viewer_employee(request.user) is None:
        return ResourcePlan(career_map, [(r, None, False) for r in shown])
    planned = _planned_ids(career_map, shown) if career_map and shown else set()
    return ResourcePlan(career_map, [(r, plan_form(r), r.pk in planned) for r in shown])
