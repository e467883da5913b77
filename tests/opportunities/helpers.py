"""A small world for the opportunity tests: two skills, a role that needs them, and people."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from apps.accounts.models import User
from apps.careermaps.models import CareerMap
from apps.employees.models import Employee, RatingSource
from apps.employees.services import rating_set
from apps.opportunities.models import Opportunity, OpportunityKind, OpportunityStatus
from apps.opportunities.services import NeededSkill, opportunity_create
from apps.roles.models import Importance, Role
from apps.skills.models import Skill
from tests.factories import RoleFactory, RoleRequirementFactory, SkillFactory


@dataclass
class World:
    python: Skill
    sql: Skill
    role: Role
    target: Role


def make_world() -> World:
    python, sql = SkillFactory(name="Python"), SkillFactory(name="SQL")
    role = RoleFactory(title="Data Analyst")
    RoleRequirementFactory(role=role, skill=python, required_level=3)
    RoleRequirementFactory(role=role, skill=sql, required_level=2, importance=Importance.DESIRABLE)
    target = RoleFactory(title="Data Engineer", level=3)
    RoleRequirementFactory(role=target, skill=sql, required_level=4)
    return World(python, sql, role, target)


def rate(employee: Employee, skill: Skill, level: int) -> None:
    rating_set(employee=employee, skill=skill, level=level, source=RatingSource.SELF, rated_by=None)


def give_target(employee: Employee, role: Role) -> CareerMap:
    career_map, _ = CareerMap.objects.get_or_create(employee=employee)
    career_map.target_role = role
    career_map.save()
    return career_map


def post(poster: User, **fields: Any) -> Opportunity:
    fields.setdefault("kind", OpportunityKind.PROJECT)
    fields.setdefault("title", "A project")
    fields.setdefault("status", OpportunityStatus.OPEN)
    return opportunity_create(posted_by=poster, **fields)


def needs(*pairs: tuple[Skill, int]) -> list[NeededSkill]:
    return [NeededSkill(skill=skill, level=level) for skill, level in pairs]
