from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.careermaps.models import CareerMap, DevelopmentAction, Goal, MapTemplate, Reflection
from apps.careermaps.services.maps import map_create
from apps.employees.models import Employee
from apps.roles.models import Role
from tests.conftest import Org, client_for
from tests.factories import RoleFactory, RoleRequirementFactory

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[2] / "docs" / "seeds" / "000_862ccc58a0565a50.txt"


def test_my_map_starts_from_a_template(org: Org) -> None:
    client = client_for(org.employee.user)
    assert client.get(reverse("careermaps:mine"))["Location"] == reverse("careermaps:start")
    page = client.get(reverse("careermaps:start"))
    for label in (
        "Entry-level career map",
        "Mid-career transition map",
        "Leadership development map",
        "Start from scratch",
    ):
        assert label.encode() in page.content
    response = client.post(reverse("careermaps:start"), {"template": MapTemplate.LEADERSHIP})
    career_map = CareerMap.objects.get(employee=org.employee)
    assert response["Location"] == reverse("careermaps:overview", args=[career_map.public_id])
    assert career_map.goals.count() == 3
    assert career_map.actions.count() == 4
    assert Goal.objects.filter(
        career_map=career_map, specific="Lead a high-impact cross-team project"
    ).exists()
    # A second start goes to the map that exists.
    assert client.get(reverse("careermaps:start")).status_code == 302


def test_an_unknown_template_is_refused(org: Org) -> None:
    response = client_for(org.employee.user).post(reverse("careermaps:start"), {"template": "x"})
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert not CareerMap.objects.exists()


def _role_with_gap() -> Role:
    role = RoleFactory(title="Product Support Specialist", summary="Helps with the product.")
    RoleRequirementFactory(role=role, required_level=3)
    return role


