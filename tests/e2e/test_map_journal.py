"""An employee keeps a private reflection journal, shares one entry, and their manager reads it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from apps.careermaps.services.maps import map_create
from tests.conftest import Org
from tests.e2e.test_foundation_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PRIVATE = "Shadowed the product team twice; thinking about other options too"
SHARED = "Finished the product training course and passed the quiz"


def _write(page: Page, progress: str, confidence: str, adjust: str = "") -> None:
    page.get_by_label("What progress have you made since your last reflection?").fill(progress)
    page.get_by_label("What would you adjust or do differently next time?").fill(adjust)
    page.get_by_label(confidence).check()
    page.get_by_role("button", name="Save reflection").click()


def test_a_private_reflection_stays_private_and_a_shared_one_reaches_the_manager(
    org: Org, live_server, page: Page, browser: Browser
) -> None:
    career_map = map_create(employee=org.employee)
    journal_url = live_server.url + reverse("careermaps:journal", args=[career_map.public_id])
    sign_in(page, live_server.url, "employee@example.com")
    page.goto(journal_url)
    expect(page.get_by_role("heading", name="Write a reflection")).to_be_visible()

    # A missing required answer is explained beside the question, and nothing is saved.
    page.get_by_label("4 Fairly").check()
    page.get_by_role("button", name="Save reflection").click()
    progress = page.get_by_label("What progress have you made since your last reflection?")
    expect(page.get_by_text("Write a line or two about your progress")).to_be_visible()
    expect(progress).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("No reflections yet")).to_be_visible()

    _write(page, PRIVATE, "2 Not very", adjust="Ask for a sandbox account")
    expect(page.get_by_text("Reflection saved")).to_be_visible()
    entry = page.locator("article.reflection", has_text=PRIVATE)
    expect(entry.get_by_text("Private", exact=True)).to_be_visible()
    due = timezone.localdate() + timedelta(days=30)
    expect(page.get_by_text(f"Next reflection due {due:%-d %b %Y}")).to_be_visible()
    expect(page.get_by_text("(in 30 days)")).to_be_visible()
    # The next entry is written with the last "what to adjust" in view.
    expect(page.get_by_text("you planned to adjust")).to_be_visible()
    expect(page.locator("#write").get_by_text("Ask for a sandbox account")).to_be_visible()

    _write(page, SHARED, "4 Fairly")
    shared = page.locator("article.reflection", has_text=SHARED)
    shared.get_by_role("button", name="Share with my manager").click()
    expect(shared.get_by_text("Shared with manager")).to_be_visible()
    expect(shared.get_by_role("button", name="Make private")).to_be_visible()
    expect(
        page.get_by_role("img", name=re.compile(r"Confidence over 2 reflections.*: 2, 4"))
    ).to_be_visible()

    manager = browser.new_context().new_page()
    sign_in(manager, live_server.url, "manager@example.com")
    manager.goto(journal_url)
    expect(manager.get_by_text(SHARED)).to_be_visible()
    expect(manager.locator("article.reflection")).to_have_count(1)
    expect(manager.get_by_text(PRIVATE)).to_have_count(0)
    expect(manager.get_by_text("Next reflection due")).to_have_count(0)
    expect(manager.get_by_role("button", name="Save reflection")).to_have_count(0)
    expect(manager.get_by_role("button", name="Make private")).to_have_count(0)
