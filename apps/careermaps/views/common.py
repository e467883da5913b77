"""What every career-map tab shares: the map header and tabs, and how an edit answers."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy

from apps.careermaps import access
from apps.careermaps.models import CareerMap
from careermap.web import HtmxHttpRequest, render_page

TABS = (
    ("overview", "careermaps:overview", gettext_lazy("Overview")),
    ("assessment", "careermaps:assessment", gettext_lazy("Self-assessment")),
    ("goals", "careermaps:goals", gettext_lazy("Goals & roadmap")),
    ("plan", "careermaps:plan", gettext_lazy("Development & network")),
    ("journal", "careermaps:journal", gettext_lazy("Journal")),
    ("checkins", "checkins:index", gettext_lazy("Check-ins")),
)


def tab_context(request: HtmxHttpRequest, career_map: CareerMap, tab: str) -> dict[str, Any]:
    owner = access.is_owner(request.user, career_map)
    return {
        "career_map": career_map,
        "person": career_map.employee,
        "is_owner": owner,
        "tab": tab,
        "tabs": [
            {"key": key, "label": label, "url": reverse(name, args=[career_map.public_id])}
            for key, name, label in TABS
        ],
        "nav_active": "map" if owner else "people",
    }


def render_tab(
    request: HtmxHttpRequest,
    template: str,
    career_map: CareerMap,
    tab: str,
    context: dict[str, Any],
    *,
    fragment: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The tab page with the map's header and tabs, or only ``fragment`` of it for htmx."""
    context = {**tab_context(request, career_map, tab), **context}
    return render_page(request, template, context, fragment=fragment, status=status)


def back_to_tab(career_map: CareerMap, url_name: str, anchor: str = "") -> HttpResponse:
    """After a plain (non-htmx) POST: back to the tab, at the part that changed."""
    url = reverse(url_name, args=[career_map.public_id])
    return redirect(f"{url}#{anchor}" if anchor else url)
