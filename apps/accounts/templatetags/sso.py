"""The sign-in pages' view of single sign-on (load with {% load sso %})."""

from __future__ import annotations

from django import template

from apps.accounts import sso

register = template.Library()


@register.simple_tag
def sso_only_mode() -> bool:
    return sso.sso_only()
