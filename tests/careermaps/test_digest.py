"""The weekly team digest for managers: who gets it and when, what it lists (and what it never
shows: reflection content, maps hidden from managers), and that its cost does not grow with
the team.

The clock is fixed by passing ``now`` (no mocking); people are in UTC.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.careermaps.digest import due_digests, team_digest
from apps.careermaps.models import Cadence, CareerMap, Goal, GoalStatus, Milestone, Reflection
from apps.employees.models import Employee, RatingSource
from apps.employees.services import rating_set
from apps.notifications.models import Kind, Notification, ReminderLog
from apps.notifications.scheduling import utc
from apps.notifications.services import preference_set
from tests.conftest import Org
from tests.factories import SkillFactory, make_employee

pytestmark = pytest.mark.django_db

JAN_1 = utc(2026, 1, 1, 12)  # the maps below start here


def _map(employee: Employee, cadence: str = Cadence.MONTHLY) -> CareerMap:
    return CareerMap.objects.create(employee=employee, reflection_cadence=cadence, created_at=JAN_1)


def _reflect(career_map: CareerMap, at: datetime, text: str) -> Reflection:
    return Reflection.objects.create(
        career_map=career_map, progress=text, confidence=3, created_at=at
    )


def _goal(career_map: CareerMap, target: date, **fields: Any) -> Goal:
    return Goal.objects.create(
        career_map=career_map,
        specific="Lead the support rota",
        measurable="m",
        achievable="a",
        relevant="r",
        target_date=target,
        **fields,
    )


def _due(selection: Iterator[list[Any]]) -> dict[int, str]:
    return {due.user_id: due.period for batch in selection for due in batch}


# --------------------------------------------------------------------------- manager digest

MONDAY = utc(2026, 3, 9, 9)  # ISO week 2026-W11
PRIVATE = "Thinking about leaving for a competitor"


def _team_with_news(org: Org) -> dict[str, Any]:
    """employee: a milestone done this week, a private reflection 70 days ago (stalled).
    teammate: two skills self-rated since the manager's rating."""
    from django.utils import timezone

    career_map = _map(org.employee)
    goal = _goal(career_map, date(2026, 12, 1))
    done = Milestone.objects.create(
        goal=goal,
        title="Finished product training",
        due=date(2026, 3, 6),
        done_at=MONDAY - timedelta(days=2),
    )
    _reflect(career_map, MONDAY - timedelta(days=70), PRIVATE)
    for name in ("SQL", "Writing"):
        skill = SkillFactory(name=name)
        rating_set(
            employee=org.teammate, skill=skill, level=3, source=RatingSource.SELF, rated_by=None
        )
    assert timezone.now() > MONDAY  # the ratings are "now", after any manager rating
    return {"map": career_map, "milestone": done}


def test_the_digest_goes_to_managers_once_a_week(org: Org) -> None:
    selected = _due(due_digests(now=MONDAY))
    assert selected == {
        org.manager.user_id: "2026-W11",
        org.director.user_id: "2026-W11",
        org.other_manager.user_id: "2026-W11",
    }
    ReminderLog.objects.create(user=org.manager.user, kind=Kind.MANAGER_DIGEST, period="2026-W11")
    assert org.manager.user_id not in _due(due_digests(now=MONDAY + timedelta(days=1)))
    assert org.manager.user_id in _due(due_digests(now=MONDAY + timedelta(days=7)))


def test_the_digest_lists_completions_ratings_and_stalls_but_no_reflection_content(
    org: Org, settings
) -> None:
    from apps.careermaps.digest import digest_send

    settings.SITE_URL = "https://careers.example.com"
    _team_with_news(org)

    assert digest_send(user_id=org.manager.user_id, period="2026-W11", now=MONDAY)

    (email,) = mail.outbox
    assert email.to == ["manager@example.com"]
    assert email.subject == "[CareerMap] Your team this week (2026-W11)"
    body = email.body
    assert "1 milestone completed; 2 ratings to review; 1 may need a conversation." in body
    assert "Employee: Finished product training" in body
    assert f"https://careers.example.com{reverse('dashboards:team')}" in body  # recognise it
    assert "Teammate (2 skills self-rated since you last rated)" in body
    assert "Employee (no reflection for 70 days)" in body
    for part in (body, email.alternatives[0][0], Notification.objects.get().body):
        assert PRIVATE not in part


def test_the_digest_leaves_out_maps_hidden_from_managers(org: Org) -> None:
    news = _team_with_news(org)
    CareerMap.objects.filter(pk=news["map"].pk).update(visible_to_manager=False)

    digest = team_digest(org.manager, now=MONDAY)

    assert digest.completed == []
    assert digest.stalled == []
    assert [row["employee__full_name"] for row in digest.ratings] == ["Teammate"]


def test_overdue_goals_count_as_stalled(org: Org) -> None:
    career_map = _map(org.employee, Cadence.OFF)
    _goal(career_map, date(2026, 3, 1))
    _goal(career_map, date(2026, 3, 2))
    _goal(career_map, date(2026, 3, 3), status=GoalStatus.ACHIEVED)

    (stalled,) = team_digest(org.manager, now=MONDAY).stalled
    assert (stalled.employee, stalled.overdue_goals, stalled.days_since_reflection) == (
        org.employee,
        2,
        None,
    )


def test_a_quiet_week_sends_no_digest_and_is_not_checked_again(org: Org) -> None:
    from apps.careermaps.digest import digest_send

    assert digest_send(user_id=org.manager.user_id, period="2026-W11", now=MONDAY) is False
    assert mail.outbox == []
    assert org.manager.user_id not in _due(due_digests(now=MONDAY + timedelta(hours=1)))


def test_opting_out_of_the_digest_stops_it(org: Org) -> None:
    preference_set(user=org.manager.user, kind=Kind.MANAGER_DIGEST, enabled=False)
    assert org.manager.user_id not in _due(due_digests(now=MONDAY))


def _digest_queries(manager: Employee) -> int:
    from apps.careermaps.digest import digest_send

    ReminderLog.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        assert digest_send(user_id=manager.user_id, period="2026-W11", now=MONDAY)
    return len(queries)


def test_the_digest_runs_a_fixed_number_of_queries_whatever_the_team_size(org: Org) -> None:
    def grow(count: int) -> None:
        for i in range(count):
            report = make_employee(
                manager=org.manager, name=f"Report {i} {Employee.objects.count()}"
            )
            career_map = _map(report)
            goal = _goal(career_map, date(2026, 1, 1))
            Milestone.objects.create(goal=goal, title="done", done_at=MONDAY - timedelta(days=1))
            rating_set(
                employee=report,
                skill=SkillFactory(),
                level=2,
                source=RatingSource.SELF,
                rated_by=None,
            )

    grow(5)
    few = _digest_queries(org.manager)
    grow(45)
    assert _digest_queries(org.manager) == few
