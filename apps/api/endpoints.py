"""The endpoints of /api/v1/. Each reads through access.py as the token's owner; the writes
(HR's, with the write scope) go through writes.py, one import row each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import AwareDatetime

from apps.api import access, inputs, schemas, writes
from apps.api.auth import CONFIDENTIAL, READ, WRITE
from apps.api.etags import etag_of, require_match
from apps.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, paginate
from apps.api.problems import ERRORS, WITH_INPUT_ERRORS, WRITE_ERRORS
from apps.employees import access as employees_access
from apps.employees import gaps
from apps.employees.models import Department
from apps.succession import access as succession_access
from apps.succession import reports

router = Router(auth=READ)
hr_reports = Router(auth=CONFIDENTIAL, tags=["HR reports (confidential scope)"])

Limit = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Rows per page, at most {MAX_LIMIT}.")
Cursor = Query(None, description="The `next` link's cursor; leave out for the first page.")
UpdatedSince = Query(
    None,
    description="Only records changed at or after this time (ISO 8601 with a time zone). "
    "Ask from your last sync's start minus a margin: a change is stamped with the start of "
    "the transaction that made it.",
)


def _page(schema: type) -> dict[int, Any]:
    return {200: schema, **WITH_INPUT_ERRORS}


def _since[Q: QuerySet[Any]](queryset: Q, updated_since: datetime | None) -> Q:
    return queryset if updated_since is None else queryset.filter(updated_at__gte=updated_since)


def _locked_update[T](
    request: HttpRequest,
    schema: type[Schema],
    serialize: Callable[[T], dict[str, Any]],
    lock: Callable[[], T],
    write: Callable[[T], object],
) -> None:
    """One PATCH: HR only; the record locked, its ETag checked against If-Match while the lock
    holds (so the match cannot go stale before the write), then written in that transaction."""
    access.require_writer(request.user)
    with transaction.atomic():
        record = lock()
        require_match(request, etag_of(schema, serialize(record)))
        write(record)


def _tagged(response: HttpResponse, schema: type[Schema], body: dict[str, Any]) -> dict[str, Any]:
    response["ETag"] = etag_of(schema, body)
    return body


@router.get("/employees", response=_page(schemas.EmployeePage), tags=["people"])
def list_employees(
    request: HttpRequest,
    limit: int = Limit,
    cursor: str | None = Cursor,
    updated_since: AwareDatetime | None = UpdatedSince,
) -> dict[str, Any]:
    """Everyone the token's owner sees: themselves, their whole sub-tree, or (HR) everyone."""
    people = _since(employees_access.employees_visible_to(request.user), updated_since)
    return paginate(
        request, people.with_related(), cursor=cursor, limit=limit, serialize=schemas.employee_out
    )


@router.post(
    "/employees",
    auth=WRITE,
    response={201: schemas.EmployeeOut, **WRITE_ERRORS},
    tags=["people (write scope)"],
)
def create_employee(
    request: HttpRequest, data: inputs.EmployeeCreate, response: HttpResponse
) -> Status[dict[str, Any]]:
    """A new person, checked like a row of the employees import (HR only)."""
    access.require_writer(request.user)
    with transaction.atomic():
        person = writes.employee_create(actor=request.user, data=data)
    response["Location"] = request.build_absolute_uri(f"{request.path}/{person.public_id}")
    return Status(201, _tagged(response, schemas.EmployeeOut, schemas.employee_out(person)))


@router.get(
    "/employees/{employee_id}", response={200: schemas.EmployeeOut, **ERRORS}, tags=["people"]
)
def get_employee(request: HttpRequest, employee_id: UUID, response: HttpResponse) -> dict[str, Any]:
    """With an ETag: send it back as If-Match on a PATCH."""
    person = employees_access.get_employee_for(request.user, employee_id)
    return _tagged(response, schemas.EmployeeOut, schemas.employee_out(person))


@router.patch(
    "/employees/{employee_id}",
    auth=WRITE,
    response={200: schemas.EmployeeOut, **WRITE_ERRORS},
    tags=["people (write scope)"],
)
def update_employee(
    request: HttpRequest, employee_id: UUID, data: inputs.EmployeePatch, response: HttpResponse
) -> dict[str, Any]:
    """Changes the fields sent, checked like a row of the employees import (HR only)."""
    _locked_update(
        request,
        schemas.EmployeeOut,
        schemas.employee_out,
        lock=lambda: access.lock_employee_for(request.user, employee_id),
        write=lambda person: writes.employee_update(actor=request.user, person=person, data=data),
    )
    return get_employee(request, employee_id, response)


