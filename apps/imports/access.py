"""Imports are HR's: to anyone else every import URL answers 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from apps.imports.models import ImportJob


def is_hr(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_hr)


def jobs_visible_to(user: Any) -> QuerySet[ImportJob]:
    """HR sees every import (a colleague's too: imports are a team's work)."""
    return ImportJob.objects.all() if is_hr(user) else ImportJob.objects.none()
