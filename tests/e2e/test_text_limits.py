"""A field's length limit is shown, and a paste the limit cut short says so."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from apps.careermaps.services.maps import map_create
from tests.conftest import Org
from tests.e2e.test_foundation_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
QUESTION = "What progress have you made since your last reflection?"

PASTE = """(text) => {
  const field = document.activeElement;
  const data = new DataTransfer();
  data.setData("text/plain", text);
  field.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true}));
}"""


def test_the_counter_shows_the_limit_and_a_cut_paste_is_explained(
    org: Org, live_server, page: Page
) -> None:
    career_map = map_create(employee=org.employee)
    sign_in(page, live_server.url, "employee@example.com")
    page.goto(live_server.url + reverse("careermaps:journal", args=[career_map.public_id]))
    field = page.get_by_label(QUESTION)
    counter = page.locator(f"#{field.get_attribute('id')}_counter")
    expect(counter).to_contain_text("Up to 4000 characters.")

    field.fill("Shadowed the product team")
    expect(counter).to_contain_text("25 of 4,000 characters.")

    field.fill("")
    field.focus()
    page.evaluate(PASTE, "x" * 10_000)
    field.fill("x" * 10_000)  # the browser keeps the first 4,000
    expect(field).to_have_value("x" * 4_000)
    expect(counter).to_contain_text("4,000 of 4,000 characters: the limit.")
    expect(counter).to_contain_text("Your paste was 6,000 characters too long")
    expect(counter).to_have_class("field__counter field__counter--full")
