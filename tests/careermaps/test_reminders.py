"""Career-map reminders: who is due and when (cadences, time zones, daylight saving), what
they are sent, and that each reminder goes out exactly once.

The clock is fixed by passing ``now`` (no mocking). Unless a test says otherwise, people are in
UTC and the runs happen at 09:00 UTC, inside the 08:00-11:59 morning window.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.careermaps import tasks
from apps.careermaps.models import (
    Cadence,
    CareerMap,
    Goal,
    GoalStatus,
    Milestone,
    NetworkContact,
    Reflection,
)
from apps.careermaps.reminders import (
    due_follow_ups,
    due_nudges,
    due_reflections,
    reflection_period,
    reflection_reminder_send,
)
from apps.employees.models import Employee
from apps.notifications.models import Kind, Notification, ReminderLog
from apps.notifications.publishing import enqueue
from apps.notifications.scheduling import utc
from apps.notifications.services import preference_set
from careermap.celery import app as celery_app
from tests.conftest import Org
from tests.factories import UserFactory, make_employee

pytestmark = pytest.mark.django_db

JAN_1 = utc(2026, 1, 1, 12)  # the maps below start here


def _map(employee: Employee, cadence: str = Cadence.MONTHLY, **fields: Any) -> CareerMap:
    return CareerMap.objects.create(
        employee=employee, reflection_cadence=cadence, created_at=fields.pop("created_at", JAN_1)
    )


def _reflect(career_map: CareerMap, at: datetime, text: str = "Made progress") -> Reflection:
    return Reflection.objects.create(
        career_map=career_map, progress=text, confidence=3, created_at=at
    )


def _due(selection: Iterator[list[Any]]) -> dict[int, str]:
    return {due.user_id: due.period for batch in selection for due in batch}


def _person(name: str, zone: str = "UTC", **fields: Any) -> Employee:
    user = UserFactory(email=f"{name}@example.com", name=name.title())
    return make_employee(user=user, name=name.title(), timezone=zone, **fields)


# --------------------------------------------------------------------------- cadences


@pytest.mark.parametrize(
    ("cadence", "today", "expected"),
    [
        (Cadence.WEEKLY, date(2026, 1, 7), None),  # 6 days after the start
        (Cadence.WEEKLY, date(2026, 1, 8), date(2026, 1, 8)),
        (Cadence.WEEKLY, date(2026, 1, 14), date(2026, 1, 8)),  # still the first cycle
        (Cadence.WEEKLY, date(2026, 1, 15), date(2026, 1, 15)),  # a second reminder
        (Cadence.FORTNIGHTLY, date(2026, 1, 14), None),
        (Cadence.FORTNIGHTLY, date(2026, 1, 15), date(2026, 1, 15)),
        (Cadence.MONTHLY, date(2026, 1, 30), None),
        (Cadence.MONTHLY, date(2026, 1, 31), date(2026, 1, 31)),  # 30 days
        (Cadence.MONTHLY, date(2026, 3, 1), date(2026, 1, 31)),  # day 59: cycle 1
        (Cadence.MONTHLY, date(2026, 3, 2), date(2026, 3, 2)),  # day 60: cycle 2
        (Cadence.QUARTERLY, date(2026, 4, 1), None),
        (Cadence.QUARTERLY, date(2026, 4, 2), date(2026, 4, 2)),  # 91 days
        (Cadence.OFF, date(2027, 1, 1), None),
    ],
)
def test_the_reflection_period_for_each_cadence(cadence: str, today: date, expected: Any) -> None:
    assert reflection_period(cadence=cadence, since=JAN_1, zone_name="UTC", today=today) == expected


def test_the_selection_agrees_with_each_cadence(org: Org) -> None:
    people = {cadence: _person(f"p-{cadence}") for cadence in Cadence.values}
    for cadence, person in people.items():
        _map(person, cadence)
    user_of = {person.user_id: cadence for cadence, person in people.items()}

    def due_on(day: date) -> dict[str, str]:
        now = utc(day.year, day.month, day.day, 9)
        return {user_of[u]: p for u, p in _due(due_reflections(now=now)).items() if u in user_of}

    assert due_on(date(2026, 1, 7)) == {}
    assert due_on(date(2026, 1, 8)) == {"weekly": "2026-01-08"}
    assert due_on(date(2026, 1, 15)) == {"weekly": "2026-01-15", "fortnightly": "2026-01-15"}
    assert due_on(date(2026, 1, 31)) == {
        "weekly": "2026-01-29",
        "fortnightly": "2026-01-29",
        "monthly": "2026-01-31",
    }
    assert due_on(date(2026, 4, 2)) == {
        "weekly": "2026-04-02",  # 91 = 13 x 7
        "fortnightly": "2026-03-26",
        "monthly": "2026-04-01",  # 91 days: 3 x 30 + 1
        "quarterly": "2026-04-02",
    }


def test_a_reflection_restarts_the_clock(org: Org) -> None:
    career_map = _map(org.employee, Cadence.WEEKLY)
    _reflect(career_map, utc(2026, 1, 10, 15))

    assert _due(due_reflections(now=utc(2026, 1, 16, 9))) == {}
    assert _due(due_reflections(now=utc(2026, 1, 17, 9))) == {org.employee.user_id: "2026-01-17"}


def test_the_last_reflection_counts_in_the_employees_own_time_zone(org: Org) -> None:
    tokyo, london = _person("tokyo", "Asia/Tokyo"), _person("london", "Europe/London")
    for person in (tokyo, london):
        # 23:30 UTC on 10 January: already 11 January in Tokyo, still the 10th in London.
        _reflect(_map(person, Cadence.WEEKLY), utc(2026, 1, 10, 23, 30))

    # 23:30 UTC on the 17th is 08:30 on the 18th in Tokyo: due (the 11th + 7).
    assert _due(due_reflections(now=utc(2026, 1, 17, 23, 30))) == {tokyo.user_id: "2026-01-18"}
    # 09:00 UTC on the 17th is 09:00 in London: due (the 10th + 7). Tokyo is at 18:00.
    assert _due(due_reflections(now=utc(2026, 1, 17, 9))) == {london.user_id: "2026-01-17"}


def test_a_reminder_arrives_in_the_morning_across_the_spring_change(org: Org) -> None:
    london = _person("london", "Europe/London")
    # Sunday 22 March 00:30 GMT: a week later, the clocks have gone forward.
    _reflect(_map(london, Cadence.WEEKLY), utc(2026, 3, 22, 0, 30))

    assert _due(due_reflections(now=utc(2026, 3, 29, 6, 30))) == {}  # 07:30 BST: too early
    assert _due(due_reflections(now=utc(2026, 3, 29, 7, 30))) == {london.user_id: "2026-03-29"}
    assert _due(due_reflections(now=utc(2026, 3, 29, 11, 0))) == {}  # 12:00 BST: too late


def test_a_reminder_arrives_in_the_morning_across_the_autumn_change(org: Org) -> None:
    new_york = _person("newyork", "America/New_York")
    # New York returns to EST on Sunday 1 November 2026.
    _reflect(_map(new_york, Cadence.WEEKLY), utc(2026, 10, 25, 14))  # 10:00 EDT, 25 Oct

    assert _due(due_reflections(now=utc(2026, 11, 1, 12, 30))) == {}  # 07:30 EST
    assert _due(due_reflections(now=utc(2026, 11, 1, 13, 30))) == {new_york.user_id: "2026-11-01"}


def test_the_selection_leaves_out_who_must_not_get_one(org: Org) -> None:
    now = utc(2026, 2, 1, 9)
    for employee in (org.employee, org.teammate, org.manager, org.director, org.other_employee):
        _map(employee)
    preference_set(user=org.teammate.user, kind=Kind.REFLECTION, enabled=False)
    Employee.objects.filter(pk=org.manager.pk).update(status="left")
    org.director.user.is_active = False
    org.director.user.save()
    _map(make_employee(name="No Account"))  # an imported employee who never signed in
    ReminderLog.objects.create(
        user=org.other_employee.user, kind=Kind.REFLECTION, period="2026-01-31"
    )

    assert _due(due_reflections(now=now)) == {org.employee.user_id: "2026-01-31"}


def test_the_selection_pages_through_batches(org: Org, monkeypatch) -> None:
    monkeypatch.setattr("apps.notifications.scheduling.BATCH_SIZE", 2)
    people = [_person(f"batch{i}") for i in range(5)]
    for person in people:
        _map(person)

    batches = list(due_reflections(now=utc(2026, 2, 1, 9)))

    assert [len(batch) for batch in batches] == [2, 2, 1]
    assert {due.user_id for batch in batches for due in batch} == {p.user_id for p in people}


def test_the_selection_runs_one_query_per_batch_whatever_the_size(org: Org, monkeypatch) -> None:
    monkeypatch.setattr("apps.notifications.scheduling.BATCH_SIZE", 1000)
    for i in range(3):
        _map(_person(f"few{i}"))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            list(due_reflections(now=utc(2026, 2, 1, 9)))
        return len(queries)

    few = count()
    for i in range(40):
        _map(_person(f"many{i}"))
    assert count() == few == 2  # the zones in use, then one batch


# --------------------------------------------------------------------------- sending


def test_the_reminder_links_straight_to_a_new_journal_entry(org: Org, settings) -> None:
    settings.SITE_URL = "https://careers.example.com"
    career_map = _map(org.employee)

    assert reflection_reminder_send(
        user_id=org.employee.user_id, period="2026-01-31", now=utc(2026, 1, 31, 9)
    )

    (email,) = mail.outbox
    link = "https://careers.example.com" + reverse(
        "careermaps:journal", args=[career_map.public_id]
    )
    assert f"{link}#write" in email.body
    assert email.subject == "[CareerMap] Time to reflect on your career map"
    assert "You planned to reflect every month" in email.body
    (notification,) = Notification.objects.filter(user=org.employee.user)
    assert notification.url.endswith("/journal/#write")
    assert notification.kind == Kind.REFLECTION


def test_a_reflection_written_since_the_selection_cancels_the_reminder(org: Org) -> None:
    career_map = _map(org.employee)
    _reflect(career_map, utc(2026, 1, 31, 8, 30))

    sent = reflection_reminder_send(
        user_id=org.employee.user_id, period="2026-01-31", now=utc(2026, 1, 31, 9)
    )

    assert sent is False
    assert mail.outbox == []


def _run(task: Any, now: datetime, capture: Any) -> int:
    """What the periodic ``task`` does, with the callbacks it defers until commit run, and how
    many sends it published (counted once those callbacks ran)."""
    due = {
        tasks.reflection_reminders: (tasks.send_reflection_reminder, due_reflections),
        tasks.goal_nudges: (tasks.send_goal_nudges, due_nudges),
    }[task]
    with capture(execute=True):
        outcome = enqueue(due[0], due[1](now=now))
    return outcome.published


def test_a_periodic_run_sends_each_due_reminder_once(
    org: Org, eager_tasks, django_capture_on_commit_callbacks
) -> None:
    for employee in (org.employee, org.teammate):
        _map(employee)
    now = utc(2026, 1, 31, 9)

    assert _run(tasks.reflection_reminders, now, django_capture_on_commit_callbacks) == 2
    assert _run(tasks.reflection_reminders, now, django_capture_on_commit_callbacks) == 0
    assert (
        _run(
            tasks.reflection_reminders, now + timedelta(hours=1), django_capture_on_commit_callbacks
        )
        == 0
    )

    assert sorted(m.to[0] for m in mail.outbox) == ["employee@example.com", "teammate@example.com"]
    assert Notification.objects.filter(kind=Kind.REFLECTION).count() == 2


def test_a_retried_send_task_sends_once(org: Org, eager_tasks) -> None:
    _map(org.employee)
    args = [org.employee.user_id, "2026-01-31", utc(2026, 1, 31, 9).isoformat()]

    first = tasks.send_reflection_reminder.apply(args=args)
    again = tasks.send_reflection_reminder.apply(args=args)  # a redelivery after a lost ack

    assert (first.result, again.result) == (True, False)
    assert len(mail.outbox) == 1


def test_a_send_task_retries_with_backoff_when_mail_fails(org: Org, eager_tasks, settings) -> None:
    from tests.notifications.mailers import FlakyBackend

    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.mailers.FlakyBackend"}}
    FlakyBackend.failures_left = 2
    _map(org.employee)

    result = tasks.send_reflection_reminder.apply(
        args=[org.employee.user_id, "2026-01-31", utc(2026, 1, 31, 9).isoformat()]
    )

    assert result.successful()
    assert result.result is True
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.count() == Notification.objects.count() == 1


def test_the_send_tasks_are_acked_late_time_limited_and_retried() -> None:
    for task in (
        tasks.send_reflection_reminder,
        tasks.send_goal_nudges,
        tasks.send_follow_ups,
        tasks.send_manager_digest,
    ):
        assert task.acks_late
        assert task.reject_on_worker_lost
        assert task.soft_time_limit < task.time_limit
        assert task.retry_backoff
        assert task.max_retries
        assert OSError in task.autoretry_for


@pytest.mark.django_db(transaction=True)
def test_two_periodic_runs_at_the_same_time_send_each_reminder_once(
    org: Org, eager_tasks, settings
) -> None:
    from tests.notifications.mailers import SlowBackend

    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.mailers.SlowBackend"}}
    SlowBackend.delay = 0.2
    for employee in (org.employee, org.teammate, org.manager):
        _map(employee)
    now = utc(2026, 1, 31, 9).isoformat()
    barrier = threading.Barrier(2)

    def run() -> None:
        try:
            barrier.wait(timeout=5)
            tasks.reflection_reminders(now)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(m.to[0] for m in mail.outbox) == [
        "employee@example.com",
        "manager@example.com",
        "teammate@example.com",
    ]
    assert ReminderLog.objects.count() == Notification.objects.count() == 3


@pytest.fixture
def broker_down() -> Iterator[None]:
    """Point Celery at a port where nothing listens, as when Redis is down."""
    saved = celery_app.conf.broker_url, celery_app.conf.broker_transport_options
    celery_app.conf.update(broker_url="redis://127.0.0.1:9/0", broker_transport_options={})
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield
    celery_app.conf.update(broker_url=saved[0], broker_transport_options=saved[1])
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_with_the_broker_down_a_run_loses_nothing_and_the_next_run_sends_once(
    org: Org, broker_down, django_capture_on_commit_callbacks, caplog
) -> None:
    for employee in (org.employee, org.teammate):
        _map(employee)
    now = utc(2026, 1, 31, 9)

    started = time.monotonic()
    with caplog.at_level(logging.ERROR, logger="apps.notifications.publishing"):
        assert _run(tasks.reflection_reminders, now, django_capture_on_commit_callbacks) == 0
    assert time.monotonic() - started < 20  # gives up quickly instead of hanging the run
    assert "Could not enqueue careermaps.send_reflection_reminder" in caplog.text
    assert not ReminderLog.objects.exists()
    assert mail.outbox == []

    celery_app.conf.task_always_eager = True  # the broker is back
    try:
        later = now + timedelta(hours=1)
        assert _run(tasks.reflection_reminders, later, django_capture_on_commit_callbacks) == 2
        assert _run(tasks.reflection_reminders, later, django_capture_on_commit_callbacks) == 0
    finally:
        celery_app.conf.task_always_eager = False
    assert len(mail.outbox) == 2


def test_with_the_broker_down_every_page_still_answers(org: Org, broker_down) -> None:
    from tests.conftest import client_for

    client = client_for(org.employee.user)
    for url in (
        reverse("notifications:list"),
        reverse("careermaps:preferences"),
        reverse("careermaps:start"),
    ):
        assert client.get(url).status_code == 200
    assert (
        client.get(reverse("notifications:bell"), headers={"HX-Request": "true"}).status_code == 200
    )


# --------------------------------------------------------------------------- goal nudges


def _goal(career_map: CareerMap, target: date, **fields: Any) -> Goal:
    return Goal.objects.create(
        career_map=career_map,
        specific=fields.pop("specific", "Lead the support rota"),
        measurable="m",
        achievable="a",
        relevant="r",
        target_date=target,
        **fields,
    )


def test_a_goal_or_milestone_gets_a_nudge_a_week_before_and_one_when_overdue(
    org: Org, settings
) -> None:
    from apps.careermaps.reminders import nudges_send

    settings.SITE_URL = "https://careers.example.com"
    career_map = _map(org.employee)
    goal = _goal(career_map, date(2026, 6, 30))
    milestone = Milestone.objects.create(goal=goal, title="Shadow the rota", due=date(2026, 3, 10))
    user_id = org.employee.user_id

    assert _due(due_nudges(now=utc(2026, 3, 2, 9))) == {}  # 8 days before
    assert _due(due_nudges(now=utc(2026, 3, 3, 9))) == {user_id: ""}  # 7 days before
    assert nudges_send(user_id=user_id, now=utc(2026, 3, 3, 9))
    assert _due(due_nudges(now=utc(2026, 3, 9, 9))) == {}  # already nudged, not overdue yet
    assert _due(due_nudges(now=utc(2026, 3, 11, 9))) == {user_id: ""}  # overdue now
    assert nudges_send(user_id=user_id, now=utc(2026, 3, 11, 9))
    assert _due(due_nudges(now=utc(2026, 3, 20, 9))) == {}

    soon, overdue = mail.outbox
    assert soon.subject == "[CareerMap] Coming up this week"
    assert (
        "Milestone: Shadow the rota (due Tuesday 10 March, towards “Lead the support rota”)"
        in soon.body
    )
    assert overdue.subject == "[CareerMap] Something on your career map is overdue"
    assert "overdue since Tuesday 10 March" in overdue.body
    link = reverse("careermaps:goals", args=[career_map.public_id]) + f"#goal-{goal.public_id}"
    assert f"https://careers.example.com{link}" in overdue.body
    assert ReminderLog.objects.filter(kind=Kind.GOAL_DUE).count() == 2
    assert {log.period for log in ReminderLog.objects.all()} == {
        f"milestone:{milestone.public_id}:soon",
        f"milestone:{milestone.public_id}:overdue",
    }


def test_one_nudge_lists_everything_that_came_due_together(org: Org) -> None:
    from apps.careermaps.reminders import nudges_send

    career_map = _map(org.employee)
    goal = _goal(career_map, date(2026, 3, 6), specific="Pass the product quiz")
    Milestone.objects.create(goal=goal, title="Read the manual", due=date(2026, 3, 1))
    Milestone.objects.create(goal=goal, title="Book the quiz", due=date(2026, 3, 5))

    assert nudges_send(user_id=org.employee.user_id, now=utc(2026, 3, 3, 9))

    (email,) = mail.outbox
    assert "Goals and milestones: 1 overdue and 2 due this week." in email.body
    overdue, soon = email.body.index("Overdue"), email.body.index("Due within a week")
    assert overdue < email.body.index("Read the manual") < soon
    assert soon < email.body.index("Book the quiz")
    assert soon < email.body.index("Goal: Pass the product quiz")


def test_done_milestones_and_closed_goals_get_no_nudge(org: Org) -> None:
    from django.utils import timezone

    career_map = _map(org.employee)
    achieved = _goal(career_map, date(2026, 3, 5), status=GoalStatus.ACHIEVED)
    Milestone.objects.create(goal=achieved, title="Under an achieved goal", due=date(2026, 3, 5))
    _goal(career_map, date(2026, 3, 5), status=GoalStatus.DROPPED)
    open_goal = _goal(career_map, date(2026, 12, 1))
    Milestone.objects.create(
        goal=open_goal, title="Done", due=date(2026, 3, 5), done_at=timezone.now()
    )
    Milestone.objects.create(goal=open_goal, title="No date")

    assert _due(due_nudges(now=utc(2026, 3, 3, 9))) == {}


def test_nudges_respect_the_morning_and_the_opt_out(org: Org) -> None:
    _goal(_map(org.employee), date(2026, 3, 5))
    assert _due(due_nudges(now=utc(2026, 3, 3, 14))) == {}  # afternoon
    preference_set(user=org.employee.user, kind=Kind.GOAL_DUE, enabled=False)
    assert _due(due_nudges(now=utc(2026, 3, 3, 9))) == {}


# --------------------------------------------------------------------------- follow-ups


def test_a_networking_follow_up_is_reminded_on_its_day_and_again_when_moved(org: Org) -> None:
    from apps.careermaps.reminders import follow_ups_send

    career_map = _map(org.employee)
    contact = NetworkContact.objects.create(
        career_map=career_map,
        name="Ada Lovelace",
        organisation="Analytical Engines",
        next_follow_up=date(2026, 3, 4),
    )
    user_id = org.employee.user_id

    assert _due(due_follow_ups(now=utc(2026, 3, 3, 9))) == {}
    assert _due(due_follow_ups(now=utc(2026, 3, 4, 9))) == {user_id: ""}
    assert follow_ups_send(user_id=user_id, now=utc(2026, 3, 4, 9))
    assert _due(due_follow_ups(now=utc(2026, 3, 5, 9))) == {}
    contact.next_follow_up = date(2026, 4, 1)
    contact.save()
    assert _due(due_follow_ups(now=utc(2026, 4, 1, 9))) == {user_id: ""}

    (email,) = mail.outbox
    assert email.subject == "[CareerMap] Time to follow up with Ada Lovelace"
    assert "Ada Lovelace, Analytical Engines (planned for Wednesday 4 March)" in email.body
    assert "nurturing and maintaining meaningful relationships" in email.body
    assert f"#contact-{contact.public_id}" in email.body


def test_a_goal_nudge_gives_the_progress_the_goals_tab_shows(org: Org) -> None:
    from apps.careermaps.reminders import nudges_for

    career_map = _map(org.employee)
    goal = _goal(career_map, date(2026, 3, 6), progress=40)  # written directly, as the demo did
    Milestone.objects.create(goal=goal, title="Read the manual", done_at=utc(2026, 3, 1, 9))
    Milestone.objects.create(goal=goal, title="Book the quiz", due=date(2026, 3, 20))
    _goal(career_map, date(2026, 3, 5), specific="Shadow a shift", progress=40)

    details = {n.item.text: n.item.detail for n in nudges_for(career_map, date(2026, 3, 3))}
    assert details["Goal: Lead the support rota"].endswith(", 50% done")  # 1 of 2 milestones
    assert details["Goal: Shadow a shift"].endswith(", 40% done")  # no milestones: as set
