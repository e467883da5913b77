"""Reminder jobs for career maps: periodic selections, and one send task per recipient.

Beat runs each periodic task hourly (settings.CELERY_BEAT_SCHEDULE): each finds who is due in
the morning of their time zone and enqueues their sends after commit (one message per batch of
recipients, apps/notifications/tasks.py). The send tasks take
ids (and the selection's instant, so the message is built as of the moment they were found
due), call a service in ``reminders`` or ``digest``, and retry with backoff when mail fails;
the reminder log makes a retry, a redelivery or a second run harmless.

Every periodic task takes an optional ``at`` (an ISO instant) for manual runs and tests:
``celery -A careermap call careermaps.reflection_reminders --args '["2026-03-30T07:05:00Z"]'``.
"""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from django.db import OperationalError

from apps.careermaps import digest, reminders
from apps.notifications.publishing import PERIODIC_OPTIONS, SEND_OPTIONS, enqueue, instant

RETRY_ON = (SMTPException, OSError, OperationalError)


@shared_task(name="careermaps.send_reflection_reminder", autoretry_for=RETRY_ON, **SEND_OPTIONS)
def send_reflection_reminder(user_id: int, period: str, at: str | None = None) -> bool:
    return reminders.reflection_reminder_send(user_id=user_id, period=period, now=instant(at))


@shared_task(name="careermaps.send_goal_nudges", autoretry_for=RETRY_ON, **SEND_OPTIONS)
def send_goal_nudges(user_id: int, period: str = "", at: str | None = None) -> bool:
    return reminders.nudges_send(user_id=user_id, now=instant(at))


@shared_task(name="careermaps.send_follow_ups", autoretry_for=RETRY_ON, **SEND_OPTIONS)
def send_follow_ups(user_id: int, period: str = "", at: str | None = None) -> bool:
    return reminders.follow_ups_send(user_id=user_id, now=instant(at))


@shared_task(name="careermaps.send_manager_digest", autoretry_for=RETRY_ON, **SEND_OPTIONS)
def send_manager_digest(user_id: int, period: str, at: str | None = None) -> bool:
    return digest.digest_send(user_id=user_id, period=period, now=instant(at))


@shared_task(name="careermaps.reflection_reminders", **PERIODIC_OPTIONS)
def reflection_reminders(at: str | None = None) -> int:
    due = reminders.due_reflections(now=instant(at))
    return enqueue(send_reflection_reminder, due).published


@shared_task(name="careermaps.goal_nudges", **PERIODIC_OPTIONS)
def goal_nudges(at: str | None = None) -> int:
    return enqueue(send_goal_nudges, reminders.due_nudges(now=instant(at))).published


@shared_task(name="careermaps.follow_up_reminders", **PERIODIC_OPTIONS)
def follow_up_reminders(at: str | None = None) -> int:
    return enqueue(send_follow_ups, reminders.due_follow_ups(now=instant(at))).published


@shared_task(name="careermaps.manager_digests", **PERIODIC_OPTIONS)
def manager_digests(at: str | None = None) -> int:
    return enqueue(send_manager_digest, digest.due_digests(now=instant(at))).published
