"""The people directory, the reporting tree, a person's profile and invitations."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.models import User
from apps.employees import access, services
from apps.employees.forms import SUGGESTIONS, DirectoryFilterForm, InvitationAcceptForm
from apps.employees.gaps import HOW_READINESS_IS_COMPUTED, explain, skill_gaps
from apps.employees.models import Employee, Invitation, SkillRatingHistory
from apps.employees.orgchart import chart_page
from apps.employees.querysets import EmployeeQuerySet
from apps.skills.models import ProficiencyLevel
from careermap.web import AuthedHttpRequest, HtmxHttpRequest, posted, render_page, require, submit

PAGE_SIZE = 25
# The profile shows the latest rating changes; the whole history is a page of its own.
HISTORY_ON_PROFILE = 8
HISTORY_PAGE_SIZE = 50


def _search(people: EmployeeQuerySet, form: DirectoryFilterForm) -> EmployeeQuerySet:
    if not form.is_valid():
        return people
    if query := form.cleaned_data["q"]:
        people = people.filter(
            Q(full_name__icontains=query)
            | Q(work_email__icontains=query)
            | Q(current_role__title__icontains=query)
        )
    if department := form.cleaned_data["department"]:
        people = people.filter(department=department)
    return people


@require(access.has_people_access)
def directory(request: AuthedHttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    people = _search(Employee.objects.visible_to(request.user).active().with_related(), form)
    people = people.with_report_counts()
    page = Paginator(people.order_by("full_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page": page, "nav_active": "people"}
    return render_page(request, "employees/directory.html", context, fragment="results")


@require(access.has_people_access)
def search(request: AuthedHttpRequest) -> HttpResponse:
    """Suggestions for a person box (``PersonSearchInput``): the first people of the viewer's
    directory whose name or email contains what was typed, as datalist options."""
    text = (request.GET.get(request.GET.get("field", "q")) or "").strip()[:100]
    people = Employee.objects.none()
    if len(text) >= 2:
        people = (
            Employee.objects.visible_to(request.user)
            .active()
            .filter(Q(full_name__icontains=text) | Q(work_email__icontains=text))
            .select_related("current_role", "department")
            .order_by("full_name", "pk")[:SUGGESTIONS]
        )
    return render(request, "employees/_people_options.html", {"people": people})


@require(access.has_people_access)
def chart(request: AuthedHttpRequest) -> HttpResponse:
    """The org chart under one person (the top for HR, yourself otherwise), a few levels deep;
    a person's box zooms into their sub-tree, a search jumps to someone."""
    page = chart_page(request, reverse("employees:chart"))
    if isinstance(page, str):
        return redirect(page)
    return render(request, "employees/chart.html", {**page, "nav_active": "people"})


def _tree_nodes(request: AuthedHttpRequest, parent: Employee | None) -> list[Employee]:
    visible = Employee.objects.visible_to(request.user).active()
    if parent is not None:
        nodes = visible.filter(manager=parent)
    elif request.user.is_hr:
        nodes = visible.filter(manager__isnull=True)
    else:
        me = access.viewer_employee(request.user)
        nodes = visible.filter(pk=me.pk) if me else visible.none()
    return list(nodes.with_related().with_report_counts().order_by("full_name"))


@require(access.has_people_access)
def org_tree(request: AuthedHttpRequest) -> HttpResponse:
    context = {"nodes": _tree_nodes(request, None), "root": None, "nav_active": "people"}
    return render(request, "employees/tree.html", context)


@login_required
def tree_children(request: AuthedHttpRequest, public_id: UUID) -> HttpResponse:
    """One person's reports. htmx expands a node in place; without JS it is a page of its own."""
    parent = access.get_employee_for(request.user, public_id)
    context = {"nodes": _tree_nodes(request, parent), "root": parent, "nav_active": "people"}
    return render_page(request, "employees/tree.html", context, fragment="children")


