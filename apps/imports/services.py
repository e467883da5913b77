"""The import pipeline: upload, check, confirm, write. Every step is a service; the Celery tasks
(tasks.py) only call ``job_check`` and ``job_write`` with a job id.

- ``job_create`` keeps the file on a new job and queues the check.
- ``job_check`` reads the file and plans it against the database: counts, samples and every
  problem (row, column, reason) are stored on the job; nothing else is written.
- ``job_confirm`` (HR, on a job without problems) queues the write.
- ``job_write`` plans again (the database may have changed since the check) and, only if there
  is still no problem, applies the plan in one transaction with its audit row: all or nothing.
- ``records_apply`` is the same check and write for rows given as data rather than a file (the
  API's and SCIM provisioning's writes), at once, in one transaction.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.accounts.language import language_of
from apps.imports.kinds import KINDS, kind_for
from apps.imports.kinds.base import MAX_ISSUES, NoProgress, Plan, SourceError
from apps.imports.models import ImportIssue, ImportJob, JobStatus
from apps.succession.audit import audit
from apps.succession.models import AuditAction
from careermap.sql import fetch
from careermap.tabular import Row, Table

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
PROGRESS_EVERY_SECONDS = 0.5


class JobProgress:
    """Writes a job's progress, at most twice a second: the page polls it.

    It writes through a queryset update, never inside the write's transaction (the pipeline
    reports the write phase before it opens the transaction), so the page sees it at once.
    """

    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self._written_at = 0.0

    def phase(self, label: str, total: int = 0) -> None:
        self.job.phase, self.job.progress_total, self.job.progress_done = label[:120], total, 0
        self._save(force=True)

    def advance(self, steps: int = 1) -> None:
        self.job.progress_done += steps
        self._save()

    def _save(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._written_at < PROGRESS_EVERY_SECONDS:
            return
        self._written_at = now
        ImportJob.objects.filter(pk=self.job.pk).update(
            phase=self.job.phase,
            progress_done=self.job.progress_done,
            progress_total=self.job.progress_total,
        )


def _enqueue(task_name: str, job: ImportJob) -> None:
    from apps.imports import tasks  # tasks import this module

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.delay(job.pk))


@transaction.atomic
def job_create(
    *,
    kind: str,
    file_name: str,
    data: bytes,
    actor: Any,
    full_sync: bool = False,
    options: dict[str, Any] | None = None,
    enqueue: bool = True,
) -> ImportJob:
    """A new job holding the file, queued for its check. Refuses an unknown kind, an empty or
    too large file, and full sync for a kind that has no notion of it."""
    if kind not in KINDS:
        raise ValidationError({"kind": _("Choose what the file holds.")})
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    if len(data) > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // 2**20
        raise ValidationError(
            {"file": _("The file is larger than %(limit)s MB. Split it.") % {"limit": limit}}
        )
    if full_sync and not kind_for(kind).supports_full_sync:
        raise ValidationError({"full_sync": _("Full sync is only for employee files.")})
    job = ImportJob.objects.create(
        kind=kind,
        file_name=file_name[:255],
        data=data,
        size=len(data),
        full_sync=full_sync,
        options=options or {},
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if enqueue:
        _enqueue("check_import", job)
    return job


def _finish(job: ImportJob, status: str, **fields: Any) -> ImportJob:
    job.status = status
    for name, value in fields.items():
        setattr(job, name, value)
    job.save()
    return job


def _store_issues(job: ImportJob, plan: Plan) -> None:
    ImportIssue.objects.filter(job=job).delete()
    ImportIssue.objects.bulk_create(
        [
            ImportIssue(job=job, row=i.row, column=i.column[:80], message=i.message[:300])
            for i in plan.issues[:MAX_ISSUES]
        ],
        batch_size=1000,
    )


def _plan(job: ImportJob, progress: JobProgress) -> Plan:
    kind = kind_for(job.kind)
    progress.phase(_("Reading the file"))
    source = kind.read(bytes(job.data), job.file_name)
    plan = kind.plan(source, options=job.options, full_sync=job.full_sync, progress=progress)
    kind.check_actor(plan, job.confirmed_by or job.created_by)
    return plan


def _guarded(job: ImportJob, work: Callable[[], ImportJob]) -> ImportJob:
    """Run a step; a file we cannot read, or anything unexpected, fails the job with a reason
    (and, for the unexpected, a log entry) instead of leaving it running for ever."""
    try:
        return work()
    except SourceError as error:
        return _finish(job, JobStatus.FAILED, message=str(error), finished_at=timezone.now())
    except Exception:
        log.exception("import job %s failed", job.pk)
        message = _("Something went wrong while importing; nothing was changed. Try again.")
        return _finish(job, JobStatus.FAILED, message=message, finished_at=timezone.now())


def job_check(job_id: int) -> ImportJob:
    """Check a queued job's file and store the preview. Returns the job (READY or INVALID,
    or FAILED with the reason); a job in any other state is left as it is."""
    job = ImportJob.objects.get(pk=job_id)
    # CHECKING too: a worker that died mid-check hands the task on, and checking writes nothing.
    if job.status not in (JobStatus.QUEUED, JobStatus.CHECKING):
        return job
    # Phases and problems are stored as text: in the language of whoever uploaded the file.
    with translation.override(language_of(job.created_by)):
        _finish(job, JobStatus.CHECKING, phase=_("Starting"))
        return _guarded(job, lambda: _checked(job, _plan(job, JobProgress(job))))


def _checked(job: ImportJob, plan: Plan) -> ImportJob:
    _store_issues(job, plan)
    status = JobStatus.INVALID if plan.has_errors else JobStatus.READY
    return _finish(job, status, summary=plan.summary(), checked_at=timezone.now(), phase="")


@transaction.atomic
def job_confirm(*, job: ImportJob, actor: Any, enqueue: bool = True) -> ImportJob:
    """HR confirms a checked job without problems: the write is queued."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.READY:
        raise ValidationError(_("Only a checked file without problems can be imported."))
    confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
    job = _finish(job, JobStatus.WRITING, confirmed_by=confirmed_by, confirmed_at=timezone.now())
    if enqueue:
        _enqueue("write_import", job)
    return job


