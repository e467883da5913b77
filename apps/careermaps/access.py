"""Who may read or edit a career map. Every careermaps view goes through here.

- The owner reads and edits their map.
- Managers up the owner's reporting line read it while the owner keeps it visible to them.
- HR reads every map.
- Reflections are private to their author; a shared one is readable by the owner's managers
  and HR. Nobody else learns that a map exists: 404, as for something that does not exist.

The scoping is ``CareerMap.objects.visible_to(user)`` / ``owned_by(user)`` (querysets.py).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from apps.careermaps.models import CareerMap, Reflection
from apps.careermaps.querysets import CareerMapQuerySet
from apps.employees.access import viewer_employee


def maps_visible_to(user: Any) -> CareerMapQuerySet:
    return CareerMap.objects.visible_to(user)


def get_map_for_viewer(user: Any, map_id: UUID, *, people: bool = False) -> CareerMap:
    """``people``: with the families and department too (print view, export)."""
    maps = CareerMap.objects.visible_to(user)
    maps = maps.with_people() if people else maps.with_header()
    return get_object_or_404(maps, public_id=map_id)


def get_map_for_owner(user: Any, map_id: UUID, *, people: bool = False) -> CareerMap:
    """Only the owner edits. To anyone else an edit URL does not exist."""
    maps = CareerMap.objects.owned_by(user)
    maps = maps.with_people() if people else maps.with_header()
    return get_object_or_404(maps, public_id=map_id)


def own_map(user: Any) -> CareerMap | None:
    return CareerMap.objects.owned_by(user).with_header().first()


def is_owner(user: Any, career_map: CareerMap) -> bool:
    me = viewer_employee(user)
    return me is not None and career_map.employee_id == me.pk


def reflections_visible_to(user: Any, career_map: CareerMap) -> QuerySet[Reflection]:
    reflections = career_map.reflections.all()
    return (
        reflections if is_owner(user, career_map) else reflections.filter(shared_with_manager=True)
    )
