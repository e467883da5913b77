"""``TokenAuth(scope)``: a bearer token with that scope, counted against its rate limit.

The request then acts as the token's owner (``request.user``), so every endpoint reads through
the same viewer-scoped querysets as the pages and a token sees exactly what its owner sees.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from apps.api import tokens
from apps.api.models import ApiToken
from apps.api.problems import RateLimited

WINDOW_SECONDS = 60


class TokenAuth(HttpBearer):
    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = tokens.authenticate(token)
        if found is None:
            return None
        if not found.allows(self.scope):
            raise HttpError(403, f"This token lacks the {self.scope!r} scope.")
        count_request(found)
        request.user = found.owner
        return found


def count_request(token: ApiToken, now: float | None = None) -> None:
    """A fixed one-minute window per token in the shared cache; over the limit raises 429."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    # The digest, not the id: ids repeat across databases that share one Redis.
    key = f"api:rate:{token.digest[:24]}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr: this request opens the window again
        cache.set(key, count := 1, timeout=WINDOW_SECONDS * 2)
    if count > settings.API_RATE_LIMIT_PER_MINUTE:
        raise RateLimited(retry_after=max(1, math.ceil((window + 1) * WINDOW_SECONDS - now)))


READ = TokenAuth("read")
WRITE = TokenAuth("write")
CONFIDENTIAL = TokenAuth("confidential")
