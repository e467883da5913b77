"""People as SCIM 2.0 User resources (RFC 7643), and SCIM Users back into import rows.

A User is an employee record: ``id`` is the employee's public id, ``userName`` and the work
email are the same address, ``active`` is "has not left". The enterprise extension carries the
HR system's id (``employeeNumber``, our external id), the department and the manager (by SCIM
id). Writes never touch the database here: a User becomes one row of the employees import
(``records_apply``), so provisioning is validated exactly like a file HR uploads.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from apps.employees.models import Employee, EmploymentStatus

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


class ScimError(Exception):
    """An RFC 7644 error: the HTTP status, the scimType (may be empty) and a detail."""

    def __init__(
        self, status: int, detail: str, scim_type: str = "", *, retry_after: int = 0
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type
        self.retry_after = retry_after


def user_resource(person: Employee, location: str) -> dict[str, Any]:
    """``person`` as a SCIM User (``person`` with manager and department loaded)."""
    enterprise: dict[str, Any] = {}
    if person.external_id:
        enterprise["employeeNumber"] = person.external_id
    if person.department is not None:
        enterprise["department"] = person.department.name
    if person.manager is not None:
        enterprise["manager"] = {
            "value": str(person.manager.public_id),
            "displayName": person.manager.full_name,
        }
    resource: dict[str, Any] = {
        "schemas": [CORE, ENTERPRISE],
        "id": str(person.public_id),
        "userName": person.work_email,
        "name": _name(person.full_name),
        "displayName": person.full_name,
        "emails": [{"value": person.work_email, "type": "work", "primary": True}],
        "active": person.status != EmploymentStatus.LEFT,
        "timezone": person.timezone,
        ENTERPRISE: enterprise,
        "meta": {"resourceType": "User", "location": location},
    }
    if person.location:
        resource["addresses"] = [{"type": "work", "locality": person.location}]
    return resource


def _name(full_name: str) -> dict[str, str]:
    given, _, family = full_name.partition(" ")
    return {"formatted": full_name, "givenName": given, "familyName": family}


def truthy(value: Any) -> bool:
    """SCIM booleans as identity providers send them: Entra ID sends "False" as a string."""
    if isinstance(value, str):
        if value.strip().lower() not in {"true", "false"}:
            raise ScimError(400, f"“{value}” is not a boolean.", "invalidValue")
        return value.strip().lower() == "true"
    return bool(value)


def _full_name(user: Mapping[str, Any]) -> str:
    name = user.get("name") or {}
    if not isinstance(name, Mapping):
        raise ScimError(400, "name must be an object.", "invalidSyntax")
    formatted = str(name.get("formatted") or "").strip()
    parts = [str(name.get(k) or "").strip() for k in ("givenName", "familyName")]
    return formatted or " ".join(p for p in parts if p) or str(user.get("displayName") or "")


def _work_email(user: Mapping[str, Any]) -> str:
    """userName is the sign-in name; a work (or primary) email wins when there is one."""
    emails = user.get("emails") or []
    if not isinstance(emails, list):
        raise ScimError(400, "emails must be a list.", "invalidSyntax")
    ranked = sorted(
        (e for e in emails if isinstance(e, Mapping) and e.get("value")),
        key=lambda e: (e.get("type") != "work", not truthy(e.get("primary", False))),
    )
    return str(ranked[0]["value"] if ranked else user.get("userName") or "").strip()


def manager_email(value: Any) -> str:
    """The manager's work email (the import names managers by email) from a SCIM manager
    reference: an object with ``value`` (Entra, Okta) or the id itself; empty means none."""
    ref = value.get("value") if isinstance(value, Mapping) else value
    if ref in (None, ""):
        return ""
    try:
        public_id = uuid.UUID(str(ref))
    except ValueError:
        # A malformed reference is bad input in this request (400), not a missing resource.
        raise ScimError(400, f"“{ref}” is not a user id (the manager).", "invalidValue") from None
    row = Employee.objects.filter(public_id=public_id).values_list("work_email").first()
    if row is None:
        raise ScimError(400, f"No user has the id {ref} (the manager).", "invalidValue")
    return row[0]


def user_record(user: Mapping[str, Any]) -> dict[str, str]:
    """A SCIM User as one row of the employees import (only what the User says)."""
    record: dict[str, str] = {"full_name": _full_name(user), "work_email": _work_email(user)}
    if "active" in user:
        record["status"] = "active" if truthy(user["active"]) else "left"
    if user.get("timezone"):
        record["timezone"] = str(user["timezone"])
    enterprise = user.get(ENTERPRISE) or {}
    if not isinstance(enterprise, Mapping):
        raise ScimError(400, "The enterprise extension must be an object.", "invalidSyntax")
    if enterprise.get("employeeNumber"):
        record["external_id"] = str(enterprise["employeeNumber"])
    if "department" in enterprise:
        record["department"] = str(enterprise.get("department") or "")
    if "manager" in enterprise:
        record["manager"] = manager_email(enterprise.get("manager"))
    return record
