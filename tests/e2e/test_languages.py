"""English and German (issue 15): the demo employee switches to Deutsch in the account menu;
the navigation, the map page and a date read in German, a reload keeps it, and so does signing
out and in again (the choice is saved on the account); then back to English."""

from __future__ import annotations

import re
from datetime import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.accounts.models import User
from apps.demo import data as demo
from apps.notifications.models import Kind, Notification
from apps.skills.models import ProficiencyLevel
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


def _sign_in(page: Page, base: str, *, button: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(demo.EMPLOYEE_LOGIN)
    page.locator("input[name=password]").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile(f"^{button}$", re.I)).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _switch_to(page: Page, menu: str, language: str) -> None:
    page.locator("summary[aria-label^='" + menu + "']").click()
    page.get_by_role("group", name=re.compile("Language|Sprache")).get_by_role(
        "button", name=language
    ).click()


def test_the_demo_employee_works_in_german_and_back(
    demo_org: None, live_server: Any, page: Page
) -> None:
    user = User.objects.get(email=demo.EMPLOYEE_LOGIN)
    march = timezone.make_aware(datetime(2026, 3, 14, 9, 30))
    Notification.objects.create(user=user, kind=Kind.REFLECTION, title="Reflect", created_at=march)
    base = live_server.url
    _sign_in(page, base, button="Sign in")
    page.goto(f"{base}/map/")
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="My map")).to_be_visible()

    map_url = page.url
    _switch_to(page, "Account menu", "Deutsch")
    page.wait_for_load_state()
    assert page.url == map_url  # back on the page it was chosen on
    expect(page.locator("html")).to_have_attribute("lang", "de")
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    expect(nav.get_by_role("link", name="Mein Plan")).to_be_visible()  # the bar's short wording
    expect(page.get_by_role("link", name="Zum Hauptinhalt springen")).to_be_attached()
    page.goto(f"{base}/notifications/")
    expect(page.get_by_role("heading", name="Benachrichtigungen", level=1)).to_be_visible()
    expect(page.locator("time").first).to_have_text("14. März 2026, 09:30")

    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    user.refresh_from_db()
    assert user.language == "de"

    page.locator("summary[aria-label^='Kontomenü']").click()
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_load_state()
    page.context.clear_cookies()  # a new browser: only the account remembers the choice
    _sign_in(page, base, button="Sign in")
    page.goto(f"{base}/map/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("link", name="Mein Plan")).to_be_visible()

    _switch_to(page, "Kontomenü", "English")
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    expect(page.get_by_role("link", name="My map")).to_be_visible()
    user.refresh_from_db()
    assert user.language == "en-gb"
