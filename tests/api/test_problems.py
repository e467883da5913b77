"""Errors are RFC 9457 problem details; the rate limit answers 429 with Retry-After."""

from __future__ import annotations

from typing import Any

import pytest

from apps.api.auth import count_request
from apps.api.problems import RateLimited
from apps.api.tokens import token_issue
from tests.api.conftest import get, secret_for
from tests.conftest import Org

PROBLEM_KEYS = {"type", "title", "status", "detail"}


def test_a_missing_resource_is_a_problem_document(org: Org) -> None:
    response = get(secret_for(org.hr_user), "/api/v1/roles/00000000-0000-0000-0000-000000000000")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) == PROBLEM_KEYS
    assert (body["title"], body["status"]) == ("Not Found", 404)


def test_a_malformed_id_lists_the_field(org: Org) -> None:
    response = get(secret_for(org.hr_user), "/api/v1/roles/not-a-uuid")

    assert response.status_code in (404, 422)  # Django's uuid converter may refuse the path
    assert response["Content-Type"] == "application/problem+json"


def test_over_the_limit_a_token_gets_429_with_retry_after(org: Org, settings: Any) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    secret = secret_for(org.hr_user)

    codes = [get(secret, "/api/v1/skills").status_code for _ in range(3)]

    assert codes[:2] == [200, 200]
    response = get(secret, "/api/v1/skills")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["status"] == 429
    assert codes[2] == 429


def test_the_limit_counts_each_token_apart(org: Org, settings: Any) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    first, second = secret_for(org.hr_user), secret_for(org.hr_user)

    assert get(first, "/api/v1/skills").status_code == 200
    assert get(first, "/api/v1/skills").status_code == 429
    assert get(second, "/api/v1/skills").status_code == 200


def test_retry_after_is_the_rest_of_the_window(org: Org, settings: Any) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    token, _secret = token_issue(owner=org.hr_user, name="x", scopes=["read"])
    start = 1_800_000_000.0  # a window boundary (divisible by 60)
    count_request(token, now=start + 15)

    with pytest.raises(RateLimited) as refused:
        count_request(token, now=start + 15.5)
    assert refused.value.retry_after == 45
    count_request(token, now=start + 60)  # the next window starts afresh
