from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.urls import reverse

from apps.accounts.models import User
from tests.conftest import Org, client_for
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_people_sign_in_with_email_and_password(org: Org) -> None:
    client = client_for(None)
    response = client.post(
        reverse("account_login"), {"login": "EMPLOYEE@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("home"))["Location"] == reverse("careermaps:mine")


def test_a_wrong_password_is_refused_with_a_message(org: Org) -> None:
    response = client_for(None).post(
        reverse("account_login"), {"login": "employee@example.com", "password": "nope"}
    )
    assert response.status_code == 200
    assert b"not correct" in response.content


def test_sign_up_is_closed(db: None) -> None:
    client = client_for(None)
    response = client.post(
        reverse("account_signup"),
        {
            "email": "walk-in@example.com",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )
    assert b"closed" in response.content.lower()
    assert not User.objects.filter(email="walk-in@example.com").exists()


def test_sign_out(org: Org) -> None:
    client = client_for(org.employee.user)
    assert client.post(reverse("account_logout")).status_code == 302
    assert client.get(reverse("home"))["Location"].startswith(reverse("account_login"))


def test_password_reset_sends_a_working_link(org: Org) -> None:
    client = client_for(None)
    client.post(reverse("account_reset_password"), {"email": "employee@example.com"})
    (message,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", message.body)
    assert link, message.body
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link.group(1),
        {"password1": "brand-new-passphrase-9", "password2": "brand-new-passphrase-9"},
    )
    assert response.status_code == 302
    assert client_for(None).login(email="employee@example.com", password="brand-new-passphrase-9")


def test_password_change(org: Org) -> None:
    client = client_for(org.employee.user)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "changed-passphrase-7",
            "password2": "changed-passphrase-7",
        },
    )
    assert response.status_code == 302
    assert client_for(None).login(email="employee@example.com", password="changed-passphrase-7")


def test_every_user_can_turn_on_totp_and_is_then_asked_for_a_code(org: Org) -> None:
    client = client_for(None)
    client.post(reverse("account_login"), {"login": "employee@example.com", "password": PASSWORD})
    # Turning on a second factor asks for the password again first.
    assert client.get(reverse("mfa_activate_totp")).status_code == 302
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    counter = list(yield_hotp_counters_from_time())[len(list(yield_hotp_counters_from_time())) // 2]
    code = format_hotp_value(hotp_value(secret, counter))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=org.employee.user, type="totp").exists()
    # The next sign-in stops at the second factor.
    fresh = client_for(None)
    step = fresh.post(
        reverse("account_login"), {"login": "employee@example.com", "password": PASSWORD}
    )
    assert step["Location"] == reverse("mfa_authenticate")


def test_people_who_lead_a_team_land_on_it_everyone_else_on_their_map(org: Org) -> None:
    assert client_for(org.manager.user).get(reverse("home"))["Location"] == reverse(
        "dashboards:team"
    )
    assert client_for(org.employee.user).get(reverse("home"))["Location"] == reverse(
        "careermaps:mine"
    )
    assert client_for(org.hr_user).get(reverse("home"))["Location"] == reverse(
        "employees:directory"
    )
