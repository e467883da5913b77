"""A new employee builds the method's worked example from an empty map, in the browser."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.careermaps.models import CareerMap
from apps.demo import data as demo
from apps.employees.models import Employee
from apps.roles.models import Role, RoleRequirement
from tests.conftest import Org
from tests.e2e.test_foundation_journeys import sign_in
from tests.factories import JobFamilyFactory, SkillFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _role(title: str, responsibilities: tuple[str, ...], skills: tuple[str, ...]) -> Role:
    role = Role.objects.create(
        title=title,
        family=JobFamilyFactory(name=f"{title} family"),
        responsibilities="\n".join(responsibilities),
    )
    for name in skills:
        RoleRequirement.objects.create(role=role, skill=SkillFactory(name=name), required_level=3)
    return role


def test_a_new_employee_builds_the_worked_example_map(org: Org, live_server, page: Page) -> None:
    csr = _role(demo.WORKED_EXAMPLE_CURRENT_ROLE, demo.CSR_RESPONSIBILITIES, demo.CSR_SKILLS)
    _role(demo.WORKED_EXAMPLE_TARGET_ROLE, demo.PSS_RESPONSIBILITIES, demo.PSS_SKILLS)
    Employee.objects.filter(pk=org.employee.pk).update(current_role=csr)
    target_date = (timezone.localdate() + timedelta(days=200)).isoformat()

    sign_in(page, live_server.url, "employee@example.com")
    page.get_by_role("link", name="My map").click()
    page.get_by_text("Start from scratch").click()
    page.get_by_role("button", name="Create my map").click()
    expect(page.get_by_role("heading", name="Customer Service Representative")).to_be_visible()

    page.get_by_role("combobox", name="Target role").select_option(
        label=f"{demo.WORKED_EXAMPLE_TARGET_ROLE} family"
        f" · {demo.WORKED_EXAMPLE_TARGET_ROLE} (level 1)"
    )
    expect(page.locator("#map-header-target")).to_have_text("no target role yet")
    page.get_by_role("button", name="Save target").click()
    expect(page.get_by_text("Target role saved.")).to_be_visible()
    # The header above the tabs follows the save without a reload (issue 15).
    expect(page.locator("#map-header-target")).to_have_text(demo.WORKED_EXAMPLE_TARGET_ROLE)
    for skill in demo.PSS_SKILLS:
        expect(page.locator("#target").get_by_role("rowheader", name=skill)).to_be_visible()

    page.get_by_role("link", name="Goals & roadmap").click()
    for goal in demo.WORKED_EXAMPLE_GOALS:
        add = page.locator("#goal-add")
        add.get_by_label("Specific: what do you want to achieve?").fill(goal)
        add.get_by_label("Measurable: how will you know you got there?").fill("Evidence")
        add.get_by_label("Achievable: why is it within your reach?").fill("Time agreed")
        add.get_by_label("Relevant: what does it serve?").fill("My target role")
        add.get_by_label("Time-bound: target date").fill(target_date)
        add.get_by_role("button", name="Add goal").click()
        expect(page.get_by_text(f"Goal added: {goal}")).to_be_visible()

    page.get_by_role("link", name="Development & network").click()
    kinds = {"Educational Development": "education", "Skill Enhancement": "skill"}
    for section in demo.WORKED_EXAMPLE_DEVELOPMENT_PLAN:
        kind = kinds[section.heading]
        for title in section.actions:
            adding = page.locator(f"#add-{kind}")
            if adding.get_attribute("open") is None:
                adding.locator("summary").click()
            adding.get_by_label("What will you do?").fill(title)
            adding.get_by_role("button", name=f"Add to {section.heading.lower()}").click()
            expect(
                page.locator(f"#group-{kind}").get_by_role("heading", name=title)
            ).to_be_visible()

    career_map = CareerMap.objects.get(employee=org.employee)
    assert career_map.target_role.title == demo.WORKED_EXAMPLE_TARGET_ROLE
    assert [g.specific for g in career_map.goals.order_by("position", "id")] == list(
        demo.WORKED_EXAMPLE_GOALS
    )

    page.get_by_role("link", name="Print").click()
    printed = page.locator("article.print-map")
    expect(printed).to_contain_text(f"Current Position: {demo.WORKED_EXAMPLE_CURRENT_ROLE}")
    expect(printed).to_contain_text(f"Goal/Targeted Role: {demo.WORKED_EXAMPLE_TARGET_ROLE}")
    for number, goal in enumerate(demo.WORKED_EXAMPLE_GOALS, start=1):
        expect(printed).to_contain_text(f"Goal #{number}: {goal}")
    for line in demo.CSR_RESPONSIBILITIES + demo.PSS_RESPONSIBILITIES:
        expect(printed).to_contain_text(line)
    for section in demo.WORKED_EXAMPLE_DEVELOPMENT_PLAN:
        for title in section.actions:
            expect(printed).to_contain_text(title)
