"""The owner sets a SMART goal and completes a milestone; it is celebrated, her manager sees it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from apps.careermaps.services.maps import map_create
from tests.conftest import Org
from tests.e2e.test_foundation_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_employee_adds_a_smart_goal_completes_a_milestone_and_her_manager_sees_it(
    org: Org, live_server, page: Page, browser: Browser
) -> None:
    career_map = map_create(employee=org.employee)
    goals_url = f"{live_server.url}/map/{career_map.public_id}/goals/"
    today = timezone.localdate()
    sign_in(page, live_server.url, "employee@example.com")
    page.goto(goals_url)
    expect(page.get_by_role("heading", name="What makes a goal SMART")).to_be_visible()

    # First try: no measure and a date in the past. Each gets its explanation beside the field.
    add = page.locator("#goal-add")
    add.get_by_label("Specific: what do you want to achieve?").fill(
        "Become a Product Support Specialist"
    )
    add.get_by_label("Achievable: why is it within your reach?").fill(
        "I already answer second-line product questions"
    )
    add.get_by_label("Relevant: what does it serve?").fill("It is my target role")
    add.get_by_label("Time-bound: target date").fill((today - timedelta(days=3)).isoformat())
    add.get_by_role("button", name="Add goal").click()
    expect(
        page.get_by_text(
            "Say how you will know you got there: a number, a date or a result you can point to."
        )
    ).to_be_visible()
    expect(
        page.get_by_text("A target date in the past cannot motivate: pick a date from today on.")
    ).to_be_visible()
    expect(add.get_by_label("Measurable: how will you know you got there?")).to_have_attribute(
        "aria-invalid", "true"
    )

    # Fixed: the goal appears without a page reload, and the form says so.
    add = page.locator("#goal-add")
    add.get_by_label("Measurable: how will you know you got there?").fill(
        "An accepted offer for the role"
    )
    add.get_by_label("Time-bound: target date").fill((today + timedelta(days=180)).isoformat())
    add.get_by_role("button", name="Add goal").click()
    expect(page.get_by_text("Goal added: Become a Product Support Specialist")).to_be_visible()
    card = page.locator("article.goal-card")
    expect(card.get_by_role("heading", name="Become a Product Support Specialist")).to_be_visible()

    # A milestone, then done: celebrated on the page and on the roadmap.
    card.get_by_label("New milestone").fill("Pass the CRM certification")
    card.get_by_label(re.compile("^Due")).fill((today + timedelta(days=30)).isoformat())
    card.get_by_role("button", name="Add milestone").click()
    expect(page.get_by_text("Milestone added.")).to_be_visible()
    page.locator("article.goal-card").get_by_role("button", name=re.compile("Mark done")).click()
    expect(
        page.get_by_text("Milestone reached: Pass the CRM certification. Well done!")
    ).to_be_visible()
    strip = page.locator("#goal-celebrations")
    expect(strip.get_by_role("heading", name="Recently achieved")).to_be_visible()
    expect(strip.get_by_text("Pass the CRM certification")).to_be_visible()
    expect(
        page.locator("article.goal-card").get_by_text("100% · 1 of 1 milestone done")
    ).to_be_visible()
    dot = page.locator("#goal-roadmap svg circle.roadmap__dot--done title")
    expect(dot).to_have_text(re.compile("Milestone: Pass the CRM certification.*done"))

    # The manager reads the map: the milestone is celebrated, and there is nothing to click.
    manager = browser.new_context().new_page()
    sign_in(manager, live_server.url, "manager@example.com")
    manager.goto(goals_url)
    expect(manager.get_by_text("You are reading Employee's map.")).to_be_visible()
    celebrated = manager.locator("#goal-celebrations .celebration")
    expect(celebrated).to_have_count(1)
    expect(celebrated).to_contain_text("Milestone reached")
    expect(celebrated).to_contain_text("Pass the CRM certification")
    expect(
        manager.get_by_role("button", name=re.compile("Mark done|Undo|Add goal|Delete"))
    ).to_have_count(0)
    expect(manager.get_by_role("link", name=re.compile("^Edit"))).to_have_count(0)
    expect(manager.get_by_text("Add a SMART goal")).to_have_count(0)
