"""Reminders end to end.

1. Through a real Redis broker and a real Celery worker started here (the pattern of
   tests/employees/test_invitation_worker.py: its own queue, the test database, mail written
   to files): the periodic run, the per-recipient send, the email and the in-app notification.
2. In the browser: the bell's unread count, the list, "mark read", and the preferences page.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.careermaps import tasks
from apps.careermaps.models import Cadence, CareerMap
from apps.employees.models import Employee
from apps.notifications.models import Kind, Notification, ReminderLog
from apps.notifications.services import enabled_kinds
from tests.celery_worker import running_worker, whole_messages
from tests.conftest import Org
from tests.e2e.test_foundation_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(redis_url: str, tmp_path: Path):
    """A Celery worker on its own queue, reading the test database, writing mail to files."""
    with running_worker(
        redis_url, tmp_path / "mail", SITE_URL="https://careers.example.com"
    ) as mail_dir:
        yield mail_dir


def _wait_for(predicate: Callable[[], bool], seconds: float = 45.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _zone_where_it_is_morning() -> str:
    """An Etc/GMT zone where it is 09:xx now (POSIX signs: Etc/GMT-9 is UTC+9)."""
    offset = (9 - timezone.now().hour) % 24
    offset = offset - 24 if offset > 14 else offset
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"


@pytest.mark.redis
def test_a_due_reminder_travels_through_redis_to_a_worker_and_arrives_twice_over(
    org: Org, worker: Path
) -> None:
    Employee.objects.filter(pk=org.employee.pk).update(timezone=_zone_where_it_is_morning())
    career_map = CareerMap.objects.create(
        employee=org.employee,
        reflection_cadence=Cadence.MONTHLY,
        created_at=timezone.now() - timedelta(days=40),
    )

    # Beat's job, published to Redis: the worker selects who is due and enqueues the send.
    tasks.reflection_reminders.delay()

    assert _wait_for(lambda: whole_messages(worker)), "no email was written"
    (text,) = whole_messages(worker)
    assert "To: employee@example.com" in text
    assert "Subject: [CareerMap] Time to reflect on your career map" in text
    journal = reverse("careermaps:journal", args=[career_map.public_id])
    assert f"https://careers.example.com{journal}#write" in text
    assert "List-Unsubscribe: <https://careers.example.com/notifications/unsubscribe/" in text
    assert "Content-Type: text/html" in text
    assert _wait_for(lambda: ReminderLog.objects.filter(kind=Kind.REFLECTION).exists())
    (notification,) = Notification.objects.filter(user=org.employee.user)
    assert notification.title == "Time to reflect on your career map"
    assert notification.url == f"{journal}#write"

    # A second run finds nothing left to send.
    tasks.reflection_reminders.delay()
    time.sleep(3)
    assert len(list(worker.iterdir())) == 1
    assert Notification.objects.count() == 1


def test_the_bell_counts_unread_and_the_list_marks_them_read(
    org: Org, live_server, page: Page
) -> None:
    user = org.employee.user
    for title in ("Time to reflect on your career map", "Coming up this week"):
        Notification.objects.create(user=user, kind=Kind.REFLECTION, title=title, url="/map/")
    Notification.objects.create(user=org.teammate.user, kind=Kind.GOAL_DUE, title="Not yours")

    sign_in(page, live_server.url, "employee@example.com")
    bell = page.get_by_role("link", name="Notifications, 2 unread")
    expect(bell).to_be_visible()
    bell.click()

    expect(page.get_by_role("heading", name="Notifications", exact=True)).to_be_visible()
    expect(page.get_by_text("2 unread.")).to_be_visible()
    expect(page.get_by_text("Not yours")).to_have_count(0)
    page.get_by_role("button", name="Mark read: Coming up this week").click()
    # htmx swaps the item and the bell refreshes itself.
    expect(page.get_by_role("link", name="Notifications, 1 unread")).to_be_visible(timeout=15_000)
    expect(page.get_by_role("button", name="Mark read: Coming up this week")).to_have_count(0)

    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("You are all caught up.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Notifications$"))).to_be_visible()


def test_an_employee_turns_a_reminder_off_on_the_preferences_page(
    org: Org, live_server, page: Page
) -> None:
    CareerMap.objects.create(employee=org.employee)
    sign_in(page, live_server.url, "employee@example.com")
    page.goto(live_server.url + reverse("careermaps:preferences"))

    page.get_by_label("How often do you want to reflect?").select_option("fortnightly")
    page.get_by_label("Networking follow-ups").uncheck()
    page.get_by_role("button", name="Save preferences").click()

    expect(page.get_by_text("Notification preferences saved.")).to_be_visible()
    expect(page.get_by_label("Networking follow-ups")).not_to_be_checked()
    expect(page.get_by_label("How often do you want to reflect?")).to_have_value("fortnightly")
    assert Kind.FOLLOW_UP not in enabled_kinds(org.employee.user)
    assert CareerMap.objects.get(employee=org.employee).reflection_cadence == "fortnightly"
