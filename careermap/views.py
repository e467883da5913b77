"""Project-level pages: the home page that sends each persona on, health, and error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from apps.employees.access import has_reports, viewer_employee
from careermap.web import AuthedHttpRequest


@login_required
def home(request: AuthedHttpRequest) -> HttpResponse:
    """Send each persona to where their work starts: people who lead a team to it (their own
    map is one tab away), HR to the people directory, everyone else to their career map."""
    me = viewer_employee(request.user)
    if has_reports(request.user):
        return redirect("dashboards:team")
    if request.user.is_hr:
        return redirect("employees:directory")
    if me is not None:
        return redirect("careermaps:mine")
    return render(request, "home/unlinked.html", status=200)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the error may be the database.
    return HttpResponse(
        render(None, "errors/500.html").content, status=500, content_type="text/html"
    )
