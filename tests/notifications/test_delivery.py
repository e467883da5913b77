"""deliver(): one notification and one email per reminder, exactly once per period."""

from __future__ import annotations

import threading
from smtplib import SMTPException
from typing import Any

import pytest
from django.core import mail
from django.db import connection

from apps.notifications.models import Kind, Notification, ReminderLog
from apps.notifications.services import (
    Item,
    Message,
    Section,
    deliver,
    preference_set,
    unsubscribe_token,
)
from tests.conftest import Org
from tests.factories import UserFactory
from tests.notifications.mailers import FlakyBackend

FLAKY = {"default": {"BACKEND": "tests.notifications.mailers.FlakyBackend"}}
SLOW = {"default": {"BACKEND": "tests.notifications.mailers.SlowBackend"}}


def _message(**overrides: Any) -> Message:
    fields: dict[str, Any] = {
        "kind": Kind.REFLECTION,
        "subject": "Time to reflect on your career map",
        "summary": "Your next reflection was due on Saturday 14 March.",
        "intro": "Take ten minutes.",
        "sections": (
            Section("Coming up", (Item("Milestone: <b>demo</b>", "/map/", "due Monday"),)),
        ),
        "action_label": "Write a reflection",
        "action_url": "/map/journal/#write",
    }
    return Message(**{**fields, **overrides})


def _send(user_id: int, period: str = "2026-03-14", **message: Any) -> bool:
    return deliver(
        user_id=user_id,
        kind=Kind.REFLECTION,
        periods=[period],
        compose=lambda _: _message(**message),
    )


@pytest.fixture
def user(db: None) -> Any:
    return UserFactory(email="maya@example.com", name="Maya Patel")


def test_it_writes_a_notification_and_sends_an_html_and_text_email(user, settings) -> None:
    settings.SITE_URL = "https://careers.example.com"

    assert _send(user.pk) is True

    (notification,) = Notification.objects.filter(user=user)
    assert notification.title == "Time to reflect on your career map"
    assert notification.body == "Your next reflection was due on Saturday 14 March."
    assert notification.url == "/map/journal/#write"
    assert notification.read_at is None
    (email,) = mail.outbox
    assert email.to == ["maya@example.com"]
    assert email.subject == "[CareerMap] Time to reflect on your career map"
    assert "Hello Maya," in email.body
    assert "https://careers.example.com/map/journal/#write" in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="https://careers.example.com/map/journal/#write"' in html
    # Text from the domain (e.g. a milestone's title) is escaped in the HTML part.
    assert "Milestone: &lt;b&gt;demo&lt;/b&gt;" in html


def test_it_links_every_email_to_one_click_unsubscribe_and_the_preferences(user, settings) -> None:
    settings.SITE_URL = "https://careers.example.com"
    _send(user.pk)

    (email,) = mail.outbox
    token = unsubscribe_token(user_id=user.pk, kind=Kind.REFLECTION)
    link = f"https://careers.example.com/notifications/unsubscribe/{token}/"
    assert link in email.body
    assert link in email.alternatives[0][0]
    assert "https://careers.example.com/preferences/" in email.body
    headers = email.message()
    assert headers["List-Unsubscribe"] == f"<{link}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["Auto-Submitted"] == "auto-generated"


def test_it_sends_a_period_once_however_often_it_is_asked(user) -> None:
    assert _send(user.pk) is True
    assert _send(user.pk) is False
    assert _send(user.pk) is False

    assert len(mail.outbox) == 1
    assert Notification.objects.filter(user=user).count() == 1
    (log,) = ReminderLog.objects.filter(user=user)
    assert (log.kind, log.period) == ("reflection", "2026-03-14")
    assert log.notification == Notification.objects.get(user=user)


def test_it_sends_again_for_the_next_period(user) -> None:
    _send(user.pk, "2026-03-14")
    _send(user.pk, "2026-04-13")

    assert len(mail.outbox) == 2


