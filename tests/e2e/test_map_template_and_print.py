"""Starting a map from one of the method's examples, then printing it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import Org
from tests.e2e.test_foundation_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_map_started_from_a_template_prints_on_one_page(org: Org, live_server, page: Page):
    sign_in(page, live_server.url, "employee@example.com")
    page.get_by_role("link", name="My map").click()
    page.get_by_text("Leadership development map").click()
    page.get_by_role("button", name="Create my map").click()
    expect(page.get_by_text("Your career map is ready.")).to_be_visible()
    page.get_by_role("link", name="Goals & roadmap").click()
    expect(
        page.get_by_role("heading", name="Lead a high-impact cross-team project")
    ).to_be_visible()
    page.get_by_role("link", name="Development & network").click()
    expect(page.get_by_role("heading", name="Ask a senior leader to mentor me")).to_be_visible()

    page.get_by_role("link", name="Print").click()
    printed = page.locator("article.print-map")
    expect(printed).to_contain_text("Goal #1: Lead a high-impact cross-team project")
    expect(printed).to_contain_text("Mentorship:")
    page.emulate_media(media="print")
    # The print stylesheet leaves only the map: no navigation, no buttons.
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(printed).to_be_visible()
