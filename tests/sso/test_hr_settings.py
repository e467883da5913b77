"""HR's single sign-on page: who may open it, what it saves and what it refuses."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialApp
from django.urls import reverse

from apps.accounts import sso
from apps.accounts.models import SecurityPolicy
from tests.conftest import Org, client_for

pytestmark = pytest.mark.django_db

URL = "/settings/sso/"
GOOD = {
    "name": "Contoso Entra ID",
    "server_url": "https://login.microsoftonline.com/tenant-id/v2.0/.well-known/openid-configuration",
    "client_id": "client-123",
    "secret": "a-very-long-client-secret-9876",
    "verified_domains": "contoso.com, @Contoso.co.uk",
}


@pytest.mark.parametrize("persona", ["employee", "manager", "director"])
def test_only_hr_opens_it(org: Org, persona: str) -> None:
    user = getattr(org, persona).user
    assert client_for(user).get(URL).status_code == 404
    assert client_for(user).post(URL, GOOD).status_code == 404
    mode = client_for(user).post(reverse("accounts:sso-mode"), {"sso_only": "on"})
    assert mode.status_code == 404
    assert not SocialApp.objects.exists()


def test_anonymous_is_sent_to_sign_in(db: None) -> None:
    response = client_for(None).get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_hr_sets_up_a_provider(org: Org) -> None:
    client = client_for(org.hr_user)
    page = client.get(URL).content.decode()
    assert "/accounts/oidc/sso/login/callback/" in page
    response = client.post(URL, GOOD)
    assert response.status_code == 302
    app = SocialApp.objects.get(provider="openid_connect", provider_id="sso")
    assert app.name == "Contoso Entra ID"
    assert app.settings == {
        "server_url": "https://login.microsoftonline.com/tenant-id/v2.0",
        "verified_email": ["contoso.com", "contoso.co.uk"],
    }
    assert app.secret == GOOD["secret"]


def test_the_secret_is_never_shown_back_and_blank_keeps_it(org: Org) -> None:
    client = client_for(org.hr_user)
    client.post(URL, GOOD)
    page = client.get(URL).content.decode()
    assert GOOD["secret"] not in page
    assert "…9876" in page
    client.post(URL, {**GOOD, "secret": "", "name": "Renamed"})
    app = SocialApp.objects.get()
    assert (app.name, app.secret) == ("Renamed", GOOD["secret"])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("server_url", "http://idp.example.com", "Use an https:// address"),
        ("server_url", "not a url", "Enter a valid URL"),
        ("secret", "", "Enter the client secret"),
        ("verified_domains", "contoso, ok.com", "Not a domain: contoso"),
        ("name", "", "This field is required"),
    ],
)
def test_bad_input_gets_a_message_next_to_its_field(
    org: Org, field: str, value: str, message: str
) -> None:
    response = client_for(org.hr_user).post(URL, {**GOOD, field: value})
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert message in response.content.decode()
    assert not SocialApp.objects.exists()


def test_sso_only_needs_a_provider_first(org: Org) -> None:
    response = client_for(org.hr_user).post(reverse("accounts:sso-mode"), {"sso_only": "on"})
    assert response.status_code == 400
    assert "Set up an identity provider first" in response.content.decode()
    assert not SecurityPolicy.current().sso_only


def test_hr_turns_sso_only_on_and_removing_the_provider_turns_it_off(org: Org) -> None:
    client = client_for(org.hr_user)
    client.post(URL, GOOD)
    assert client.post(reverse("accounts:sso-mode"), {"sso_only": "on"}).status_code == 302
    assert sso.sso_only()
    assert client.post(reverse("accounts:sso-remove")).status_code == 302
    assert not SocialApp.objects.exists()
    assert not sso.sso_only()


def test_a_provider_from_the_environment_is_not_editable(org: Org, settings) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    client = client_for(org.hr_user)
    assert "set by its environment" in client.get(URL).content.decode()
    assert client.post(URL, GOOD).status_code == 404
