"""``{{ role|role_url }}``: a role's explore page, without a URL reversal per row.

The explorer's lists link every row to its role (the paths page 33 times, the catalogue 20):
``{% url 'explore:role' ... %}`` reverses the pattern each time. The URL is the same but for the
role's UUID, so it is reversed once (per URL configuration and script prefix) with a blank
UUID, and each row's UUID written in its place: a UUID is URL-safe, it is never quoted.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from uuid import UUID

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

BLANK = UUID(int=0)


@cache
def _pattern(urlconf: Any, prefix: str) -> str:
    return reverse("explore:role", urlconf=urlconf, args=[BLANK])


@register.filter
def role_url(role: Any) -> str:
    """The same URL as ``{% url 'explore:role' role.public_id %}``."""
    pattern = _pattern(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return pattern.replace(str(BLANK), str(role.public_id))
