"""What the API answers, as typed schemas (the OpenAPI document is generated from these), and
the functions that turn our models into them."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from ninja import Schema

from apps.employees.gaps import SkillGap
from apps.employees.models import Department, Employee, SkillRating
from apps.roles.models import Role, RoleRequirement
from apps.skills.models import Skill


class Ref(Schema):
    id: int
    name: str


class PersonRef(Schema):
    id: UUID
    full_name: str


class RoleRef(Schema):
    id: UUID
    title: str


class EmployeeOut(Schema):
    id: UUID
    full_name: str
    work_email: str
    status: str
    location: str
    hire_date: date | None
    external_id: str | None
    department: Ref | None
    role: RoleRef | None
    manager: PersonRef | None
    updated_at: datetime


class DepartmentOut(Schema):
    id: int
    name: str
    parent_id: int | None
    updated_at: datetime


class RequirementOut(Schema):
    skill: Ref
    required_level: int
    importance: str
    weight: float


class RoleOut(Schema):
    id: UUID
    title: str
    family: str
    level: int
    track: str
    summary: str
    responsibilities: str
    is_key_position: bool
    requirements: list[RequirementOut]
    updated_at: datetime


class SkillOut(Schema):
    id: int
    name: str
    description: str
    category: str
    synonyms: list[str]


class RatingOut(Schema):
    skill: Ref
    self_level: int | None
    self_rated_at: datetime | None
    manager_level: int | None
    manager_rated_at: datetime | None
    current_level: int


class SkillGapOut(Schema):
    skill: Ref
    required_level: int
    importance: str
    weight: float
    self_level: int | None
    manager_level: int | None
    current_level: int
    gap: int


class FitOut(Schema):
    employee: PersonRef
    role: RoleRef
    readiness: float | None
    readiness_numerator: float
    readiness_denominator: float
    skills: list[SkillGapOut]


class EmployeePage(Schema):
    items: list[EmployeeOut]
    next: str | None


class DepartmentPage(Schema):
    items: list[DepartmentOut]
    next: str | None


class RolePage(Schema):
    items: list[RoleOut]
    next: str | None


class SkillPage(Schema):
    items: list[SkillOut]
    next: str | None


class RatingPage(Schema):
    items: list[RatingOut]
    next: str | None


def person_ref(employee: Employee) -> dict[str, object]:
    return {"id": employee.public_id, "full_name": employee.full_name}


def role_ref(role: Role) -> dict[str, object]:
    return {"id": role.public_id, "title": role.title}


def employee_out(employee: Employee) -> dict[str, object]:
    """``employee`` loaded ``with_related()`` (department, role and manager in the same row)."""
    department = employee.department
    return {
        "id": employee.public_id,
        "full_name": employee.full_name,
        "work_email": employee.work_email,
        "status": employee.status,
        "location": employee.location,
        "hire_date": employee.hire_date,
        "external_id": employee.external_id,
        "department": {"id": department.pk, "name": department.name} if department else None,
        "role": role_ref(employee.current_role) if employee.current_role else None,
        "manager": person_ref(employee.manager) if employee.manager else None,
        "updated_at": employee.updated_at,
    }


def department_out(department: Department) -> dict[str, object]:
    return {
        "id": department.pk,
        "name": department.name,
        "parent_id": department.parent_id,
        "updated_at": department.updated_at,
    }


def requirement_out(requirement: RoleRequirement) -> dict[str, object]:
    return {
        "skill": {"id": requirement.skill_id, "name": requirement.skill.name},
        "required_level": requirement.required_level,
        "importance": requirement.importance,
        "weight": float(requirement.weight),
    }


def role_out(role: Role) -> dict[str, object]:
    """``role`` with its family selected and its requirements (with skills) prefetched."""
    return {
        **role_ref(role),
        "family": role.family.name,
        "level": role.level,
        "track": role.track,
        "summary": role.summary,
        "responsibilities": role.responsibilities,
        "is_key_position": role.is_key_position,
        "requirements": [requirement_out(q) for q in role.requirements.all()],
        "updated_at": role.updated_at,
    }


def skill_out(skill: Skill) -> dict[str, object]:
    return {
        "id": skill.pk,
        "name": skill.name,
        "description": skill.description,
        "category": skill.category.name,
        "synonyms": list(skill.synonyms),
    }


def rating_out(rating: SkillRating) -> dict[str, object]:
    return {
        "skill": {"id": rating.skill_id, "name": rating.skill.name},
        "self_level": rating.self_level,
        "self_rated_at": rating.self_rated_at,
        "manager_level": rating.manager_level,
        "manager_rated_at": rating.manager_rated_at,
        "current_level": rating.current_level,
    }


def skill_gap_out(row: SkillGap) -> dict[str, object]:
    return {
        "skill": {"id": row.skill_id, "name": row.skill_name},
        "required_level": row.required_level,
        "importance": row.importance,
        "weight": float(row.weight),
        "self_level": row.self_level,
        "manager_level": row.manager_level,
        "current_level": row.current_level,
        "gap": row.gap,
    }


class PositionOut(Schema):
    id: UUID
    role: RoleRef
    incumbent: PersonRef | None


class SoleSuccessorOut(Schema):
    employee: PersonRef
    positions: int


class BenchStrengthOut(Schema):
    positions: int
    with_ready_now: int
    with_any_successor: int
    successor_places: int
    ready_now_coverage: float | None
    any_coverage: float | None
    average_successors: float | None
    positions_without_successor: list[PositionOut]
    sole_successors: list[SoleSuccessorOut]


class LevelDemandOut(Schema):
    level: int
    needed: int
    met: int
    shortfall: int
    anyone_at_level: int


class SkillSupplyOut(Schema):
    skill: Ref
    needed: int
    met: int
    shortfall: int
    levels: list[LevelDemandOut]


class SkillSupplyReport(Schema):
    items: list[SkillSupplyOut]
