"""The check-in preparation reminder: who is due (each side that has not prepared, within the
two days before), in their morning, once; the clock is passed in, nothing is mocked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from django.core import mail

from apps.careermaps.models import CareerMap
from apps.checkins import tasks
from apps.checkins.models import CheckIn, CheckInStatus
from apps.checkins.reminders import checkin_reminder_send, due_checkin_reminders
from apps.employees.models import Employee
from apps.employees.services import employee_set_manager
from apps.notifications.models import Kind, Notification
from apps.notifications.scheduling import utc
from apps.notifications.services import preference_set
from tests.conftest import Org

pytestmark = pytest.mark.django_db

NOW = utc(2026, 3, 10, 9)  # a Tuesday morning in UTC, where everyone below is


def _checkin(org: Org, meeting: date, employee: Employee | None = None, **fields: Any) -> CheckIn:
    employee = employee or org.employee
    career_map, _ = CareerMap.objects.get_or_create(employee=employee)
    return CheckIn.objects.create(
        career_map=career_map, manager=employee.manager, meeting_date=meeting, **fields
    )


def _due(now: datetime = NOW) -> list[tuple[int, str]]:
    return sorted((d.user_id, d.period) for batch in due_checkin_reminders(now=now) for d in batch)


def _users(*people: Employee) -> set[int]:
    return {p.user_id for p in people if p.user_id is not None}


def _who(due: list[tuple[int, str]]) -> set[int]:
    return {user_id for user_id, _ in due}


def test_both_sides_are_due_two_days_before_and_each_period_names_the_check_in(org: Org) -> None:
    checkin = _checkin(org, date(2026, 3, 12))
    period = f"checkin:{checkin.public_id}"
    assert _due() == sorted([(org.employee.user_id, period), (org.manager.user_id, period)])


@pytest.mark.parametrize(
    ("meeting", "due"),
    [(date(2026, 3, 13), False), (date(2026, 3, 12), True), (date(2026, 3, 11), True)],
)
def test_only_within_the_two_days_before(org: Org, meeting: date, due: bool) -> None:
    _checkin(org, meeting)
    assert bool(_due()) is due


def test_on_the_meeting_day_or_after_no_reminder(org: Org) -> None:
    _checkin(org, date(2026, 3, 10))
    assert _due() == []


def test_whoever_has_prepared_is_left_out(org: Org) -> None:
    _checkin(org, date(2026, 3, 12), employee_prepared_at=NOW)
    assert _who(_due()) == _users(org.manager)
    CheckIn.objects.update(manager_prepared_at=NOW)
    assert _due() == []


def test_held_check_ins_muted_people_and_former_managers_are_left_out(org: Org) -> None:
    _checkin(org, date(2026, 3, 12), status=CheckInStatus.HELD)
    _checkin(org, date(2026, 3, 12), employee=org.teammate)
    preference_set(user=org.teammate.user, kind=Kind.CHECKIN_PREP, enabled=False)
    assert _who(_due()) == _users(org.manager)  # the teammate's manager only

    employee_set_manager(employee=org.teammate, manager=org.other_manager)
    assert _due() == []


def test_outside_the_morning_nobody_is_due(org: Org) -> None:
    _checkin(org, date(2026, 3, 12))
    assert _due(utc(2026, 3, 10, 15)) == []


def test_a_periodic_run_sends_each_reminder_once(
    org: Org, eager_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _checkin(org, date(2026, 3, 12))
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.checkin_reminders(NOW.isoformat())
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.checkin_reminders(utc(2026, 3, 11, 9).isoformat()) == 0

    assert sorted(m.to[0] for m in mail.outbox) == ["employee@example.com", "manager@example.com"]
    assert Notification.objects.filter(kind=Kind.CHECKIN_PREP).count() == 2
    employee_mail = next(m for m in mail.outbox if m.to[0] == "employee@example.com")
    assert "Prepare your check-in with Manager" in employee_mail.subject


def test_preparation_written_since_the_selection_cancels_the_send(org: Org) -> None:
    checkin = _checkin(org, date(2026, 3, 12))
    ((user_id, period), *_) = [d for d in _due() if d[0] == org.employee.user_id]
    CheckIn.objects.filter(pk=checkin.pk).update(employee_prepared_at=NOW)
    assert checkin_reminder_send(user_id=user_id, period=period, now=NOW) is False
    assert mail.outbox == []


def test_someone_not_in_the_check_in_is_never_sent_its_reminder(org: Org) -> None:
    checkin = _checkin(org, date(2026, 3, 12))
    period = f"checkin:{checkin.public_id}"
    assert org.director.user_id is not None
    assert checkin_reminder_send(user_id=org.director.user_id, period=period, now=NOW) is False
    assert mail.outbox == []


def _batches(selection: Iterator[list[Any]]) -> int:
    return sum(1 for _ in selection)


def test_the_selection_pages_through_batches(org: Org, monkeypatch: Any) -> None:
    from apps.notifications import scheduling

    monkeypatch.setattr(scheduling, "BATCH_SIZE", 1)
    _checkin(org, date(2026, 3, 12))
    _checkin(org, date(2026, 3, 11), employee=org.teammate)
    assert len(_due()) == 4
    assert _batches(due_checkin_reminders(now=NOW)) == 2
