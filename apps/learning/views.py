"""The learning catalogue: everyone browses it; HR maintains it (resources, and the skills and
levels each one builds, edited inline with htmx). "Add to my plan" is the map's own view.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from apps.learning import access, services
from apps.learning.forms import (
    CatalogueFilterForm,
    LevelForm,
    ResourceEditForm,
    ResourceForm,
    SkillRowForm,
    resource_initial,
)
from apps.learning.models import LearningResource, LearningResourceQuerySet, ResourceSkill
from apps.skills.models import Skill
from careermap.forms import model_choice_field
from careermap.web import AuthedHttpRequest, posted, render_page, require, submit

PAGE_SIZE = 20
CATALOGUE = "learning/catalogue.html"
EDIT = "learning/edit.html"


# --------------------------------------------------------------------------- the catalogue


def _catalogue(form: CatalogueFilterForm) -> LearningResourceQuerySet:
    """The catalogue, searched by title, provider or skill and filtered by kind and skill."""
    filters = form.cleaned_data if form.is_valid() else {}
    return (
        LearningResource.objects.matching(filters.get("q", ""))
        .of_kind(filters.get("kind", ""))
        .building(filters.get("skill"))
        .with_skills()
        .order_by("title", "id")
    )


@require(access.can_browse)
def catalogue(request: AuthedHttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    page = Paginator(_catalogue(form), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "can_manage": access.can_manage(request.user),
        "nav_active": "learning",
    }
    return render_page(request, CATALOGUE, context, fragment="results")


# --------------------------------------------------------------------------- HR: resources


@require(access.can_manage)
def resource_create(request: AuthedHttpRequest) -> HttpResponse:
    form = ResourceForm(posted(request))
    resource = submit(form, lambda data: services.resource_create(**data))
    if resource is not None:
        messages.success(
            request,
            _("Added “%(title)s”. Now add the skills it builds.") % {"title": resource.title},
        )
        return redirect("learning:edit", resource_id=resource.public_id)
    context = {"form": form, "resource": None, "nav_active": "learning"}
    return render(request, EDIT, context)


def _edit_context(resource: LearningResource, **forms: Any) -> dict[str, Any]:
    rows = list(resource.builds.all())
    return {
        "resource": resource,
        "form": forms.get("form") or _resource_form(resource),
        "skill_rows": [(row, forms.get(f"row-{row.skill_id}") or _level_form(row)) for row in rows],
        "skill_form": forms.get("skill_form") or _skill_form(rows),
        "nav_active": "learning",
    }


def _resource_form(resource: LearningResource, data: Any = None) -> ResourceEditForm:
    return ResourceEditForm(data, initial=resource_initial(resource), version=resource.version)


def _skill_form(rows: list[ResourceSkill]) -> SkillRowForm:
    """The add form offers only skills the resource does not list yet."""
    form = SkillRowForm(auto_id="skill-add-%s")
    listed = [row.skill_id for row in rows]
    model_choice_field(form, "skill").queryset = Skill.objects.exclude(pk__in=listed).order_by(
        "name"
    )
    return form


def _level_form(row: ResourceSkill, data: Any = None) -> LevelForm:
    return LevelForm(data, initial={"level": row.level}, auto_id=f"row-{row.skill_id}-%s")


@require(access.can_manage)
def resource_edit(request: AuthedHttpRequest, resource_id: UUID) -> HttpResponse:
    resource = access.resource_for_manager(request.user, resource_id)
    if request.method != "POST":
        return render(request, EDIT, _edit_context(resource))
    form = _resource_form(resource, request.POST)
    saved = submit(form, lambda data: services.resource_update(resource=resource, **data))
    if saved is not None:
        messages.success(request, _("Saved “%(title)s”.") % {"title": resource.title})
        return redirect("learning:catalogue")
    return render(request, EDIT, _edit_context(resource, form=form))


def _deleted(resource: LearningResource, linked: int) -> str:
    if not linked:
        return _("Deleted “%(title)s”.") % {"title": resource.title}
    return ngettext(
        "Deleted “%(title)s”. %(count)s plan action keeps it by title.",
        "Deleted “%(title)s”. %(count)s plan actions keep it by title.",
        linked,
    ) % {"title": resource.title, "count": linked}


@require(access.can_manage)
def resource_delete(request: AuthedHttpRequest, resource_id: UUID) -> HttpResponse:
    resource = access.resource_for_manager(request.user, resource_id)
    if request.method == "POST":
        linked = services.resource_delete(resource=resource)
        messages.success(request, _deleted(resource, linked))
        return redirect("learning:catalogue")
    context = {"resource": resource, "linked": resource.actions.count(), "nav_active": "learning"}
    return render(request, "learning/delete.html", context)


# --------------------------------------------------------------------------- HR: skill rows


def _skills_answer(
    request: AuthedHttpRequest, resource: LearningResource, notice: str, **forms: Any
) -> HttpResponse:
    """The skills fragment (htmx) or, for a plain POST, back to the edit page."""
    if not forms and not request.htmx:
        messages.success(request, notice)
        url = reverse("learning:edit", args=[resource.public_id])
        return redirect(f"{url}#skills")
    fresh = access.resource_for_manager(request.user, resource.public_id)
    context = {**_edit_context(fresh, **forms), "notice": "" if forms else notice}
    return render_page(request, EDIT, context, fragment="skills")


@require(access.can_manage)
@require_POST
def skill_add(request: AuthedHttpRequest, resource_id: UUID) -> HttpResponse:
    resource = access.resource_for_manager(request.user, resource_id)
    form = SkillRowForm(request.POST, auto_id="skill-add-%s")
    row = submit(form, lambda data: services.resource_skill_set(resource=resource, **data))
    if row is None:
        return _skills_answer(request, resource, "", skill_form=form)
    return _skills_answer(
        request,
        resource,
        _("%(skill)s at level %(level)s added.") % {"skill": row.skill.name, "level": row.level},
    )


def _row(resource: LearningResource, skill_id: int) -> ResourceSkill:
    return get_object_or_404(
        ResourceSkill.objects.select_related("skill"), resource=resource, skill_id=skill_id
    )


@require(access.can_manage)
@require_POST
def skill_edit(request: AuthedHttpRequest, resource_id: UUID, skill_id: int) -> HttpResponse:
    resource = access.resource_for_manager(request.user, resource_id)
    row = _row(resource, skill_id)
    form = _level_form(row, request.POST)
    saved = submit(
        form, lambda data: services.resource_skill_set(resource=resource, skill=row.skill, **data)
    )
    if saved is None:
        return _skills_answer(request, resource, "", **{f"row-{row.skill_id}": form})
    notice = _("%(skill)s now builds to level %(level)s.") % {
        "skill": row.skill.name,
        "level": form.cleaned_data["level"],
    }
    return _skills_answer(request, resource, notice)


@require(access.can_manage)
@require_POST
def skill_remove(request: AuthedHttpRequest, resource_id: UUID, skill_id: int) -> HttpResponse:
    resource = access.resource_for_manager(request.user, resource_id)
    skill = get_object_or_404(Skill, pk=skill_id)
    services.resource_skill_remove(resource=resource, skill=skill)
    return _skills_answer(request, resource, _("%(skill)s removed.") % {"skill": skill.name})
