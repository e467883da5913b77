"""Duplicate names and out-of-scale values are refused with a clear message, and nothing saves."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.roles.models import Role, RoleRequirement, RoleTransition
from apps.skills.models import Skill
from tests.factories import (
    RoleFactory,
    RoleRequirementFactory,
    SkillCategoryFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(db):
    from django.test import Client

    from apps.accounts.models import User

    client = Client()
    client.force_login(User.objects.create_superuser("root@example.com", "x"))
    return client


def test_a_duplicate_skill_name_is_refused_whatever_its_case(admin_client_) -> None:
    skill = SkillFactory(name="Problem-solving abilities")
    response = admin_client_.post(
        reverse("admin:skills_skill_add"),
        {
            "name": "PROBLEM-SOLVING ABILITIES",
            "category": skill.category.pk,
            "description": "",
            "synonyms": "",
        },
    )
    assert response.status_code == 200
    assert b"A skill with this name already exists." in response.content
    assert Skill.objects.count() == 1


def test_a_duplicate_role_title_is_refused(admin_client_) -> None:
    role = RoleFactory(title="Product Support Specialist")
    response = admin_client_.post(
        reverse("admin:roles_role_add"),
        {
            "title": "product support specialist",
            "family": role.family.pk,
            "level": 2,
            "track": "ic",
            "summary": "",
            "responsibilities": "",
            "requirements-TOTAL_FORMS": 0,
            "requirements-INITIAL_FORMS": 0,
            "transitions_out-TOTAL_FORMS": 0,
            "transitions_out-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert b"A role with this title already exists." in response.content
    assert Role.objects.count() == 1


def test_the_database_refuses_what_forms_would(db) -> None:
    SkillFactory(name="Negotiation", category=SkillCategoryFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Skill.objects.create(name="negotiation", category=SkillCategoryFactory())
    requirement = RoleRequirementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleRequirement.objects.filter(pk=requirement.pk).update(required_level=6)
    role = RoleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleTransition.objects.create(from_role=role, to_role=role, kind="lateral")
