"""The one SCIM group CareerMap has: HR (its members see the whole organisation).

An identity provider that assigns the app's HR role through a group pushes its members here.
Members are users by their SCIM id (the employee's public id); only a person with an account
can be in it. Nobody removes themselves: the token's owner would lock out the one person who
could put it back (the import refuses the same).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse

from apps.accounts.models import HR_GROUP
from apps.employees.models import Employee
from apps.scim.resources import GROUP, LIST, PATCH_OP, ScimError

HR_ID = "hr"


def _hr() -> Group:
    group, _ = Group.objects.get_or_create(name=HR_GROUP)
    return group


def group_resource(request: HttpRequest, group_id: str) -> dict[str, Any]:
    if group_id != HR_ID:
        raise ScimError(404, f"No group has the id {group_id}.")
    members = Employee.objects.filter(user__groups=_hr()).order_by("full_name", "pk")
    return {
        "schemas": [GROUP],
        "id": HR_ID,
        "displayName": "HR",
        "members": [
            {"value": str(p.public_id), "display": p.full_name, "type": "User"}
            for p in members.only("public_id", "full_name")
        ],
        "meta": {
            "resourceType": "Group",
            "location": request.build_absolute_uri(reverse("scim:group", args=[HR_ID])),
        },
    }


def groups_list(request: HttpRequest, expression: str) -> dict[str, Any]:
    wanted = expression.strip()
    matches = not wanted or wanted.lower() in {
        f'displayname eq "{HR_GROUP.lower()}"',
        f'id eq "{HR_ID}"',
    }
    resources = [group_resource(request, HR_ID)] if matches else []
    return {
        "schemas": [LIST],
        "totalResults": len(resources),
        "startIndex": 1,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }


def group_patch(actor: Any, group_id: str, body: Mapping[str, Any]) -> None:
    if group_id != HR_ID:
        raise ScimError(404, f"No group has the id {group_id}.")
    if PATCH_OP not in (body.get("schemas") or []):
        raise ScimError(400, f"A PATCH request names the {PATCH_OP} schema.", "invalidSyntax")
    hr = _hr()
    with transaction.atomic():
        for operation in body.get("Operations") or []:
            adds, removes = _members_change(operation)
            for user in _users(adds):
                user.groups.add(hr)
            for user in _users(removes):
                if user.pk == actor.pk:
                    detail = "A token cannot take its own owner out of HR."
                    raise ScimError(400, detail, "mutability")
                user.groups.remove(hr)


def _members_change(operation: Any) -> tuple[list[str], list[str]]:
    """(ids to add, ids to remove) from Entra's and Okta's member operations."""
    if not isinstance(operation, Mapping):
        raise ScimError(400, "Each operation must be an object.", "invalidSyntax")
    op, path = str(operation.get("op", "")).lower(), str(operation.get("path") or "")
    values = operation.get("value") or []
    ids = [str(v.get("value")) for v in values if isinstance(v, Mapping)]
    if op == "add" and path == "members":
        return ids, []
    if op == "remove" and path == "members":
        return [], ids
    if op == "remove" and (found := _member_filter(path)):
        return [], [found]  # Entra: members[value eq "id"]
    if op == "replace" and path == "members":
        current = Employee.objects.filter(user__groups=_hr()).values_list("public_id", flat=True)
        return ids, [str(c) for c in current if str(c) not in ids]
    raise ScimError(400, f"Unsupported group operation: {op} {path}".strip(), "invalidPath")


def _member_filter(path: str) -> str:
    prefix, suffix = 'members[value eq "', '"]'
    if path.startswith(prefix) and path.endswith(suffix):
        return path[len(prefix) : -len(suffix)]
    return ""


def _users(ids: list[str]) -> list[Any]:
    found = []
    for text in ids:
        try:
            person = Employee.objects.select_related("user").filter(public_id=UUID(text)).first()
        except ValueError:
            person = None
        if person is None:
            raise ScimError(400, f"No user has the id {text}.", "invalidValue")
        if person.user is None:
            raise ScimError(
                400,
                f"{person.full_name} has no CareerMap account yet (they get one when they "
                "first sign in with single sign-on), so they cannot be in a group.",
                "invalidValue",
            )
        found.append(person.user)
    return found
