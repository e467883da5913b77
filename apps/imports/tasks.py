"""Celery tasks of the import pipeline: they take a job id and call the service."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings

from apps.accounts.models import User
from apps.imports import invites, services
from apps.imports.models import ImportJob

# The settings' hard limit (five minutes by default), which the broker's visibility timeout is
# sized from: a 20,000-row file checks and writes in seconds, full-size ESCO in under a minute.
LIMITS: dict[str, Any] = {
    "time_limit": settings.CELERY_TASK_TIME_LIMIT,
    "soft_time_limit": settings.CELERY_TASK_SOFT_TIME_LIMIT,
}


@shared_task(name="imports.check", acks_late=True, **LIMITS)
def check_import(job_id: int) -> str:
    return services.job_check(job_id).status


@shared_task(name="imports.write", acks_late=True, **LIMITS)
def write_import(job_id: int) -> str:
    return services.job_write(job_id).status


@shared_task(name="imports.invite", acks_late=True, **LIMITS)
def invite_people(job_id: int, actor_id: int) -> int:
    """Invite a finished employee import's people: thousands take a while, so not in a page."""
    return invites.invite_imported(
        job=ImportJob.objects.get(pk=job_id), actor=User.objects.get(pk=actor_id)
    )
