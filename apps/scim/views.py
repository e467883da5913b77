"""SCIM 2.0 provisioning endpoints (RFC 7644): /scim/v2/Users, Groups and discovery.

Plain Django views rather than the API framework: SCIM has its own media type
(application/scim+json), its own error body and filter/PATCH languages, and identity providers
read the discovery endpoints below, not an OpenAPI document.

Every request carries an HR token with the ``scim`` scope. Writes become rows of the employees
import (``records_apply``), so provisioning is checked exactly like a file: a bad manager, a
reporting loop or a taken email answer 400/409 with the reason and write nothing.
Deactivating (``active: false``, or DELETE) marks the person a leaver, the import's way: their
account is closed at once, their history kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from apps.employees.models import Employee
from apps.imports.services import records_apply
from apps.scim import discovery
from apps.scim.auth import scim_actor
from apps.scim.groups import group_patch, group_resource, groups_list
from apps.scim.patch import apply_patch
from apps.scim.resources import ERROR, LIST, ScimError, user_record, user_resource

MEDIA_TYPE = "application/scim+json"
MAX_COUNT = 200
_FILTER = re.compile(
    r'^\s*(userName|emails\.value|emails|externalId|id)\s+eq\s+"([^"]*)"\s*$', re.IGNORECASE
)

View = Callable[..., HttpResponse]


def scim_response(data: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, content_type=MEDIA_TYPE)


def error_response(error: ScimError) -> JsonResponse:
    body: dict[str, Any] = {"schemas": [ERROR], "status": str(error.status), "detail": error.detail}
    if error.scim_type:
        body["scimType"] = error.scim_type
    response = scim_response(body, error.status)
    if error.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="scim"'
    if error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    return response


def scim_view(view: View) -> View:
    """Token check, JSON body, and ScimError as a SCIM error response."""

    @csrf_exempt  # bearer tokens, no cookies: nothing for a forged form to ride on
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            actor = scim_actor(request)
            body = _body(request)
            return view(request, actor, body, *args, **kwargs)
        except ScimError as error:
            return error_response(error)

    return wrapped


def _body(request: HttpRequest) -> dict[str, Any]:
    if request.method not in {"POST", "PUT", "PATCH"}:
        return {}
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ScimError(400, "The body is not JSON.", "invalidSyntax") from None
    if not isinstance(body, dict):
        raise ScimError(400, "The body must be a JSON object.", "invalidSyntax")
    return body


def _people() -> Any:
    return Employee.objects.select_related("manager", "department").order_by("pk")


def _location(request: HttpRequest, person: Employee) -> str:
    return request.build_absolute_uri(reverse("scim:user", args=[person.public_id]))


def _person(public_id: UUID) -> Employee:
    person = _people().filter(public_id=public_id).first()
    if person is None:
        raise ScimError(404, f"No user has the id {public_id}.")
    return person


# --------------------------------------------------------------------------- Users


@scim_view
def users(request: HttpRequest, actor: Any, body: dict[str, Any]) -> HttpResponse:
    if request.method == "POST":
        return _create(request, actor, body)
    if request.method != "GET":
        raise ScimError(405, "Use GET or POST on /Users.")
    people = _filtered(_people(), request.GET.get("filter", ""))
    start, count = _paging(request)
    total = people.count()
    page = list(people[start - 1 : start - 1 + count])
    return scim_response(
        {
            "schemas": [LIST],
            "totalResults": total,
            "startIndex": start,
            "itemsPerPage": len(page),
            "Resources": [user_resource(p, _location(request, p)) for p in page],
        }
    )


def _filtered(people: Any, expression: str) -> Any:
    if not expression:
        return people
    matched = _FILTER.match(expression)
    if matched is None:
        raise ScimError(400, f"Unsupported filter: {expression}", "invalidFilter")
    attribute, value = matched[1].lower(), matched[2]
    if attribute in {"username", "emails.value", "emails"}:
        return people.filter(work_email__iexact=value)
    if attribute == "externalid":
        return people.filter(external_id=value)
    try:
        return people.filter(public_id=UUID(value))
    except ValueError:
        return people.none()


def _paging(request: HttpRequest) -> tuple[int, int]:
    try:
        start = max(1, int(request.GET.get("startIndex", "1")))
        count = min(MAX_COUNT, max(0, int(request.GET.get("count", str(MAX_COUNT)))))
    except ValueError:
        raise ScimError(400, "startIndex and count are numbers.", "invalidValue") from None
    return start, count


def _create(request: HttpRequest, actor: Any, body: dict[str, Any]) -> HttpResponse:
    record = user_record(body)
    if (
        record["work_email"]
        and Employee.objects.filter(work_email__iexact=record["work_email"]).exists()
    ):
        raise ScimError(409, f"A user with the email {record['work_email']} exists.", "uniqueness")
    _write(actor, record)
    person = _people().get(work_email__iexact=record["work_email"])
    response = scim_response(user_resource(person, _location(request, person)), 201)
    response["Location"] = _location(request, person)
    return response


@scim_view
def user(request: HttpRequest, actor: Any, body: dict[str, Any], public_id: UUID) -> HttpResponse:
    person = _person(public_id)
    if request.method == "GET":
        return scim_response(user_resource(person, _location(request, person)))
    if request.method == "DELETE":
        # Deprovisioning: a leaver, never a deletion (maps, ratings and history stay).
        _write(actor, _matching(person, {**_current(person), "status": "left"}))
        return HttpResponse(status=204)
    if request.method == "PUT":
        record = user_record(body)
    elif request.method == "PATCH":
        resource = user_resource(person, _location(request, person))
        record = user_record(apply_patch(resource, body))
    else:
        raise ScimError(405, "Use GET, PUT, PATCH or DELETE on a user.")
    _write(actor, _matching(person, record))
    person = _person(public_id)
    return scim_response(user_resource(person, _location(request, person)))


def _current(person: Employee) -> dict[str, str]:
    return {"full_name": person.full_name, "work_email": person.work_email}


def _matching(person: Employee, record: dict[str, str]) -> dict[str, str]:
    """The row for ``person`` in the form the import matches on ``person`` and nobody else:
    by their HR id when they have one, else by their work email (which then cannot change)."""
    external_id = record.get("external_id") or person.external_id
    if external_id:
        holder = Employee.objects.filter(external_id=external_id).exclude(pk=person.pk)
        if holder.exists():
            detail = f"Another user has the employeeNumber {external_id}."
            raise ScimError(409, detail, "uniqueness")
        if person.external_id and external_id != person.external_id:
            raise ScimError(
                400, "The employeeNumber (the HR system's id) cannot change.", "mutability"
            )
        return {**record, "external_id": external_id}
    if record["work_email"].lower() != person.work_email.lower():
        raise ScimError(
            400,
            "This user has no employeeNumber (HR system id), so their email cannot change "
            "through provisioning: send the employeeNumber too, or ask HR to change it.",
            "mutability",
        )
    return record


def _write(actor: Any, record: dict[str, str]) -> None:
    plan = records_apply(kind="employees", records=[record], actor=actor, source="SCIM")
    if plan.issues:
        detail = " ".join(f"{issue.column}: {issue.message}" for issue in plan.issues)
        taken = any("already the work email" in issue.message for issue in plan.issues)
        raise ScimError(409 if taken else 400, detail, "uniqueness" if taken else "invalidValue")


# --------------------------------------------------------------------------- Groups


@scim_view
def groups(request: HttpRequest, actor: Any, body: dict[str, Any]) -> HttpResponse:
    if request.method != "GET":
        raise ScimError(405, "Groups are fixed: GET /Groups, PATCH a group's members.")
    return scim_response(groups_list(request, request.GET.get("filter", "")))


@scim_view
def group(request: HttpRequest, actor: Any, body: dict[str, Any], group_id: str) -> HttpResponse:
    if request.method == "PATCH":
        group_patch(actor, group_id, body)
    elif request.method != "GET":
        raise ScimError(405, "Use GET or PATCH on a group.")
    return scim_response(group_resource(request, group_id))


# --------------------------------------------------------------------------- discovery


@scim_view
def service_provider_config(request: HttpRequest, actor: Any, body: dict[str, Any]) -> HttpResponse:
    return scim_response(discovery.service_provider_config(request))


@scim_view
def resource_types(request: HttpRequest, actor: Any, body: dict[str, Any]) -> HttpResponse:
    return scim_response(discovery.resource_types(request))


@scim_view
def schemas(request: HttpRequest, actor: Any, body: dict[str, Any]) -> HttpResponse:
    return scim_response(discovery.schemas())
