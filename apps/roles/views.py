"""HR's catalogue pages: job families, roles, their required skills and career paths.

Every view is for catalogue editors only; anyone else gets 404 (access.py). On the role page
a required skill or a career path is added, edited or removed in place with htmx (the view
renders ``role_edit.html#<fragment>``); without JavaScript the same forms are plain POSTs
that redirect back to the role page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.roles import access, services
from apps.roles.forms import (
    CatalogueFilterForm,
    FamilyEditForm,
    FamilyForm,
    RequirementEditForm,
    RequirementForm,
    RoleEditForm,
    RoleForm,
    TransitionEditForm,
    TransitionForm,
    other_role_errors,
)
from apps.roles.models import JobFamily, Role, RoleRequirement, RoleTransition
from careermap.versioning import StaleVersion
from careermap.web import (
    AuthedHttpRequest,
    posted,
    render_page,
    require,
    submit,
    wants_fragment,
)

if TYPE_CHECKING:  # the catalogue's labels are lazy translations
    from django_stubs_ext import StrOrPromise

PAGE_SIZE = 50
ROLE_PAGE = "roles/role_edit.html"
NEW_REQUIREMENT = "new-requirement"


def _focused[F: BaseForm](form: F) -> F:
    """Mark the first field in error (else the first field) autofocus; htmx focuses it."""
    names = [name for name in form.fields if name in form.errors] or list(form.fields)
    form.fields[names[0]].widget.attrs["autofocus"] = True
    return form


# ---------------------------------------------------------------- the catalogue


def _filter_roles(roles: QuerySet[Role], form: CatalogueFilterForm) -> QuerySet[Role]:
    if not form.is_valid():
        return roles
    data = form.cleaned_data
    if data["q"]:
        roles = roles.filter(title__icontains=data["q"])
    if data["family"]:
        roles = roles.filter(family=data["family"])
    if data["level"]:
        roles = roles.filter(level=data["level"])
    if data["track"]:
        roles = roles.filter(track=data["track"])
    return roles


@require(access.catalogue_editable_by)
@require_GET
def catalogue(request: AuthedHttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    roles = _filter_roles(access.roles_for(request.user), form)
    page = Paginator(roles.order_by("family__name", "level", "title", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "families": access.families_for(request.user),
        "nav_active": "catalogue",
    }
    return render_page(request, "roles/catalogue.html", context, fragment="results")


# ---------------------------------------------------------------- job families


def _family_form_page(
    request: AuthedHttpRequest, form: FamilyForm, family: JobFamily | None = None
) -> HttpResponse:
    roles = access.roles_for(request.user).filter(family=family) if family else None
    context = {"form": form, "family": family, "roles": roles, "nav_active": "catalogue"}
    return render_page(request, "roles/family_form.html", context)


@require(access.catalogue_editable_by)
@require_http_methods(["GET", "POST"])
def family_create(request: AuthedHttpRequest) -> HttpResponse:
    form = FamilyForm(posted(request))
    if family := submit(form, lambda data: services.family_create(**data)):
        messages.success(
            request, _("Job family “%(name)s” created. Add its roles next.") % {"name": family.name}
        )
        return redirect(f"{reverse('roles:role-create')}?family={family.pk}")
    return _family_form_page(request, form)


@require(access.catalogue_editable_by)
@require_http_methods(["GET", "POST"])
def family_edit(request: AuthedHttpRequest, family_id: int) -> HttpResponse:
    family = get_object_or_404(access.families_for(request.user), pk=family_id)
    initial = {"name": family.name, "description": family.description}
    form = FamilyEditForm(posted(request), initial=initial, version=family.version)
    if saved := submit(form, lambda data: services.family_update(family=family, **data)):
        messages.success(request, _("Job family “%(name)s” saved.") % {"name": saved.name})
        return redirect("roles:catalogue")
    return _family_form_page(request, form, family)


@require(access.catalogue_editable_by)
@require_http_methods(["GET", "POST"])
def family_delete(request: AuthedHttpRequest, family_id: int) -> HttpResponse:
    family = get_object_or_404(access.families_for(request.user), pk=family_id)
    error = ""
    if request.method == "POST":
        try:
            services.family_delete(family=family)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("Job family “%(name)s” deleted.") % {"name": family.name})
            return redirect("roles:catalogue")
    context = {"family": family, "error": error, "nav_active": "catalogue"}
    return render_page(request, "roles/family_delete.html", context)


# ---------------------------------------------------------------- roles


@require(access.catalogue_editable_by)
@require_http_methods(["GET", "POST"])
def role_create(request: AuthedHttpRequest) -> HttpResponse:
    initial = {"family": request.GET.get("family")} if request.GET.get("family") else None
    form = RoleForm(posted(request), initial=initial)
    if role := submit(form, lambda data: services.role_create(**data)):
        messages.success(
            request, _("%(title)s created. Now add the skills it requires.") % {"title": role.title}
        )
        return redirect("roles:role-edit", role_id=role.public_id)
    context = {"form": form, "nav_active": "catalogue"}
    return render_page(request, "roles/role_create.html", context)


@dataclass(frozen=True)
class Direction:
    """Career paths out of a role (to the next roles) or into it (from earlier roles)."""

    key: str
    title: StrOrPromise
    other_label: StrOrPromise
    empty: StrOrPromise

    def prefix(self) -> str:
        return f"new-path-{self.key}"


OUT = Direction(
    "out",
    gettext_lazy("Next roles"),
    gettext_lazy("Leads to"),
    gettext_lazy("No career paths lead out of this role yet."),
)
IN = Direction(
    "in",
    gettext_lazy("Previous roles"),
    gettext_lazy("Comes from"),
    gettext_lazy("No career paths lead into this role yet."),
)
DIRECTIONS = {OUT.key: OUT, IN.key: IN}


@dataclass(frozen=True)
class PathRow:
    transition: RoleTransition
    other: Role


@dataclass
class PathList:
    """One direction's career paths, the add form, and where its URLs are."""

    role: Role
    direction: Direction
    form: TransitionForm
    list_url: str = field(init=False)
    add_url: str = field(init=False)

    def __post_init__(self) -> None:
        key, role_id = self.direction.key, self.role.public_id
        self.list_url = reverse(f"roles:transitions-{key}", args=[role_id])
        self.add_url = reverse(f"roles:transition-{key}-add", args=[role_id])

    @cached_property
    def rows(self) -> list[PathRow]:
        if self.direction is OUT:
            return [PathRow(t, t.to_role) for t in access.transitions_out_of(self.role)]
        return [PathRow(t, t.from_role) for t in access.transitions_into(self.role)]


