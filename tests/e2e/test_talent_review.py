"""HR opens a talent review; the manager rates two reports; HR calibrates one on the 9-box."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.conftest import Org
from tests.e2e.test_foundation_journeys import sign_in
from tests.succession.test_reviews import restore_cells

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "Carried the Q3 launch on her own"


def _rate(page: Page, person: str, performance: str, potential: str) -> None:
    page.get_by_role("group", name=f"Performance of {person}").get_by_label(performance).check()
    page.get_by_role("group", name=f"Potential of {person}").get_by_label(potential).check()
    page.get_by_role("button", name=f"Save rating of {person}").click()


def test_hr_opens_a_cycle_a_manager_rates_and_hr_calibrates_on_the_nine_box(
    org: Org, live_server, page: Page, browser: Browser
) -> None:
    restore_cells()
    today = timezone.localdate()

    # HR opens the cycle.
    sign_in(page, live_server.url, "hr@example.com")
    page.goto(f"{live_server.url}/talent/")
    page.get_by_role("link", name="Open a review cycle").first.click()
    page.get_by_label("Name").fill("2026 H2 talent review")
    page.get_by_label("Opens on").fill(today.isoformat())
    page.get_by_label("Closes on").fill((today + timedelta(days=21)).isoformat())
    page.get_by_role("button", name="Open the cycle").click()
    expect(page.get_by_role("heading", name="2026 H2 talent review")).to_be_visible()

    # The manager rates both reports; each row saves in place and the progress follows.
    manager = browser.new_context().new_page()
    sign_in(manager, live_server.url, "manager@example.com")
    manager.get_by_role("link", name="Talent and succession").click()
    manager.get_by_role("link", name="Rate in 2026 H2 talent review").click()
    expect(manager.get_by_text("0 of 2 rated")).to_be_visible()
    _rate(manager, "Employee", "High", "High")
    expect(manager.locator(f"#person-{org.employee.public_id}").get_by_role("status")).to_have_text(
        "Saved"
    )
    expect(manager.get_by_text("1 of 2 rated")).to_be_visible()
    _rate(manager, "Teammate", "Moderate", "Moderate")
    expect(manager.get_by_text("2 of 2 rated")).to_be_visible()
    manager.context.close()

    # HR sees both on the 9-box and moves the teammate, with a reason, without dragging.
    page.get_by_role("link", name="Open the 9-box").click()
    star = page.get_by_role("region", name=re.compile(r"^Star"))
    expect(star.get_by_role("link", name="Employee")).to_be_visible()
    core = page.get_by_role("region", name=re.compile(r"^Core player"))
    expect(core.get_by_role("link", name="Teammate")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Teammate"))
    row.locator("summary").click()
    row.get_by_label("Move to").select_option(
        label="Future star (performance moderate, potential high)"
    )
    row.get_by_label("Reason").fill(REASON)
    row.get_by_role("button", name="Move Teammate").click()
    expect(page.get_by_text("Teammate moved.")).to_be_visible()
    future_star = page.get_by_role("region", name=re.compile(r"^Future star"))
    expect(future_star.get_by_role("link", name="Teammate")).to_be_visible()

    # The move is in the teammate's calibration history ...
    future_star.get_by_role("link", name="Teammate").click()
    history = page.locator("#history")
    expect(history.get_by_role("cell", name=REASON)).to_be_visible()
    expect(history.get_by_role("cell", name="Core player")).to_be_visible()
    expect(history.get_by_role("cell", name="Hilary HR")).to_be_visible()

    # ... and in the audit log.
    page.goto(f"{live_server.url}/talent/audit/")
    expect(page.get_by_text(f"Calibrated Teammate: {REASON}")).to_be_visible()
    expect(page.get_by_text("Rated Teammate in “2026 H2 talent review”")).to_be_visible()
