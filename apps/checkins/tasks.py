"""Check-in reminder jobs: an hourly selection (settings.CELERY_BEAT_SCHEDULE) and one send
task per recipient, as in ``careermaps.tasks``; the reminder log makes a retry harmless.

Manual run:
``celery -A careermap call checkins.checkin_reminders --args '["2026-03-30T07:05:00Z"]'``.
"""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from django.db import OperationalError

from apps.checkins import reminders
from apps.notifications.publishing import PERIODIC_OPTIONS, SEND_OPTIONS, enqueue, instant

RETRY_ON = (SMTPException, OSError, OperationalError)


@shared_task(name="checkins.send_checkin_reminder", autoretry_for=RETRY_ON, **SEND_OPTIONS)
def send_checkin_reminder(user_id: int, period: str, at: str | None = None) -> bool:
    return reminders.checkin_reminder_send(user_id=user_id, period=period, now=instant(at))


@shared_task(name="checkins.checkin_reminders", **PERIODIC_OPTIONS)
def checkin_reminders(at: str | None = None) -> int:
    due = reminders.due_checkin_reminders(now=instant(at))
    return enqueue(send_checkin_reminder, due).published
