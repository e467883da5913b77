"""The demo employee finds the open Product Support Specialist role among the internal
opportunities, says she is interested (without telling her manager); HR, who posted it, sees
her among the interested people ranked by fit with the formula, and fills it; her map then
shows the new role and that her target is reached."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from apps.demo import data as demo
from apps.skills.models import ProficiencyLevel
from tests.e2e.pages import signed_in
from tests.e2e.test_accessibility import SCALE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_org(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for level, name, descriptor in SCALE:  # transactional tests flush the migration's rows
        ProficiencyLevel.objects.update_or_create(
            level=level, defaults={"name": name, "descriptor": descriptor}
        )
    call_command("seed_demo", stdout=StringIO())


def test_interest_ranked_fill_and_the_map_shows_the_new_role(
    demo_org: None, live_server: Any, browser: Browser
) -> None:
    employee = signed_in(browser, live_server.url, demo.EMPLOYEE_LOGIN).new_page()
    employee.goto("/map/")
    employee.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Opportunities"
    ).click()
    cards = employee.locator(".opportunity-card")
    # The gig made for her strengths comes first, with the target badge.
    expect(cards.first).to_contain_text("Help-centre article sprint")
    expect(cards.first).to_contain_text("Towards your target role")
    cards.get_by_role("link", name=demo.WORKED_EXAMPLE_TARGET_ROLE).click()
    expect(employee.get_by_role("heading", name="My fit")).to_be_visible()
    expect(employee.get_by_label("Tell my manager")).not_to_be_checked()
    employee.get_by_label("A note for the poster (optional)").fill("I know the product well.")
    employee.get_by_role("button", name="I'm interested").click()
    expect(employee.get_by_text("Your interest is recorded.")).to_be_visible()
    expect(employee.get_by_role("button", name="Withdraw my interest")).to_be_visible()

    hr = signed_in(browser, live_server.url, demo.HR_LOGIN).new_page()
    hr.goto("/opportunities/")
    hr.locator(".table").get_by_role("link", name=demo.WORKED_EXAMPLE_TARGET_ROLE).click()
    hr.get_by_role("link", name="Interested people").click()
    rows = hr.locator(".opportunity-fit tbody tr")
    expect(rows).to_have_count(3)  # the demo's two colleagues and her
    expect(rows.first).to_contain_text("Maya Patel")  # the best fit, target bonus included
    expect(hr.get_by_text(re.compile(r"Fit = readiness"))).to_be_visible()
    rows.first.get_by_role("button", name="Fill with Maya Patel").click()
    expect(hr.get_by_text("Filled by Maya Patel.")).to_be_visible()
    expect(hr.get_by_role("status").filter(has_text="Their current role is now")).to_be_visible()

    employee.goto("/map/")
    expect(employee.get_by_text("Target role reached")).to_be_visible()
    expect(employee.get_by_text(demo.WORKED_EXAMPLE_TARGET_ROLE).first).to_be_visible()
    employee.goto("/notifications/")
    expect(employee.get_by_text("You have been selected for").first).to_be_visible()
