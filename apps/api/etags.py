"""Strong ETags over a resource's JSON, and the If-Match precondition of a write (RFC 9110
sections 8.8.3 and 13.1.1).

The tag is a hash of the representation exactly as the API sends it (through its response
schema), so it changes whenever anything a client can see changes, the names of a person's
manager, department and role included, and never otherwise.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Schema
from ninja.errors import HttpError


def etag_of(schema: type[Schema], data: dict[str, Any]) -> str:
    body = schema.model_validate(data).model_dump(mode="json")
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f'"{hashlib.sha256(text.encode()).hexdigest()[:32]}"'


def _tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def require_match(request: HttpRequest, current: str) -> None:
    """412 when If-Match names no current tag; 428 when it is missing and the setting
    API_REQUIRE_IF_MATCH asks for it. Strong comparison: a weak tag (W/"...") never matches."""
    header = request.headers.get("If-Match")
    if header is None:
        if settings.API_REQUIRE_IF_MATCH:
            raise HttpError(428, "Send If-Match with the ETag of the record you read.")
        return
    tags = _tags(header)
    if "*" in tags or current in tags:
        return
    raise HttpError(
        412, "The record changed since you read it (If-Match does not match): read it again."
    )