@transaction.atomic
def job_cancel(*, job: ImportJob) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status not in (JobStatus.QUEUED, JobStatus.READY, JobStatus.INVALID):
        raise ValidationError(_("This import can no longer be cancelled."))
    return _finish(job, JobStatus.CANCELLED, finished_at=timezone.now())


def job_write(job_id: int) -> ImportJob:
    """Write a confirmed job: plan again, then apply in one transaction, or change nothing."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status != JobStatus.WRITING:
        return job
    with translation.override(language_of(job.confirmed_by or job.created_by)):
        return _guarded(job, lambda: _written(job))


def _written(job: ImportJob) -> ImportJob:
    progress = JobProgress(job)
    plan = _plan(job, progress)
    if plan.has_errors:
        _store_issues(job, plan)
        message = _("The organisation changed since the check: the file has problems now.")
        return _finish(job, JobStatus.INVALID, summary=plan.summary(), message=message)
    progress.phase(_("Writing (all or nothing)"))
    with transaction.atomic():
        kind_for(job.kind).apply(plan, actor=job.confirmed_by, options=job.options,
                                 progress=progress)  # fmt: skip
        audit(
            actor=job.confirmed_by,
            action=AuditAction.CREATE,
            obj=job,
            summary=_audit_summary(job, plan),
            after={**plan.summary(), "file": job.file_name, "kind": job.kind},
        )
    return _finish(
        job, JobStatus.DONE, summary=plan.summary(), finished_at=timezone.now(), phase=""
    )


def _audit_summary(job: ImportJob, plan: Plan) -> str:
    counts = f"{plan.create} created, {plan.update} updated, {plan.unchanged} unchanged"
    if job.full_sync:
        counts += f", {plan.leave} left"
    return f"Imported {job.file_name} ({kind_for(job.kind).label}): {counts}"


# Writes of one kind wait for each other: each plans against the organisation as it is, so two
# at once could each pass the checks (a reporting loop made of two halves) and both write.
_RECORDS_LOCK = "careermap.imports.records"


def records_lock(kind: str) -> None:
    """Wait for other writers of ``kind`` until this transaction ends. A caller that also locks
    rows (the API's If-Match check) takes this first, so every writer locks in one order."""
    fetch("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{_RECORDS_LOCK}.{kind}"])


def records_apply(
    *, kind: str, records: Sequence[Mapping[str, str]], actor: Any, source: str
) -> Plan:
    """Check ``records`` (one dict of column -> text per row, as a file's rows) exactly as an
    import checks a file, and if nothing is wrong write them at once, all or nothing, with an
    audit row naming ``source`` (e.g. "API" or "SCIM"). Returns the plan: its ``issues`` (row 2
    is the first record, as in a file) say what was refused; with issues nothing is written."""
    handler = kind_for(kind)
    columns = list(dict.fromkeys(name for record in records for name in record))
    table = Table(
        columns=columns,
        rows=[
            Row(number, {name: str(value) for name, value in record.items()})
            for number, record in enumerate(records, start=2)
        ],
    )
    with transaction.atomic():
        records_lock(kind)
        plan = _records_plan(handler, table, actor)
        if plan.has_errors:
            return plan
        handler.apply(plan, actor=actor, options={}, progress=NoProgress())
        counts = f"{plan.create} created, {plan.update} updated, {plan.unchanged} unchanged"
        audit(
            actor=actor,
            action=AuditAction.UPDATE if not plan.create else AuditAction.CREATE,
            obj=f"{source} write",
            summary=f"{source} wrote {handler.label.lower()}: {counts}",
            after={**plan.summary(), "source": source, "kind": kind},
        )
    return plan


def _records_plan(handler: Any, table: Table, actor: Any) -> Plan:
    missing = [c.name for c in handler.columns if c.required and c.name not in table.columns]
    if missing:
        refused = Plan()
        for name in missing:
            refused.refuse(0, name, _("This field is required."))
        return refused
    plan: Plan = handler.plan(table, options={}, full_sync=False, progress=NoProgress())
    handler.check_actor(plan, actor)
    return plan
