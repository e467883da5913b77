"""The API tokens page: a person's own tokens, the secret shown once, revoke by POST."""

from __future__ import annotations

from django.urls import reverse

from apps.api import tokens
from apps.api.models import ApiToken
from tests.conftest import Org, client_for

URL = "/integrations/tokens/"


def test_a_manager_is_offered_read_only_and_hr_every_scope(org: Org) -> None:
    manager_page = client_for(org.manager.user).get(URL).content.decode()
    hr_page = client_for(org.hr_user).get(URL).content.decode()

    assert 'value="read"' in manager_page
    assert 'value="confidential"' not in manager_page
    for scope in ("read", "write", "confidential", "scim"):
        assert f'value="{scope}"' in hr_page


def test_creating_a_token_shows_its_secret_once(org: Org) -> None:
    client = client_for(org.hr_user)

    response = client.post(URL, {"name": "Workday sync", "scopes": ["read", "confidential"]})

    assert response.status_code == 200
    token = ApiToken.objects.get(owner=org.hr_user)
    html = response.content.decode()
    secret = html.split('id="new-token-secret" type="text" readonly value="', 1)[1].split('"')[0]
    assert tokens.authenticate(secret) == token
    assert 'data-copy="new-token-secret"' in html
    assert "no-store" in response["Cache-Control"]
    assert token.scopes == ["confidential", "read"]
    again = client.get(URL).content.decode()
    assert secret not in again
    assert token.prefix in again
    assert "Workday sync" in again


def test_a_manager_cannot_post_a_confidential_scope(org: Org) -> None:
    response = client_for(org.manager.user).post(URL, {"name": "x", "scopes": ["confidential"]})

    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert "new-token-secret" not in response.content.decode()


def test_the_list_shows_only_the_viewers_tokens(org: Org) -> None:
    tokens.token_issue(owner=org.hr_user, name="HR sync", scopes=["read"])
    assert org.manager.user is not None
    tokens.token_issue(owner=org.manager.user, name="Team report", scopes=["read"])

    page = client_for(org.manager.user).get(URL).content.decode()

    assert "Team report" in page
    assert "HR sync" not in page


def test_revoke_stops_the_token_and_the_list_says_so(org: Org) -> None:
    token, secret = tokens.token_issue(owner=org.hr_user, name="Sync", scopes=["read"])
    client = client_for(org.hr_user)

    response = client.post(reverse("api:token-revoke", args=[token.public_id]))

    assert response.status_code == 302
    assert tokens.authenticate(secret) is None
    assert "Revoked" in client.get(URL).content.decode()


def test_revoking_someone_elses_token_is_404(org: Org) -> None:
    token, secret = tokens.token_issue(owner=org.hr_user, name="Sync", scopes=["read"])

    response = client_for(org.manager.user).post(
        reverse("api:token-revoke", args=[token.public_id])
    )

    assert response.status_code == 404
    assert tokens.authenticate(secret) == token


def test_revoke_needs_the_csrf_token(org: Org) -> None:
    from django.test import Client

    token, _secret = tokens.token_issue(owner=org.hr_user, name="Sync", scopes=["read"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.hr_user)

    response = client.post(reverse("api:token-revoke", args=[token.public_id]))

    assert response.status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
