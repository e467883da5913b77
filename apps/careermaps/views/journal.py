"""The Journal tab: the method's Reflection step, private unless the author shares an entry."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from apps.careermaps import access
from apps.careermaps.forms.journal import ReflectionForm, ShareForm
from apps.careermaps.models import CareerMap
from apps.careermaps.services import journal as services
from apps.careermaps.views.common import back_to_tab, render_tab
from careermap.web import AuthedHttpRequest, submit

TEMPLATE = "careermaps/journal.html"
SAVED = gettext_lazy("Reflection saved. It is private: only you can read it unless you share it.")


def _render(
    request: AuthedHttpRequest,
    career_map: CareerMap,
    *,
    form: ReflectionForm | None = None,
    fragment: str | None = None,
    **extra: Any,
) -> HttpResponse:
    context = services.journal_context(request.user, career_map)
    if access.is_owner(request.user, career_map):
        context["form"] = form or ReflectionForm()
    return render_tab(
        request, TEMPLATE, career_map, "journal", {**context, **extra}, fragment=fragment
    )


@login_required
@require_safe
def journal(request: AuthedHttpRequest, map_id: UUID) -> HttpResponse:
    return _render(request, access.get_map_for_viewer(request.user, map_id))


@login_required
@require_POST
def reflection_add(request: AuthedHttpRequest, map_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    form = ReflectionForm(request.POST)
    if submit(form, lambda data: services.reflection_create(career_map=career_map, **data)) is None:
        return _render(request, career_map, form=form, fragment="journal")
    if not request.htmx:
        messages.success(request, SAVED)
        return back_to_tab(career_map, "careermaps:journal", "entries")
    return _render(request, career_map, fragment="journal", saved=SAVED)


@login_required
@require_POST
def reflection_share(request: AuthedHttpRequest, map_id: UUID, reflection_id: UUID) -> HttpResponse:
    career_map = access.get_map_for_owner(request.user, map_id)
    reflection = get_object_or_404(career_map.reflections, public_id=reflection_id)
    form = ShareForm(request.POST)
    wanted = form.cleaned_data["shared"] if form.is_valid() else None
    shared = not reflection.shared_with_manager if wanted is None else wanted
    services.reflection_share_set(career_map=career_map, reflection=reflection, shared=shared)
    if not request.htmx:
        return back_to_tab(career_map, "careermaps:journal", f"reflection-{reflection.public_id}")
    context = {"reflection": reflection}
    return render_tab(request, TEMPLATE, career_map, "journal", context, fragment="entry")
