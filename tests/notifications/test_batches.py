"""Reminder runs publish one message per batch of recipients, and lose nobody doing it.

A run that finds 20,000 people due publishes 200 messages, not 20,000. Each recipient is still
sent to exactly once: one whose send fails is retried on its own (with the task's backoff)
while the rest of the batch goes out, and a batch delivered twice sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from celery.signals import task_prerun
from django.core import mail

from apps.careermaps import tasks
from apps.careermaps.models import CareerMap
from apps.careermaps.reminders import due_reflections
from apps.notifications import publishing
from apps.notifications.models import ReminderLog
from apps.notifications.tasks import send_batch
from tests.conftest import Org

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 1, 31, 9, tzinfo=UTC)


@pytest.fixture
def started() -> Iterator[list[str]]:
    """The name of every task that starts (eager tasks run through the same signals)."""
    names: list[str] = []

    def record(sender: Any = None, **kwargs: Any) -> None:
        names.append(sender.name)

    task_prerun.connect(record, weak=False)
    yield names
    task_prerun.disconnect(record)


@pytest.fixture
def due(org: Org) -> list[int]:
    people = [org.employee, org.teammate, org.manager]
    for person in people:
        CareerMap.objects.create(employee=person, created_at=datetime(2026, 1, 1, tzinfo=UTC))
    return [person.user_id for person in people]


def _run(capture: Any) -> int:
    """The run's publishing, with the callbacks it defers until commit executed."""
    with capture(execute=True):
        outcome = publishing.enqueue(tasks.send_reflection_reminder, due_reflections(now=NOW))
    return outcome.published


def test_a_run_publishes_one_message_per_batch(
    due, eager_tasks, started, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    monkeypatch.setattr(publishing, "BATCH_SIZE", 2)

    assert _run(django_capture_on_commit_callbacks) == 3

    assert started == ["notifications.send_batch", "notifications.send_batch"]
    assert len(mail.outbox) == 3
    assert ReminderLog.objects.count() == 3


def test_a_failing_recipient_is_retried_alone_and_the_rest_are_sent(
    due, eager_tasks, started, settings, django_capture_on_commit_callbacks
) -> None:
    from tests.notifications.mailers import FlakyBackend

    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.mailers.FlakyBackend"}}
    FlakyBackend.failures_left = 1

    assert _run(django_capture_on_commit_callbacks) == 3

    # The first send failed: its own task ran it again; the other two went in the batch.
    assert started == ["notifications.send_batch", "careermaps.send_reflection_reminder"]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "employee@example.com",
        "manager@example.com",
        "teammate@example.com",
    ]
    assert ReminderLog.objects.count() == 3


def test_a_batch_delivered_twice_sends_each_reminder_once(due, eager_tasks) -> None:
    batch = [[user_id, "2026-01-31", NOW.isoformat()] for user_id in due]

    first = send_batch.apply(args=[tasks.send_reflection_reminder.name, batch])
    again = send_batch.apply(args=[tasks.send_reflection_reminder.name, batch])

    assert (first.result, again.result) == (3, 0)
    assert len(mail.outbox) == 3
