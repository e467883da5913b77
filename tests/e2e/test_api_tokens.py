"""A manager makes an API token in the browser, copies the secret shown once, and uses it; the
API docs page runs under our strict CSP."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from tests.conftest import Org
from tests.e2e.test_foundation_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _csp_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if "Content Security Policy" in message.text and "script" in message.text
            else None
        ),
    )
    return errors


def test_a_manager_makes_a_token_copies_it_and_the_api_answers_to_it(
    org: Org, live_server, page: Page
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    errors = _csp_errors(page)
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/integrations/tokens/")

    page.get_by_label("Name").fill("Team report")
    expect(page.get_by_label("Confidential", exact=False)).to_have_count(0)
    page.get_by_role("button", name="Create token").click()

    secret = page.get_by_label("Token", exact=True).input_value()
    assert secret.startswith("cm_")
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == secret
    expect(page.get_by_role("cell", name="Team report", exact=True)).to_be_visible()
    answer = Client().get("/api/v1/employees", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 200
    assert errors == []


def test_the_api_docs_render_under_the_strict_csp(org: Org, live_server, page: Page) -> None:
    errors = _csp_errors(page)
    page.goto(f"{live_server.url}/api/v1/docs")

    expect(page.get_by_text("CareerMap API").first).to_be_visible()
    expect(page.get_by_text("/api/v1/employees").first).to_be_visible()
    assert errors == []
