"""Delivery records: in-app notifications, the reminder log, and who wants which kind.

This app knows nothing of careers, maps or succession: domain apps decide who is due and what
to say, then hand a message to ``services.deliver``. The kinds are listed here only so that
preferences and unsubscribe links can name them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careermap.fields import ChoiceLabels


class Kind(models.TextChoices):
    REFLECTION = "reflection", _("Reflection reminders")
    GOAL_DUE = "goal_due", _("Goal and milestone nudges")
    FOLLOW_UP = "follow_up", _("Networking follow-ups")
    MANAGER_DIGEST = "manager_digest", _("Weekly team digest")
    SUCCESSION_REVIEW = "succession_review", _("Succession plans due for review")
    REVIEW_CLOSING = "review_closing", _("Talent reviews closing with ratings missing")
    CHECKIN_PREP = "checkin_prep", _("Check-in preparation")
    OPPORTUNITY = "opportunity", _("Internal opportunities")


KIND_HELP = {
    Kind.REFLECTION: _("When a reflection is due on your map, with a link to write one."),
    Kind.GOAL_DUE: _("Goals and milestones due within a week, or overdue."),
    Kind.FOLLOW_UP: _("Networking contacts you planned to follow up with."),
    Kind.MANAGER_DIGEST: _(
        "Monday mornings: your team's completed milestones, ratings waiting for you, and who "
        "may need a conversation. Never the content of anyone's reflections."
    ),
    Kind.SUCCESSION_REVIEW: _(
        "Key positions whose succession plan has not been reviewed in 90 days."
    ),
    Kind.REVIEW_CLOSING: _("A talent review closing within a week with people still unrated."),
    Kind.CHECKIN_PREP: _(
        "Two days before a check-in with your manager or a report, if your "
        "preparation is not written yet."
    ),
    Kind.OPPORTUNITY: _(
        "An internal opportunity you are interested in is filled or closed; a "
        "report tells you they are interested in one."
    ),
}


class Notification(ChoiceLabels):
    """One in-app notification; the bell counts the unread ones."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=2000, blank=True)
    url = models.CharField(max_length=500, blank=True, help_text="A path inside the site.")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            models.Index(
                fields=["user"],
                condition=models.Q(read_at__isnull=True),
                name="notification_user_unread",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ReminderLog(ChoiceLabels):
    """A reminder handled for one person, one kind and one period: never handled twice.

    ``period`` names what the reminder is about, e.g. ``2026-03-14`` (a reflection due that
    day), ``2026-W11`` (a weekly digest) or ``milestone:<uuid>:overdue``. The row is inserted
    in the same transaction that writes the notification and sends the email, so it exists
    exactly when the reminder went out (or was found to have nothing to say).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_logs"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    period = models.CharField(max_length=120)
    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "period"], name="reminder_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} for user {self.user_id}"


class NotificationPreference(ChoiceLabels):
    """A person's choice for one kind. No row means the default: they receive it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {'on' if self.enabled else 'off'}"
