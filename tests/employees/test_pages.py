from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.employees.models import Employee, RatingSource
from apps.employees.services import rating_set
from tests.conftest import Org, client_for
from tests.factories import RoleFactory, RoleRequirementFactory, SkillFactory, make_employee

pytestmark = pytest.mark.django_db


def _queries(client, url: str, **headers: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return len(queries)


def _grow_team(manager: Employee, size: int) -> None:
    role = RoleFactory()
    for _ in range(size):
        report = make_employee(manager=manager, current_role=role)
        make_employee(manager=report)


def test_the_directory_costs_the_same_queries_for_5_or_50_people(org: Org) -> None:
    client = client_for(org.director.user)
    url = reverse("employees:directory")
    _grow_team(org.manager, 2)
    small = _queries(client, url)
    _grow_team(org.manager, 23)
    assert Employee.objects.in_subtree(org.director).count() > 50
    assert _queries(client, url) == small
    assert _queries(client, url + "?q=person", HX_Request="true") <= small


def test_the_tree_and_a_profile_cost_fixed_queries(org: Org) -> None:
    client = client_for(org.director.user)
    tree_url = reverse("employees:tree-children", args=[org.manager.public_id])
    person_url = reverse("employees:person", args=[org.manager.public_id])
    role = RoleFactory()
    Employee.objects.filter(pk=org.manager.pk).update(current_role=role)
    RoleRequirementFactory(role=role)
    before = (_queries(client, tree_url), _queries(client, person_url))
    _grow_team(org.manager, 15)
    for _ in range(12):
        requirement = RoleRequirementFactory(role=role)
        rating_set(
            employee=org.manager,
            skill=requirement.skill,
            level=2,
            source=RatingSource.SELF,
            rated_by=None,
        )
    assert (_queries(client, tree_url), _queries(client, person_url)) == before


def test_a_manager_sees_only_their_sub_tree(org: Org) -> None:
    response = client_for(org.manager.user).get(reverse("employees:directory"))
    names = {p.full_name for p in response.context["page"].object_list}
    assert names == {"Manager", "Employee", "Teammate"}


def test_hr_sees_everyone_and_filters_by_department(org: Org) -> None:
    client = client_for(org.hr_user)
    everyone = client.get(reverse("employees:directory")).context["page"].paginator.count
    assert everyone == 6
    engineering = org.other_employee.department
    response = client.get(reverse("employees:directory"), {"department": engineering.pk})
    assert {p.full_name for p in response.context["page"].object_list} == {
        "Other Manager",
        "Other Employee",
    }


def test_htmx_gets_only_the_results_fragment(org: Org) -> None:
    response = client_for(org.hr_user).get(
        reverse("employees:directory"), {"q": "teammate"}, headers={"HX-Request": "true"}
    )
    assert b"<html" not in response.content
    assert b"Teammate" in response.content
    assert b"Other Employee" not in response.content


def test_user_text_is_shown_as_text(org: Org) -> None:
    Employee.objects.filter(pk=org.employee.pk).update(full_name="<script>alert(1)</script>")
    response = client_for(org.hr_user).get(
        reverse("employees:person", args=[org.employee.public_id])
    )
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content


def test_the_profile_explains_readiness(org: Org) -> None:
    role = RoleFactory()
    Employee.objects.filter(pk=org.employee.pk).update(current_role=role)
    # essential (w=2) at 3 needed, rated 3 by self and 2 by the manager -> 2 counted
    essential = RoleRequirementFactory(
        role=role, skill=SkillFactory(name="Troubleshooting"), required_level=3
    )
    rating_set(
        employee=org.employee,
        skill=essential.skill,
        level=3,
        source=RatingSource.SELF,
        rated_by=None,
    )
    rating_set(
        employee=org.employee,
        skill=essential.skill,
        level=2,
        source=RatingSource.MANAGER,
        rated_by=org.manager.user,
    )
    response = client_for(org.employee.user).get(
        reverse("employees:person", args=[org.employee.public_id])
    )
    # 2x2 / 2x3 = 4/6 = 66.7%
    assert response.context["explanation"]["readiness"] == pytest.approx(66.7)
    assert b"Troubleshooting" in response.content
    assert b"How this is computed" in response.content


def test_the_directory_pages_through_people(org: Org) -> None:
    for _ in range(30):
        make_employee(manager=org.director)
    response = client_for(org.director.user).get(reverse("employees:directory"))
    # The director, the manager, two reports and the 30 new people.
    assert "Showing 1\u201325 of 34" in response.content.decode()
    second = client_for(org.director.user).get(reverse("employees:directory"), {"page": 2})
    assert len(second.context["page"].object_list) == 9


def _rate_many(person: Employee, count: int, source: RatingSource, by=None) -> list:
    skills = [SkillFactory(name=f"Skill {n:02d}") for n in range(count)]
    for level, skill in enumerate(skills):
        rating_set(
            employee=person, skill=skill, level=level % 6, source=source, rated_by=by, note=""
        )
    return skills


def test_an_employee_sees_their_own_rating_history_on_their_profile(org: Org) -> None:
    skills = _rate_many(org.employee, 3, RatingSource.SELF)
    rating_set(
        employee=org.employee,
        skill=skills[0],
        level=4,
        source=RatingSource.MANAGER,
        rated_by=org.manager.user,
        note="Led the Q3 migration",
    )
    html = client_for(org.employee.user).get(
        reverse("employees:person", args=[org.employee.public_id])
    )
    text = html.content.decode()
    section = text[text.index('id="rating-history"') :]
    assert "Rating history" in section
    # Newest first: the manager's rating of Skill 00, then the three self-ratings.
    assert section.index("Led the Q3 migration") < section.index("Skill 02")
    assert "(manager)" in section
    assert "4 · Advanced" in section
    assert "The whole rating history" not in section  # 4 changes: all shown


def test_the_whole_history_is_a_page_of_its_own_for_whoever_sees_the_profile(org: Org) -> None:
    _rate_many(org.employee, 20, RatingSource.SELF)
    profile = reverse("employees:person", args=[org.employee.public_id])
    history = reverse("employees:rating-history", args=[org.employee.public_id])
    mine = client_for(org.employee.user).get(profile).content.decode()
    assert history in mine  # more than the profile shows: a link to all of it
    page = client_for(org.manager.user).get(history)
    assert page.status_code == 200
    assert page.content.decode().count("<time ") == 20
    assert client_for(org.teammate.user).get(history).status_code == 404
    assert client_for(org.other_manager.user).get(history).status_code == 404


def _suggested(user, text: str) -> list[str]:
    import re

    url = reverse("employees:search") + f"?field=incumbent&incumbent={text}"
    response = client_for(user).get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return re.findall(r'<option value="([^"]+)"', response.content.decode())


def test_the_people_search_suggests_within_the_viewers_directory(org: Org) -> None:
    assert _suggested(org.hr_user, "employee") == [
        "employee@example.com",
        "other_employee@example.com",
    ]
    # A manager's directory is their sub-tree: the other team's employee is not offered.
    assert _suggested(org.manager.user, "employee") == ["employee@example.com"]
    assert _suggested(org.hr_user, "e") == []  # two characters at least
    assert _suggested(org.hr_user, "MANAGER@EXAMPLE") == [
        "manager@example.com",
        "other_manager@example.com",
    ]


def test_the_people_search_offers_ten_people_in_fixed_queries(org: Org) -> None:
    url = reverse("employees:search") + "?q=person"
    for _ in range(3):
        make_employee(name="Person")
    small = _queries(client_for(org.hr_user), url)
    for _ in range(30):
        make_employee(name="Person")
    assert _queries(client_for(org.hr_user), url) == small
    assert len(_suggested(org.hr_user, "person")) == 10
