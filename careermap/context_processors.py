from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from apps.employees.access import has_reports, viewer_employee
from apps.succession.access import has_talent_scope


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main navigation, which depends on who is looking."""
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": []}
    me = viewer_employee(user)
    # The logo leads home; the home page only forwards each persona to one of these.
    items: list[dict[str, str]] = []
    if me is not None:
        items.append({"label": "My map", "url": reverse("careermaps:mine"), "key": "map"})
        items.append(
            {
                "label": "My profile",
                "url": reverse("employees:person", args=[me.public_id]),
                "key": "profile",
            }
        )
    if me is not None or user.is_hr:  # right after "My map" when there is one
        explore = {"label": "Explore roles", "url": reverse("explore:catalogue"), "key": "explore"}
        items.insert(1 if me else 0, explore)
    if user.is_hr or has_reports(user):
        items.append({"label": "My team", "url": reverse("dashboards:team"), "key": "team"})
    if me is not None:
        items.append({"label": "Mentoring", "url": reverse("mentoring:index"), "key": "mentoring"})
    if me is not None or user.is_hr:
        learning = reverse("learning:catalogue")
        items.append({"label": "Learning", "url": learning, "key": "learning"})
    if me is not None or user.is_hr:
        items.append({"label": "People", "url": reverse("employees:directory"), "key": "people"})
    if user.is_hr:
        items.append(
            {"label": "Invitations", "url": reverse("employees:invitations"), "key": "invitations"}
        )
        items.append({"label": "Catalogue", "url": reverse("roles:catalogue"), "key": "catalogue"})
        items.append({"label": "Imports", "url": reverse("imports:index"), "key": "imports"})
    if has_talent_scope(user):  # HR, and managers: they rate their sub-tree
        talent = reverse("succession:index")
        items.append({"label": "Talent and succession", "url": talent, "key": "talent"})
    if user.is_staff:
        items.append({"label": "Admin", "url": reverse("admin:index"), "key": "admin"})
    return {"nav_items": items, "viewer_employee": me}