def _path_list(role: Role, direction: Direction, form: TransitionForm | None = None) -> PathList:
    form = form or TransitionForm(prefix=direction.prefix(), other_label=str(direction.other_label))
    return PathList(role, direction, form)


def _role_page(
    request: AuthedHttpRequest,
    role: Role,
    fragment: str | None = None,
    *,
    path_forms: dict[str, TransitionForm] | None = None,
    **context: Any,
) -> HttpResponse:
    """The role page (details, required skills, career paths), or one fragment of it."""
    forms = path_forms or {}
    base = {
        "role": role,
        "form": RoleEditForm(initial=RoleForm.initial_for(role), version=role.version),
        "requirements": access.requirements_of(role),
        "requirement_form": RequirementForm(prefix=NEW_REQUIREMENT),
        "path_lists": [_path_list(role, d, forms.get(d.key)) for d in (OUT, IN)],
        "scale": access.proficiency_scale(),
        "nav_active": "catalogue",
    }
    return render_page(request, ROLE_PAGE, base | context, fragment=fragment)


def _role(request: AuthedHttpRequest, role_id: UUID) -> Role:
    return get_object_or_404(access.roles_for(request.user), public_id=role_id)


def _back_to_role(role: Role, anchor: str) -> HttpResponse:
    return redirect(f"{reverse('roles:role-edit', args=[role.public_id])}#{anchor}")


@require(access.catalogue_editable_by)
@require_http_methods(["GET", "POST"])
def role_edit(request: AuthedHttpRequest, role_id: UUID) -> HttpResponse:
    role = _role(request, role_id)
    if request.method != "POST":
        return _role_page(request, role)
    form = RoleEditForm(request.POST, initial=RoleForm.initial_for(role), version=role.version)
    saved = submit(form, lambda data: services.role_update(role=role, **data))
    if saved is None:
        return _role_page(request, role, form=form)
    messages.success(request, _saved_message(role, saved))
    return _back_to_role(saved, "details")


def _saved_message(before: Role, saved: Role) -> str:
    """Says what the key-position flag means for Succession when it changes."""
    values = {"title": saved.title}
    if saved.is_key_position and not before.is_key_position:
        return (
            _("%(title)s saved. It is a key position now: open its succession plan below.") % values
        )
    if before.is_key_position and not saved.is_key_position:
        return (
            _(
                "%(title)s saved. It is no longer a key position. Any succession plan for it is "
                "kept, with its history, in Talent and succession until you delete it there."
            )
            % values
        )
    return _("%(title)s saved.") % values


