"""In a browser: "Sign in with <IdP>", sign in at the identity provider, consent, land home."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from apps.accounts import sso
from tests.conftest import Org
from tests.sso.conftest import IdentityProvider
from tests.sso.idp.setup import CLIENT_ID, CLIENT_SECRET, PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_employee_signs_in_through_the_identity_provider_and_lands_on_their_map(
    org: Org, identity_provider: IdentityProvider, live_server, page: Page
) -> None:
    base = _sign_in_at_provider(page, identity_provider, live_server, "employee@example.com")
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    authorize = page.get_by_role("button", name="Authorize")
    expect(authorize).to_be_visible()  # the provider asks for consent the first time
    authorize.click()
    expect(page).to_have_url(re.compile(re.escape(base)))
    # No map yet: home offers to start one, as after a password sign-in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Start your career map")
    page.get_by_label(re.compile("Account menu")).click()
    expect(page.get_by_text("employee@example.com").first).to_be_attached()


def test_someone_without_an_employee_record_sees_the_refusal(
    org: Org, identity_provider: IdentityProvider, live_server, page: Page
) -> None:
    _sign_in_at_provider(page, identity_provider, live_server, "stranger@example.com")
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CareerMap cannot sign you in")
    expect(page.get_by_text("no employee record for stranger@example.com")).to_be_visible()


def _sign_in_at_provider(
    page: Page, identity_provider: IdentityProvider, live_server, email: str
) -> str:
    """Configure the provider, click its button and fill its sign-in form; our base URL."""
    sso.oidc_app_save(
        name="Example IdP",
        server_url=identity_provider.url,
        client_id=CLIENT_ID,
        secret=CLIENT_SECRET,
        verified_domains=[],
    )
    # 127.0.0.1: the identity provider accepts loopback redirect URIs on any port.
    base = live_server.url.replace("localhost", "127.0.0.1")
    page.goto(f"{base}/accounts/login/")
    page.get_by_role("button", name="Sign in with Example IdP").click()
    expect(page).to_have_url(re.compile(re.escape(identity_provider.url)))
    page.get_by_label(re.compile("email", re.I)).fill(email)
    page.get_by_label(re.compile("password", re.I)).first.fill(PASSWORD)
    return str(base)
