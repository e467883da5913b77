"""An employee researches where to go next and makes one role their target."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from apps.employees.models import Employee
from apps.roles.models import Role
from tests.conftest import Org
from tests.e2e.test_foundation_journeys import sign_in
from tests.factories import (
    JobFamilyFactory,
    RoleFactory,
    RoleRequirementFactory,
    RoleTransitionFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _catalogue(org: Org) -> tuple[Role, Role]:
    """The method's worked example: a representative who could become a support specialist."""
    rep = RoleFactory(
        title="Customer Service Representative",
        family=JobFamilyFactory(name="Customer Support"),
        level=1,
    )
    target = RoleFactory(
        title="Product Support Specialist",
        family=JobFamilyFactory(name="Product & Engineering"),
        summary="Gives customers expert help with the product.",
    )
    RoleRequirementFactory(role=rep, skill=SkillFactory(name="Strong communication skills"))
    RoleRequirementFactory(
        role=target, skill=SkillFactory(name="Troubleshooting"), required_level=4
    )
    RoleTransitionFactory(from_role=rep, to_role=target, kind="cross_family", typical_months=12)
    RoleFactory(title="Finance Manager", family=JobFamilyFactory(name="Finance"))
    Employee.objects.filter(pk=org.employee.pk).update(current_role=rep)
    return rep, target


def test_an_employee_explores_a_role_and_sets_it_as_their_target(
    org: Org, live_server, page: Page
) -> None:
    _catalogue(org)
    sign_in(page, live_server.url, "employee@example.com")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Explore roles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Explore roles")
    # A click waits for the new page to commit, not for its deferred scripts: typing before
    # htmx has bound the live search would go unheard (htmx then takes the typed text as the
    # field's starting value, and "changed" never fires).
    page.wait_for_load_state("load")
    rows = page.locator("#catalogue-results tbody tr")
    expect(rows).to_have_count(3)
    page.get_by_label("Search roles").fill("troubleshooting")  # a skill the role needs
    expect(rows).to_have_count(1)
    expect(page).to_have_url(re.compile(r"q=troubleshooting"))

    page.get_by_role("link", name="Product Support Specialist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Product Support Specialist")
    expect(page.get_by_role("rowheader", name="Troubleshooting")).to_be_visible()
    expect(page.get_by_role("link", name="Customer Service Representative")).to_be_visible()

    page.get_by_role("button", name=re.compile("Set as my target")).click()
    expect(page).to_have_url(re.compile(r"/map/[0-9a-f-]{36}/#target$"))
    expect(page.get_by_text("Product Support Specialist is now your target role")).to_be_visible()
    target = page.locator("#target")
    expect(target.get_by_role("heading", name="Product Support Specialist")).to_be_visible()
    expect(target.get_by_role("rowheader", name="Troubleshooting")).to_be_visible()
    # Not rated yet: the whole required level 4 is the gap.
    expect(target.get_by_text("−4")).to_be_visible()  # noqa: RUF001


def test_an_employee_sees_where_they_can_go_and_picks_a_target_on_the_map(
    org: Org, live_server, page: Page
) -> None:
    _catalogue(org)
    sign_in(page, live_server.url, "employee@example.com")
    page.goto(f"{live_server.url}/explore/paths/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Where can I go from here?")
    graph = page.get_by_role("group", name=re.compile("Career-path map from Customer Service"))
    expect(graph.get_by_text("You are here")).to_be_visible()
    expect(graph.get_by_text("0% ready · 1 step")).to_be_visible()

    ranked = page.locator(".explore-ranked")
    ranked.get_by_role("button", name=re.compile("Set as my target")).click()  # htmx
    expect(ranked.get_by_text("Product Support Specialist is now your target")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/explore/paths/$"))

    graph.get_by_role("link", name=re.compile("Product Support Specialist")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Product Support Specialist")
    expect(page.get_by_text("Your target role")).to_be_visible()
