from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from django.conf import settings

from apps.employees.services import invitation_send


@shared_task(
    name="employees.send_invitation",
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,  # 1, 2, 4, 8, 16 s: far below the visibility timeout (settings)
    retry_backoff_max=settings.CELERY_RETRY_BACKOFF_MAX,
    max_retries=5,
)
def send_invitation(invitation_id: int) -> bool:
    return invitation_send(invitation_id=invitation_id)
