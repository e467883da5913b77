"""Two browser sessions edit one SWOT item: the second is told, sees both versions, and can
re-apply its own on purpose. Nothing is silently overwritten (careermap/versioning.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from apps.careermaps.models import SwotItem
from apps.careermaps.services.assessment import swot_item_add
from apps.careermaps.services.maps import map_create
from tests.conftest import Org
from tests.e2e.test_foundation_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _open_editor(page: Page, tab: str) -> None:
    page.goto(tab)
    page.get_by_role("link", name="Edit item “Calm with customers”").click()
    expect(page.get_by_label("Edit the item")).to_have_value("Calm with customers")


def test_two_sessions_editing_one_swot_item(
    org: Org, live_server, page: Page, browser: Browser
) -> None:
    career_map = map_create(employee=org.employee)
    item = swot_item_add(career_map=career_map, quadrant="S", text="Calm with customers")
    tab = live_server.url + reverse("careermaps:assessment", args=[career_map.public_id])
    other = browser.new_context().new_page()
    for session in (page, other):
        sign_in(session, live_server.url, "employee@example.com")
        _open_editor(session, tab)

    page.get_by_label("Edit the item").fill("Calm under pressure")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(f"#swot-item-{item.public_id}")).to_contain_text("Calm under pressure")

    other.get_by_label("Edit the item").fill("Patient on the phone")
    other.get_by_role("button", name="Save", exact=True).click()
    conflict = other.locator(f"#swot-item-{item.public_id}")
    expect(conflict.get_by_text("This item changed since you opened it")).to_be_visible()
    table = conflict.get_by_role("table", name="The current version beside yours")
    expect(table.get_by_role("row", name="Edit the item")).to_contain_text("Calm under pressure")
    expect(table.get_by_role("row", name="Edit the item")).to_contain_text("Patient on the phone")
    expect(other.get_by_label("Edit the item")).to_have_value("Patient on the phone")
    assert SwotItem.objects.get(pk=item.pk).text == "Calm under pressure"

    # Having seen the current text, the second session saves its own deliberately.
    other.get_by_role("button", name="Save", exact=True).click()
    expect(other.locator(f"#swot-item-{item.public_id}")).to_contain_text("Patient on the phone")
    expect(other.get_by_text("This item changed since you opened it")).to_have_count(0)
    assert SwotItem.objects.get(pk=item.pk).text == "Patient on the phone"
