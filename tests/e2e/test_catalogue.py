"""HR maintains the role catalogue in the browser, with htmx editing rows in place."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import Org
from tests.e2e.test_foundation_journeys import sign_in
from tests.factories import JobFamilyFactory, RoleFactory, SkillFactory, make_employee

pytestmark = pytest.mark.django_db(transaction=True)


def test_hr_builds_a_role_and_cannot_delete_one_that_people_hold(
    org: Org, live_server, page: Page
) -> None:
    support = JobFamilyFactory(name="Customer Support")
    held = RoleFactory(title="Customer Service Representative", family=support, level=1)
    RoleFactory(title="Customer Support Team Lead", family=support, level=3)
    for name in ("Maya Patel", "Arjun Reddy"):
        make_employee(name=name, current_role=held)
    SkillFactory(name="Active listening")

    sign_in(page, live_server.url, "hr@example.com")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_text("Organisation").click()  # HR's administration pages share one menu
    nav.get_by_role("link", name="Catalogue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Roles and career paths")

    # A new role.
    page.get_by_role("link", name="New role").click()
    page.get_by_label("Title").fill("Support Coach")
    page.get_by_label("Job family").select_option(label="Customer Support")
    page.get_by_label("Level").fill("2")
    page.get_by_role("button", name="Create role").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Support Coach")
    role_page = page.url

    # A required skill: a level off the scale is refused beside the field, then a valid one.
    skills = page.locator("#requirements")
    skills.get_by_label("Skill", exact=True).select_option(label="Active listening")
    skills.get_by_label("Required level").fill("7")
    skills.get_by_role("button", name="Add skill").click()
    expect(skills.get_by_text("Choose a level from 1 (Awareness) to 5 (Expert).")).to_be_visible()
    skills.get_by_label("Required level").fill("4")
    skills.get_by_role("button", name="Add skill").click()
    expect(skills.get_by_text("Active listening added, required at level 4.")).to_be_visible()
    row = skills.get_by_role("row", name=re.compile("Active listening"))
    expect(row.get_by_text("4 · Advanced")).to_be_visible()
    expect(page).to_have_url(role_page)  # swapped in place, no page load

    # Edit the row in place.
    skills.get_by_role("link", name="Edit Active listening").click()
    editing = skills.get_by_role("form", name="Edit the requirement for Active listening")
    expect(editing.get_by_label("Skill", exact=True)).to_be_focused()
    editing.get_by_label("Required level").fill("5")
    editing.get_by_role("button", name="Save Active listening").click()
    expect(row.get_by_text("5 · Expert")).to_be_visible()
    expect(row.get_by_text("Saved")).to_be_visible()

    # A career path: to itself is refused, to the team lead role is added.
    paths = page.locator("#transitions-out")
    paths.get_by_label("Leads to").select_option(label="Support Coach (Customer Support, level 2)")
    paths.get_by_role("button", name="Add path").click()
    expect(paths.get_by_text("A role cannot lead to itself.")).to_be_visible()
    paths.get_by_label("Leads to").select_option(
        label="Customer Support Team Lead (Customer Support, level 3)"
    )
    paths.get_by_role("button", name="Add path").click()
    expect(paths.get_by_role("link", name="Customer Support Team Lead", exact=True)).to_be_visible()
    expect(paths.get_by_text("A role cannot lead to itself.")).to_have_count(0)

    # A role that people hold cannot be deleted, and the page says who holds it.
    page.goto(f"{live_server.url}/catalogue/?q=representative")
    page.get_by_role("link", name="Customer Service Representative").click()
    page.get_by_role("link", name="Delete role…").click()
    expect(
        page.get_by_text("Customer Service Representative is held by Arjun Reddy and Maya Patel.")
    ).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Delete"))).to_have_count(0)

    # An unused role goes, with its requirement and path.
    page.goto(role_page)
    page.get_by_role("link", name="Delete role…").click()
    page.get_by_role("button", name="Delete Support Coach").click()
    expect(
        page.get_by_text("Support Coach deleted, with its 1 required skill and 1 career path.")
    ).to_be_visible()
