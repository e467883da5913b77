"""A reminder whose whole worker was SIGKILLed goes out within minutes, and still once.

Two real Celery workers (prefork, as in production) on one Redis queue, reading the test
database and writing mail into one folder. Worker A takes the reminder's send and is held in
the middle of it by a table lock this test takes (the send's claim in the reminder log waits
for it: visible in ``pg_stat_activity``); then A's whole process group gets SIGKILL, so no
process is left to requeue the message. Worker B takes it once the visibility timeout has
passed (set short here; production's numbers are in settings.py and the README) and sends it.
Each worker signs its mail with its own From, so the message shows who sent it.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from apps.careermaps import tasks
from apps.careermaps.models import Cadence, CareerMap
from apps.notifications.models import Kind, Notification, ReminderLog
from apps.notifications.scheduling import utc
from tests import celery_worker
from tests.celery_worker import new_queue, publishing_to, whole_messages, worker_process
from tests.conftest import Org

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

# Short numbers that keep settings.py's rule (visibility >= backoff max + 2 x time limit).
VISIBILITY = 25
TIMING = {
    "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
    "CELERY_TASK_TIME_LIMIT": "10",
    "CELERY_RETRY_BACKOFF_MAX": "5",
    "CELERY_RESTORE_INTERVAL": "1",
}
RUN_AT = utc(2026, 1, 31, 9)  # 09:00 UTC: morning for a person in UTC, a month after the map


def _wait_for(predicate: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@contextmanager
def reminder_log_locked() -> Iterator[psycopg.Connection]:
    """Hold the reminder log so that no send can claim its row until the block ends."""
    with psycopg.connect(celery_worker.test_database_url()) as lock:
        lock.execute("LOCK TABLE notifications_reminderlog IN EXCLUSIVE MODE")
        try:
            yield lock
        finally:
            lock.rollback()


def _sends_waiting_on_the_lock() -> int:
    # Asked outside the lock's transaction: pg_stat_activity is a snapshot per transaction.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query LIKE %s",
            ["%INSERT INTO notifications_reminderlog%"],
        )
        (count,) = cursor.fetchone() or (0,)
    return int(count)


def test_a_reminder_held_by_a_killed_worker_is_sent_by_another_within_minutes_once(
    org: Org, redis_url: str, tmp_path: Path
) -> None:
    CareerMap.objects.create(
        employee=org.employee, reflection_cadence=Cadence.MONTHLY, created_at=utc(2026, 1, 1, 12)
    )
    mail_dir, queue = tmp_path / "mail", new_queue()

    with publishing_to(redis_url, queue), reminder_log_locked() as lock:
        with worker_process(
            redis_url, mail_dir, queue, pool="prefork", DEFAULT_FROM_EMAIL="a@worker", **TIMING
        ) as worker_a:
            # The periodic run selects the employee and enqueues the send, which A takes.
            tasks.reflection_reminders.delay(RUN_AT.isoformat())
            assert _wait_for(lambda: _sends_waiting_on_the_lock() == 1, 60), (
                "worker A never reached the send"
            )
            os.killpg(worker_a.pid, signal.SIGKILL)  # the main process and its pool child
            killed_at = time.monotonic()
            assert worker_a.wait(10) == -signal.SIGKILL
        # A's database session is gone with it (or goes at its next write): nothing claimed.
        lock.rollback()
        assert _wait_for(lambda: _sends_waiting_on_the_lock() == 0, 30)
        assert not ReminderLog.objects.exists()

        with worker_process(
            redis_url, mail_dir, queue, pool="prefork", DEFAULT_FROM_EMAIL="b@worker", **TIMING
        ):
            # Redelivered once the visibility timeout has passed: well within two minutes.
            assert _wait_for(lambda: len(whole_messages(mail_dir)) > 0, VISIBILITY + 90), (
                "the reminder was never redelivered"
            )
            delivered_after = time.monotonic() - killed_at
            # A few sweeps later, nothing else arrives.
            time.sleep(5)
            (message,) = whole_messages(mail_dir)

    assert "From: b@worker" in message
    assert "To: employee@example.com" in message
    assert delivered_after < VISIBILITY + 60
    (log,) = ReminderLog.objects.filter(kind=Kind.REFLECTION)
    (notification,) = Notification.objects.all()
    assert log.notification == notification
    assert log.user == org.employee.user