def _person_context(request: AuthedHttpRequest, employee: Employee) -> dict[str, Any]:
    visible = Employee.objects.visible_to(request.user)
    gaps = skill_gaps(employee, employee.current_role) if employee.current_role else []
    return {
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
        "history": list(_history(employee)[: HISTORY_ON_PROFILE + 1]),
        "history_shown": HISTORY_ON_PROFILE,
        "explanation": explain(gaps) if gaps else None,
        "how_computed": HOW_READINESS_IS_COMPUTED,
        "scale": list(ProficiencyLevel.objects.all()),
        "can_invite": access.can_invite(request.user) and employee.user_id is None,
        # HR's export and anonymisation (the succession app's pages), never of oneself.
        "can_handle_data": request.user.is_hr and employee.user_id != request.user.pk,
        "open_invitation": Invitation.objects.visible_to(request.user).open_for(employee).first(),
        "nav_active": "profile" if employee.user_id == request.user.pk else "people",
    }


def _history(employee: Employee) -> QuerySet[SkillRatingHistory]:
    """Every self and manager rating of ``employee``, newest first (skill ratings: the talent
    review's ratings are HR's and never shown here)."""
    return SkillRatingHistory.objects.filter(employee=employee).select_related("skill", "rated_by")


@login_required
def rating_history(request: AuthedHttpRequest, public_id: UUID) -> HttpResponse:
    """The whole history of a person's skill ratings, for whoever may see their profile."""
    employee = access.get_employee_for(request.user, public_id)
    page = Paginator(_history(employee), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "person": employee,
        "page": page,
        "nav_active": "profile" if employee.user_id == request.user.pk else "people",
    }
    return render(request, "employees/rating_history.html", context)


@login_required
def person(request: AuthedHttpRequest, public_id: UUID) -> HttpResponse:
    employee = access.get_employee_for(request.user, public_id)
    return render(request, "employees/person.html", _person_context(request, employee))


@require(access.can_invite)
@require_POST
def invite(request: AuthedHttpRequest, public_id: UUID) -> HttpResponse:
    employee = access.get_employee_for(request.user, public_id)
    try:
        services.invitation_create(employee=employee, invited_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Invitation sent to %(email)s.") % {"email": employee.work_email}
        )
    return redirect("employees:person", public_id=employee.public_id)


@require(access.can_invite)
def invitations(request: AuthedHttpRequest) -> HttpResponse:
    rows = Invitation.objects.visible_to(request.user).select_related("employee", "invited_by")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "employees/invitations.html", {"page": page, "nav_active": "invitations"}
    )


@require(access.can_invite)
@require_POST
def invitation_revoke(request: AuthedHttpRequest, public_id: UUID) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.visible_to(request.user), public_id=public_id)
    services.invitation_revoke(invitation=invitation)
    messages.success(
        request, _("The invitation for %(email)s is revoked.") % {"email": invitation.email}
    )
    return redirect("employees:invitations")


def _accept(invitation: Invitation, data: dict[str, Any]) -> User:
    return services.invitation_accept(
        invitation=invitation, name=data["name"], password=data["password1"]
    )


def invitation_accept(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """Public: the link in the invitation email. Sets a password and signs the person in."""
    invitation = access.invitation_by_token(token)
    if invitation is None or not invitation.is_open:
        return render(
            request, "employees/invitation_invalid.html", {"invitation": invitation}, status=404
        )
    if request.user.is_authenticated:
        messages.info(request, _("You are already signed in."))
        return redirect("home")
    form = InvitationAcceptForm(
        posted(request), email=invitation.email, initial={"name": invitation.employee.full_name}
    )
    user = submit(form, lambda data: _accept(invitation, data))
    if user is not None:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to CareerMap. Your account is ready."))
        return redirect("home")
    return render(
        request, "employees/invitation_accept.html", {"form": form, "invitation": invitation}
    )
