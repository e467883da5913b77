"""ReadyPoints (each person's readiness points for each role, read by future needs) stays
exactly what a full recount gives, on every write path: ratings set, changed in bulk, moved
and deleted; requirements added, reweighted, retyped, moved and deleted; roles and skills
deleted. The figures themselves are set against the old SQL in test_report_sql_unchanged.py.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from django.db import connection

from apps.employees.models import Employee, RatingSource, SkillRating
from apps.employees.services import rating_set
from apps.roles.models import Importance, Role, RoleRequirement
from apps.skills.models import Skill
from apps.succession.models import DemandPlan, ReadyPoints
from tests.factories import SkillFactory, make_employee
from tests.succession.test_report_sql_unchanged import _build

pytestmark = pytest.mark.django_db


def _rows() -> set[tuple[int, int, int]]:
    return set(ReadyPoints.objects.values_list("role_id", "employee_id", "points"))


def _assert_recount_agrees() -> None:
    kept = _rows()
    with connection.cursor() as cursor:
        cursor.execute("SELECT succession_ready_points_rebuild()")
    assert kept == _rows()


@pytest.fixture
def roles() -> list[Role]:
    found = _build(random.Random(5))
    assert _rows(), "someone has points"
    _assert_recount_agrees()
    return found


def _skills() -> list[Skill]:
    return list(Skill.objects.order_by("pk"))


def test_points_follow_ratings(roles: list[Role]) -> None:
    person = Employee.objects.order_by("pk")[3]
    for skill in _skills()[:3]:
        rating_set(employee=person, skill=skill, level=5, source=RatingSource.MANAGER,
                   rated_by=None)  # fmt: skip
    _assert_recount_agrees()
    SkillRating.objects.filter(skill=_skills()[0]).update(manager_level=None)
    SkillRating.objects.filter(employee=person).update(self_level=2, manager_level=4)
    _assert_recount_agrees()
    other = make_employee(name="Other")
    SkillRating.objects.filter(employee=person, skill=_skills()[1]).update(employee=other)
    SkillRating.objects.filter(employee=other).update(skill=_skills()[5])
    _assert_recount_agrees()
    SkillRating.objects.filter(skill=_skills()[2]).delete()
    person.delete()
    _assert_recount_agrees()


def test_points_follow_requirements(roles: list[Role]) -> None:
    requirement = RoleRequirement.objects.filter(role=roles[0]).order_by("pk").first()
    assert requirement is not None
    requirement.weight = Decimal("7.25")
    requirement.save()
    RoleRequirement.objects.filter(role=roles[1]).update(importance=Importance.DESIRABLE)
    RoleRequirement.objects.filter(role=roles[2]).update(required_level=1)
    _assert_recount_agrees()
    taken = set(RoleRequirement.objects.filter(role=roles[3]).values_list("skill", flat=True))
    free = [s for s in _skills() if s.pk not in taken]
    RoleRequirement.objects.create(
        role=roles[3], skill=free[0], required_level=3, importance=Importance.ESSENTIAL
    )
    if requirement.skill_id not in {free[0].pk, *taken}:  # a requirement moved to another role
        RoleRequirement.objects.filter(pk=requirement.pk).update(role=roles[3])
    _assert_recount_agrees()
    RoleRequirement.objects.filter(role=roles[1]).delete()
    _assert_recount_agrees()


def test_points_follow_roles_and_skills_deleted(roles: list[Role]) -> None:
    DemandPlan.objects.filter(role=roles[2]).delete()
    Employee.objects.filter(current_role=roles[2]).update(current_role=None)
    roles[2].delete()  # its requirements go with it
    _assert_recount_agrees()
    skill = SkillFactory()
    person = Employee.objects.order_by("pk")[1]
    rating_set(employee=person, skill=skill, level=3, source=RatingSource.SELF, rated_by=None)
    RoleRequirement.objects.create(role=roles[0], skill=skill, required_level=2)
    _assert_recount_agrees()
    RoleRequirement.objects.filter(skill=skill).delete()
    skill.delete()
    _assert_recount_agrees()
