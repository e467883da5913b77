"""A colleague opts in as a mentor; an employee finds them for a gap skill and asks; the mentor
accepts; the mentorship and the new networking contact show up for the employee."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from apps.careermaps.services.maps import map_create
from apps.employees.models import RatingSource
from apps.employees.services import rating_set
from apps.roles.models import RoleRequirement
from tests.conftest import Org
from tests.e2e.test_foundation_journeys import sign_in
from tests.factories import RoleFactory, SkillFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _gap_in_troubleshooting(org: Org) -> None:
    """The employee targets a role needing Troubleshooting 4 and rates themselves 1; the
    colleague in another team rates themselves 5."""
    role = RoleFactory(title="Product Support Specialist")
    skill = SkillFactory(name="Troubleshooting")
    RoleRequirement.objects.create(role=role, skill=skill, required_level=4)
    for person, level in ((org.employee, 1), (org.other_employee, 5)):
        rating_set(
            employee=person,
            skill=skill,
            level=level,
            source=RatingSource.SELF,
            rated_by=person.user,
        )
    career_map = map_create(employee=org.employee)
    career_map.target_role = role
    career_map.save()


def _switch_to(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    sign_in(page, base, email)


def test_a_mentee_finds_a_mentor_for_a_gap_who_accepts(org: Org, live_server, page: Page) -> None:
    _gap_in_troubleshooting(org)
    base = live_server.url
    nav = page.get_by_role("navigation", name=re.compile("main", re.I))

    # The colleague opts in as a mentor.
    sign_in(page, base, "other_employee@example.com")
    nav.get_by_role("link", name="Mentoring").click()
    page.get_by_role("link", name="Offer to mentor").click()
    page.get_by_label("Troubleshooting (you: 5)").check()
    page.get_by_label("A note for mentees").fill("Happy to meet every two weeks.")
    page.get_by_role("button", name="Save my offer").click()
    expect(page.get_by_text("You are listed as a mentor.")).to_be_visible()

    # The employee finds them for their gap (score 5 - 1 = 4) and asks.
    _switch_to(page, base, "employee@example.com")
    nav.get_by_role("link", name="Mentoring").click()
    expect(page.get_by_label("Troubleshooting (you 1, role needs 4)")).to_be_checked()
    row = page.get_by_role("row", name=re.compile("Other Employee"))
    expect(row.locator(".mentor-score")).to_have_text("4")
    row.get_by_role("link", name="Ask Other Employee").click()
    expect(page.get_by_label("Troubleshooting (their level 5, yours 1)")).to_be_checked()
    page.get_by_label("Your message").fill("I am working towards support specialist.")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Request sent to Other Employee.")).to_be_visible()

    # The mentor sees the request and accepts it.
    _switch_to(page, base, "other_employee@example.com")
    nav.get_by_role("link", name="Mentoring").click()
    incoming = page.locator("#incoming")
    expect(incoming.get_by_text("Focus: Troubleshooting")).to_be_visible()
    incoming.get_by_role("link", name="Answer Employee").click()
    expect(page.get_by_text("I am working towards support specialist.")).to_be_visible()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("You are now mentoring Employee.")).to_be_visible()

    # The mentee sees the mentorship, and the mentor in the network on their map.
    _switch_to(page, base, "employee@example.com")
    nav.get_by_role("link", name="Mentoring").click()
    mine = page.locator("#mine")
    expect(mine.get_by_text("My mentor", exact=True)).to_be_visible()
    expect(mine.get_by_text("Other Employee", exact=True)).to_be_visible()
    nav.get_by_role("link", name="My map").click()
    page.get_by_role("link", name="Development & network").click()
    network = page.locator("#network")
    expect(
        network.get_by_role("heading", name=re.compile("Other Employee · Engineering"))
    ).to_be_visible()
    expect(network.get_by_text("Mentor: Troubleshooting")).to_be_visible()
