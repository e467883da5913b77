"""Who may use the learning catalogue: everyone with an employee record (and HR) browses it;
only HR maintains it. To anyone else the pages do not exist (404).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404

from apps.employees.access import viewer_employee
from apps.learning.models import LearningResource
from apps.learning.services import with_skills


def can_browse(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_hr or viewer_employee(user) is not None))


def can_manage(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_hr)


def require_browse(user: Any) -> None:
    if not can_browse(user):
        raise Http404("No learning catalogue here")


def require_manage(user: Any) -> None:
    if not can_manage(user):
        raise Http404("No such page")


def resource_for_manager(user: Any, resource_id: UUID) -> LearningResource:
    require_manage(user)
    return _resource(resource_id)


def resource_for_browser(user: Any, resource_id: UUID) -> LearningResource:
    require_browse(user)
    return _resource(resource_id)


def _resource(resource_id: UUID) -> LearningResource:
    resource = with_skills(LearningResource.objects.filter(public_id=resource_id)).first()
    if resource is None:
        raise Http404("No such learning resource")
    return resource
