"""SSO-only mode: no password sign-in or reset, except for break-glass superusers."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from apps.accounts import sso
from tests.conftest import Org, client_for
from tests.factories import PASSWORD, UserFactory
from tests.sso.conftest import sso_sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def sso_only(oidc_app: object) -> None:
    sso.sso_only_set(enabled=True)


def test_password_sign_in_is_refused_for_a_normal_user(org: Org, sso_only: None) -> None:
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "employee@example.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert b"Password sign-in is off" in response.content
    assert "_auth_user_id" not in client.session


def test_the_break_glass_page_refuses_a_normal_user_too(org: Org, sso_only: None) -> None:
    response = Client().post(
        reverse("account_break_glass"), {"login": "employee@example.com", "password": PASSWORD}
    )
    assert b"Password sign-in is off" in response.content


def test_a_superuser_signs_in_with_a_password_at_the_break_glass_page(
    org: Org, sso_only: None
) -> None:
    UserFactory(email="root@example.com", is_superuser=True, is_staff=True)
    client = Client()
    response = client.post(
        reverse("account_break_glass"), {"login": "root@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_the_sign_in_page_offers_only_single_sign_on(org: Org, sso_only: None) -> None:
    page = Client().get(reverse("account_login")).content.decode()
    assert "Sign in with Test IdP" in page
    assert 'name="password"' not in page
    assert reverse("account_break_glass") in page


def test_the_sign_in_page_offers_both_without_sso_only(org: Org, oidc_app: object) -> None:
    page = Client().get(reverse("account_login")).content.decode()
    assert "Sign in with Test IdP" in page
    assert 'name="password"' in page


def test_password_reset_sends_nothing_to_a_normal_user(org: Org, sso_only: None) -> None:
    response = Client().post(reverse("account_reset_password"), {"email": "employee@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []
    page = Client().get(reverse("account_reset_password")).content.decode()
    assert "single sign-on only" in page


def test_password_reset_still_reaches_a_break_glass_superuser(org: Org, sso_only: None) -> None:
    UserFactory(email="root@example.com", is_superuser=True, is_staff=True)
    Client().post(reverse("account_reset_password"), {"email": "root@example.com"})
    assert len(mail.outbox) == 1


def test_single_sign_on_still_works(org: Org, sso_only: None) -> None:
    client = Client()
    assert sso_sign_in(client, "employee@example.com").status_code == 302
    assert "_auth_user_id" in client.session


def test_the_environment_can_force_it(org: Org, settings) -> None:
    settings.SSO_ONLY = True
    response = Client().post(
        reverse("account_login"), {"login": "employee@example.com", "password": PASSWORD}
    )
    assert b"Password sign-in is off" in response.content


def test_the_sign_in_page_lets_its_forms_reach_the_identity_provider(
    org: Org, oidc_app, identity_provider
) -> None:
    # The button posts here and is redirected there: CSP form-action must allow both.
    policy = Client().get(reverse("account_login"))["Content-Security-Policy"]
    form_action = next(part for part in policy.split(";") if "form-action" in part)
    assert "'self'" in form_action
    assert identity_provider.url in form_action
    # Other pages keep form-action 'self' alone.
    other = client_for(org.employee.user).get("/preferences/")["Content-Security-Policy"]
    assert identity_provider.url not in other
