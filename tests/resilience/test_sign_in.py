"""Sign-in under faults and abuse: a stopped Redis, one person guessing, a shared proxy IP.

The rate limits live in the cache (``careermap.cache.FallbackRedisCache``). These tests run a
Redis server of their own on a free port, so stopping it disturbs nothing else.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from careermap.cache import FallbackRedisCache
from tests.conftest import Org, require
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.redis]
LOGIN = "/accounts/login/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def own_redis() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    require(shutil.which("redis-server") is not None, "redis-server is not installed")
    port = _free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0", server
    server.kill()
    server.wait()


@pytest.fixture
def redis_cache(settings: Any, own_redis: tuple[str, subprocess.Popen[bytes]]) -> Any:
    url, server = own_redis
    settings.CACHES = {
        "default": {"BACKEND": "careermap.cache.FallbackRedisCache", "LOCATION": url}
    }
    cache.clear()
    return server


def _sign_in(email: str, password: str, **headers: str) -> int:
    response = Client(**headers).post(LOGIN, {"login": email, "password": password})
    return response.status_code


def test_sign_in_keeps_working_while_redis_is_down_and_still_limits(
    org: Org, redis_cache: subprocess.Popen[bytes]
) -> None:
    assert _sign_in("employee@example.com", PASSWORD) == 302  # Redis up
    redis_cache.kill()
    redis_cache.wait()

    assert _sign_in("employee@example.com", PASSWORD) == 302  # Redis down: still signs in
    # The limit holds through the outage, counted in this process: five wrong passwords...
    for _ in range(5):
        assert _sign_in("manager@example.com", "wrong") == 200
    # ...and the right one is refused for that account for now.
    refused = Client().post(LOGIN, {"login": "manager@example.com", "password": PASSWORD})
    assert refused.status_code in (200, 429)
    assert b"Too many failed login attempts" in refused.content
    # A password reset form answers too (it used to be a 500 without Redis).
    assert Client().get(reverse("account_reset_password")).status_code == 200
    assert (
        Client().post(reverse("account_reset_password"), {"email": "employee@example.com"})
    ).status_code == 302


def test_the_cache_reports_degraded_while_redis_is_unreachable(
    own_redis: tuple[str, subprocess.Popen[bytes]],
) -> None:
    url, server = own_redis
    backend = FallbackRedisCache(url, {})
    backend.set("k", 1)
    assert backend.get("k") == 1
    assert not backend.degraded
    server.kill()
    server.wait()
    backend.set("k", 2)  # lands in this process's memory
    assert backend.degraded
    assert backend.get("k") == 2


def test_one_persons_guessing_does_not_lock_out_a_colleague_on_the_same_ip(
    org: Org, redis_cache: subprocess.Popen[bytes]
) -> None:
    for _ in range(20):
        _sign_in("employee@example.com", "wrong")
    # The guessed-at account is held back...
    refused = Client().post(LOGIN, {"login": "employee@example.com", "password": PASSWORD})
    assert b"Too many failed login attempts" in refused.content
    # ...but a colleague from the same address signs in.
    assert _sign_in("manager@example.com", PASSWORD) == 302


def test_behind_the_proxy_each_client_ip_has_its_own_limit(
    org: Org, redis_cache: subprocess.Popen[bytes], settings: Any
) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    sprayer = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    # A password spray from one client over many accounts hits the per-IP limit...
    statuses = [
        Client(**sprayer).post(LOGIN, {"login": f"nobody{n}@example.com", "password": "x"})
        for n in range(70)
    ]
    assert b"Too many failed login attempts" in statuses[-1].content
    assert b"Too many failed login attempts" not in statuses[0].content
    # ...while another client behind the same proxy signs in.
    colleague = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert _sign_in("employee@example.com", PASSWORD, **colleague) == 302
