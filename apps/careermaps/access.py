"""Who may read or edit a career map. Every careermaps view goes through here.

- The owner reads and edits their map.
- Managers up the owner's reporting line read it while the owner keeps it visible to them.
- HR reads every map.
- Reflections are private to their author; a shared one is readable by the owner's managers
  and HR. Nobody else learns that a map exists: 404, as for something that does not exist.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from apps.careermaps.models import CareerMap, Reflection
from apps.employees.access import employees_visible_to, viewer_employee


def maps_visible_to(user: Any) -> QuerySet[CareerMap]:
    if not user.is_authenticated:
        return CareerMap.objects.none()
    if user.is_hr:
        return CareerMap.objects.all()
    me = viewer_employee(user)
    if me is None:
        return CareerMap.objects.none()
    # Own map, or a map in my sub-tree that its owner lets managers see.
    return CareerMap.objects.filter(
        Q(employee=me) | Q(employee__in=employees_visible_to(user), visible_to_manager=True)
    )


def _base(qs: QuerySet[CareerMap]) -> QuerySet[CareerMap]:
    return qs.select_related(
        "employee",
        "employee__user",
        "employee__current_role",
        "employee__current_role__family",
        "employee__department",
        "employee__manager",
        "target_role",
        "target_role__family",
    )


def get_map_for_viewer(user: Any, map_id: UUID) -> CareerMap:
    career_map = _base(maps_visible_to(user)).filter(public_id=map_id).first()
    if career_map is None:
        raise Http404("No such career map")
    return career_map


def get_map_for_owner(user: Any, map_id: UUID) -> CareerMap:
    """Only the owner edits. To anyone else an edit URL does not exist."""
    me = viewer_employee(user)
    if me is None:
        raise Http404("No such career map")
    career_map = _base(CareerMap.objects.filter(employee=me)).filter(public_id=map_id).first()
    if career_map is None:
        raise Http404("No such career map")
    return career_map


def own_map(user: Any) -> CareerMap | None:
    me = viewer_employee(user)
    if me is None:
        return None
    return _base(CareerMap.objects.filter(employee=me)).first()


def is_owner(user: Any, career_map: CareerMap) -> bool:
    me = viewer_employee(user)
    return me is not None and career_map.employee_id == me.pk


def reflections_visible_to(user: Any, career_map: CareerMap) -> QuerySet[Reflection]:
    reflections = career_map.reflections.all()
    return (
        reflections if is_owner(user, career_map) else reflections.filter(shared_with_manager=True)
    )
