"""The API's writes: each becomes one row of an import (``records_apply``), checked exactly
like a file's row, so the API, SCIM and uploads share one set of rules.

The pitfall is matching: the import finds people by external id, else work email, and
departments and roles by name. A row is therefore always built so that it can match only the
record in the URL (its HR id, or its unchanged email or name), and the plan is checked again
before the transaction commits: a create must create exactly one record, a PATCH must change
nothing but the record it names. Anything else rolls back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any
from uuid import UUID

from apps.api import inputs
from apps.api.problems import Refused
from apps.employees import access as employees_access
from apps.employees.models import Department, Employee
from apps.imports.kinds.base import Issue, Plan
from apps.imports.services import records_apply
from apps.roles.models import Role

# Import column -> API field, per kind (the names a 422 reports).
EMPLOYEE_FIELDS = {
    "full_name": "full_name", "work_email": "work_email", "external_id": "external_id",
    "department": "department", "manager": "manager", "role": "role", "location": "location",
    "hire_date": "hire_date", "timezone": "timezone", "status": "status",
}  # fmt: skip
DEPARTMENT_FIELDS = {"name": "name", "parent": "parent_id", "head": "head"}
ROLE_FIELDS = {
    "job_family": "job_family", "title": "title", "level": "level", "track": "track",
    "summary": "summary", "responsibilities": "responsibilities",
    "key_position": "is_key_position",
}  # fmt: skip
# The import's words for a value that belongs to another record: a conflict, not bad input.
TAKEN = ("already the work email", "belongs to")


def refuse(field: str, message: str, status: int = 422) -> Refused:
    return Refused(status, message, [{"field": field, "message": message}])


def _refusal(issues: Iterable[Issue], fields: Mapping[str, str]) -> Refused:
    errors = [
        {"field": fields.get(issue.column, issue.column), "message": issue.message}
        for issue in issues
    ]
    taken = any(marker in e["message"] for e in errors for marker in TAKEN)
    detail = "The value belongs to another record." if taken else "The record was refused."
    return Refused(409 if taken else 422, detail, errors)


def _apply(kind: str, record: dict[str, str], actor: Any, fields: Mapping[str, str]) -> Plan:
    plan = records_apply(kind=kind, records=[record], actor=actor, source="API")
    if plan.issues:
        raise _refusal(plan.issues, fields)
    return plan


def _created_one(plan: Plan) -> None:
    # A concurrent write can take the email or name between our check and the import's.
    if plan.create != 1 or plan.update:
        raise refuse("", "Another write made this record meanwhile.", 409)


def _changed_only(plan: Plan, changed: Iterable[int], pk: int) -> None:
    if plan.create or any(other != pk for other in changed):
        raise RuntimeError("An API write would have changed another record; rolled back.")


# --------------------------------------------------------------------------- employees


def _cell(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def _employee_record(actor: Any, values: Mapping[str, Any]) -> dict[str, str]:
    record = {column: _cell(values[name]) for column, name in EMPLOYEE_FIELDS.items()
              if name in values and name != "manager"}  # fmt: skip
    if "manager" in values:
        record["manager"] = _manager_email(actor, values["manager"])
    return record


def _manager_email(actor: Any, public_id: UUID | None) -> str:
    if public_id is None:
        return ""
    found = employees_access.employees_visible_to(actor).filter(public_id=public_id).first()
    if found is None:
        raise refuse("manager", "No employee has this id.")
    return found.work_email


def employee_create(*, actor: Any, data: inputs.EmployeeCreate) -> Employee:
    values = data.model_dump()
    email, external_id = values["work_email"], values["external_id"]
    if Employee.objects.filter(work_email__iexact=email).exists():
        raise refuse("work_email", f"{email} is already someone's work email.", 409)
    if external_id and Employee.objects.filter(external_id=external_id).exists():
        raise refuse("external_id", f"Someone already has the external id {external_id}.", 409)
    if not external_id:
        values.pop("external_id")
    _created_one(_apply("employees", _employee_record(actor, values), actor, EMPLOYEE_FIELDS))
    return Employee.objects.with_related().get(work_email__iexact=email)


def employee_update(*, actor: Any, person: Employee, data: inputs.EmployeePatch) -> None:
    """``person`` locked by the caller. The row keeps their status unless it is sent (without
    the column the import would bring a leaver back) and is matched on them alone."""
    values = {"full_name": person.full_name, "work_email": person.work_email,
              "status": person.status, **data.given()}  # fmt: skip
    if person.external_id:
        values["external_id"] = person.external_id
    elif values["work_email"].lower() != person.work_email.lower():
        raise refuse(
            "work_email",
            "This person has no external id (HR system id), and the import matches them by "
            "email, so their email cannot change through the API; HR can change it in "
            "CareerMap, or import their external id first.",
        )
    plan = _apply("employees", _employee_record(actor, values), actor, EMPLOYEE_FIELDS)
    _changed_only(plan, (pk for pk, _fields in plan.changes.updates), person.pk)


# --------------------------------------------------------------------------- departments


def _parent_name(parent_id: int | None) -> str:
    if parent_id is None:
        return ""
    name = Department.objects.filter(pk=parent_id).values_list("name", flat=True).first()
    if name is None:
        raise refuse("parent_id", "No department has this id.")
    return name


def department_create(*, actor: Any, data: inputs.DepartmentCreate) -> Department:
    name = data.name
    if Department.objects.filter(name__iexact=name).exists():
        raise refuse("name", f"There is a department called {name} already.", 409)
    record = {"name": name, "parent": _parent_name(data.parent_id)}
    _created_one(_apply("departments", record, actor, DEPARTMENT_FIELDS))
    return Department.objects.get(name__iexact=name)


def department_update(*, actor: Any, department: Department, data: inputs.DepartmentPatch) -> None:
    given = data.given()
    name = given.get("name", department.name)
    if name.lower() != department.name.lower():
        raise refuse(
            "name",
            "The import matches departments by name, so a department cannot be renamed "
            "through the API (only the case of its name may change); rename it in CareerMap.",
        )
    record = {"name": name}
    if "parent_id" in given:
        record["parent"] = _parent_name(given["parent_id"])
    plan = _apply("departments", record, actor, DEPARTMENT_FIELDS)
    _changed_only(plan, plan.changes.changed, department.pk)


# --------------------------------------------------------------------------- roles


def _role_record(values: Mapping[str, Any]) -> dict[str, str]:
    record: dict[str, str] = {}
    for column, name in ROLE_FIELDS.items():
        if name in values:
            value = values[name]
            record[column] = ("yes" if value else "no") if isinstance(value, bool) else str(value)
    return record


def role_create(*, actor: Any, data: inputs.RoleCreate) -> Role:
    title = data.title
    if Role.objects.filter(title__iexact=title).exists():
        raise refuse("title", f"There is a role called {title} already.", 409)
    _created_one(_apply("roles", _role_record(data.model_dump()), actor, ROLE_FIELDS))
    return Role.objects.get(title__iexact=title)


def role_update(*, actor: Any, role: Role, data: inputs.RolePatch) -> None:
    given = data.given()
    for name in ("summary", "responsibilities"):
        if given.get(name) == "":
            message = "The import keeps what is there for an empty value, so the {} cannot be "
            raise refuse(
                name, (message + "emptied through the API; do it in CareerMap.").format(name)
            )
    title = given.get("title", role.title)
    if title.lower() != role.title.lower():
        raise refuse(
            "title",
            "The import matches roles by title, so a role cannot be renamed through the API "
            "(only the case of its title may change); rename it in CareerMap.",
        )
    values = {"job_family": role.family.name, **given, "title": title}
    plan = _apply("roles", _role_record(values), actor, ROLE_FIELDS)
    _changed_only(plan, plan.changes.changed_roles, role.pk)
