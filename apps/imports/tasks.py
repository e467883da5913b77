"""Celery tasks of the import pipeline: they take a job id and call the service."""

from __future__ import annotations

from celery import shared_task

from apps.imports import services

# A large file takes minutes, not the default five: the check and the write get half an hour.


@shared_task(name="imports.check", acks_late=True, time_limit=1800, soft_time_limit=1700)
def check_import(job_id: int) -> str:
    return services.job_check(job_id).status


@shared_task(name="imports.write", acks_late=True, time_limit=1800, soft_time_limit=1700)
def write_import(job_id: int) -> str:
    return services.job_write(job_id).status
