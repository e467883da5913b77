"""Single sign-on: "SSO only" mode, the break-glass rule and HR's identity provider settings.

Matching people to their employee record lives above the employees app (careermap/sso.py);
this module knows only accounts and allauth's SocialApp.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.db import transaction

from apps.accounts.models import SecurityPolicy

OIDC = "openid_connect"
# The app HR sets up in CareerMap: its callback is /accounts/oidc/sso/login/callback/.
OIDC_ID = "sso"


def sso_only() -> bool:
    """Password sign-in and reset are off (the environment's SSO_ONLY or HR's policy)."""
    return bool(settings.SSO_ONLY) or SecurityPolicy.current().sso_only


def is_break_glass(user: Any) -> bool:
    """Superusers keep their password when SSO is only way in: an identity provider that is
    down or misconfigured must not lock the organisation out of its own settings."""
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def password_sign_in_allowed(user: Any) -> bool:
    return is_break_glass(user) or not sso_only()


def oidc_from_environment() -> bool:
    return OIDC in settings.SOCIALACCOUNT_PROVIDERS


def oidc_app() -> SocialApp | None:
    return SocialApp.objects.filter(provider=OIDC, provider_id=OIDC_ID).first()


def any_provider_configured() -> bool:
    return bool(settings.SOCIALACCOUNT_PROVIDERS) or SocialApp.objects.exists()


def _sign_in_urls(app_settings: dict[str, Any]) -> list[str]:
    idp = app_settings.get("idp") or {}
    return [str(app_settings.get("server_url") or ""), str(idp.get("sso_url") or "")]


def provider_origins() -> list[str]:
    """Where the sign-in buttons' forms end up: each identity provider's origin."""
    found = [url for app in SocialApp.objects.all() for url in _sign_in_urls(app.settings)]
    configs: dict[str, dict[str, Any]] = settings.SOCIALACCOUNT_PROVIDERS
    for config in configs.values():
        for app_config in config.get("APPS", []):
            found += _sign_in_urls(app_config.get("settings", {}))
    parts = [urlsplit(url) for url in found if url]
    return sorted({f"{part.scheme}://{part.netloc}" for part in parts if part.netloc})


def masked(secret: str) -> str:
    """Enough of a secret to recognise it, never enough to use it."""
    return f"…{secret[-4:]}" if len(secret) >= 12 else "saved"


@transaction.atomic
def oidc_app_save(
    *, name: str, server_url: str, client_id: str, secret: str, verified_domains: list[str]
) -> SocialApp:
    """Create or update HR's OpenID Connect app. A blank ``secret`` keeps the saved one."""
    app = oidc_app() or SocialApp(provider=OIDC, provider_id=OIDC_ID)
    app.name = name
    app.client_id = client_id
    if secret:
        app.secret = secret
    app.settings = {"server_url": server_url}
    if verified_domains:
        app.settings["verified_email"] = verified_domains
    app.save()
    return app


@transaction.atomic
def oidc_app_remove() -> None:
    """Remove HR's app; SSO only is turned off with it so password sign-in works again."""
    SocialApp.objects.filter(provider=OIDC, provider_id=OIDC_ID).delete()
    if not any_provider_configured():
        SecurityPolicy.objects.filter(pk=SecurityPolicy.current().pk).update(sso_only=False)


def sso_only_set(*, enabled: bool) -> SecurityPolicy:
    policy = SecurityPolicy.current()
    policy.sso_only = enabled
    policy.save(update_fields=["sso_only", "updated_at"])
    return policy
