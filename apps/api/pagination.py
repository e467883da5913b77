"""Cursor pagination over ``id``: stable while rows are added, and no page skips or repeats one.

The cursor is opaque to clients (base64 of a version tag and the last id seen); ``next`` is the
whole URL of the following page, or null on the last one.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja.errors import ValidationError

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
_TAG = "v1:"
_MAX_ID = 2**63 - 1  # bigint: a larger number is no id of ours


def encode(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"{_TAG}{last_id}".encode()).decode().rstrip("=")


def decode(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        number = text.removeprefix(_TAG)
        if (
            text.startswith(_TAG)
            and number.isascii()
            and number.isdigit()
            and int(number) <= _MAX_ID
        ):
            return int(number)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise ValidationError([{"loc": ["query", "cursor"], "msg": "Not a cursor from this API."}])


def paginate[M: Model](
    request: HttpRequest,
    queryset: QuerySet[M],
    *,
    cursor: str | None,
    limit: int,
    serialize: Callable[[M], Any],
) -> dict[str, Any]:
    """One page (one query): ``limit + 1`` rows tell whether there is a next page."""
    if cursor:
        queryset = queryset.filter(pk__gt=decode(cursor))
    rows = list(queryset.order_by("pk")[: limit + 1])
    more, rows = len(rows) > limit, rows[:limit]
    return {
        "items": [serialize(row) for row in rows],
        "next": _next_url(request, rows[-1].pk) if more else None,
    }


def _next_url(request: HttpRequest, last_id: int) -> str:
    query = request.GET.copy()
    query["cursor"] = encode(last_id)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