@router.get(
    "/employees/{employee_id}/ratings",
    response=_page(schemas.RatingPage),
    tags=["people"],
)
def list_ratings(
    request: HttpRequest, employee_id: UUID, limit: int = Limit, cursor: str | None = Cursor
) -> dict[str, Any]:
    """The person's current skill ratings, self and manager (the gap engine uses the manager's
    when there is one)."""
    person = employees_access.get_employee_for(request.user, employee_id)
    ratings = employees_access.ratings_visible_to(request.user).filter(employee=person)
    return paginate(
        request,
        ratings.select_related("skill"),
        cursor=cursor,
        limit=limit,
        serialize=schemas.rating_out,
    )


@router.get(
    "/employees/{employee_id}/fit/{role_id}",
    response={200: schemas.FitOut, **ERRORS},
    tags=["people"],
)
def get_fit(request: HttpRequest, employee_id: UUID, role_id: UUID) -> dict[str, Any]:
    """The person's gap per required skill of the role and their readiness, from the same SQL
    as the map's gap view: readiness = numerator / denominator x 100."""
    person = employees_access.get_employee_for(request.user, employee_id)
    role = access.get_role_for(request.user, role_id)
    rows = gaps.skill_gaps(person, role)
    working = gaps.explain(rows)
    return {
        "employee": schemas.person_ref(person),
        "role": schemas.role_ref(role),
        "readiness": working["readiness"],
        "readiness_numerator": float(working["numerator"]),
        "readiness_denominator": float(working["denominator"]),
        "skills": [schemas.skill_gap_out(row) for row in rows],
    }


@router.get("/departments", response=_page(schemas.DepartmentPage), tags=["org"])
def list_departments(
    request: HttpRequest,
    limit: int = Limit,
    cursor: str | None = Cursor,
    updated_since: AwareDatetime | None = UpdatedSince,
) -> dict[str, Any]:
    departments = _since(access.departments_visible_to(request.user), updated_since)
    return paginate(
        request, departments, cursor=cursor, limit=limit, serialize=schemas.department_out
    )


@router.post(
    "/departments",
    auth=WRITE,
    response={201: schemas.DepartmentOut, **WRITE_ERRORS},
    tags=["org (write scope)"],
)
def create_department(
    request: HttpRequest, data: inputs.DepartmentCreate, response: HttpResponse
) -> Status[dict[str, Any]]:
    """A new department, checked like a row of the departments import (HR only)."""
    access.require_writer(request.user)
    with transaction.atomic():
        department = writes.department_create(actor=request.user, data=data)
    response["Location"] = request.build_absolute_uri(f"{request.path}/{department.pk}")
    return Status(201, _tagged(response, schemas.DepartmentOut, schemas.department_out(department)))


@router.get(
    "/departments/{department_id}", response={200: schemas.DepartmentOut, **ERRORS}, tags=["org"]
)
def get_department(
    request: HttpRequest, department_id: int, response: HttpResponse
) -> dict[str, Any]:
    department = access.get_department_for(request.user, department_id)
    return _tagged(response, schemas.DepartmentOut, schemas.department_out(department))


@router.patch(
    "/departments/{department_id}",
    auth=WRITE,
    response={200: schemas.DepartmentOut, **WRITE_ERRORS},
    tags=["org (write scope)"],
)
def update_department(
    request: HttpRequest, department_id: int, data: inputs.DepartmentPatch, response: HttpResponse
) -> dict[str, Any]:
    """Moves a department (``parent_id``), checked like a row of the departments import."""
    _locked_update(
        request,
        schemas.DepartmentOut,
        schemas.department_out,
        lock=lambda: access.lock_department_for(request.user, department_id),
        write=lambda department: writes.department_update(
            actor=request.user, department=department, data=data
        ),
    )
    return get_department(request, department_id, response)


@router.get("/roles", response=_page(schemas.RolePage), tags=["catalogue"])
def list_roles(
    request: HttpRequest,
    limit: int = Limit,
    cursor: str | None = Cursor,
    updated_since: AwareDatetime | None = UpdatedSince,
) -> dict[str, Any]:
    """Every role with its required skills (two queries a page)."""
    roles = _since(access.roles_visible_to(request.user), updated_since)
    return paginate(request, roles, cursor=cursor, limit=limit, serialize=schemas.role_out)


