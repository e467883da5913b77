from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from apps.api.access import can_hold_tokens
from apps.employees.access import has_reports, viewer_employee
from apps.succession.access import has_talent_scope

Item = dict[str, Any]


def _link(label: str, url: str, key: str) -> Item:
    return {"label": label, "url": url, "key": key}


def _own_links(user: Any, me: Any) -> list[Item]:
    """What a person does for themselves, then what they look up. Some labels have the bar's
    own (shorter) wording, context "main navigation", so that the bar stays one row in every
    language (tests/e2e/test_navigation.py measures it in English and German)."""
    items: list[Item] = []
    if me is not None:
        label = pgettext("main navigation", "My map")
        items.append(_link(label, reverse("careermaps:mine"), "map"))
    if me is not None or user.is_hr:  # right after "My map" when there is one
        label = pgettext("main navigation", "Explore roles")
        items.append(_link(label, reverse("explore:catalogue"), "explore"))
        if not user.is_hr:  # HR finds them under Organisation: the bar stays one row
            items.append(_opportunities_link())
    if user.is_hr or has_reports(user):
        items.append(_link(_("My team"), reverse("dashboards:team"), "team"))
    if me is not None:
        items.append(_link(_("Mentoring"), reverse("mentoring:index"), "mentoring"))
    if me is not None or user.is_hr:
        items.append(_link(_("Learning"), reverse("learning:catalogue"), "learning"))
        items.append(_link(_("People"), reverse("employees:directory"), "people"))
    if has_talent_scope(user):  # HR, and managers: they rate their sub-tree
        talent = pgettext("main navigation", "Talent and succession")
        items.append(_link(talent, reverse("succession:index"), "talent"))
    return items


def _opportunities_link() -> Item:
    return _link(_("Opportunities"), reverse("opportunities:index"), "opportunities")


def _organisation_links(user: Any) -> list[Item]:
    """HR's administration pages: one menu, so the bar never outgrows the header."""
    items: list[Item] = []
    if user.is_hr:
        items.append(_opportunities_link())
        items.append(_link(_("Invitations"), reverse("employees:invitations"), "invitations"))
        items.append(_link(_("Catalogue"), reverse("roles:catalogue"), "catalogue"))
        items.append(_link(_("Imports"), reverse("imports:index"), "imports"))
        items.append(_link(_("API tokens"), reverse("api:tokens"), "tokens"))
    if user.is_staff:
        items.append(_link(_("Admin"), reverse("admin:index"), "admin"))
    return items


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main navigation, which depends on who is looking.

    ``nav_items`` are links, and at most one menu (an item with ``links``, its ``keys`` the
    sections it holds, so the page can mark it current). ``account_items`` join the account menu.
    """
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": []}
    me = viewer_employee(user)
    # The logo leads home; the home page only forwards each persona to one of these.
    items = _own_links(user, me)
    organisation = _organisation_links(user)
    if organisation:
        keys = [item["key"] for item in organisation]
        items.append(
            {"label": _("Organisation"), "key": "organisation", "links": organisation, "keys": keys}
        )
    account: list[Item] = []
    if me is not None:
        profile = reverse("employees:person", args=[me.public_id])
        account.append(_link(_("My profile"), profile, "profile"))
    if can_hold_tokens(user) and not user.is_hr:  # HR finds them under Organisation
        account.append(_link(_("API tokens"), reverse("api:tokens"), "tokens"))
    return {"nav_items": items, "account_items": account, "viewer_employee": me}
