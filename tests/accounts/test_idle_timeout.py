"""Sessions end after HR's idle timeout; HR sets it on the security policy page."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.middleware import IDLE_KEY, forget_policy
from apps.accounts.models import SecurityPolicy
from tests.conftest import Org, client_for
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_policy() -> None:
    forget_policy()


def _idle_for(client: Client, seconds: int) -> None:
    session = client.session
    session[IDLE_KEY] = int(time.time()) - seconds
    session.save()


def _signed_in(org: Org) -> Client:
    client = Client()
    assert (
        client.post(
            reverse("account_login"), {"login": "employee@example.com", "password": PASSWORD}
        ).status_code
        == 302
    )
    return client


def test_a_session_idle_past_the_policy_is_signed_out_with_a_reason(org: Org) -> None:
    client = _signed_in(org)
    assert client.get("/map/").status_code in (200, 302)
    _idle_for(client, 61 * 60)  # the default policy: 60 minutes

    response = client.get("/map/", follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("account_login"))
    assert "signed out after 60 minutes without activity" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_activity_within_the_policy_keeps_the_session(org: Org) -> None:
    client = _signed_in(org)
    _idle_for(client, 59 * 60)
    response = client.get("/map/")
    assert not response.get("Location", "").startswith(reverse("account_login"))
    # That request counted as activity: the clock starts again.
    assert int(time.time()) - client.session[IDLE_KEY] < 5


def test_hr_sets_the_timeout_and_it_applies_at_once(org: Org) -> None:
    hr = client_for(org.hr_user)
    page = hr.get(reverse("accounts:security"))
    assert page.status_code == 200
    refused = hr.post(reverse("accounts:security"), {"idle_timeout_minutes": "2"})
    assert "Choose between 5 and 1440 minutes." in refused.content.decode()
    assert SecurityPolicy.current().idle_timeout_minutes == 60
    assert hr.post(reverse("accounts:security"), {"idle_timeout_minutes": "15"}).status_code == 302
    assert SecurityPolicy.current().idle_timeout_minutes == 15

    client = _signed_in(org)
    _idle_for(client, 16 * 60)
    response = client.get("/map/")
    assert response["Location"].startswith(reverse("account_login"))


def test_ordinary_browsing_costs_no_query_for_the_policy(org: Org) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _signed_in(org)
    client.get("/map/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/map/")
    assert captured.captured_queries
    assert not any("accounts_securitypolicy" in q["sql"] for q in captured.captured_queries)
    assert not any("django_session" in q["sql"] and "UPDATE" in q["sql"]
                   for q in captured.captured_queries)  # fmt: skip
