"""The check-in reminder's job path end to end: the periodic task published to a real Redis,
run by a real Celery worker process, which publishes one send per side and writes the mail."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from apps.careermaps.models import CareerMap
from apps.checkins import tasks
from apps.checkins.models import CheckIn
from apps.notifications.models import Kind, Notification
from apps.notifications.scheduling import utc
from tests.celery_worker import running_worker, whole_messages
from tests.conftest import Org

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

AT = utc(2026, 3, 10, 9).isoformat()  # a Tuesday morning where everyone in the org is


@pytest.fixture
def worker(redis_url: str, tmp_path: Path) -> Iterator[Path]:
    with running_worker(redis_url, tmp_path / "mail") as mail_dir:
        yield mail_dir


def _wait_for(predicate: Callable[[], bool], seconds: float = 40.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_both_sides_get_one_reminder_through_the_broker_and_a_rerun_sends_none(
    org: Org, worker: Path
) -> None:
    career_map = CareerMap.objects.create(employee=org.employee)
    CheckIn.objects.create(
        career_map=career_map, manager=org.manager, meeting_date=date(2026, 3, 12)
    )
    tasks.checkin_reminders.delay(AT)
    assert _wait_for(lambda: len(whole_messages(worker)) == 2), "two emails were not written"
    texts = whole_messages(worker)
    assert {line for t in texts for line in t.splitlines() if line.startswith("To: ")} == {
        "To: employee@example.com",
        "To: manager@example.com",
    }
    assert any("Prepare your check-in with Manager" in t for t in texts)

    tasks.checkin_reminders.delay(AT)  # the reminder log makes a second run harmless
    time.sleep(4)
    assert len(whole_messages(worker)) == 2
    assert Notification.objects.filter(kind=Kind.CHECKIN_PREP).count() == 2
