"""A leaver's data on HR's request: download it all as JSON; anonymise them (with a confirm step).

Both are HR-only and never about the HR person themselves (their own record answers 404, like
any confidential data about oneself).
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.employees.models import Employee
from apps.succession import access
from apps.succession.forms.plans import AnonymiseForm
from apps.succession.services import leavers as services
from careermap.web import AuthedHttpRequest, posted, render_page, require, submit


def _person(request: AuthedHttpRequest, employee_id: UUID) -> Employee:
    people = access.talent_subjects_for(request.user).select_related(
        "department", "current_role", "manager"
    )
    return get_object_or_404(people, public_id=employee_id)


@require(access.is_hr)
@require_GET
def export(request: AuthedHttpRequest, employee_id: UUID) -> HttpResponse:
    person = _person(request, employee_id)
    data = services.person_export(actor=request.user, employee=person)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="person-{person.public_id}.json"'
    return response


@require(access.is_hr)
@require_http_methods(["GET", "POST"])
def anonymise(request: AuthedHttpRequest, employee_id: UUID) -> HttpResponse:
    person = _person(request, employee_id)
    form = AnonymiseForm(posted(request))
    done = submit(form, lambda _: services.person_anonymise(actor=request.user, employee=person))
    if done is not None:
        messages.success(
            request,
            _("Anonymised: the record now reads “%(full_name)s”.") % {"full_name": done.full_name},
        )
        return redirect("employees:person", public_id=done.public_id)
    context = {
        "person": person,
        "form": form,
        "is_leaver": person.status == "left",
        "nav_active": "people",
    }
    return render_page(request, "succession/leavers/anonymise.html", context)
