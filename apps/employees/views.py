"""The people directory, the reporting tree, a person's profile and invitations."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.employees import access, services
from apps.employees.forms import DirectoryFilterForm, InvitationAcceptForm
from apps.employees.gaps import HOW_READINESS_IS_COMPUTED, explain, skill_gaps
from apps.employees.models import Employee
from apps.skills.models import ProficiencyLevel

PAGE_SIZE = 25


def _template(request: HttpRequest, page: str, fragment: str) -> str:
    """The whole page, or only its fragment when htmx asks."""
    return f"{page}#{fragment}" if request.htmx else page  # type: ignore[attr-defined]


def _require_people_access(request: HttpRequest) -> None:
    if access.viewer_employee(request.user) is None and not request.user.is_hr:  # type: ignore[union-attr]
        raise Http404("No people to show")


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    _require_people_access(request)
    form = DirectoryFilterForm(request.GET or None)
    people = access.employees_visible_to(request.user).active().with_related()
    if form.is_valid():
        if query := form.cleaned_data["q"]:
            people = people.filter(
                Q(full_name__icontains=query)
                | Q(work_email__icontains=query)
                | Q(current_role__title__icontains=query)
            )
        if department := form.cleaned_data["department"]:
            people = people.filter(department=department)
    people = people.annotate(report_count=Count("reports", distinct=True))
    page = Paginator(people.order_by("full_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page": page, "nav_active": "people"}
    return render(request, _template(request, "employees/directory.html", "results"), context)


def _tree_nodes(request: HttpRequest, parent: Employee | None) -> list[Employee]:
    visible = access.employees_visible_to(request.user).active()
    if parent is not None:
        nodes = visible.filter(manager=parent)
    elif request.user.is_hr:  # type: ignore[union-attr]
        nodes = visible.filter(manager__isnull=True)
    else:
        me = access.viewer_employee(request.user)
        nodes = visible.filter(pk=me.pk) if me else visible.none()
    return list(
        nodes.with_related()
        .annotate(report_count=Count("reports", distinct=True))
        .order_by("full_name")
    )


@login_required
def org_tree(request: HttpRequest) -> HttpResponse:
    _require_people_access(request)
    context = {"nodes": _tree_nodes(request, None), "root": None, "nav_active": "people"}
    return render(request, "employees/tree.html", context)


@login_required
def tree_children(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """One person's reports. htmx expands a node in place; without JS it is a page of its own."""
    parent = access.get_employee_for(request.user, public_id)
    context = {"nodes": _tree_nodes(request, parent), "root": parent, "nav_active": "people"}
    return render(request, _template(request, "employees/tree.html", "children"), context)


@login_required
def person(request: HttpRequest, public_id: UUID) -> HttpResponse:
    employee = access.get_employee_for(request.user, public_id)
    visible = access.employees_visible_to(request.user)
    gaps = skill_gaps(employee, employee.current_role) if employee.current_role else []
    context = {
        "person": employee,
        "is_me": employee.user_id is not None and employee.user_id == request.user.pk,
        "manager_visible": employee.manager_id is not None
        and visible.filter(pk=employee.manager_id).exists(),
        "reports": list(visible.filter(manager=employee).active().with_related()),
        "ratings": list(
            employee.ratings.select_related(
                "skill", "skill__category", "manager_rated_by"
            ).order_by("skill__category__name", "skill__name")
        ),
        "gaps": gaps,
        "explanation": explain(gaps) if gaps else None,
        "how_computed": HOW_READINESS_IS_COMPUTED,
        "scale": list(ProficiencyLevel.objects.all()),
        "can_invite": access.can_invite(request.user) and employee.user_id is None,
        "open_invitation": access.invitations_visible_to(request.user)
        .filter(employee=employee, accepted_at=None, revoked_at=None)
        .first(),
        "nav_active": "profile" if employee.user_id == request.user.pk else "people",
    }
    return render(request, "employees/person.html", context)


@login_required
@require_POST
def invite(request: HttpRequest, public_id: UUID) -> HttpResponse:
    if not access.can_invite(request.user):
        raise Http404("No such page")
    employee = access.get_employee_for(request.user, public_id)
    try:
        services.invitation_create(employee=employee, invited_by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Invitation sent to {employee.work_email}.")
    return redirect("employees:person", public_id=employee.public_id)


@login_required
def invitations(request: HttpRequest) -> HttpResponse:
    if not access.can_invite(request.user):
        raise Http404("No such page")
    rows = access.invitations_visible_to(request.user).select_related("employee", "invited_by")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "employees/invitations.html", {"page": page, "nav_active": "invitations"}
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, public_id: UUID) -> HttpResponse:
    invitation = access.invitations_visible_to(request.user).filter(public_id=public_id).first()
    if invitation is None:
        raise Http404("No such invitation")
    services.invitation_revoke(invitation=invitation)
    messages.success(request, f"The invitation for {invitation.email} is revoked.")
    return redirect("employees:invitations")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the link in the invitation email. Sets a password and signs the person in."""
    invitation = access.invitation_by_token(token)
    if invitation is None or not invitation.is_open:
        return render(
            request, "employees/invitation_invalid.html", {"invitation": invitation}, status=404
        )
    if request.user.is_authenticated:
        messages.info(request, "You are already signed in.")
        return redirect("home")
    form = InvitationAcceptForm(
        request.POST or None,
        email=invitation.email,
        initial={"name": invitation.employee.full_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome to CareerMap. Your account is ready.")
            return redirect("home")
    return render(
        request, "employees/invitation_accept.html", {"form": form, "invitation": invitation}
    )