@require(access.catalogue_editable_by)
@require_http_methods(["GET", "POST"])
def role_delete(request: AuthedHttpRequest, role_id: UUID) -> HttpResponse:
    """GET asks to confirm (or explains who holds the role); POST deletes or refuses."""
    role = _role(request, role_id)
    if request.method != "POST":
        return _role_delete_page(request, role)
    try:
        requirements, paths = services.role_delete(role=role)
    except ValidationError as refusal:
        return _role_delete_page(request, role, " ".join(refusal.messages))
    messages.success(
        request,
        _("%(title)s deleted, with its %(skills)s and %(paths)s.")
        % {
            "title": role.title,
            "skills": ngettext(
                "%(count)s required skill", "%(count)s required skills", requirements
            )
            % {"count": requirements},
            "paths": ngettext("%(count)s career path", "%(count)s career paths", paths)
            % {"count": paths},
        },
    )
    return redirect("roles:catalogue")


def _role_delete_page(request: AuthedHttpRequest, role: Role, error: str = "") -> HttpResponse:
    usage = access.role_usage(role)
    context = {
        "role": role,
        "usage": usage,
        # The page gives its own advice after the sentence; other refusals come as they are.
        "refusal": usage.sentence(role) if usage.in_use else error,
        "path_count": role.transitions_out.count() + role.transitions_in.count(),
        "nav_active": "catalogue",
    }
    return render_page(request, "roles/role_delete.html", context)


# ---------------------------------------------------------------- required skills


def _requirements_done(request: AuthedHttpRequest, role: Role, notice: str) -> HttpResponse:
    if wants_fragment(request):
        fresh = _focused(RequirementForm(prefix=NEW_REQUIREMENT))
        return _role_page(request, role, "requirements", notice=notice, requirement_form=fresh)
    messages.success(request, notice)
    return _back_to_role(role, "requirements")


@require(access.catalogue_editable_by)
@require_GET
def requirements(request: AuthedHttpRequest, role_id: UUID) -> HttpResponse:
    role = _role(request, role_id)
    return _role_page(request, role, "requirements")


@require(access.catalogue_editable_by)
@require_POST
def requirement_add(request: AuthedHttpRequest, role_id: UUID) -> HttpResponse:
    role = _role(request, role_id)
    form = RequirementForm(request.POST, prefix=NEW_REQUIREMENT)
    added = submit(form, lambda data: services.requirement_create(role=role, **data))
    if added is None:
        return _role_page(request, role, "requirements", requirement_form=_focused(form))
    return _requirements_done(
        request,
        role,
        _("%(skill)s added, required at level %(level)s.")
        % {"skill": added.skill, "level": added.required_level},
    )


def _requirement_row(
    request: AuthedHttpRequest, role: Role, requirement: RoleRequirement, **context: Any
) -> HttpResponse:
    return _role_page(request, role, "requirement", requirement=requirement, **context)


def _requirement_saved(
    request: AuthedHttpRequest, role: Role, requirement: RoleRequirement
) -> HttpResponse:
    if not wants_fragment(request):
        messages.success(
            request, _("Requirement for %(skill)s saved.") % {"skill": requirement.skill}
        )
        return _back_to_role(role, "requirements")
    fresh = get_object_or_404(access.requirements_of(role), pk=requirement.pk)
    return _requirement_row(request, role, fresh, just_saved=fresh.pk)


@require(access.catalogue_editable_by)
@require_http_methods(["GET", "POST"])
def requirement_edit(
    request: AuthedHttpRequest, role_id: UUID, requirement_id: int
) -> HttpResponse:
    """GET: the row as a form. POST: save it; the row comes back read-only, or with errors."""
    role = _role(request, role_id)
    requirement = get_object_or_404(access.requirements_of(role), pk=requirement_id)
    form = RequirementEditForm(
        posted(request),
        prefix=f"requirement-{requirement.pk}",
        initial=RequirementForm.initial_for(requirement),
        version=requirement.version,
    )
    update = partial(services.requirement_update, requirement=requirement)
    if saved := submit(form, lambda data: update(**data)):
        return _requirement_saved(request, role, saved)
    return _requirement_row(
        request, role, requirement, editing=requirement.pk, row_form=_focused(form)
    )


@require(access.catalogue_editable_by)
@require_POST
def requirement_delete(
    request: AuthedHttpRequest, role_id: UUID, requirement_id: int
) -> HttpResponse:
    role = _role(request, role_id)
    requirement = get_object_or_404(access.requirements_of(role), pk=requirement_id)
    services.requirement_delete(requirement=requirement)
    notice = _("%(skill)s is no longer required.") % {"skill": requirement.skill}
    return _requirements_done(request, role, notice)


# ---------------------------------------------------------------- career paths


def _path_write(
    role: Role, direction: Direction, save: Callable[..., RoleTransition]
) -> Callable[[dict[str, Any]], RoleTransition]:
    """``save`` (a career-path service) with a TransitionForm's data, this role at the right
    end; what the service says about either end goes beside the form's one role field."""

    def write(data: dict[str, Any]) -> RoleTransition:
        other = data["other_role"]
        from_role, to_role = (role, other) if direction is OUT else (other, role)
        edit = {"version": data["version"]} if "version" in data else {}
        try:
            return save(
                from_role=from_role,
                to_role=to_role,
                kind=data["kind"],
                typical_months=data["typical_months"],
                **edit,
            )
        except StaleVersion:
            raise  # the form shows the stored path beside the submitted one
        except ValidationError as error:
            raise other_role_errors(error) from error

    return write


