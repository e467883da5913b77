"""Development health: each figure, the attention score (queries.ATTENTION_RULE) and its order."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.careermaps.models import (
    Cadence,
    CareerMap,
    Goal,
    GoalStatus,
    Milestone,
    Recognition,
    Reflection,
)
from apps.dashboards.queries import HealthRow, development_health
from apps.employees.models import Employee
from apps.mentoring.models import Mentorship, MentorshipStatus
from tests.conftest import Org, client_for
from tests.dashboards.conftest import PRIVATE_REFLECTION, Catalogue, whole_dashboard
from tests.factories import make_employee

pytestmark = pytest.mark.django_db


def _goal(career_map: CareerMap, days: int, status: str = GoalStatus.IN_PROGRESS) -> Goal:
    today = timezone.localdate()
    return Goal.objects.create(
        career_map=career_map,
        specific=f"Goal {days}",
        measurable="m",
        achievable="a",
        relevant="r",
        target_date=today + timedelta(days=days),
        status=status,
        achieved_at=timezone.now() if status == GoalStatus.ACHIEVED else None,
    )


@pytest.fixture
def health_team(org: Org, catalogue: Catalogue) -> Org:
    """employee: a map needing attention; teammate: no map; Zed: all well; Quinn: private map."""
    now, today = timezone.now(), timezone.localdate()
    busy = CareerMap.objects.create(
        employee=org.employee, reflection_cadence=Cadence.WEEKLY, created_at=now - timedelta(60)
    )
    overdue = _goal(busy, -5)
    _goal(busy, 30, GoalStatus.NOT_STARTED)
    done = _goal(busy, -1, GoalStatus.ACHIEVED)
    _goal(busy, -40, GoalStatus.DROPPED)  # dropped goals count nowhere
    Milestone.objects.create(goal=overdue, title="Soon", due=today + timedelta(days=3))
    Milestone.objects.create(goal=overdue, title="Later", due=today + timedelta(days=30))
    Milestone.objects.create(goal=overdue, title="Done", due=today, done_at=now)
    for days in (10, 25):
        Reflection.objects.create(career_map=busy, progress=PRIVATE_REFLECTION, confidence=2,
                                  created_at=now - timedelta(days=days))  # fmt: skip
    Mentorship.objects.create(
        mentor=org.other_employee, mentee=org.employee, status=MentorshipStatus.ACCEPTED
    )
    Recognition.objects.create(career_map=busy, goal=done, message="Thanks")
    Recognition.objects.create(career_map=busy, goal=done, message="Old",
                               created_at=now - timedelta(days=100))  # fmt: skip
    zed = make_employee(manager=org.manager, name="Zed Calm")
    calm = CareerMap.objects.create(employee=zed, target_role=catalogue.target)
    _goal(calm, 30)
    Reflection.objects.create(career_map=calm, progress="ok", confidence=4,
                              created_at=now - timedelta(days=1))  # fmt: skip
    quinn = make_employee(manager=org.manager, name="Quinn Private")
    hidden = CareerMap.objects.create(employee=quinn, visible_to_manager=False)
    _goal(hidden, -3)
    return org


def _rows(org: Org, read_all_maps: bool = False) -> dict[str, HealthRow]:
    people = Employee.objects.direct_reports_of(org.manager)
    page = development_health(people, read_all_maps=read_all_maps)
    return {row.full_name: row for row in page.rows}


def test_it_counts_goals_milestones_reflection_mentor_and_recognitions(health_team: Org) -> None:
    row = _rows(health_team)["Employee"]
    assert (row.on_track, row.overdue, row.done, row.goals) == (1, 1, 1, 3)
    assert row.due_soon == 1  # in 3 days; not the one in 30 days, not the done one
    assert (row.days_since_reflection, row.reflection_overdue) == (10, True)  # weekly rhythm
    assert row.mentorship == "Has a mentor"
    assert row.recognitions == 1  # the one from 100 days ago is past the window


def test_the_attention_score_follows_the_rule_it_shows(health_team: Org) -> None:
    rows = _rows(health_team)
    # 2 x 1 overdue goal + 2 reflection overdue + 1 no target + 1 milestone due soon
    assert rows["Employee"].attention == 6
    assert rows["Employee"].reasons == [
        "1 overdue goal", "Reflection overdue", "No target role", "Milestone due soon",
    ]  # fmt: skip
    assert (rows["Teammate"].attention, rows["Teammate"].reasons) == (3, ["No career map"])
    assert rows["Zed Calm"].attention == 0
    assert rows["Quinn Private"].attention == 0  # nothing readable


def test_who_needs_attention_comes_first(health_team: Org) -> None:
    assert list(_rows(health_team)) == ["Employee", "Teammate", "Quinn Private", "Zed Calm"]


def test_a_map_kept_from_managers_gives_managers_nothing_and_hr_everything(
    health_team: Org,
) -> None:
    hidden = _rows(health_team)["Quinn Private"]
    assert (hidden.has_map, hidden.readable, hidden.overdue, hidden.map_public_id) == (
        True, False, 0, None,
    )  # fmt: skip
    assert hidden.days_since_reflection is None
    as_hr = _rows(health_team, read_all_maps=True)["Quinn Private"]
    assert (as_hr.readable, as_hr.overdue, as_hr.attention) == (True, 1, 2 + 1)


def test_never_reflecting_is_overdue_once_a_rhythm_has_passed_since_the_map_began(
    org: Org,
) -> None:
    CareerMap.objects.create(employee=org.employee, created_at=timezone.now() - timedelta(40))
    CareerMap.objects.create(employee=org.teammate, created_at=timezone.now() - timedelta(10))
    rows = _rows(org)
    assert (rows["Employee"].days_since_reflection, rows["Employee"].reflection_overdue) == (
        None, True,
    )  # fmt: skip
    assert rows["Teammate"].reflection_overdue is False  # monthly: 10 days is fine


def test_the_page_shows_the_rule_the_days_and_no_reflection_content(health_team: Org) -> None:
    body = whole_dashboard(client_for(health_team.manager.user))
    assert "Someone with no career map scores 3" in body
    assert "10 days ago" in body
    assert PRIVATE_REFLECTION not in body
    assert "25 days" not in body  # only the last reflection counts, and only as days


def test_the_health_fragment_pages_fifty_people(org: Org) -> None:
    for n in range(52):
        make_employee(manager=org.manager, name=f"Report {n:02d}")
    client = client_for(org.manager.user)
    response = client.get(reverse("dashboards:health"), {"hpage": "2"},
                          headers={"HX-Request": "true"})  # fmt: skip
    body = response.content.decode()
    assert "people 51\N{EN DASH}54" in body
    assert response["HX-Push-Url"] == "/team/?hpage=2"


def test_a_later_page_reads_role_mentor_and_reports_of_its_own_people(org: Org) -> None:
    """What a row shows besides its score is read after the page is cut: it must stay its own."""
    for n in range(52):
        make_employee(manager=org.manager, name=f"Report {n:02d}")
    last = Employee.objects.get(full_name="Report 51")
    make_employee(manager=last, name="Zz Report of 51")
    CareerMap.objects.create(employee=last)  # mentoring shows on a map the manager may read
    Mentorship.objects.create(mentor=org.other_employee, mentee=last,
                              status=MentorshipStatus.REQUESTED)  # fmt: skip
    people = Employee.objects.in_subtree(org.manager, include_root=False).active()
    first = development_health(people, read_all_maps=False, page=1)
    second = development_health(people, read_all_maps=False, page=2)
    rows = {row.full_name: row for row in [*first.rows, *second.rows]}
    assert second.page == 2
    assert rows["Report 51"].has_reports
    assert rows["Report 51"].mentorship == "Mentor requested"
    assert not any(r.has_reports for name, r in rows.items() if name != "Report 51" and
                   name.startswith("Report"))  # fmt: skip
    assert all(row.mentorship == "No mentor" for name, row in rows.items() if name != "Report 51")
