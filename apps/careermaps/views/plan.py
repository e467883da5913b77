"""The "Development & network" tab: the development plan, the skill gaps it closes, contacts.

Every edit of an action answers with the ``development`` fragment (groups, progress and the gaps
panel all move together); every edit of a contact with the ``network`` fragment. Without htmx a
valid POST redirects back to the tab and an invalid one re-renders the whole tab with its errors.
"""

from __future__ import annotations

import dataclasses
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.careermaps import access
from apps.careermaps.forms.plan import (
    ActionEditForm,
    ActionForm,
    ContactEditForm,
    ContactForm,
    action_initial,
    plan_form,
)
from apps.careermaps.models import ActionKind, CareerMap, DevelopmentAction, NetworkContact
from apps.careermaps.services import plan as services
from apps.careermaps.services.plan import Catalogue
from apps.careermaps.views.common import back_to_tab, render_tab
from apps.employees.access import has_record, record_of
from apps.learning import access as learning_access
from careermap.web import AuthedHttpRequest, posted, require, submit

TEMPLATE = "careermaps/plan.html"
TAB = "plan"


@dataclasses.dataclass
class Editing:
    """What the page shows open: a prefilled or invalid add form, an edit form, a notice."""

    add_form: ActionForm | None = None
    open_kind: str = ""
    action_id: UUID | None = None
    action_form: ActionEditForm | None = None
    contact_form: ContactForm | None = None
    contact_id: UUID | None = None
    contact_edit_form: ContactEditForm | None = None
    notice: str = ""


def _plan_url(career_map: CareerMap) -> str:
    return reverse("careermaps:plan", args=[career_map.public_id])


def _add_url(career_map: CareerMap, kind: str) -> str:
    """The add form of one group alone (htmx): fetched when its disclosure opens."""
    return f"{_plan_url(career_map)}?kind={kind}&part=add"


def _add_form(
    career_map: CareerMap, catalogue: Catalogue, kind: str, initial: dict[str, Any] | None = None
) -> ActionForm:
    form = ActionForm(
        initial={"kind": kind, **(initial or {})},
        catalogue=catalogue,
        auto_id=f"add-{kind}-%s",
        refresh_url=_add_url(career_map, kind),
    )
    if initial and "title" in initial:
        form.fields["title"].widget.attrs["autofocus"] = True
    return form


def _groups(plan: services.Plan, editing: Editing) -> list[services.ActionGroup]:
    """Only the open group carries its add form: the others fetch theirs when opened (each
    lists every skill and resource, six of them made the tab several times heavier)."""
    return [
        dataclasses.replace(group, add_form=editing.add_form)
        if editing.add_form and editing.open_kind == group.kind
        else group
        for group in plan.groups
    ]


def _context(
    request: AuthedHttpRequest,
    career_map: CareerMap,
    editing: Editing,
    catalogue: Catalogue | None = None,
) -> dict[str, Any]:
    owner = access.is_owner(request.user, career_map)
    today = timezone.localdate()
    # Skills are listed only by forms, and views that render one pass their catalogue.
    catalogue = catalogue or services.catalogue_for(career_map, with_skills=False)
    plan = services.plan_for(career_map, catalogue, today=today)
    if owner:
        plan = dataclasses.replace(plan, groups=_groups(plan, editing))
    contacts = services.contacts_of(career_map, today=today)
    return {
        "plan": plan,
        "contacts": contacts,
        "follow_ups_due": sum(row.follow_up_due for row in contacts),
        "editing": editing,
        "contact_form": editing.contact_form
        or (ContactForm(auto_id="contact-add-%s") if owner else None),
    }


def _render(
    request: AuthedHttpRequest,
    career_map: CareerMap,
    editing: Editing,
    *,
    fragment: str,
    catalogue: Catalogue | None = None,
) -> HttpResponse:
    context = _context(request, career_map, editing, catalogue)
    if editing.open_kind:
        context["group"] = next(g for g in context["plan"].groups if g.kind == editing.open_kind)
    if editing.action_id:
        context["item"] = _item(context["plan"], editing.action_id)
    if editing.contact_id:
        context["row"] = next(
            (r for r in context["contacts"] if r.contact.public_id == editing.contact_id), None
        )
    return render_tab(request, TEMPLATE, career_map, TAB, context, fragment=fragment)


