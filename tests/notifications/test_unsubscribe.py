"""The unsubscribe link in every email: signed, one kind only, no sign-in needed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.notifications.models import Kind, Notification, NotificationPreference, ReminderLog
from apps.notifications.services import enabled_kinds, preference_set, unsubscribe_token
from tests.conftest import Org, client_for

pytestmark = pytest.mark.django_db


def _url(token: str) -> str:
    return reverse("notifications:unsubscribe", args=[token])


def _snapshot() -> tuple[Any, ...]:
    """Everything an unsubscribe could touch."""
    return (
        list(NotificationPreference.objects.values_list("user_id", "kind", "enabled")),
        Notification.objects.count(),
        ReminderLog.objects.count(),
    )


@pytest.fixture
def token(org: Org) -> str:
    return unsubscribe_token(user_id=org.employee.user_id, kind=Kind.REFLECTION)


def test_a_valid_link_asks_first_without_changing_anything(org: Org, token: str) -> None:
    # Link scanners in mail systems fetch links: a GET must not unsubscribe.
    response = Client().get(_url(token))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Stop “Reflection reminders”?" in html
    assert f'action="{_url(token)}"' in html
    assert Kind.REFLECTION in enabled_kinds(org.employee.user)


def test_one_click_unsubscribes_from_that_kind_only_without_signing_in(
    org: Org, token: str
) -> None:
    response = Client(enforce_csrf_checks=True).post(_url(token))

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert enabled_kinds(org.employee.user) == set(Kind.values) - {Kind.REFLECTION}
    assert NotificationPreference.objects.get().user == org.employee.user


def test_unsubscribing_twice_is_harmless(org: Org, token: str) -> None:
    Client().post(_url(token))
    response = Client().post(_url(token))

    assert response.status_code == 200
    assert NotificationPreference.objects.filter(enabled=False).count() == 1


def test_a_mail_clients_one_click_post_works_too(org: Org, token: str) -> None:
    # RFC 8058: the client POSTs "List-Unsubscribe=One-Click" to the header's URL.
    response = Client(enforce_csrf_checks=True).post(_url(token), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Kind.REFLECTION not in enabled_kinds(org.employee.user)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t.replace(".reflection:", ".goal_due:"),  # another kind, same signature
        lambda t: str(int(t.split(".")[0]) + 1) + t[t.index(".") :],  # another person
        lambda t: t[:-2],  # cut short
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature changed
        lambda t: "not-a-token",
    ],
    ids=["kind", "person", "truncated", "signature", "garbage"],
)
def test_a_tampered_link_is_refused_with_a_clear_page_and_changes_nothing(
    org: Org, token: str, tamper: Any
) -> None:
    preference_set(user=org.teammate.user, kind=Kind.GOAL_DUE, enabled=False)
    before = _snapshot()
    bad = _url(tamper(token))

    for response in (Client().get(bad), Client().post(bad)):
        assert response.status_code == 400
        html = response.content.decode()
        assert "This unsubscribe link is not valid" in html
        assert "Nothing has been changed" in html
        assert reverse("careermaps:preferences") in html
    assert _snapshot() == before


def test_a_link_for_an_account_that_no_longer_exists_is_refused(org: Org) -> None:
    token = unsubscribe_token(user_id=987654, kind=Kind.REFLECTION)
    assert Client().post(_url(token)).status_code == 400
    assert not NotificationPreference.objects.exists()


def test_the_link_works_the_same_when_someone_else_is_signed_in(org: Org, token: str) -> None:
    # The signature decides whose emails stop, never the session.
    client_for(org.teammate.user).post(_url(token))

    assert Kind.REFLECTION not in enabled_kinds(org.employee.user)
    assert Kind.REFLECTION in enabled_kinds(org.teammate.user)


def test_the_page_has_no_inline_script_or_style(org: Org, token: str) -> None:
    for response in (Client().get(_url(token)), Client().get(_url("bad"))):
        html = response.content.decode()
        assert "style=" not in html
        assert "<style" not in html
