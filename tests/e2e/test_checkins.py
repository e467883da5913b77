"""A check-in: the employee schedules and prepares, the manager prepares, both then read both,
and on the meeting day they agree an action that shows on the map's plan tab."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from apps.careermaps.services.maps import map_create
from apps.checkins.models import CheckIn
from tests.conftest import Org
from tests.e2e.test_foundation_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PROGRESS = "Closed the first two milestones of my SQL goal"
NOTES = "Ask about the team lead opening in spring"
ACTION = "Shadow the support lead for a week"


def test_both_prepare_then_read_both_and_agree_an_action_that_lands_on_the_plan(
    org: Org, live_server, page: Page, browser: Browser
) -> None:
    career_map = map_create(employee=org.employee)
    tab = live_server.url + reverse("checkins:index", args=[career_map.public_id])
    sign_in(page, live_server.url, "employee@example.com")
    page.goto(live_server.url + reverse("careermaps:overview", args=[career_map.public_id]))
    page.get_by_role("link", name="Check-ins").click()
    expect(page).to_have_url(tab)

    # Scheduling a week ahead, then preparing (saved by htmx, in place).
    ahead = timezone.localdate() + timedelta(days=7)
    page.get_by_label("Meeting date").fill(ahead.isoformat())
    page.get_by_label("How often you meet").select_option("fortnightly")
    page.get_by_role("button", name="Schedule a check-in").click()
    expect(page.get_by_role("heading", name="Preparation", exact=True)).to_be_visible()
    page.get_by_label("Progress on my goals").fill(PROGRESS)
    page.get_by_role("button", name="Save my preparation").click()
    employee_side = page.locator("#side-employee")
    expect(employee_side.get_by_text("Written")).to_be_visible()
    expect(
        page.locator("#side-manager").get_by_text("Hidden until you have both prepared")
    ).to_be_visible()
    detail_url = page.url

    # The manager does not see the employee's answers until they have written theirs.
    manager = browser.new_context().new_page()
    sign_in(manager, live_server.url, "manager@example.com")
    manager.goto(detail_url)
    expect(
        manager.get_by_text("you see each other's once you have both written yours")
    ).to_be_visible()
    expect(manager.get_by_text(PROGRESS)).to_have_count(0)
    manager.get_by_label("My notes for this conversation").fill(NOTES)
    manager.get_by_role("button", name="Save my preparation").click()
    expect(manager.get_by_text(PROGRESS)).to_be_visible()
    expect(manager.get_by_text("You can both read each other's preparation.")).to_be_visible()

    page.reload()
    expect(page.get_by_text(NOTES)).to_be_visible()
    expect(page.get_by_text(PROGRESS)).to_be_visible()

    # The meeting day comes: the manager records what they agreed.
    CheckIn.objects.filter(career_map=career_map).update(meeting_date=timezone.localdate())
    manager.reload()
    manager.get_by_label("What was agreed").fill(ACTION)
    manager.get_by_label("Kind of action").select_option("project")
    manager.get_by_role("button", name="Add to the development plan").click()
    expect(manager.locator("#agreed").get_by_text(ACTION)).to_be_visible()
    manager.get_by_role("button", name="Mark as held and schedule the next").click()
    expect(manager.get_by_text("The next check-in is on")).to_be_visible()

    page.goto(live_server.url + reverse("careermaps:plan", args=[career_map.public_id]))
    expect(page.get_by_role("heading", name=ACTION)).to_be_visible()
    page.goto(tab)
    expect(page.locator(".checkin-history__item")).to_have_count(1)
    expect(page.get_by_text("1 action agreed")).to_be_visible()
