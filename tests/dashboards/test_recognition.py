"""The recognition feed: achievements of the team, a short message, shown on the employee's map."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.careermaps.models import CareerMap, Goal, GoalStatus, Milestone, Recognition
from apps.careermaps.services.recognition import (
    MESSAGE_MAX,
    recognition_create,
    recognitions_for_map,
)
from apps.dashboards.access import Scope, Team
from apps.dashboards.queries import achievements, development_health
from apps.employees.access import viewer_employee
from apps.employees.models import Employee
from tests.conftest import Org, client_for
from tests.dashboards.conftest import whole_dashboard
from tests.factories import make_employee

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


@pytest.fixture
def achieved(org: Org) -> tuple[Milestone, Goal]:
    career_map = CareerMap.objects.create(employee=org.employee)
    now = timezone.now()
    goal = Goal.objects.create(
        career_map=career_map,
        specific="Lead the weekly triage",
        measurable="m",
        achievable="a",
        relevant="r",
        target_date=timezone.localdate() + timedelta(days=30),
        status=GoalStatus.ACHIEVED,
        achieved_at=now - timedelta(days=1),
    )
    milestone = Milestone.objects.create(goal=goal, title="Pass the CRM course", done_at=now)
    Milestone.objects.create(goal=goal, title="Not yet", due=timezone.localdate())
    Milestone.objects.create(goal=goal, title="Long ago", done_at=now - timedelta(days=45))
    return milestone, goal


def test_the_feed_lists_recent_milestones_and_goals_of_the_team_newest_first(
    org: Org, achieved: tuple[Milestone, Goal]
) -> None:
    team = Team(org.manager.user, org.manager, Scope.DIRECT, named=False)
    feed = achievements(org.manager.user, org.manager, team)
    assert [(item.kind, item.title, item.can_recognise) for item in feed] == [
        ("milestone", "Pass the CRM course", True),
        ("goal", "Lead the weekly triage", True),
    ]


def test_a_map_kept_from_managers_has_no_feed(org: Org, achieved) -> None:
    CareerMap.objects.filter(employee=org.employee).update(visible_to_manager=False)
    team = Team(org.manager.user, org.manager, Scope.DIRECT, named=False)
    assert achievements(org.manager.user, org.manager, team) == []


def test_a_manager_recognises_a_milestone_and_the_employee_sees_it_on_their_map(
    org: Org, achieved: tuple[Milestone, Goal]
) -> None:
    milestone, _ = achieved
    client = client_for(org.manager.user)
    url = reverse("dashboards:recognise-milestone", args=[milestone.public_id])
    item = client.post(url, {"message": "<b>Brilliant</b> work", "scope": "direct"}, headers=HX)
    assert "Recognised" in item.content.decode()
    assert "<html" not in item.content.decode()
    recognition = Recognition.objects.get()
    assert (recognition.milestone, recognition.from_employee, recognition.message) == (
        milestone, org.manager, "<b>Brilliant</b> work",
    )  # fmt: skip
    on_map = render_to_string(
        "careermaps/_recognitions.html",
        {"recognitions": recognitions_for_map(CareerMap.objects.get(employee=org.employee))},
    )
    assert "&lt;b&gt;Brilliant&lt;/b&gt; work" in on_map
    assert "Manager" in on_map
    assert "Pass the CRM course" in on_map
    page = whole_dashboard(client)
    assert "Recognised by you" in page


def test_it_is_counted_in_development_health(org: Org, achieved) -> None:
    _, goal = achieved
    recognition_create(from_employee=org.director, goal=goal, message="Well done")
    people = Employee.objects.direct_reports_of(org.manager)
    rows = {r.full_name: r for r in development_health(people, read_all_maps=False).rows}
    assert rows["Employee"].recognitions == 1


def test_recognising_twice_is_refused_beside_the_message(org: Org, achieved) -> None:
    _, goal = achieved
    client = client_for(org.manager.user)
    url = reverse("dashboards:recognise-goal", args=[goal.public_id])
    assert client.post(url, {"message": "Great"})["Location"] == "/team/#feed"
    page = client.post(url, {"message": "Again"}).content.decode()
    assert "You have recognised this already." in page
    item = client.post(url, {"message": "Again"}, headers=HX).content.decode()
    assert "Recognised by you" in item
    assert Recognition.objects.count() == 1


def test_a_message_is_required_and_short(org: Org, achieved) -> None:
    milestone, _ = achieved
    client = client_for(org.manager.user)
    url = reverse("dashboards:recognise-milestone", args=[milestone.public_id])
    empty = client.post(url, {"message": "  "}, headers=HX).content.decode()
    assert "Write a few words: what they did and why it matters." in empty
    assert 'aria-invalid="true"' in empty
    long = client.post(url, {"message": "x" * (MESSAGE_MAX + 1)}).content.decode()
    assert f"at most {MESSAGE_MAX} characters" in long
    assert not Recognition.objects.exists()


def test_only_completed_work_and_only_managers_up_the_line(org: Org, achieved) -> None:
    _, goal = achieved
    open_milestone = Milestone.objects.get(title="Not yet")
    with pytest.raises(ValidationError, match="Only a completed milestone"):
        recognition_create(from_employee=org.manager, milestone=open_milestone, message="Hi")
    for sender in (org.teammate, org.employee, org.other_manager):
        with pytest.raises(ValidationError, match="Only a manager up their reporting line"):
            recognition_create(from_employee=sender, goal=goal, message="Hi")
    with pytest.raises(ValueError, match="either a milestone or a goal"):
        recognition_create(from_employee=org.manager, message="Hi")


def test_the_recognitions_on_a_map_are_one_query(
    org: Org, achieved, django_assert_num_queries
) -> None:
    milestone, goal = achieved
    recognition_create(from_employee=org.manager, milestone=milestone, message="One")
    recognition_create(from_employee=org.director, goal=goal, message="Two")
    career_map = CareerMap.objects.get(employee=org.employee)
    with django_assert_num_queries(1):
        shown = recognitions_for_map(career_map)
        render_to_string("careermaps/_recognitions.html", {"recognitions": shown})
    assert [r.message for r in shown] == ["Two", "One"]


def _achieve(employee: Employee, title: str, *, open_map: bool = True) -> None:
    career_map = CareerMap.objects.create(employee=employee, visible_to_manager=open_map)
    goal = Goal.objects.create(
        career_map=career_map,
        specific=f"Goal of {title}",
        measurable="m",
        achievable="a",
        relevant="r",
        target_date=timezone.localdate() + timedelta(days=30),
    )
    Milestone.objects.create(goal=goal, title=title, done_at=timezone.now())


@pytest.fixture
def everyone_achieved(org: Org) -> None:
    _achieve(org.director, "director")
    _achieve(org.manager, "manager")
    _achieve(org.employee, "employee")
    _achieve(org.teammate, "teammate (closed map)", open_map=False)
    _achieve(org.other_employee, "other team")
    leaver = make_employee(manager=org.manager, name="Leaver", status="left")
    _achieve(leaver, "leaver")


def _feed_titles(user: User, root: Employee, scope: str, *, named: bool) -> set[str]:
    team = Team(user, root, scope, named=named)
    return {item.title for item in achievements(user, viewer_employee(user), team)}


def test_the_whole_team_feed_is_everyone_below_the_root_on_maps_open_to_managers(
    org: Org, everyone_achieved: None
) -> None:
    director = org.director.user
    assert _feed_titles(director, org.director, Scope.SUBTREE, named=False) == {
        "manager",
        "employee",
    }
    assert _feed_titles(director, org.manager, Scope.SUBTREE, named=True) == {"employee"}
    assert _feed_titles(director, org.manager, Scope.DIRECT, named=True) == {"employee"}


def test_hr_reads_every_map_in_the_feed_but_never_a_leavers(
    org: Org, everyone_achieved: None
) -> None:
    assert _feed_titles(org.hr_user, org.manager, Scope.SUBTREE, named=True) == {
        "employee",
        "teammate (closed map)",
    }