def test_it_composes_only_the_periods_it_claimed(user) -> None:
    seen: list[list[str]] = []

    def compose(claimed: list[str]) -> Message:
        seen.append(claimed)
        return _message(kind=Kind.GOAL_DUE)

    deliver(user_id=user.pk, kind=Kind.GOAL_DUE, periods=["goal:a:soon"], compose=compose)
    deliver(
        user_id=user.pk, kind=Kind.GOAL_DUE, periods=["goal:a:soon", "goal:b:soon"], compose=compose
    )
    deliver(user_id=user.pk, kind=Kind.GOAL_DUE, periods=["goal:a:soon"], compose=compose)

    assert seen == [["goal:a:soon"], ["goal:b:soon"]]
    assert len(mail.outbox) == 2


def test_it_records_a_period_with_nothing_to_say_without_sending(user) -> None:
    assert (
        deliver(
            user_id=user.pk, kind=Kind.MANAGER_DIGEST, periods=["2026-W11"], compose=lambda _: None
        )
        is False
    )

    assert mail.outbox == []
    assert not Notification.objects.exists()
    (log,) = ReminderLog.objects.all()
    assert log.notification is None
    # Handled: the next run does not build the digest again.
    calls: list[int] = []
    deliver(
        user_id=user.pk,
        kind=Kind.MANAGER_DIGEST,
        periods=["2026-W11"],
        compose=lambda _: calls.append(1),  # type: ignore[func-returns-value]
    )
    assert calls == []


def test_it_sends_nothing_of_a_kind_the_user_turned_off(user) -> None:
    preference_set(user=user, kind=Kind.REFLECTION, enabled=False)

    assert _send(user.pk) is False
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()  # turned back on later, it is still due


def test_it_sends_nothing_to_a_deactivated_account(user) -> None:
    user.is_active = False
    user.save()

    assert _send(user.pk) is False
    assert mail.outbox == []


def test_a_failed_send_leaves_no_trace_and_the_retry_sends_it_once(user, settings) -> None:
    settings.MAILERS = FLAKY
    FlakyBackend.failures_left = 1

    with pytest.raises(SMTPException):
        _send(user.pk)
    assert not ReminderLog.objects.exists()
    assert not Notification.objects.exists()

    assert _send(user.pk) is True  # the retry
    assert _send(user.pk) is False  # a duplicate delivery of the same task
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_it_uses_the_same_message_id_when_a_reminder_is_sent_again(user, settings) -> None:
    # After a crash between the mail server's "accepted" and the commit, the retry's email
    # carries the same Message-ID, so mail clients show it once.
    _send(user.pk)
    first = mail.outbox[-1].message()["Message-ID"]
    ReminderLog.objects.all().delete()
    _send(user.pk)
    assert mail.outbox[-1].message()["Message-ID"] == first


def test_it_refuses_an_unknown_kind(user) -> None:
    with pytest.raises(ValueError, match="Unknown notification kind"):
        deliver(user_id=user.pk, kind="spam", periods=["x"], compose=lambda _: None)


def _race(*senders: Any) -> list[Any]:
    """Run each sender in its own thread (its own database connection), all at once."""
    barrier = threading.Barrier(len(senders))
    results: list[Any] = []

    def run(send: Any) -> None:
        try:
            barrier.wait(timeout=5)
            results.append(send())
        except Exception as error:
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(send,)) for send in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_deliveries_send_once(org: Org, settings) -> None:
    """The second worker waits on the first's uncommitted claim, then finds it and stops."""
    settings.MAILERS = SLOW
    user_id = org.employee.user_id

    results = _race(lambda: _send(user_id), lambda: _send(user_id))

    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1
    assert ReminderLog.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_when_the_first_of_two_concurrent_sends_fails_the_second_sends(org: Org, settings) -> None:
    settings.MAILERS = FLAKY
    FlakyBackend.failures_left = 1
    user_id = org.employee.user_id

    results = _race(lambda: _send(user_id), lambda: _send(user_id))

    assert sum(result is True for result in results) == 1
    assert sum(isinstance(result, SMTPException) for result in results) == 1
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.count() == 1