def _item(plan: services.Plan, action_id: UUID) -> services.PlannedAction | None:
    items = (item for group in plan.groups for item in group.items)
    return next((item for item in items if item.action.public_id == action_id), None)


def _done(
    request: AuthedHttpRequest,
    career_map: CareerMap,
    notice: str,
    *,
    fragment: str,
    anchor: str,
    catalogue: Catalogue | None = None,
) -> HttpResponse:
    """After a valid edit: the changed fragment (htmx) or back to the tab (a plain POST)."""
    if request.htmx:
        editing = Editing(notice=notice)
        return _render(request, career_map, editing, fragment=fragment, catalogue=catalogue)
    messages.success(request, notice)
    return back_to_tab(career_map, "careermaps:plan", anchor)


def _selection(request: AuthedHttpRequest, catalogue: Catalogue) -> dict[str, Any]:
    """The skill and resource named in the query string (a refresh of the resource list)."""
    chosen: dict[str, Any] = {}
    if "skill" in request.GET:
        skill = catalogue.skill(_int(request.GET["skill"]))
        chosen["skill"] = skill.pk if skill else None
    if "resource" in request.GET:
        resource = catalogue.resource(_int(request.GET["resource"]))
        chosen["resource"] = resource.pk if resource else None
    return chosen


def _prefill(request: AuthedHttpRequest, catalogue: Catalogue) -> dict[str, Any]:
    """``?kind=…&skill=…`` pre-fills an add form: "Plan an action" on a gap."""
    initial = _selection(request, catalogue)
    if skill := catalogue.skill(initial.get("skill")):
        title = (
            _("Close my gap in %(skill)s") if catalogue.gap_for(skill.pk) else _("Build %(skill)s")
        )
        initial["title"] = title % {"skill": skill.name}
    return initial


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


# --------------------------------------------------------------------------- the page


