"""Who may explore roles: anyone with an employee record (with their own readiness beside every
role), and HR without one (no personal figures). To anyone else the pages do not exist (404).

Roles themselves are not personal: every explorer reads every role.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.shortcuts import get_object_or_404

from apps.employees.access import has_record
from apps.roles.models import Role


def can_explore(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_hr or has_record(user)))


def role_to_explore(role_id: UUID) -> Role:
    return get_object_or_404(Role.objects.select_related("family"), public_id=role_id)
