"""Celery tasks of the import pipeline: they take a job id and call the service."""

from __future__ import annotations

from celery import shared_task

from apps.accounts.models import User
from apps.imports import invites, services
from apps.imports.models import ImportJob

# A large file takes minutes, not the default five: the check and the write get half an hour.


@shared_task(name="imports.check", acks_late=True, time_limit=1800, soft_time_limit=1700)
def check_import(job_id: int) -> str:
    return services.job_check(job_id).status


@shared_task(name="imports.write", acks_late=True, time_limit=1800, soft_time_limit=1700)
def write_import(job_id: int) -> str:
    return services.job_write(job_id).status


@shared_task(name="imports.invite", acks_late=True, time_limit=1800, soft_time_limit=1700)
def invite_people(job_id: int, actor_id: int) -> int:
    """Invite a finished employee import's people: thousands take a while, so not in a page."""
    return invites.invite_imported(
        job=ImportJob.objects.get(pk=job_id), actor=User.objects.get(pk=actor_id)
    )
