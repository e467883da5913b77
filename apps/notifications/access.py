"""Whose notifications a viewer may read: their own, and nobody else's (404, as for none)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from apps.notifications.models import Notification


def notifications_for(user: Any) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def get_notification_for(user: Any, public_id: UUID) -> Notification:
    return get_object_or_404(notifications_for(user), public_id=public_id)


def unread_count(user: Any) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()
