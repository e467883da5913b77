"""The shared cache: Redis, degrading to this process's memory while Redis is unreachable.

allauth counts its rate limits (failed sign-ins, password resets) in the default cache. With
Redis as that cache, a stopped Redis made sign-in and password reset answer 500 while every
signed-in page went on working (sessions live in PostgreSQL). ``FallbackRedisCache`` keeps the
rate limits enforced through an outage: each call goes to Redis, and when Redis cannot be
reached it goes to a per-process memory cache instead (so a limit is counted per worker until
Redis is back), retrying Redis after ``RETRY_SECONDS``. Nothing the product needs for
correctness is kept only in the cache.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
# A sign-in must not hang on a dead Redis: fail fast, then use the memory cache.
CONNECT_TIMEOUT_SECONDS = 0.25
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class FallbackRedisCache(BaseCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        options = {
            "socket_connect_timeout": CONNECT_TIMEOUT_SECONDS,
            "socket_timeout": 1.0,
            **params.get("OPTIONS", {}),
        }
        self.primary = RedisCache(server, {**params, "OPTIONS": options})
        self.fallback = LocMemCache(f"fallback-{server}", params)
        self._down_until = 0.0

    @property
    def degraded(self) -> bool:
        """True while calls go to the memory cache (until the next retry of Redis)."""
        return time.monotonic() < self._down_until

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if not self.degraded:
            method: Callable[..., Any] = getattr(self.primary, name)
            try:
                return method(*args, **kwargs)
            except UNREACHABLE as error:
                log.warning("Redis cache unreachable (%s): using this process's memory", error)
                self._down_until = time.monotonic() + RETRY_SECONDS
        return getattr(self.fallback, name)(*args, **kwargs)

    def add(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return bool(self._call("add", key, value, timeout, version))

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        return self._call("get", key, default, version)

    def set(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        self._call("set", key, value, timeout, version)

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return bool(self._call("touch", key, timeout, version))

    def delete(self, key: str, version: int | None = None) -> bool:
        return bool(self._call("delete", key, version))

    def get_many(self, keys: Any, version: int | None = None) -> dict[str, Any]:
        return dict(self._call("get_many", keys, version))

    def has_key(self, key: str, version: int | None = None) -> bool:
        return bool(self._call("has_key", key, version))

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        return int(self._call("incr", key, delta, version))

    def set_many(
        self, data: dict[str, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[str]:
        return list(self._call("set_many", data, timeout, version))

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._call("delete_many", keys, version)

    def clear(self) -> None:
        self._call("clear")
