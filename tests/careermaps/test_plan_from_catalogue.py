"""Adding a learning resource to my development plan, from the catalogue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.careermaps.models import ActionKind, CareerMap, DevelopmentAction
from apps.careermaps.services.maps import map_create
from apps.learning.models import ResourceKind
from apps.skills.models import Skill
from tests.conftest import Org, client_for
from tests.factories import SkillFactory, make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def sql() -> Skill:
    return SkillFactory(name="SQL")


@pytest.fixture
def python() -> Skill:
    return SkillFactory(name="Python")


def test_add_to_plan_starts_my_map_and_links_the_action_to_skill_andmake_resource(org: Org, sql):
    resource = make_resource(
        "SQL certified", (sql, 4), kind=ResourceKind.CERTIFICATION, provider="Acme", hours=20
    )
    client = client_for(org.employee.user)
    response = client.post(
        reverse("careermaps:resource-add", args=[resource.public_id]), {"skill": sql.pk}
    )
    career_map = CareerMap.objects.get(employee=org.employee)
    action = DevelopmentAction.objects.get(career_map=career_map, resource=resource)
    assert response["Location"] == (
        reverse("careermaps:plan", args=[career_map.public_id]) + f"#action-{action.public_id}"
    )
    assert (action.kind, action.skill, action.title) == (
        ActionKind.CERTIFICATION,
        sql,
        "SQL certified",
    )
    assert action.detail == "Builds SQL to level 4 (Advanced). (Acme, 20 hours)"


def test_a_course_becomes_education_on_my_existing_map(org: Org, sql, python):
    career_map = map_create(employee=org.employee)
    resource = make_resource("Data", (sql, 3), (python, 2))
    client_for(org.employee.user).post(
        reverse("careermaps:resource-add", args=[resource.public_id]), {"skill": python.pk}
    )
    action = career_map.actions.get(resource=resource)
    assert (action.kind, action.skill) == (ActionKind.EDUCATION, python)


def test_add_to_plan_needs_one_of_the_skills_the_resource_builds(org: Org, sql, python):
    resource = make_resource("Data", (sql, 3))
    client = client_for(org.employee.user)
    url = reverse("careermaps:resource-add", args=[resource.public_id])
    for data in ({}, {"skill": python.pk}):
        response = client.post(url, data)
        assert response.status_code == 200
        assert b"Choose one of the skills this resource builds." in response.content
    assert not DevelopmentAction.objects.exists()


def test_the_same_resource_is_not_added_twice(org: Org, sql):
    resource = make_resource("Data", (sql, 3))
    client = client_for(org.employee.user)
    url = reverse("careermaps:resource-add", args=[resource.public_id])
    client.post(url, {"skill": sql.pk})
    response = client.post(url, {"skill": sql.pk})
    assert "“Data” is already in your development plan." in response.content.decode()
    assert DevelopmentAction.objects.count() == 1
    catalogue = client.get(reverse("learning:catalogue"))
    assert b"In your plan" in catalogue.content