@login_required
def plan(request: AuthedHttpRequest, map_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_viewer(request.user, map_id)
    editing, catalogue = Editing(), None
    kind = request.GET.get("kind", "")
    if kind in ActionKind.values and access.is_owner(request.user, career_map):
        catalogue = services.catalogue_for(career_map, with_skills=True)
        form = _add_form(career_map, catalogue, kind, _prefill(request, catalogue))
        editing = Editing(add_form=form, open_kind=kind)
    fragment = "add-form" if editing.open_kind and request.GET.get("part") == "add" else "content"
    return _render(request, career_map, editing, fragment=fragment, catalogue=catalogue)


# --------------------------------------------------------------------------- actions


def _posted_kind(request: AuthedHttpRequest) -> str:
    kind = request.POST.get("kind", "")
    return kind if kind in ActionKind.values else ActionKind.EDUCATION


@login_required
@require_POST
def action_add(request: AuthedHttpRequest, map_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    catalogue = services.catalogue_for(career_map, with_skills=True)
    kind = _posted_kind(request)
    form = ActionForm(
        request.POST,
        catalogue=catalogue,
        auto_id=f"add-{kind}-%s",
        refresh_url=_add_url(career_map, kind),
    )
    action = submit(form, lambda data: services.action_create(career_map=career_map, **data))
    if action is None:
        return _render(
            request,
            career_map,
            Editing(add_form=form, open_kind=kind),
            fragment="development",
            catalogue=catalogue,
        )
    group = ActionKind(action.kind).label
    return _done(
        request,
        career_map,
        _("Added “%(title)s” to %(group)s.") % {"title": action.title, "group": group},
        fragment="development",
        anchor=f"group-{action.kind}",
        catalogue=catalogue,
    )


def _action(career_map: CareerMap, action_id: UUID) -> DevelopmentAction:
    return get_object_or_404(career_map.actions, public_id=action_id)


def _edit_form(
    career_map: CareerMap,
    action: DevelopmentAction,
    catalogue: Catalogue,
    data: Any = None,
    initial: dict[str, Any] | None = None,
) -> ActionEditForm:
    url = reverse("careermaps:action-edit", args=[career_map.public_id, action.public_id])
    return ActionEditForm(
        data,
        initial=initial or action_initial(action),
        version=action.version,
        catalogue=catalogue,
        auto_id=f"action-{action.public_id}-%s",
        refresh_url=url,
    )


def _open_action(
    request: AuthedHttpRequest,
    career_map: CareerMap,
    action: DevelopmentAction,
    catalogue: Catalogue,
) -> HttpResponse:
    """The action as a form, with the skill and resource the query string may have chosen."""
    initial = {**action_initial(action), **_selection(request, catalogue)}
    form = _edit_form(career_map, action, catalogue, initial=initial)
    editing = Editing(action_id=action.public_id, action_form=form)
    return _render(request, career_map, editing, fragment="action", catalogue=catalogue)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: AuthedHttpRequest, map_id: UUID, action_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    action = _action(career_map, action_id)
    catalogue = services.catalogue_for(career_map, with_skills=True)
    if request.method != "POST":
        return _open_action(request, career_map, action, catalogue)
    form = _edit_form(career_map, action, catalogue, data=request.POST)
    saved = submit(
        form, lambda data: services.action_update(career_map=career_map, action=action, **data)
    )
    if saved is None:
        editing = Editing(action_id=action.public_id, action_form=form)
        return _render(request, career_map, editing, fragment="development", catalogue=catalogue)
    return _done(
        request,
        career_map,
        _("Saved “%(title)s”.") % {"title": saved.title},
        fragment="development",
        anchor=f"action-{saved.public_id}",
        catalogue=catalogue,
    )


@login_required
@require_POST
def action_delete(request: AuthedHttpRequest, map_id: UUID, action_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    action = _action(career_map, action_id)
    services.action_delete(career_map=career_map, action=action)
    return _done(
        request,
        career_map,
        _("Deleted “%(title)s”.") % {"title": action.title},
        fragment="development",
        anchor=f"group-{action.kind}",
    )


# --------------------------------------------------------------------------- contacts


@login_required
@require_POST
def contact_add(request: AuthedHttpRequest, map_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    form = ContactForm(request.POST, auto_id="contact-add-%s")
    contact = submit(form, lambda data: services.contact_create(career_map=career_map, **data))
    if contact is None:
        return _render(request, career_map, Editing(contact_form=form), fragment="network")
    return _done(
        request,
        career_map,
        _("Added %(name)s to your network.") % {"name": contact.name},
        fragment="network",
        anchor="network",
    )


def _contact(career_map: CareerMap, contact_id: UUID) -> NetworkContact:
    return get_object_or_404(career_map.contacts, public_id=contact_id)


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: AuthedHttpRequest, map_id: UUID, contact_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    contact = _contact(career_map, contact_id)
    form = ContactEditForm(posted(request), contact=contact)
    editing = Editing(contact_id=contact.public_id, contact_edit_form=form)
    if not form.is_bound:
        return _render(request, career_map, editing, fragment="contact")
    saved = submit(
        form, lambda data: services.contact_update(career_map=career_map, contact=contact, **data)
    )
    if saved is None:
        return _render(request, career_map, editing, fragment="network")
    return _done(
        request,
        career_map,
        _("Saved %(name)s.") % {"name": saved.name},
        fragment="network",
        anchor=f"contact-{saved.public_id}",
    )


@login_required
@require_POST
def contact_delete(request: AuthedHttpRequest, map_id: UUID, contact_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    contact = _contact(career_map, contact_id)
    services.contact_delete(career_map=career_map, contact=contact)
    return _done(
        request,
        career_map,
        _("Removed %(name)s from your network.") % {"name": contact.name},
        fragment="network",
        anchor="network",
    )


# --------------------------------------------------------------------------- from the catalogue


@require(has_record)
def resource_add(request: AuthedHttpRequest, resource_id: UUID) -> HttpResponse:
    """A learning resource onto my plan, for one of the skills it builds (posted from the
    catalogue; a page of its own without JS, or after an error)."""
    me = record_of(request.user)
    resource = learning_access.resource_for_browser(request.user, resource_id)
    form = plan_form(resource, posted(request))
    action = submit(
        form,
        lambda data: services.action_from_resource(
            employee=me, resource=resource, skill=data["skill"]
        ),
    )
    if action is not None:
        messages.success(
            request, _("Added “%(title)s” to your development plan.") % {"title": action.title}
        )
        url = reverse("careermaps:plan", args=[action.career_map.public_id])
        return redirect(f"{url}#action-{action.public_id}")
    context = {"resource": resource, "form": form, "nav_active": "learning"}
    return render(request, "careermaps/resource_add.html", context)
