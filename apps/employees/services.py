"""Writes to the employee records: every change of reporting line or rating goes through here."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.employees.models import (
    Employee,
    Invitation,
    RatingSource,
    SkillRating,
    SkillRatingHistory,
)
from apps.skills.models import Skill


def _send_invitation_later(invitation_id: int) -> None:
    # Imported late: tasks import this module.
    from apps.employees.tasks import send_invitation

    send_invitation.delay(invitation_id)


def _path_for(employee_id: int, manager: Employee | None) -> str:
    return f"{manager.path if manager else '/'}{employee_id}/"


@transaction.atomic
def employee_create(
    *, full_name: str, work_email: str, manager: Employee | None = None, **fields: Any
) -> Employee:
    employee = Employee(
        full_name=full_name, work_email=work_email.lower(), manager=manager, **fields
    )
    employee.full_clean(exclude=["path", "depth"])
    employee.save()
    employee.path = _path_for(employee.pk, manager)
    employee.depth = manager.depth + 1 if manager else 0
    Employee.objects.filter(pk=employee.pk).update(path=employee.path, depth=employee.depth)
    return employee


@transaction.atomic
def employee_set_manager(*, employee: Employee, manager: Employee | None) -> Employee:
    """Move ``employee`` (and everyone under them) to report to ``manager``.

    Refuses a move that would make someone their own manager or descendant: the reporting
    line must stay a tree. The moved sub-tree's paths are rewritten in one UPDATE.
    """
    # Lock the rows whose paths we read so two concurrent moves cannot build a cycle.
    locked = Employee.objects.select_for_update().filter(
        pk__in=[employee.pk] + ([manager.pk] if manager else [])
    )
    current = {e.pk: e for e in locked}
    employee = current[employee.pk]
    if manager is not None:
        manager = current[manager.pk]
        if manager.path.startswith(employee.path):
            if manager.pk == employee.pk:
                refusal = _("%(name)s cannot report to themselves.") % {"name": employee.full_name}
            else:
                refusal = _("%(name)s cannot report to %(manager)s, who reports to them.") % {
                    "name": employee.full_name,
                    "manager": manager.full_name,
                }
            raise ValidationError({"manager": refusal})
    old_path, new_path = employee.path, _path_for(employee.pk, manager)
    depth_shift = (manager.depth + 1 if manager else 0) - employee.depth
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE employees_employee
               SET path = %s || substr(path, %s), depth = depth + %s
             WHERE path LIKE %s
            """,
            [new_path, len(old_path) + 1, depth_shift, old_path.replace("_", r"\_") + "%"],
        )
    Employee.objects.filter(pk=employee.pk).update(manager=manager)
    employee.refresh_from_db()
    return employee


# Every path from the chain of managers, top down; only rows whose path or depth differ are
# written, so a rebuild after an import that moved nobody writes nothing.
_PATHS_REBUILD = """
    WITH RECURSIVE tree (id, path, depth) AS (
        SELECT id, '/' || id || '/', 0 FROM employees_employee WHERE manager_id IS NULL
        UNION ALL
        SELECT e.id, tree.path || e.id || '/', tree.depth + 1
          FROM employees_employee e JOIN tree ON e.manager_id = tree.id
    )
    UPDATE employees_employee e
       SET path = tree.path, depth = tree.depth
      FROM tree
     WHERE e.id = tree.id AND (e.path <> tree.path OR e.depth <> tree.depth)
"""


def employee_paths_rebuild() -> int:
    """Recompute every materialised ``path``/``depth`` from the reporting lines in one
    statement, for writers that set ``manager`` in bulk (the employee import) instead of
    moving one person at a time with ``employee_set_manager``. Returns how many rows changed.

    The caller guarantees the reporting lines form a tree (the import refuses loops): people
    in a loop have no top and would keep their old paths."""
    with connection.cursor() as cursor:
        cursor.execute(_PATHS_REBUILD)
        return cursor.rowcount


@transaction.atomic
def rating_set(
    *,
    employee: Employee,
    skill: Skill,
    level: int,
    source: RatingSource,
    rated_by: User | None,
    note: str = "",
) -> SkillRating:
    """Record a self or manager rating: the current row changes, the history grows by one."""
    if not 0 <= level <= 5:
        raise ValidationError({"level": _("Choose a level from 0 (None) to 5 (Expert).")})
    now = timezone.now()
    rating, _created = SkillRating.objects.select_for_update().get_or_create(
        employee=employee, skill=skill
    )
    if source == RatingSource.SELF:
        rating.self_level, rating.self_rated_at = level, now
    else:
        rating.manager_level, rating.manager_rated_at = level, now
        rating.manager_rated_by = rated_by
    if note:
        rating.note = note
    rating.save()
    SkillRatingHistory.objects.create(
        employee=employee,
        skill=skill,
        source=source,
        level=level,
        rated_by=rated_by,
        rated_at=now,
        note=note,
    )
    return rating


def subtree_size(employee: Employee) -> int:
    return Employee.objects.in_subtree(employee, include_root=False).count()


@transaction.atomic
def invitation_create(*, employee: Employee, invited_by: User) -> Invitation:
    """Invite ``employee`` to sign in. Earlier open invitations for them are revoked."""
    if employee.user_id is not None:
        raise ValidationError(_("%(name)s can already sign in.") % {"name": employee.full_name})
    if User.objects.filter(email__iexact=employee.work_email).exists():
        raise ValidationError(
            _("An account for %(email)s already exists; link it in the admin instead.")
            % {"email": employee.work_email}
        )
    now = timezone.now()
    Invitation.objects.filter(employee=employee, accepted_at=None, revoked_at=None).update(
        revoked_at=now
    )
    invitation = Invitation.objects.create(
        employee=employee, email=employee.work_email, invited_by=invited_by
    )
    transaction.on_commit(lambda: _send_invitation_later(invitation.pk))
    return invitation


def invitation_send(*, invitation_id: int) -> bool:
    """Email the invitation link (called by the Celery task). False when no longer open."""
    invitation = Invitation.objects.select_related("employee", "invited_by").get(pk=invitation_id)
    if not invitation.is_open:
        return False
    context = {
        "invitation": invitation,
        "accept_url": settings.SITE_URL
        + reverse("employees:invitation-accept", args=[invitation.issue_secret()]),
    }
    send_mail(
        subject=_("[CareerMap] You are invited to CareerMap"),
        message=render_to_string("employees/email/invitation.txt", context),
        html_message=render_to_string("employees/email/invitation.html", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    return True


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, name: str, password: str) -> User:
    """Create the invitee's account and link it to their employee record."""
    invitation = (
        Invitation.objects.select_for_update().select_related("employee").get(pk=invitation.pk)
    )
    if not invitation.is_open:
        raise ValidationError(_("This invitation is no longer valid. Ask HR for a new one."))
    employee = invitation.employee
    if employee.user_id is not None:
        raise ValidationError(_("%(name)s can already sign in.") % {"name": employee.full_name})
    user = User.objects.create_user(
        invitation.email,
        password,
        name=name.strip() or employee.full_name,
        timezone=employee.timezone,
    )
    Employee.objects.filter(pk=employee.pk).update(user=user)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user
