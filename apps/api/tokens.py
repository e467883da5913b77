"""Issuing, checking and revoking personal access tokens.

A secret is ``cm_`` and 43 random URL-safe characters; the first 8 characters of it are kept as
the prefix that lists show, so an owner can tell their tokens apart without the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.api.access import can_hold_tokens
from apps.api.models import ApiToken, Scope

SECRET_TAG = "cm_"
PREFIX_LENGTH = 8
# last_used_at is for people reading the token list: a minute's precision saves a write per call.
LAST_USED_PRECISION = timedelta(minutes=1)


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def scopes_for(user: User) -> list[str]:
    """The scopes ``user`` may put on a token: HR every one, a manager read only."""
    if user.is_hr:
        return [scope.value for scope in Scope]
    return [Scope.READ.value]


def token_issue(*, owner: User, name: str, scopes: Iterable[str]) -> tuple[ApiToken, str]:
    """A new token and its secret (the only time the secret exists outside the caller)."""
    if not can_hold_tokens(owner):
        raise ValidationError(_("Only HR and managers may make API tokens."))
    chosen = sorted(set(scopes))
    if not chosen:
        raise ValidationError({"scopes": _("Choose at least one scope.")})
    refused = set(chosen) - set(scopes_for(owner))
    if refused:
        refusal = _("You may not grant %(scopes)s.") % {"scopes": ", ".join(sorted(refused))}
        raise ValidationError({"scopes": refusal})
    secret = SECRET_TAG + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        owner=owner,
        name=name.strip(),
        prefix=secret[:PREFIX_LENGTH],
        digest=digest_of(secret),
        scopes=chosen,
    )
    return token, secret


def authenticate(secret: str) -> ApiToken | None:
    """The live token with this secret, its owner loaded; None for anything else.

    The lookup is by digest, so the database compares hashes the caller cannot choose; the
    final comparison is constant-time anyway.
    """
    if not secret.startswith(SECRET_TAG):
        return None
    digest = digest_of(secret)
    token = (
        ApiToken.objects.select_related("owner")
        .filter(digest=digest, revoked_at=None, owner__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, digest):
        return None
    _touch(token)
    return token


def _touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def token_revoke(*, token: ApiToken) -> None:
    """Takes effect on the token's next request: ``authenticate`` skips revoked tokens."""
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