def test_setting_a_target_role_shows_the_gap_and_readiness(org: Org) -> None:
    career_map = map_create(employee=org.employee)
    role = _role_with_gap()
    client = client_for(org.employee.user)
    response = client.post(
        reverse("careermaps:target-set", args=[career_map.public_id]),
        {"role": role.pk, "version": career_map.version},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert b"<html" not in response.content  # only the target panel
    assert b"Product Support Specialist" in response.content
    assert b"How this is computed" in response.content
    career_map.refresh_from_db()
    assert career_map.target_role == role
    page = client.get(reverse("careermaps:overview", args=[career_map.public_id]))
    assert page.context["target_explanation"]["readiness"] == 0.0  # no ratings yet


def _header_target(html: str) -> str:
    return html.split('id="map-header-target"')[1].split("</span>")[0]


def test_saving_the_target_updates_the_map_header_in_the_same_response(org: Org) -> None:
    career_map = map_create(employee=org.employee)
    role = _role_with_gap()
    client = client_for(org.employee.user)
    overview = reverse("careermaps:overview", args=[career_map.public_id])
    assert "no target role yet" in _header_target(client.get(overview).content.decode())
    set_url = reverse("careermaps:target-set", args=[career_map.public_id])
    saved = client.post(
        set_url, {"role": role.pk, "version": career_map.version}, headers={"HX-Request": "true"}
    ).content.decode()
    assert 'id="map-header-target" hx-swap-oob="true"' in saved
    assert "<strong>Product Support Specialist</strong>" in _header_target(saved)
    career_map.refresh_from_db()
    cleared = client.post(
        set_url, {"role": "", "version": career_map.version}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "no target role yet" in _header_target(cleared)
    refused = client.post(
        set_url, {"role": role.pk, "version": 0}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "hx-swap-oob" not in refused  # nothing saved: the header stays as it is


def test_the_current_role_cannot_be_the_target(org: Org) -> None:
    role = _role_with_gap()
    Employee.objects.filter(pk=org.employee.pk).update(current_role=role)
    career_map = map_create(employee=Employee.objects.get(pk=org.employee.pk))
    response = client_for(org.employee.user).post(
        reverse("careermaps:target-set", args=[career_map.public_id]),
        {"role": role.pk, "version": career_map.version},
    )
    assert response.status_code == 200
    assert b"That is your current role" in response.content
    career_map.refresh_from_db()
    assert career_map.target_role is None


def test_managers_read_but_never_edit_and_can_be_shut_out(org: Org) -> None:
    career_map = map_create(employee=org.employee)
    manager = client_for(org.manager.user)
    page = manager.get(reverse("careermaps:overview", args=[career_map.public_id]))
    assert page.status_code == 200
    assert b"Only they can change it" in page.content
    assert b"Save target" not in page.content
    client_for(org.employee.user).post(
        reverse("careermaps:settings-edit", args=[career_map.public_id]),
        {"reflection_cadence": "weekly", "version": career_map.version},  # visible unticked
    )
    career_map.refresh_from_db()
    assert (career_map.visible_to_manager, career_map.reflection_cadence) == (False, "weekly")
    assert (
        manager.get(reverse("careermaps:overview", args=[career_map.public_id])).status_code == 404
    )
    hr = client_for(org.hr_user)
    assert hr.get(reverse("careermaps:overview", args=[career_map.public_id])).status_code == 200


def test_the_export_holds_the_whole_map(org: Org) -> None:
    career_map = map_create(employee=org.employee, template=MapTemplate.ENTRY_LEVEL)
    response = client_for(org.employee.user).get(
        reverse("careermaps:export", args=[career_map.public_id])
    )
    assert response["Content-Disposition"].startswith('attachment; filename="career-map-')
    data = json.loads(response.content)
    assert data["format"] == "careermap/v1"
    assert len(data["goals"]) == 3
    assert data["goals"][0]["milestones"][0]["title"] == "Shortlist ten placements and tailor my CV"
    assert len(data["development_plan"]) == 4


def test_pages_cost_the_same_queries_with_5_or_50_goals(org: Org) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    career_map = map_create(employee=org.employee)
    career_map.target_role = _role_with_gap()
    career_map.save()
    client = client_for(org.employee.user)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add_goals(n: int) -> None:
        Goal.objects.bulk_create(
            Goal(
                career_map=career_map,
                specific=f"g{i}",
                measurable="m",
                achievable="a",
                relevant="r",
                target_date="2031-01-01",
            )
            for i in range(n)
        )
        DevelopmentAction.objects.bulk_create(
            DevelopmentAction(career_map=career_map, kind="education", title=f"a{i}")
            for i in range(n)
        )

    urls = [
        reverse(name, args=[career_map.public_id])
        for name in ("careermaps:overview", "careermaps:print", "careermaps:export")
    ]
    add_goals(5)
    small = [count(url) for url in urls]
    add_goals(45)
    assert [count(url) for url in urls] == small


def test_the_demo_employee_has_the_worked_example_word_for_word(db: None) -> None:
    call_command("seed_demo", verbosity=0)
    career_map = CareerMap.objects.get(employee__work_email="employee@demo.careermap.test")
    text = SEED.read_text()
    assert career_map.employee.current_role.title == "Customer Service Representative"
    assert career_map.target_role.title == "Product Support Specialist"
    goals = list(career_map.goals.order_by("position"))
    for number, goal in enumerate(goals, start=1):
        assert f"Goal #{number}: {goal.specific}" in text
    plan = text.split("Development Plan:\n")[-1]
    for action in career_map.actions.all():
        assert f"- {action.title}" in plan
    assert {a.kind for a in career_map.actions.all()} == {"education", "skill"}
    client = client_for(career_map.employee.user)
    printed = client.get(reverse("careermaps:print", args=[career_map.public_id])).content.decode()
    for line in (
        "Current Position: Customer Service Representative",
        "Goal/Targeted Role: Product Support Specialist",
        "Handle customer inquiries and complaints",
        "Conduct training sessions for customers on product features and functionalities",
        "Educational development:",
        "Skill enhancement:",
    ):
        assert line in printed
    for goal in goals:
        assert goal.specific in printed
    call_command("seed_demo", verbosity=0)
    assert CareerMap.objects.count() == 1


def test_the_print_view_shows_each_actions_skill_and_resource(org: Org) -> None:
    from tests.factories import SkillFactory, make_resource

    career_map = map_create(employee=org.employee)
    skill = SkillFactory(name="Product knowledge")
    course = make_resource(
        "Product Fundamentals", (skill, 3), provider="Academy", url="https://example.com/pf"
    )
    DevelopmentAction.objects.create(
        career_map=career_map, kind="education", title="Take the course", skill=skill,
        resource=course,
    )  # fmt: skip
    DevelopmentAction.objects.create(career_map=career_map, kind="skill", title="Shadow a lead")
    client = client_for(org.employee.user)
    printed = client.get(reverse("careermaps:print", args=[career_map.public_id])).content.decode()
    line = printed[printed.index("Take the course") :].split("</li>")[0]
    assert "Builds: Product knowledge" in line
    assert "Resource: Product Fundamentals (Academy)" in line
    assert "https://example.com/pf" in line
    shadow = printed[printed.index("Shadow a lead") :].split("</li>")[0]
    assert "Builds:" not in shadow


def _goal(career_map: CareerMap, status: str, target_date: str) -> Goal:
    return Goal.objects.create(
        career_map=career_map,
        specific=f"{status} by {target_date}",
        measurable="m",
        achievable="a",
        relevant="r",
        target_date=target_date,
        status=status,
    )


def test_the_overview_figures_come_from_one_query_and_match_the_map(
    org: Org, django_assert_max_num_queries: Any
) -> None:
    career_map = map_create(employee=org.employee)
    career_map.target_role = _role_with_gap()
    career_map.save()
    _goal(career_map, "achieved", "2020-01-01")
    _goal(career_map, "in_progress", "2020-01-01")  # overdue
    _goal(career_map, "dropped", "2020-01-01")  # past its date, but dropped: not overdue
    _goal(career_map, "in_progress", "2099-01-01")
    for status in ("done", "planned", "planned"):
        DevelopmentAction.objects.create(
            career_map=career_map, kind="education", title=status, status=status
        )
    written = timezone.now() - timedelta(days=40)  # monthly reminders: 10 days overdue
    Reflection.objects.create(career_map=career_map, created_at=written, progress="p", confidence=3)
    Reflection.objects.create(
        career_map=career_map, created_at=written - timedelta(days=5), progress="p", confidence=3
    )
    url = reverse("careermaps:overview", args=[career_map.public_id])
    owner, manager = client_for(org.employee.user), client_for(org.manager.user)
    # The figures, both roles' gaps and the role list are one query each (they were six).
    with django_assert_max_num_queries(13):
        page = owner.get(url).content.decode()
    assert ">1/4</span>" in page
    assert ">1/3</span>" in page
    due = timezone.localdate(written) + timedelta(days=30)
    assert f'<span class="stat__value">{due:%-d %b}</span>' in page
    assert 'next reflection <span class="badge badge--warning">overdue' in page
    read = manager.get(url).content.decode()
    assert '<span class="stat__value">1</span><span class="stat__label">overdue goals' in read
