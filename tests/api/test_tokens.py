"""Personal access tokens: issued with a secret shown once, stored as a digest, checked in
constant time, revoked for the very next request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from apps.api import tokens
from apps.api.models import ApiToken
from tests.api.conftest import get, secret_for
from tests.conftest import Org

EMPLOYEES = "/api/v1/employees"


def test_it_stores_a_digest_and_a_prefix_never_the_secret(org: Org) -> None:
    token, secret = tokens.token_issue(owner=org.hr_user, name="Workday", scopes=["read"])

    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith("cm_")
    assert len(secret) > 40
    assert stored.prefix == secret[:8]
    assert stored.digest == tokens.digest_of(secret) != secret
    assert secret not in {stored.name, stored.prefix, stored.digest}


def test_it_authenticates_the_secret_and_nothing_else(org: Org) -> None:
    token, secret = tokens.token_issue(owner=org.hr_user, name="Sync", scopes=["read"])

    assert tokens.authenticate(secret) == token
    assert tokens.authenticate(secret + "x") is None
    assert tokens.authenticate(token.digest) is None
    assert tokens.authenticate("") is None


def test_a_token_of_a_deactivated_person_stops_working(org: Org) -> None:
    secret = secret_for(org.hr_user)
    org.hr_user.is_active = False
    org.hr_user.save()

    assert tokens.authenticate(secret) is None


def test_hr_may_grant_every_scope_a_manager_only_read(org: Org) -> None:
    assert tokens.scopes_for(org.hr_user) == ["read", "write", "confidential", "scim"]
    assert org.manager.user is not None
    assert tokens.scopes_for(org.manager.user) == ["read"]
    with pytest.raises(ValidationError):
        tokens.token_issue(owner=org.manager.user, name="x", scopes=["read", "confidential"])
    with pytest.raises(ValidationError):
        tokens.token_issue(owner=org.hr_user, name="x", scopes=[])


def test_people_without_reports_may_not_hold_tokens(org: Org) -> None:
    assert org.employee.user is not None
    with pytest.raises(ValidationError):
        tokens.token_issue(owner=org.employee.user, name="x", scopes=["read"])
    with pytest.raises(ValidationError):
        tokens.token_issue(owner=org.nobody, name="x", scopes=["read"])


def test_revocation_takes_effect_on_the_next_request(org: Org) -> None:
    token, secret = tokens.token_issue(owner=org.hr_user, name="Sync", scopes=["read"])
    assert get(secret, EMPLOYEES).status_code == 200

    tokens.token_revoke(token=token)

    response = get(secret, EMPLOYEES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert token.revoked_at is not None


def test_it_answers_401_with_a_bearer_challenge_without_a_live_token(org: Org) -> None:
    for header in (None, "cm_not-a-token"):
        response = get(header, EMPLOYEES)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == 'Bearer realm="CareerMap API"'
        assert response["Content-Type"] == "application/problem+json"


def test_a_session_does_not_open_the_api(org: Org) -> None:
    session = Client()
    session.force_login(org.hr_user)
    assert session.get(EMPLOYEES).status_code == 401


def test_it_records_the_last_use_at_most_once_a_minute(org: Org, django_assert_num_queries) -> None:
    token, secret = tokens.token_issue(owner=org.hr_user, name="Sync", scopes=["read"])
    assert tokens.authenticate(secret) is not None
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None

    with django_assert_num_queries(1):  # the lookup; no write within the minute
        tokens.authenticate(secret)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    tokens.authenticate(secret)
    later = ApiToken.objects.get(pk=token.pk).last_used_at
    assert later is not None
    assert later > first
    assert later <= timezone.now()
