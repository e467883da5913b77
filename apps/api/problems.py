"""Errors as RFC 9457 problem details (``application/problem+json``).

Every error the API gives has ``type``, ``title``, ``status`` and ``detail``; a validation error
adds ``errors``, one entry per field. ``type`` is ``about:blank`` (the status says it all), so
``title`` is the status phrase, as RFC 9457 section 4.2.1 asks.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None


class RateLimited(HttpError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(429, "This token has made too many requests this minute.")
        self.retry_after = retry_after


class Refused(HttpError):
    """A write the rules refuse: ``errors`` name the API fields and why (422, or 409 when
    the value belongs to someone else)."""

    def __init__(self, status: int, detail: str, errors: list[dict[str, str]]) -> None:
        super().__init__(status, detail)
        self.errors = errors


def problem(
    status: int, detail: str, *, errors: list[dict[str, str]] | None = None
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return HttpResponse(json.dumps(body), status=status, content_type=MEDIA_TYPE)


def _field(loc: list[Any]) -> str:
    # ninja's locations start with where the value came from ("query", "path", "body"), and a
    # body's then with the view's parameter name, which means nothing to a client.
    skip = 2 if loc[:1] == ["body"] and len(loc) > 2 else 1
    parts = [str(part) for part in loc[skip:]] or [str(part) for part in loc]
    return ".".join(parts)


def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [{"field": _field(list(e.get("loc", []))), "message": e["msg"]} for e in exc.errors]
    return problem(422, "The request has invalid values.", errors=errors)


def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem(401, "Send a live personal access token: Authorization: Bearer <token>.")
    response["WWW-Authenticate"] = 'Bearer realm="CareerMap API"'
    return response


def on_rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = problem(429, exc.message)
    response["Retry-After"] = str(exc.retry_after)
    return response


def on_refused(request: HttpRequest, exc: Refused) -> HttpResponse:
    return problem(exc.status_code, str(exc.message), errors=exc.errors)


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(exc.status_code, str(exc.message))


def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    # "Not yours" and "does not exist" read the same, as on the pages.
    return problem(404, "No such resource.")


def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("API error on %s", request.path, exc_info=exc)
    return problem(500, "Something went wrong on our side; it has been logged.")


def install(api: NinjaAPI) -> None:
    # ninja picks a handler by walking the exception's MRO, so the order here does not matter.
    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (Exception, on_unexpected),
        (Http404, on_not_found),
        (HttpError, on_http_error),
        (AuthenticationError, on_authentication_error),
        (RateLimited, on_rate_limited),
        (Refused, on_refused),
        (ValidationError, on_validation_error),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)


# What each operation may answer besides its 200; documented with the problem media type.
ERRORS: dict[int, type[Problem]] = {401: Problem, 403: Problem, 404: Problem, 429: Problem}
WITH_INPUT_ERRORS: dict[int, type[Problem]] = {**ERRORS, 422: Problem}
# A write: also a conflict (409), a stale If-Match (412) and a missing one when required (428).
WRITE_ERRORS: dict[int, type[Problem]] = {
    **WITH_INPUT_ERRORS,
    409: Problem,
    412: Problem,
    428: Problem,
}


def retype_error_content(schema: dict[str, Any]) -> None:
    """ninja documents every response as application/json; ours for errors are problem+json."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if int(status) >= 400 and "application/json" in content:
                    content[MEDIA_TYPE] = content.pop("application/json")
