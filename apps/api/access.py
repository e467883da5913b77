"""Who may hold tokens, and what the API reads through.

The pages' own rules decide everything a token sees: employees through
``employees.access`` (yourself, your sub-tree, or everyone for HR), the HR reports through
``succession.access`` (HR only, 404 for anyone else). Departments, roles and skills are the
organisation's shared vocabulary: every explorer of the catalogue reads all of them.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.api.models import ApiToken
from apps.employees.access import employees_visible_to, has_reports
from apps.employees.models import Department, Employee
from apps.explore.access import can_explore
from apps.imports.services import records_lock
from apps.roles.models import Role, RoleRequirement
from apps.skills.models import Skill


def can_hold_tokens(user: Any) -> bool:
    """HR (for syncing the HR system and reporting), and managers (read-only reports on their
    team). Other employees see only themselves, which the pages already show them."""
    return bool(user.is_authenticated and (user.is_hr or has_reports(user)))


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    """A user's own tokens: nobody, HR included, manages another person's."""
    return ApiToken.objects.filter(owner=user) if user.is_authenticated else ApiToken.objects.none()


def get_token_for(user: Any, public_id: UUID) -> ApiToken:
    return get_object_or_404(tokens_of(user), public_id=public_id)


def _catalogue_or_nothing[M: Any](user: Any, queryset: QuerySet[M]) -> QuerySet[M]:
    return queryset if can_explore(user) else queryset.none()


def departments_visible_to(user: Any) -> QuerySet[Department]:
    return _catalogue_or_nothing(user, Department.objects.all())


def skills_visible_to(user: Any) -> QuerySet[Skill]:
    return _catalogue_or_nothing(user, Skill.objects.select_related("category"))


def roles_visible_to(user: Any) -> QuerySet[Role]:
    requirements = RoleRequirement.objects.select_related("skill").order_by(
        "-importance", "skill__name"
    )
    roles = Role.objects.select_related("family").prefetch_related(
        Prefetch("requirements", queryset=requirements)
    )
    return _catalogue_or_nothing(user, roles)


def get_role_for(user: Any, public_id: UUID) -> Role:
    return get_object_or_404(roles_visible_to(user), public_id=public_id)


def get_department_for(user: Any, department_id: int) -> Department:
    return get_object_or_404(departments_visible_to(user), pk=department_id)


# Writes: HR's, for syncing the HR system. The write scope is only ever granted to HR; a token
# whose owner has left HR since answers 404, as the HR reports do. The record is locked until
# the write commits, so an If-Match compared against it cannot go stale before the write.


def require_writer(user: Any) -> None:
    if not (user.is_authenticated and user.is_hr):
        raise Http404("No such resource")


def lock_employee_for(user: Any, public_id: UUID) -> Employee:
    records_lock("employees")  # the import's lock first, then the row: one order for all
    people = employees_visible_to(user).with_related().select_for_update(of=("self",))
    return get_object_or_404(people, public_id=public_id)


def lock_department_for(user: Any, department_id: int) -> Department:
    records_lock("departments")
    return get_object_or_404(departments_visible_to(user).select_for_update(), pk=department_id)


def lock_role_for(user: Any, public_id: UUID) -> Role:
    records_lock("roles")
    return get_object_or_404(
        roles_visible_to(user).select_for_update(of=("self",)), public_id=public_id
    )


def require_people_access(user: Any) -> None:
    if not can_explore(user):
        raise Http404("No such resource")
