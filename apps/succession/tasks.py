"""HR reminder jobs: one hourly selection (each HR person's morning), one send per person.

See ``apps.careermaps.tasks`` for the shape: tasks take ids, the reminder log makes retries
and second runs harmless, and a broker outage only delays what the next run picks up.
"""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from django.db import OperationalError

from apps.notifications.publishing import PERIODIC_OPTIONS, SEND_OPTIONS, enqueue, instant
from apps.succession import reminders

RETRY_ON = (SMTPException, OSError, OperationalError)


@shared_task(name="succession.send_plan_review_reminder", autoretry_for=RETRY_ON, **SEND_OPTIONS)
def send_plan_review_reminder(user_id: int, period: str = "", at: str | None = None) -> bool:
    return reminders.plan_reviews_send(user_id=user_id, now=instant(at))


@shared_task(name="succession.send_review_closing_reminder", autoretry_for=RETRY_ON, **SEND_OPTIONS)
def send_review_closing_reminder(user_id: int, period: str = "", at: str | None = None) -> bool:
    return reminders.closing_reviews_send(user_id=user_id, now=instant(at))


@shared_task(name="succession.hr_reminders", **PERIODIC_OPTIONS)
def hr_reminders(at: str | None = None) -> int:
    now = instant(at)
    plans = enqueue(send_plan_review_reminder, reminders.due_plan_reviews(now=now))
    reviews = enqueue(send_review_closing_reminder, reminders.due_closing_reviews(now=now))
    return plans.published + reviews.published
