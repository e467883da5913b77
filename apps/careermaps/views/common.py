"""What every career-map tab shares: the map header and tabs, and how an edit answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.careermaps import access
from apps.careermaps.models import CareerMap
from careermap.web import HtmxHttpRequest, render_page


@dataclass(frozen=True)
class MapTab:
    key: str
    url_name: str
    label: str | Promise
    # Whether this viewer (who sees the map) may open the tab; None: everyone who sees the map.
    shown: Callable[[Any, CareerMap], bool] | None = None


TABS: list[MapTab] = [
    MapTab("overview", "careermaps:overview", _("Overview")),
    MapTab("assessment", "careermaps:assessment", _("Self-assessment")),
    MapTab("goals", "careermaps:goals", _("Goals & roadmap")),
    MapTab("plan", "careermaps:plan", _("Development & network")),
    MapTab("journal", "careermaps:journal", _("Journal")),
]


def add_tab(tab: MapTab) -> None:
    """An app above this one adds its tab (check-ins, from its AppConfig.ready): the map does
    not import the apps built on it, and a tab the viewer may not open is not shown."""
    if all(existing.key != tab.key for existing in TABS):
        TABS.append(tab)


def tab_context(request: HtmxHttpRequest, career_map: CareerMap, tab: str) -> dict[str, Any]:
    owner = access.is_owner(request.user, career_map)
    map_id = career_map.public_id
    return {
        "career_map": career_map,
        "person": career_map.employee,
        "is_owner": owner,
        "tab": tab,
        "tabs": [
            {"key": t.key, "label": t.label, "url": reverse(t.url_name, args=[map_id])}
            for t in TABS
            if t.shown is None or t.shown(request.user, career_map)
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
