"""Who may use the learning catalogue: everyone with an employee record (and HR) browses it;
only HR maintains it. To anyone else the pages do not exist (404).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.employees.access import has_record
from apps.learning.models import LearningResource


def can_browse(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_hr or has_record(user)))


def can_manage(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_hr)


def resource_for_manager(user: Any, resource_id: UUID) -> LearningResource:
    return _resource(user, resource_id, can_manage)


def resource_for_browser(user: Any, resource_id: UUID) -> LearningResource:
    return _resource(user, resource_id, can_browse)


def _resource(user: Any, resource_id: UUID, may: Callable[[Any], bool]) -> LearningResource:
    if not may(user):
        raise Http404("No such learning resource")
    return get_object_or_404(LearningResource.objects.with_skills(), public_id=resource_id)
