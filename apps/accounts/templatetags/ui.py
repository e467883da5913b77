"""Small presentation helpers shared by every app's templates (load with {% load ui %})."""

from __future__ import annotations

from typing import SupportsFloat

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def meter_step(value: object) -> int:
    """A percentage as one of the .meter__fill--N classes (0-100 in steps of 5).

    CSP forbids inline widths, so bars take their width from a class.
    """
    if not isinstance(value, str | SupportsFloat):
        return 0
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    return int(min(100, max(0, round(number / 5) * 5)))


@register.filter
def signed(value: int) -> str:
    """Points with their sign as a formula writes them: "+15", "+0", and a true minus sign."""
    return f"\u2212{-value}" if value < 0 else f"+{value}"


@register.filter
def absolute(value: int) -> int:
    return abs(value)


@register.simple_tag
def languages_by_own_name() -> list[tuple[str, str]]:
    """settings.LANGUAGES as written there, each in its own language ("English", "Deutsch"):
    {% get_available_languages %} would translate them into the page's language."""
    return [(code, str(name)) for code, name in settings.LANGUAGES]
