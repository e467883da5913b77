"""Helpers for the API tests: tokens for the personas, and a client that sends one."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from apps.accounts.models import User
from apps.api import tokens


def secret_for(user: User, *scopes: str) -> str:
    _token, secret = tokens.token_issue(owner=user, name="Test", scopes=scopes or ["read"])
    return secret


def get(secret: str | None, url: str, **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return Client().get(url, params, headers=headers)


def send(
    secret: str, method: str, url: str, body: dict[str, Any], if_match: str | None = None
) -> Any:
    """A JSON POST or PATCH with the token (and an If-Match when given)."""
    headers = {"Authorization": f"Bearer {secret}"}
    if if_match is not None:
        headers["If-Match"] = if_match
    call = getattr(Client(), method.lower())
    return call(url, body, content_type="application/json", headers=headers)


@pytest.fixture(autouse=True)
def _generous_rate_limit(settings: Any) -> None:
    # Each test's tokens are new, but one test may call more than a real client would.
    settings.API_RATE_LIMIT_PER_MINUTE = 10_000
