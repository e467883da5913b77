"""HR and admin accounts need a second factor before they see anything.

They read every rating, slate and map in the organisation: a guessed or reused password must
not be enough. A signed-in HR or staff user without a TOTP authenticator is sent to set one up
(allauth's page) from every URL but the account pages themselves. ``HR_MFA_REQUIRED`` turns
this off (the demo of ``make run`` does, so its HR login needs no phone).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

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
        if not (user.is_staff or getattr(user, "is_hr", False)):
            return False
        has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        if has_totp:
            # Asked once per session: the next pages cost no query.
            request.session[SESSION_FLAG] = True
        return not has_totp
