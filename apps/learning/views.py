"""The learning catalogue: everyone browses it; HR maintains it (resources, and the skills and
levels each one builds, edited inline with htmx). "Add to my plan" is the map's own view.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.learning import access, services
from apps.learning.forms import (
    CatalogueFilterForm,
    LevelForm,
    ResourceForm,
    SkillRowForm,
    resource_initial,
)
from apps.learning.models import LearningResource, ResourceSkill
from apps.skills.models import Skill
from careermap.web import add_service_errors

PAGE_SIZE = 20
CATALOGUE = "learning/catalogue.html"
EDIT = "learning/edit.html"


# --------------------------------------------------------------------------- the catalogue


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    access.require_browse(request.user)
    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    resources = services.catalogue(
        query=filters.get("q", ""), kind=filters.get("kind", ""), skill=filters.get("skill")
    )
    page = Paginator(resources, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "can_manage": access.can_manage(request.user),
        "nav_active": "learning",
    }
    name = f"{CATALOGUE}#results" if request.htmx else CATALOGUE  # type: ignore[attr-defined]
    return render(request, name, context)


# --------------------------------------------------------------------------- HR: resources


@login_required
def resource_create(request: HttpRequest) -> HttpResponse:
    access.require_manage(request.user)
    form = ResourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Added “{resource.title}”. Now add the skills it builds.")
            return redirect("learning:edit", resource_id=resource.public_id)
    context = {"form": form, "resource": None, "nav_active": "learning"}
    return render(request, EDIT, context)


def _edit_context(resource: LearningResource, **forms: Any) -> dict[str, Any]:
    rows = list(resource.builds.all())
    return {
        "resource": resource,
        "form": forms.get("form") or ResourceForm(initial=resource_initial(resource)),
        "skill_rows": [(row, forms.get(f"row-{row.skill_id}") or _level_form(row)) for row in rows],
        "skill_form": forms.get("skill_form") or _skill_form(rows),
        "nav_active": "learning",
    }


def _skill_form(rows: list[ResourceSkill]) -> SkillRowForm:
    """The add form offers only skills the resource does not list yet."""
    form = SkillRowForm(auto_id="skill-add-%s")
    listed = [row.skill_id for row in rows]
    form.fields["skill"].queryset = Skill.objects.exclude(pk__in=listed).order_by("name")  # type: ignore[attr-defined]
    return form


def _level_form(row: ResourceSkill, data: Any = None) -> LevelForm:
    return LevelForm(data, initial={"level": row.level}, auto_id=f"row-{row.skill_id}-%s")


@login_required
def resource_edit(request: HttpRequest, resource_id: UUID) -> HttpResponse:
    resource = access.resource_for_manager(request.user, resource_id)
    if request.method != "POST":
        return render(request, EDIT, _edit_context(resource))
    form = ResourceForm(request.POST)
    if form.is_valid():
        try:
            services.resource_update(resource=resource, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Saved “{resource.title}”.")
            return redirect("learning:catalogue")
    return render(request, EDIT, _edit_context(resource, form=form))


@login_required
def resource_delete(request: HttpRequest, resource_id: UUID) -> HttpResponse:
    resource = access.resource_for_manager(request.user, resource_id)
    if request.method == "POST":
        linked = services.resource_delete(resource=resource)
        notice = f"Deleted “{resource.title}”."
        if linked:
            notice += f" {linked} plan action{pluralize(linked)} keep{pluralize(linked, 's,')} it"
            notice += " by title."
        messages.success(request, notice)
        return redirect("learning:catalogue")
    context = {"resource": resource, "linked": resource.actions.count(), "nav_active": "learning"}
    return render(request, "learning/delete.html", context)


# --------------------------------------------------------------------------- HR: skill rows


def _skills_answer(
    request: HttpRequest, resource: LearningResource, notice: str, **forms: Any
) -> HttpResponse:
    """The skills fragment (htmx) or, for a plain POST, back to the edit page."""
    if not forms and not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, notice)
        url = reverse("learning:edit", args=[resource.public_id])
        return redirect(f"{url}#skills")
    fresh = access.resource_for_manager(request.user, resource.public_id)
    context = {**_edit_context(fresh, **forms), "notice": "" if forms else notice}
    name = f"{EDIT}#skills" if request.htmx else EDIT  # type: ignore[attr-defined]
    return render(request, name, context)


@login_required
@require_POST
def skill_add(request: HttpRequest, resource_id: UUID) -> HttpResponse:
    resource = access.resource_for_manager(request.user, resource_id)
    form = SkillRowForm(request.POST, auto_id="skill-add-%s")
    if form.is_valid():
        try:
            row = services.resource_skill_set(resource=resource, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            notice = f"{row.skill.name} at level {row.level} added."
            return _skills_answer(request, resource, notice)
    return _skills_answer(request, resource, "", skill_form=form)


def _row(resource: LearningResource, skill_id: int) -> ResourceSkill:
    return get_object_or_404(
        ResourceSkill.objects.select_related("skill"), resource=resource, skill_id=skill_id
    )


@login_required
@require_POST
def skill_edit(request: HttpRequest, resource_id: UUID, skill_id: int) -> HttpResponse:
    resource = access.resource_for_manager(request.user, resource_id)
    row = _row(resource, skill_id)
    form = _level_form(row, request.POST)
    if form.is_valid():
        try:
            services.resource_skill_set(resource=resource, skill=row.skill, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            notice = f"{row.skill.name} now builds to level {form.cleaned_data['level']}."
            return _skills_answer(request, resource, notice)
    return _skills_answer(request, resource, "", **{f"row-{row.skill_id}": form})


@login_required
@require_POST
def skill_remove(request: HttpRequest, resource_id: UUID, skill_id: int) -> HttpResponse:
    resource = access.resource_for_manager(request.user, resource_id)
    skill = get_object_or_404(Skill, pk=skill_id)
    services.resource_skill_remove(resource=resource, skill=skill)
    return _skills_answer(request, resource, f"{skill.name} removed.")
