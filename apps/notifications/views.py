"""The bell, the list of my notifications, marking them read, and one-click unsubscribe."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.notifications import access, services
from apps.notifications.models import Notification
from careermap.web import AuthedHttpRequest, HtmxHttpRequest, render_page

LIST = "notifications/list.html"
PER_PAGE = 20
# The bell listens for this event (HX-Trigger) to refresh its count after a change.
CHANGED = "notifications-changed"


@login_required
@require_safe
def bell(request: AuthedHttpRequest) -> HttpResponse:
    """The header bell with the unread count; without htmx, the list it links to."""
    if not request.htmx:
        return redirect("notifications:list")
    context = {"notifications_unread": access.unread_count(request.user), "bell_loaded": True}
    return render(request, "notifications/_bell.html", context)


@login_required
@require_safe
def notification_list(request: AuthedHttpRequest) -> HttpResponse:
    page = Paginator(access.notifications_for(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    unread = access.unread_count(request.user)
    return render(request, LIST, {"page": page, "unread": unread, "nav_active": "notifications"})


def _changed(response: HttpResponse) -> HttpResponse:
    response["HX-Trigger"] = CHANGED
    return response


@login_required
@require_POST
def mark_read(request: AuthedHttpRequest, public_id: UUID) -> HttpResponse:
    notification = access.get_notification_for(request.user, public_id)
    services.notification_mark_read(notification=notification)
    if request.htmx:
        # The bell comes along out of band, so its count never depends on a second request.
        context = {
            "notification": notification,
            "bell_oob": True,
            "bell_loaded": True,
            "notifications_unread": access.unread_count(request.user),
        }
        return _changed(render_page(request, LIST, context, fragment="item"))
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request: AuthedHttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications marked as read."))
    return _changed(redirect("notifications:list"))


def _destination(notification: Notification) -> str:
    url = notification.url
    return url if url and url_has_allowed_host_and_scheme(url, allowed_hosts=None) else ""


@login_required
@require_POST
def notification_open(request: AuthedHttpRequest, public_id: UUID) -> HttpResponse:
    """Follow a notification's link, marking it read on the way."""
    notification = access.get_notification_for(request.user, public_id)
    services.notification_mark_read(notification=notification)
    return redirect(_destination(notification) or "notifications:list")


# A mail client's one-click unsubscribe (RFC 8058) POSTs without a CSRF token: the signed
# token in the URL is the whole authority, and it can only turn one kind of email off.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """GET asks (link scanners fetch links), POST unsubscribes; no sign-in needed."""
    template = "notifications/unsubscribe.html"
    if request.method == "POST":
        done = services.unsubscribe(token=token)
        if done is None:
            return render(request, template, {"invalid": True}, status=400)
        return render(request, template, {"done": True, "found": done})
    found = services.unsubscribe_check(token)
    if found is None:
        return render(request, template, {"invalid": True}, status=400)
    return render(request, template, {"found": found, "token": token})
