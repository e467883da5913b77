"""Who a SCIM request acts as: the owner of an HR token with the ``scim`` scope.

The API's tokens and rate limit: one kind of credential for every integration, listed and
revoked on one page.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from apps.api import tokens
from apps.api.auth import count_request
from apps.api.models import Scope
from apps.api.problems import RateLimited
from apps.scim.resources import ScimError


def scim_actor(request: HttpRequest) -> Any:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ScimError(401, "Send an API token with the scim scope as a Bearer token.")
    token = tokens.authenticate(secret.strip())
    if token is None:
        raise ScimError(401, "This token is unknown or revoked.")
    if not token.allows(Scope.SCIM) or not token.owner.is_hr:
        raise ScimError(403, "This token may not provision users: it needs the scim scope.")
    try:
        count_request(token)
    except RateLimited as limited:
        raise ScimError(429, str(limited.message), retry_after=limited.retry_after) from None
    return token.owner
