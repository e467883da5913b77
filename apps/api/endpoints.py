"""The read endpoints of /api/v1/. Each reads through access.py as the token's owner."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from apps.api import access, schemas
from apps.api.auth import CONFIDENTIAL, READ
from apps.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, paginate
from apps.api.problems import ERRORS, WITH_INPUT_ERRORS
from apps.employees import access as employees_access
from apps.employees import gaps
from apps.employees.models import Department
from apps.succession import access as succession_access
from apps.succession import reports

router = Router(auth=READ)
hr_reports = Router(auth=CONFIDENTIAL, tags=["HR reports (confidential scope)"])

Limit = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Rows per page, at most {MAX_LIMIT}.")
Cursor = Query(None, description="The `next` link's cursor; leave out for the first page.")


def _page(schema: type) -> dict[int, Any]:
    return {200: schema, **WITH_INPUT_ERRORS}


@router.get("/employees", response=_page(schemas.EmployeePage), tags=["people"])
def list_employees(
    request: HttpRequest, limit: int = Limit, cursor: str | None = Cursor
) -> dict[str, Any]:
    """Everyone the token's owner sees: themselves, their whole sub-tree, or (HR) everyone."""
    people = employees_access.employees_visible_to(request.user).with_related()
    return paginate(request, people, cursor=cursor, limit=limit, serialize=schemas.employee_out)


@router.get(
    "/employees/{employee_id}", response={200: schemas.EmployeeOut, **ERRORS}, tags=["people"]
)
def get_employee(request: HttpRequest, employee_id: UUID) -> dict[str, Any]:
    return schemas.employee_out(employees_access.get_employee_for(request.user, employee_id))


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
    request: HttpRequest, limit: int = Limit, cursor: str | None = Cursor
) -> dict[str, Any]:
    departments = access.departments_visible_to(request.user)
    return paginate(
        request, departments, cursor=cursor, limit=limit, serialize=schemas.department_out
    )


@router.get("/roles", response=_page(schemas.RolePage), tags=["catalogue"])
def list_roles(
    request: HttpRequest, limit: int = Limit, cursor: str | None = Cursor
) -> dict[str, Any]:
    """Every role with its required skills (two queries a page)."""
    roles = access.roles_visible_to(request.user)
    return paginate(request, roles, cursor=cursor, limit=limit, serialize=schemas.role_out)


@router.get("/roles/{role_id}", response={200: schemas.RoleOut, **ERRORS}, tags=["catalogue"])
def get_role(request: HttpRequest, role_id: UUID) -> dict[str, Any]:
    return schemas.role_out(access.get_role_for(request.user, role_id))


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
