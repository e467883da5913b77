"""Delivery: one in-app notification and one email per reminder, exactly once per period.

``deliver`` claims the reminder's ReminderLog rows first (``INSERT ... ON CONFLICT DO
NOTHING``), then writes the notification and sends the email, all in one transaction:

- a second run or a retry finds the rows and sends nothing;
- a concurrent run blocks on the uncommitted rows, then finds them and sends nothing;
- a failed send (or a worker that dies mid-send) rolls everything back, so the retry, or the
  next periodic run, sends it.

The one window left is a crash after the mail server accepted the message and before the
commit: the retry sends again, with the same Message-ID, so mail clients show it once.
"""

from __future__ import annotations

import email.policy
import hashlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from apps.accounts.language import language_of
from apps.accounts.models import User
from apps.notifications.models import Kind, Notification, NotificationPreference, ReminderLog

log = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
SUBJECT_PREFIX = "[CareerMap] "


@dataclass(frozen=True)
class Item:
    text: str
    url: str = ""  # a path inside the site
    detail: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Message:
    """What a domain app wants to say; URLs are paths, made absolute for the email."""

    kind: str
    subject: str
    summary: str  # one line: the in-app notification's text
    intro: str = ""
    sections: tuple[Section, ...] = ()
    action_label: str = ""
    action_url: str = ""
    footnote: str = ""


Compose = Callable[[list[str]], Message | None]


def deliver(*, user_id: int, kind: str, periods: Sequence[str], compose: Compose) -> bool:
    """Send ``kind`` to the user for the ``periods`` not handled yet; True when something went.

    ``compose`` receives the periods this call claimed (a subset of ``periods``) and returns
    the message about them, or None when there is nothing to say (the periods still count as
    handled). It runs inside the transaction, after the claim, so only the winner builds it.
    """
    if kind not in Kind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    with transaction.atomic():
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is None or not kind_enabled(user_id=user_id, kind=kind):
            return False
        claimed = _claim(user_id, kind, periods)
        if not claimed:
            return False
        # Composed, stored and emailed in the recipient's language, not the sender's.
        with translation.override(language_of(user)):
            message = compose(claimed)
            if message is None:
                return False
            notification = Notification.objects.create(
                user=user,
                kind=kind,
                title=message.subject[:200],
                body=message.summary[:2000],
                url=message.action_url[:500],
            )
            ReminderLog.objects.filter(user_id=user_id, kind=kind, period__in=claimed).update(
                notification=notification
            )
            _email(user, message, message_id=_message_id(user_id, kind, claimed))
    return True


def _claim(user_id: int, kind: str, periods: Sequence[str]) -> list[str]:
    """Insert the log rows that do not exist yet; the ones inserted are ours to send."""
    wanted = sorted(set(periods))
    if not wanted:
        return []
    table = ReminderLog._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (user_id, kind, period, created_at)
            SELECT %s, %s, p, %s FROM unnest(%s::text[]) AS p
            ON CONFLICT (user_id, kind, period) DO NOTHING
            RETURNING period
            """,  # noqa: S608  # nosec B608 - the table name is ours, the values are parameters
            [user_id, kind, timezone.now(), wanted],
        )
        return sorted(row[0] for row in cursor.fetchall())


def _message_id(user_id: int, kind: str, periods: Sequence[str]) -> str:
    # Stable for one reminder, so a resend after a crash is recognised as the same message.
    digest = hashlib.sha256("|".join([str(user_id), kind, *periods]).encode()).hexdigest()[:24]
    host = urlsplit(settings.SITE_URL).hostname or "careermap.local"
    return f"<reminder.{digest}@{host}>"


def absolute(path: str) -> str:
    return settings.SITE_URL + path if path.startswith("/") else path


def _signer() -> signing.Signer:
    return signing.Signer(salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    """``<user id>.<kind>:<signature>``: short, the same in every email, never expiring."""
    return _signer().sign(f"{user_id}.{kind}")


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return absolute(reverse("notifications:unsubscribe", args=[token]))


def preferences_url() -> str:
    return absolute(reverse("careermaps:preferences"))


class _ReminderEmail(EmailMultiAlternatives):
    def message(self, *, policy: Any = None) -> Any:
        # The default policy folds lines at 78 characters, and a List-Unsubscribe URL has
        # nowhere to fold, so it would be RFC 2047-encoded, which mail clients do not read.
        # RFC 5322 allows lines of up to 998 characters: fold only beyond that.
        base = policy or email.policy.default
        return super().message(policy=base.clone(max_line_length=998))


def _email(user: User, message: Message, *, message_id: str) -> None:
    unsubscribe = unsubscribe_url(user_id=user.pk, kind=message.kind)
    context = {
        "user": user,
        "message": message,
        "kind_label": Kind(message.kind).label,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe,
        "preferences_url": preferences_url(),
    }
    mail = _ReminderEmail(
        subject=SUBJECT_PREFIX + message.subject,
        body=render_to_string("notifications/email/message.txt", context),
        to=[user.email],
        headers={
            "Message-ID": message_id,
            # RFC 8058: mail clients offer their own one-click "Unsubscribe" button.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "X-CareerMap-Kind": message.kind,
        },
    )
    mail.attach_alternative(
        render_to_string("notifications/email/message.html", context), "text/html"
    )
    mail.send()


# --------------------------------------------------------------------------- preferences


def kind_enabled(*, user_id: int, kind: str) -> bool:
    return not NotificationPreference.objects.filter(
        user_id=user_id, kind=kind, enabled=False
    ).exists()


def enabled_kinds(user: User) -> set[str]:
    muted = set(
        NotificationPreference.objects.filter(user=user, enabled=False).values_list(
            "kind", flat=True
        )
    )
    return set(Kind.values) - muted


@transaction.atomic
def preference_set(*, user: User, kind: str, enabled: bool) -> NotificationPreference:
    if kind not in Kind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"enabled": enabled}
    )
    return preference


@transaction.atomic
def preferences_set(*, user: User, enabled: Mapping[str, bool]) -> None:
    for kind, on in enabled.items():
        preference_set(user=user, kind=kind, enabled=on)


@dataclass(frozen=True)
class Unsubscribe:
    user: User
    kind: Kind


def unsubscribe_check(token: str) -> Unsubscribe | None:
    """Who and what a link unsubscribes, or None when it was altered or names nothing."""
    try:
        value = _signer().unsign(token)
    except signing.BadSignature:
        return None
    user_id, _, kind = value.partition(".")
    if not user_id.isdigit() or kind not in Kind.values:
        return None
    user = User.objects.filter(pk=int(user_id)).first()
    return Unsubscribe(user, Kind(kind)) if user else None


def unsubscribe(*, token: str) -> Unsubscribe | None:
    """Turn off one kind for the link's owner. Changes nothing when the link is invalid."""
    found = unsubscribe_check(token)
    if found is not None:
        preference_set(user=found.user, kind=found.kind, enabled=False)
        log.info("user %s unsubscribed from %s", found.user.pk, found.kind)
    return found


# --------------------------------------------------------------------------- reading


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
