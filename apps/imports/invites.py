"""Inviting the people of a finished employee import in one go.

"The people of the import" are everyone the job's file names (matched as the import matched
them, by external id, else work email) who has not left: everyone the job created or updated,
and on purpose also those it found unchanged, since a file imported before and uploaded again
finds everyone unchanged, and its people still need inviting if nobody did. Of those, only the
people who cannot sign in yet are invited: no account of their own, no other account with
their email (``invitation_create`` would refuse it: HR links that one in the admin), no open
invitation. Each invitation goes through ``invitation_create``, so its rules hold and its email
goes out by Celery once the transaction commits. That is about 2 ms and five queries a person
(some 10 s for 5,000 people): a page inviting thousands at once should call it from a task.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.employees.models import Employee, EmploymentStatus, Invitation
from apps.employees.services import invitation_create
from apps.imports.kinds.base import SourceError
from apps.imports.kinds.employees import KIND as employees_kind
from apps.imports.models import ImportJob, JobStatus
from apps.succession.audit import audit
from apps.succession.models import AuditAction
from careermap.tabular import Table


def _people_in_file(job: ImportJob) -> list[int]:
    """The ids of the people the job's rows name: by external id, else by work email."""
    if job.kind != employees_kind.key or job.status != JobStatus.DONE:
        raise ValidationError(_("Only the people of a finished employee import can be invited."))
    try:
        table = employees_kind.read(bytes(job.data), job.file_name)
    except SourceError as error:  # it was read before; only a changed reader gets here
        raise ValidationError(str(error)) from None
    if not isinstance(table, Table):
        raise ValidationError(_("The import's file is not a table."))
    keys = [(row.get("external_id"), row.get("work_email").lower()) for row in table.rows]
    people = (
        Employee.objects.annotate(email=Lower("work_email"))
        .filter(
            Q(external_id__in={key for key, _ in keys if key})
            | Q(email__in={email for _, email in keys if email})
        )
        .values_list("pk", "external_id", "email")
    )
    by_id, by_email = {}, {}
    for pk, external_id, email in people:
        by_id[external_id] = by_email[email] = pk
    found = (by_id.get(key) or by_email.get(email) for key, email in keys)
    return [pk for pk in found if pk is not None]


def invitable(job: ImportJob) -> QuerySet[Employee]:
    """The people of ``job`` whom ``invite_imported`` would invite now (for the button's count)."""
    open_invitation = Invitation.objects.filter(
        employee=OuterRef("pk"),
        accepted_at=None,
        revoked_at=None,
        expires_at__gt=timezone.now(),
    )
    account = User.objects.filter(email__iexact=OuterRef("work_email"))
    return (
        Employee.objects.filter(pk__in=_people_in_file(job), user=None)
        .exclude(status=EmploymentStatus.LEFT)
        .exclude(Exists(open_invitation))
        .exclude(Exists(account))
        .order_by("pk")
    )


@transaction.atomic
def invite_imported(*, job: ImportJob, actor: User) -> int:
    """Invite every person of a finished employee import who cannot sign in yet; how many were
    invited. The emails go out by Celery after the commit; the audit log records the count."""
    # Locking the job first makes a second click wait, then find everyone invited already.
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    invited = 0
    for employee in invitable(job):
        invitation_create(employee=employee, invited_by=actor)
        invited += 1
    audit(
        actor=actor,
        action=AuditAction.CREATE,
        obj=job,
        summary=f"Invited {invited} {'person' if invited == 1 else 'people'} of the import "
        f"{job.file_name}",
        after={"invited": invited, "file": job.file_name},
    )
    return invited
