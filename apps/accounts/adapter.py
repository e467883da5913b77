from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.forms import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from apps.accounts.models import User
from apps.accounts.sso import password_sign_in_allowed, sso_only

SSO_ONLY_MESSAGE = gettext_lazy(
    "Password sign-in is off: sign in with your organisation's single sign-on. "
    "Only break-glass administrator accounts may use a password."
)


class AccountAdapter(DefaultAccountAdapter):
    """Public sign-up is off unless ACCOUNT_ALLOW_SIGNUPS: staff are invited or imported."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(settings.ACCOUNT_ALLOW_SIGNUPS)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        context.setdefault("site_url", settings.SITE_URL)
        super().send_mail(template_prefix, email, context)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """In SSO-only mode a password is checked only for break-glass accounts."""
        super().pre_authenticate(request, **credentials)
        if not sso_only():
            return
        email = str(credentials.get("email") or credentials.get("username") or "")
        user = User.objects.filter(email__iexact=email).first()
        if user is None or not password_sign_in_allowed(user):
            raise ValidationError(SSO_ONLY_MESSAGE)

    def send_password_reset_mail(
        self, user: AbstractBaseUser, email: str, context: dict[str, Any]
    ) -> None:
        # In SSO-only mode a reset link would only make a password nobody may use.
        if password_sign_in_allowed(user):
            super().send_password_reset_mail(user, email, context)