def _paths_page(
    request: AuthedHttpRequest,
    role: Role,
    direction: Direction,
    *,
    form: TransitionForm | None = None,
    notice: str = "",
) -> HttpResponse:
    forms = {direction.key: form} if form else None
    paths = _path_list(role, direction, form)
    return _role_page(request, role, "transitions", path_forms=forms, paths=paths, notice=notice)


def _paths_done(
    request: AuthedHttpRequest, role: Role, direction: Direction, notice: str
) -> HttpResponse:
    if wants_fragment(request):
        fresh = TransitionForm(prefix=direction.prefix(), other_label=str(direction.other_label))
        return _paths_page(request, role, direction, form=_focused(fresh), notice=notice)
    messages.success(request, notice)
    return _back_to_role(role, f"transitions-{direction.key}")


@require(access.catalogue_editable_by)
@require_GET
def transitions(request: AuthedHttpRequest, role_id: UUID, direction: str) -> HttpResponse:
    role = _role(request, role_id)
    return _paths_page(request, role, DIRECTIONS[direction])


@require(access.catalogue_editable_by)
@require_POST
def transition_add(request: AuthedHttpRequest, role_id: UUID, direction: str) -> HttpResponse:
    role = _role(request, role_id)
    way = DIRECTIONS[direction]
    form = TransitionForm(request.POST, prefix=way.prefix(), other_label=str(way.other_label))
    added = submit(form, _path_write(role, way, services.transition_create))
    if added is None:
        return _paths_page(request, role, way, form=_focused(form))
    notice = _("Career path %(start)s → %(end)s added.") % {
        "start": added.from_role,
        "end": added.to_role,
    }
    return _paths_done(request, role, way, notice)


def _direction_of(role: Role, transition: RoleTransition) -> Direction:
    return OUT if transition.from_role_id == role.pk else IN


def _transition_row(
    request: AuthedHttpRequest, role: Role, transition: RoleTransition, **context: Any
) -> HttpResponse:
    direction = _direction_of(role, transition)
    other = transition.to_role if direction is OUT else transition.from_role
    return _role_page(
        request,
        role,
        "transition",
        row=PathRow(transition, other),
        paths=_path_list(role, direction),
        **context,
    )


def _transition_edit_form(
    request: AuthedHttpRequest, role: Role, transition: RoleTransition
) -> TransitionForm:
    way = _direction_of(role, transition)
    other = transition.to_role if way is OUT else transition.from_role
    initial = {"other_role": other.pk, "kind": transition.kind}
    return TransitionEditForm(
        posted(request),
        prefix=f"transition-{transition.pk}",
        other_label=str(way.other_label),
        initial=initial | {"typical_months": transition.typical_months},
        version=transition.version,
        outgoing=way is OUT,
    )


def _transition_saved(
    request: AuthedHttpRequest, role: Role, transition: RoleTransition
) -> HttpResponse:
    if not wants_fragment(request):
        messages.success(request, _("Career path saved."))
        return _back_to_role(role, f"transitions-{_direction_of(role, transition).key}")
    fresh = get_object_or_404(access.transitions_of(role), pk=transition.pk)
    return _transition_row(request, role, fresh, just_saved=fresh.pk)


@require(access.catalogue_editable_by)
@require_http_methods(["GET", "POST"])
def transition_edit(request: AuthedHttpRequest, role_id: UUID, transition_id: int) -> HttpResponse:
    """GET: the row as a form. POST: save it; the row comes back read-only, or with errors."""
    role = _role(request, role_id)
    transition = get_object_or_404(access.transitions_of(role), pk=transition_id)
    form = _transition_edit_form(request, role, transition)
    update = partial(services.transition_update, transition=transition)
    if saved := submit(form, _path_write(role, _direction_of(role, transition), update)):
        return _transition_saved(request, role, saved)
    return _transition_row(
        request, role, transition, editing_transition=transition.pk, transition_form=_focused(form)
    )


@require(access.catalogue_editable_by)
@require_POST
def transition_delete(
    request: AuthedHttpRequest, role_id: UUID, transition_id: int
) -> HttpResponse:
    role = _role(request, role_id)
    transition = get_object_or_404(access.transitions_of(role), pk=transition_id)
    way = _direction_of(role, transition)
    services.transition_delete(transition=transition)
    notice = _("Career path %(start)s → %(end)s removed.") % {
        "start": transition.from_role,
        "end": transition.to_role,
    }
    return _paths_done(request, role, way, notice)
