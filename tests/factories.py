"""factory_boy factories. Employees are created through the service so paths are right."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory
from django.contrib.auth.models import Group

from apps.accounts.models import HR_GROUP, User
from apps.employees.models import Department, Employee
from apps.employees.services import employee_create
from apps.learning.models import LearningResource, ResourceSkill
from apps.roles.models import Importance, JobFamily, Role, RoleRequirement, RoleTransition
from apps.skills.models import Skill, SkillCategory

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: Any = None) -> None:
        if create:
            instance.save()


def make_hr(user: User) -> User:
    user.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])
    return user


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Department {n}")


class SkillCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Category {n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    name = factory.Sequence(lambda n: f"Skill {n}")
    category = factory.SubFactory(SkillCategoryFactory)


class JobFamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobFamily
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Family {n}")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    title = factory.Sequence(lambda n: f"Role {n}")
    family = factory.SubFactory(JobFamilyFactory)
    level = 2
    summary = "Does the work of the role."


class RoleRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleRequirement

    role = factory.SubFactory(RoleFactory)
    skill = factory.SubFactory(SkillFactory)
    required_level = 3
    importance = Importance.ESSENTIAL
    weight = Decimal("1.00")


class RoleTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleTransition

    from_role = factory.SubFactory(RoleFactory)
    to_role = factory.SubFactory(RoleFactory)
    kind = "promotion"


_employee_seq = iter(range(1, 10**9))


def make_employee(
    *,
    manager: Employee | None = None,
    user: User | None = None,
    name: str | None = None,
    **fields: Any,
) -> Employee:
    n = next(_employee_seq)
    fields.setdefault("work_email", user.email if user else f"person{n}@example.com")
    return employee_create(full_name=name or f"Person {n}", manager=manager, user=user, **fields)


def make_resource(title: str, *skills: tuple[Skill, int], **fields: Any) -> LearningResource:
    """A learning resource that builds each ``(skill, level)``."""
    resource = LearningResource.objects.create(title=title, **fields)
    for skill, level in skills:
        ResourceSkill.objects.create(resource=resource, skill=skill, level=level)
    return resource
