"""HR and admin accounts must set up a second factor before they see any page."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from apps.accounts.models import User
from tests.conftest import Org, client_for

pytestmark = pytest.mark.django_db
SETUP = reverse("mfa_activate_totp")


@pytest.fixture(autouse=True)
def mfa_required(settings: Any) -> None:
    settings.HR_MFA_REQUIRED = True


def _with_totp(user: User) -> User:
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@pytest.mark.parametrize("url", ["/talent/", "/succession/key-positions/", "/people/", "/imports/"])
def test_hr_without_mfa_is_sent_to_set_it_up_before_any_hr_page(org: Org, url: str) -> None:
    response = client_for(org.hr_user).get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next={url.replace('/', '%2F')}"


def test_the_setup_page_itself_and_sign_out_stay_open(org: Org) -> None:
    client = client_for(org.hr_user)
    # allauth asks for the password again first (a fresh sign-in would go straight through).
    setup = client.get(SETUP)
    assert setup.status_code == 302
    assert setup["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(setup["Location"]).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302


def test_hr_with_mfa_goes_straight_in(org: Org) -> None:
    _with_totp(org.hr_user)
    assert client_for(org.hr_user).get("/talent/").status_code == 200


def test_an_admin_without_mfa_is_sent_to_set_it_up_too(db: None) -> None:
    admin = User.objects.create_superuser("root@example.com", "x")
    response = client_for(admin).get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)


def test_people_without_hr_rights_are_not_asked(org: Org) -> None:
    assert client_for(org.employee.user).get("/map/").status_code in (200, 302)
    response = client_for(org.employee.user).get("/map/")
    assert not response.get("Location", "").startswith(SETUP)
