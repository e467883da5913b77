"""Middleware of our own: refusals that hold for every URL, before any view runs."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

NUL = "\x00"


class RefuseNulInQuery:
    """A NUL byte in a query parameter answers 400 with a plain page.

    PostgreSQL cannot store or compare text holding NUL, so a search for one used to reach the
    database and answer 500. Form fields refuse NUL next to the field (Django's CharField does);
    query parameters have no field to show a message beside, so this refuses them all at once.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(NUL in key or NUL in value for key, value in _query_items(request)):
            return render(request, "errors/400.html", status=400)
        return self.get_response(request)


def _query_items(request: HttpRequest) -> list[tuple[str, str]]:
    return [(key, value) for key, values in request.GET.lists() for value in values]


class NoStoreWhenSignedIn:
    """Every answer to a signed-in person says ``Cache-Control: no-store``.

    Signed-in pages and exports carry personal and confidential HR data (ratings, slates, the
    audit log, a whole career map as JSON): no browser or proxy cache may keep a copy that the
    next user of a shared computer could open. Static files are served before this runs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response
