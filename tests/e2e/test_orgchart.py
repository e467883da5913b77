"""The org chart in a browser: open it, zoom into a sub-tree by keyboard, go back up."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import Org
from tests.e2e.test_foundation_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_hr_zooms_into_a_team_and_back_up(org: Org, live_server, page: Page) -> None:
    sign_in(page, live_server.url, "hr@example.com")
    page.goto(f"{live_server.url}/people/")
    page.get_by_role("link", name="Org chart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Org chart: Director")
    chart = page.locator("svg.orgchart__svg")
    expect(chart.locator(".orgchart__name")).to_have_text(
        ["Director", "Manager", "Employee", "Teammate"]
    )
    manager = chart.locator("a", has=page.locator("text=Manager")).first
    manager.focus()
    page.keyboard.press("Enter")  # SVG links are keyboard links
    expect(page.get_by_role("heading", level=1)).to_have_text("Org chart: Manager")
    expect(page).to_have_url(re.compile(r"root="))
    page.get_by_role("link", name="Up to Director").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Org chart: Director")
    page.get_by_label("Find a person").fill("teammate@example.com")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Org chart: Teammate")
