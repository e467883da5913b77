"""OpenID Connect sign-in against a real identity provider (allauth.idp.oidc on loopback)."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from apps.accounts.models import User
from apps.employees.models import Employee, EmploymentStatus
from tests.conftest import Org
from tests.factories import make_employee
from tests.sso.conftest import sso_sign_in
from tests.sso.idp.setup import CLIENT_ID, CLIENT_SECRET

pytestmark = pytest.mark.django_db


def signed_in_as(client: Client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id).email if user_id else None


def test_an_employee_without_an_account_gets_one_linked_to_their_record(
    org: Org, oidc_app: object
) -> None:
    newcomer = make_employee(
        manager=org.manager, name="New Starter", work_email="newcomer@example.com"
    )
    assert newcomer.user is None
    client = Client()
    response = sso_sign_in(client, "newcomer@example.com")
    assert response.status_code == 302, response.content
    newcomer.refresh_from_db()
    assert newcomer.user is not None
    assert newcomer.user.email == "newcomer@example.com"
    assert newcomer.user.name == "New Starter"
    assert not newcomer.user.has_usable_password()
    assert signed_in_as(client) == "newcomer@example.com"
    assert SocialAccount.objects.filter(user=newcomer.user, provider="sso").exists()


def test_an_existing_account_is_connected_and_signed_in(org: Org, oidc_app: object) -> None:
    client = Client()
    response = sso_sign_in(client, "employee@example.com")
    assert response.status_code == 302
    assert signed_in_as(client) == "employee@example.com"
    assert SocialAccount.objects.get(provider="sso").user == org.employee.user
    # The second time, the connection itself signs them in.
    again = Client()
    assert sso_sign_in(again, "employee@example.com").status_code == 302
    assert signed_in_as(again) == "employee@example.com"
    assert User.objects.filter(email="employee@example.com").count() == 1


def test_someone_who_is_not_an_employee_gets_no_account(org: Org, oidc_app: object) -> None:
    client = Client()
    response = sso_sign_in(client, "stranger@example.com")
    assert response.status_code == 403
    assert b"no employee record for stranger@example.com" in response.content
    assert not User.objects.filter(email="stranger@example.com").exists()
    assert signed_in_as(client) is None


def test_a_leaver_is_refused(org: Org, oidc_app: object) -> None:
    make_employee(
        manager=org.manager, work_email="leaver@example.com", status=EmploymentStatus.LEFT
    )
    client = Client()
    response = sso_sign_in(client, "leaver@example.com")
    assert response.status_code == 403
    assert b"has left the organisation" in response.content
    assert not User.objects.filter(email="leaver@example.com").exists()


def test_a_connected_leaver_is_refused_too(org: Org, oidc_app: object) -> None:
    assert sso_sign_in(Client(), "employee@example.com").status_code == 302
    Employee.objects.filter(pk=org.employee.pk).update(status=EmploymentStatus.LEFT)
    client = Client()
    assert sso_sign_in(client, "employee@example.com").status_code == 403
    assert signed_in_as(client) is None


def test_an_unverified_email_is_refused(org: Org, oidc_app: object) -> None:
    make_employee(manager=org.manager, work_email="unverified@example.com")
    client = Client()
    response = sso_sign_in(client, "unverified@example.com")
    assert response.status_code == 403
    assert b"did not confirm that your email address is verified" in response.content
    assert not User.objects.filter(email="unverified@example.com").exists()


def test_domains_hr_trusts_count_as_verified(org: Org, oidc_app) -> None:
    oidc_app.settings["verified_email"] = ["example.com"]
    oidc_app.save()
    make_employee(manager=org.manager, work_email="unverified@example.com")
    client = Client()
    assert sso_sign_in(client, "unverified@example.com").status_code == 302
    assert signed_in_as(client) == "unverified@example.com"


def test_an_account_without_an_employee_record_is_connected(org: Org, oidc_app: object) -> None:
    client = Client()
    assert sso_sign_in(client, "hr@example.com").status_code == 302
    assert signed_in_as(client) == "hr@example.com"


def test_a_provider_from_the_environment_works_the_same(
    org: Org, identity_provider, settings
) -> None:
    # The shape careermap/settings.py builds from SSO_OIDC_* variables.
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "sso",
                    "name": "Env IdP",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {"server_url": identity_provider.url, "verified_email": None},
                }
            ]
        }
    }
    assert b"Sign in with Env IdP" in Client().get("/accounts/login/").content
    client = Client()
    assert sso_sign_in(client, "employee@example.com").status_code == 302
    assert signed_in_as(client) == "employee@example.com"


def test_hr_signed_in_through_sso_leaves_the_second_factor_to_the_provider(
    org: Org, oidc_app: object, settings
) -> None:
    settings.HR_MFA_REQUIRED = True
    client = Client()
    assert sso_sign_in(client, "hr@example.com").status_code == 302
    assert client.get("/people/").status_code == 200
    settings.HR_MFA_TRUST_SSO = False
    assert client.get("/people/")["Location"].startswith("/accounts/2fa/totp/activate/")
