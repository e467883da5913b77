from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from apps.employees.services import invitation_send


@shared_task(
    name="employees.send_invitation",
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
)
def send_invitation(invitation_id: int) -> bool:
    return invitation_send(invitation_id=invitation_id)