@router.post(
    "/roles",
    auth=WRITE,
    response={201: schemas.RoleOut, **WRITE_ERRORS},
    tags=["catalogue (write scope)"],
)
def create_role(
    request: HttpRequest, data: inputs.RoleCreate, response: HttpResponse
) -> Status[dict[str, Any]]:
    """A new role, checked like a row of the roles import (HR only)."""
    access.require_writer(request.user)
    with transaction.atomic():
        role = writes.role_create(actor=request.user, data=data)
    role = access.get_role_for(request.user, role.public_id)
    response["Location"] = request.build_absolute_uri(f"{request.path}/{role.public_id}")
    return Status(201, _tagged(response, schemas.RoleOut, schemas.role_out(role)))


@router.get("/roles/{role_id}", response={200: schemas.RoleOut, **ERRORS}, tags=["catalogue"])
def get_role(request: HttpRequest, role_id: UUID, response: HttpResponse) -> dict[str, Any]:
    """With an ETag: send it back as If-Match on a PATCH."""
    role = access.get_role_for(request.user, role_id)
    return _tagged(response, schemas.RoleOut, schemas.role_out(role))


@router.patch(
    "/roles/{role_id}",
    auth=WRITE,
    response={200: schemas.RoleOut, **WRITE_ERRORS},
    tags=["catalogue (write scope)"],
)
def update_role(
    request: HttpRequest, role_id: UUID, data: inputs.RolePatch, response: HttpResponse
) -> dict[str, Any]:
    """Changes the fields sent, checked like a row of the roles import (HR only). Required
    skills are not written through the API."""
    _locked_update(
        request,
        schemas.RoleOut,
        schemas.role_out,
        lock=lambda: access.lock_role_for(request.user, role_id),
        write=lambda role: writes.role_update(actor=request.user, role=role, data=data),
    )
    return get_role(request, role_id, response)


@router.get("/skills", response=_page(schemas.SkillPage), tags=["catalogue"])
def list_skills(
    request: HttpRequest, limit: int = Limit, cursor: str | None = Cursor
) -> dict[str, Any]:
    skills = access.skills_visible_to(request.user)
    return paginate(request, skills, cursor=cursor, limit=limit, serialize=schemas.skill_out)


def _department(request: HttpRequest, department_id: int | None) -> Department | None:
    if department_id is None:
        return None
    return get_object_or_404(access.departments_visible_to(request.user), pk=department_id)


@hr_reports.get("/bench-strength", response={200: schemas.BenchStrengthOut, **WITH_INPUT_ERRORS})
def bench_strength(request: HttpRequest, department_id: int | None = None) -> dict[str, Any]:
    """The succession report's figures over the key positions (HR only)."""
    succession_access.require_hr(request.user)
    department = _department(request, department_id)
    plans = reports.report_plans(succession_access.plans_visible_to(request.user), department)
    bench = reports.bench_strength(plans)
    return {
        "positions": bench.positions,
        "with_ready_now": bench.with_ready_now,
        "with_any_successor": bench.with_any,
        "successor_places": bench.slots,
        "ready_now_coverage": bench.ready_now_coverage,
        "any_coverage": bench.any_coverage,
        "average_successors": bench.average_successors,
        "positions_without_successor": [
            {
                "id": plan.public_id,
                "role": schemas.role_ref(plan.role),
                "incumbent": schemas.person_ref(plan.incumbent) if plan.incumbent else None,
            }
            for plan in bench.no_successor
        ],
        "sole_successors": [
            {"employee": schemas.person_ref(sole.employee), "positions": len(sole.plans)}
            for sole in bench.sole_successors
        ],
    }


@hr_reports.get("/skill-supply", response={200: schemas.SkillSupplyReport, **WITH_INPUT_ERRORS})
def skill_supply(request: HttpRequest, department_id: int | None = None) -> dict[str, Any]:
    """Skill supply and demand, biggest shortfall first (HR only)."""
    succession_access.require_hr(request.user)
    report = reports.skill_supply(_department(request, department_id))
    return {
        "items": [
            {
                "skill": {"id": row.skill.pk, "name": row.skill.name},
                "needed": row.needed,
                "met": row.met,
                "shortfall": row.shortfall,
                "levels": [
                    {
                        "level": level.level,
                        "needed": level.needed,
                        "met": level.met,
                        "shortfall": level.shortfall,
                        "anyone_at_level": level.anyone,
                    }
                    for level in row.level_rows
                ],
            }
            for row in report.skills
        ]
    }
