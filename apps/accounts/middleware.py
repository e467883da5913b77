"""Sign-in policies that hold on every page.

``RequireMfaForHr``: HR and admin accounts need a second factor before they see anything.

They read every rating, slate and map in the organisation: a guessed or reused password must
not be enough. A signed-in HR or staff user without a TOTP authenticator is sent to set one up
(allauth's page) from every URL but the account pages themselves. ``HR_MFA_REQUIRED`` turns
this off (the demo of ``make run`` does, so its HR login needs no phone). A session signed in
through single sign-on leaves the second factor to the identity provider (its own MFA policy),
unless ``HR_MFA_TRUST_SSO`` is off: an SSO-only account has no password to confirm TOTP with.

``IdleTimeout``: a session idle for longer than HR's policy is signed out.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import ngettext

from apps.accounts.models import IDLE_TIMEOUT_RANGE, SecurityPolicy
from apps.accounts.sso import provider_origins

# Where a user without MFA may still go: sign-in, sign-out, the MFA setup itself, and files.
OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz")
SESSION_FLAG = "careermap_mfa_ok"


class RequireMfaForHr:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_set_up(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_activate_totp')}?{query}")
        return self.get_response(request)

    def _must_set_up(self, request: HttpRequest) -> bool:
        user = request.user
        if not settings.HR_MFA_REQUIRED or not user.is_authenticated:
            return False
        if request.path.startswith(OPEN_PREFIXES) or request.session.get(SESSION_FLAG):
            return False
        if settings.HR_MFA_TRUST_SSO and signed_in_through_sso(request):
            return False
        if not (user.is_staff or getattr(user, "is_hr", False)):
            return False
        has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        if has_totp:
            # Asked once per session: the next pages cost no query.
            request.session[SESSION_FLAG] = True
        return not has_totp


def signed_in_through_sso(request: HttpRequest) -> bool:
    """The identity provider signed this session in (allauth records how each one was)."""
    methods = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
    return any(method.get("method") == "socialaccount" for method in methods)


IDLE_KEY = "careermap_last_seen"
TOUCH_EVERY_SECONDS = 60  # the session is written at most once a minute, not every request
POLICY_TTL_SECONDS = 30
_policy_cache: dict[str, float] = {}


def idle_timeout_seconds() -> int:
    """HR's idle timeout, read at most every 30 s per process (a page costs no query)."""
    now = time.monotonic()
    if _policy_cache.get("until", 0.0) < now:
        _policy_cache["seconds"] = SecurityPolicy.current().idle_timeout_minutes * 60
        _policy_cache["until"] = now + POLICY_TTL_SECONDS
    return int(_policy_cache["seconds"])


def forget_policy() -> None:
    """After HR changes the policy: this process reads it again on the next request."""
    _policy_cache.clear()


class IdleTimeout:
    """Signs out a person whose last request is older than HR's idle timeout.

    A shared or unattended computer must not stay signed in to HR data. The time of the last
    request is kept in the session (written at most once a minute)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(IDLE_KEY)
            # The policy is only read once someone has been idle for at least the shortest
            # timeout HR can choose: ordinary browsing never queries it.
            idle = now - last if isinstance(last, int) else 0
            if idle > IDLE_TIMEOUT_RANGE[0] * 60 and idle > idle_timeout_seconds():
                minutes = idle_timeout_seconds() // 60
                logout(request)
                note = ngettext(
                    "You were signed out after %(minutes)s minute without activity.",
                    "You were signed out after %(minutes)s minutes without activity.",
                    minutes,
                )
                messages.info(request, note % {"minutes": minutes})
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('account_login')}?{query}")
            if not isinstance(last, int) or now - last >= TOUCH_EVERY_SECONDS:
                request.session[IDLE_KEY] = now
        return self.get_response(request)


def mark_signed_in(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """Sign-in counts as activity: the first page after it writes nothing to the session."""
    if request is not None and hasattr(request, "session"):
        request.session[IDLE_KEY] = int(time.time())


class SsoFormAction:
    """The sign-in pages' forms may lead to the identity provider.

    A "Sign in with …" button posts to CareerMap, which redirects to the provider, and the
    browser holds the whole redirect chain to the page's CSP form-action: with only 'self' it
    stops at CareerMap. The account pages (and only they) add each provider's origin."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/accounts/") and (origins := provider_origins()):
            config: dict[str, Any] = dict(settings.SECURE_CSP)
            config["form-action"] = [*config.get("form-action", []), *origins]
            response._csp_config = config  # type: ignore[attr-defined]
        return response
