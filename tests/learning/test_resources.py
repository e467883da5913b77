"""The learning catalogue: browsing and HR upkeep (adding to a plan: tests/careermaps)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.careermaps.services.maps import map_create
from apps.careermaps.services.plan import action_from_resource
from apps.learning import services
from apps.learning.models import LearningResource, ResourceKind, ResourceSkill
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


# --------------------------------------------------------------------------- browsing


def test_it_shows_each_resource_with_its_facts_and_the_skills_it_builds(org: Org, sql, python):
    make_resource(
        "Data for analysts",
        (sql, 4),
        (python, 2),
        provider="DataCamp",
        url="https://example.com/data",
        kind=ResourceKind.CERTIFICATION,
        hours=12,
        cost=Decimal("49.50"),
    )
    page = client_for(org.employee.user).get(reverse("learning:catalogue"))
    html = page.content.decode()
    assert '<a class="link" href="https://example.com/data" rel="noopener noreferrer">' in html
    assert 'target="_blank"' not in html
    for text in (
        "DataCamp",
        "Certification",
        ">12<",
        "49.50",
        'SQL <span class="chip__level">to level 4',
        'Python <span class="chip__level">to level 2',
    ):
        assert text in html


def test_it_searches_title_provider_and_skill_and_filters_format_and_skill(org: Org, sql, python):
    make_resource("Data for analysts", (sql, 4), provider="DataCamp")
    make_resource("Automate it", (python, 3), provider="O'Reilly", kind=ResourceKind.BOOK)
    make_resource("Leading teams", provider="Internal academy", kind=ResourceKind.PROGRAMME)

    def titles(**params: object) -> list[str]:
        page = client_for(org.employee.user).get(reverse("learning:catalogue"), params)
        return [resource.title for resource in page.context["page_obj"].object_list]

    assert titles() == ["Automate it", "Data for analysts", "Leading teams"]
    assert titles(q="analysts") == ["Data for analysts"]
    assert titles(q="reilly") == ["Automate it"]
    assert titles(q="pyth") == ["Automate it"]  # by the skill it builds
    assert titles(kind=ResourceKind.PROGRAMME) == ["Leading teams"]
    assert titles(skill=sql.pk) == ["Data for analysts"]
    assert titles(q="data", kind=ResourceKind.BOOK) == []


def test_htmx_search_answers_with_the_results_only(org: Org, sql):
    make_resource("Data for analysts", (sql, 4))
    page = client_for(org.employee.user).get(
        reverse("learning:catalogue"), {"q": "data"}, headers={"HX-Request": "true"}
    )
    assert b"<html" not in page.content
    assert b"Data for analysts" in page.content


def test_hr_without_an_employee_record_browses_but_has_no_plan(org: Org, sql):
    make_resource("Data for analysts", (sql, 4))
    page = client_for(org.hr_user).get(reverse("learning:catalogue"))
    assert page.status_code == 200
    assert b"Add to my plan" not in page.content
    assert b"Add a resource" in page.content


def test_resources_for_skills_lists_the_best_first_in_one_query(sql, python):
    long = make_resource("Long course", (sql, 4), hours=40)
    short = make_resource("Short course", (sql, 4), hours=5)
    intro = make_resource("Intro", (sql, 2), (python, 2), hours=1)
    other = SkillFactory(name="Negotiation")
    with CaptureQueriesContext(connection) as queries:
        found = services.resources_for_skills([sql.pk, python.pk, other.pk])
    assert len(queries) == 1
    assert [(item.resource, item.level) for item in found[sql.pk]] == [
        (short, 4),
        (long, 4),
        (intro, 2),
    ]
    assert [item.resource for item in found[python.pk]] == [intro]
    assert found[other.pk] == []
    assert found[sql.pk][2].reaches(2)
    assert not found[sql.pk][2].reaches(3)


# --------------------------------------------------------------------------- HR upkeep


def test_hr_adds_a_resource_then_its_skills(org: Org, sql):
    hr = client_for(org.hr_user)
    response = hr.post(
        reverse("learning:create"),
        {
            "title": "  SQL in a day ",
            "provider": "Internal academy",
            "url": "https://learn.example.com/sql",
            "kind": ResourceKind.WORKSHOP,
            "hours": "7",
            "cost": "0",
        },
    )
    resource = LearningResource.objects.get()
    assert response["Location"] == reverse("learning:edit", args=[resource.public_id])
    assert (resource.title, resource.kind, resource.hours, resource.cost) == (
        "SQL in a day",
        ResourceKind.WORKSHOP,
        7,
        Decimal("0.00"),
    )
    hr.post(
        reverse("learning:skill-add", args=[resource.public_id]), {"skill": sql.pk, "level": "4"}
    )
    assert list(resource.builds.values_list("skill__name", "level")) == [("SQL", 4)]


def test_a_resource_needs_a_valid_link_and_a_cost_of_at_least_zero(org: Org):
    hr = client_for(org.hr_user)
    response = hr.post(
        reverse("learning:create"),
        {
            "title": "Bad",
            "url": "not a link",
            "kind": ResourceKind.COURSE,
            "cost": "-5",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["url"] == ["Enter a valid URL."]
    assert errors["cost"] == [services.COST_MESSAGE]
    assert not LearningResource.objects.exists()


def test_the_service_refuses_a_negative_cost_and_a_bad_link_for_any_caller():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.resource_create(title="Bad", url="ftp//x", cost=Decimal("-1"))
    assert set(error.value.message_dict) == {"url", "cost"}


def test_skill_levels_are_validated_from_1_to_5(org: Org, sql):
    resource = make_resource("Data", (sql, 3))
    hr = client_for(org.hr_user)
    for level in ("0", "6", "x"):
        response = hr.post(
            reverse("learning:skill-edit", args=[resource.public_id, sql.pk]),
            {"level": level},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        assert str(services.LEVEL_MESSAGE) in response.content.decode()
    assert ResourceSkill.objects.get().level == 3
    other = SkillFactory(name="Python")
    response = hr.post(
        reverse("learning:skill-add", args=[resource.public_id]), {"skill": other.pk, "level": "9"}
    )
    assert str(services.LEVEL_MESSAGE) in response.content.decode()
    assert resource.builds.count() == 1


def test_skill_rows_are_edited_inline_with_htmx_and_as_plain_posts(org: Org, sql, python):
    resource = make_resource("Data", (sql, 3))
    hr = client_for(org.hr_user)
    url = reverse("learning:skill-edit", args=[resource.public_id, sql.pk])
    fragment = hr.post(url, {"level": "5"}, headers={"HX-Request": "true"})
    assert b"<html" not in fragment.content
    assert b"SQL now builds to level 5." in fragment.content
    assert ResourceSkill.objects.get(skill=sql).level == 5
    plain = hr.post(
        reverse("learning:skill-add", args=[resource.public_id]),
        {"skill": python.pk, "level": "2"},
    )
    assert plain["Location"] == reverse("learning:edit", args=[resource.public_id]) + "#skills"
    removed = hr.post(
        reverse("learning:skill-remove", args=[resource.public_id, sql.pk]),
        headers={"HX-Request": "true"},
    )
    assert b"SQL removed." in removed.content
    assert list(resource.builds.values_list("skill__name", "level")) == [("Python", 2)]


def test_hr_edits_and_deletes_a_resource_and_plans_keep_their_action(org: Org, sql):
    resource = make_resource("Data", (sql, 3), url="https://example.com")
    career_map = map_create(employee=org.employee)
    action = action_from_resource(employee=org.employee, resource=resource, skill=sql)
    hr = client_for(org.hr_user)
    hr.post(
        reverse("learning:edit", args=[resource.public_id]),
        {
            "title": "Data, second edition",
            "provider": "",
            "url": "https://example.com/2",
            "kind": ResourceKind.BOOK,
            "hours": "",
            "cost": "",
            "version": resource.version,
        },
    )
    resource.refresh_from_db()
    assert (resource.title, resource.kind, resource.url) == (
        "Data, second edition",
        ResourceKind.BOOK,
        "https://example.com/2",
    )
    confirm = hr.get(reverse("learning:delete", args=[resource.public_id]))
    assert b"1 development plan action links to it" in confirm.content
    hr.post(reverse("learning:delete", args=[resource.public_id]))
    assert not LearningResource.objects.exists()
    action.refresh_from_db()
    assert (action.career_map, action.resource) == (career_map, None)


def test_only_hr_changes_the_catalogue(org: Org, sql):
    resource = make_resource("Data", (sql, 3))
    for user in (org.employee.user, org.manager.user, org.director.user):
        client = client_for(user)
        assert client.post(reverse("learning:create"), {"title": "Mine"}).status_code == 404
        assert client.post(reverse("learning:delete", args=[resource.public_id])).status_code == 404
        assert (
            client.post(
                reverse("learning:skill-edit", args=[resource.public_id, sql.pk]), {"level": "1"}
            ).status_code
            == 404
        )
    assert list(LearningResource.objects.values_list("title", flat=True)) == ["Data"]
    assert ResourceSkill.objects.get().level == 3


# --------------------------------------------------------------------------- query counts


def _catalogue_of(size: int, batch: str) -> None:
    skills = [SkillFactory(name=f"Skill {batch}{n}") for n in range(5)]
    for n in range(size):
        resource = LearningResource.objects.create(title=f"Resource {batch}{n:03}")
        ResourceSkill.objects.bulk_create(
            ResourceSkill(resource=resource, skill=skill, level=1 + (n + i) % 5)
            for i, skill in enumerate(skills[: 1 + n % 3])
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["employee", "hr"])
def test_the_catalogue_costs_the_same_queries_with_20_or_200_resources(org: Org, persona: str):
    user = org.hr_user if persona == "hr" else org.employee.user
    if persona == "employee":
        map_create(employee=org.employee)
    client = client_for(user)
    _catalogue_of(20, "a")
    small = _queries(client, reverse("learning:catalogue"))
    _catalogue_of(180, "b")
    assert _queries(client, reverse("learning:catalogue")) == small
    assert _queries(client, reverse("learning:catalogue") + "?q=skill&page=3") == small


def test_a_resource_saved_in_another_session_is_not_overwritten(org: Org, sql):
    resource = make_resource("Data", (sql, 3))
    hr = client_for(org.hr_user)
    url = reverse("learning:edit", args=[resource.public_id])
    data = {"provider": "", "url": "", "kind": ResourceKind.BOOK, "hours": "", "cost": ""}
    first = hr.post(url, {**data, "title": "Data, 2nd edition", "version": 1})
    assert first.status_code == 302
    second = hr.post(url, {**data, "title": "Data for everyone", "version": 1})
    html = second.content.decode()
    assert "This resource changed since you opened it" in html
    table = html.split("stale-version__table")[1].split("</table>")[0]
    assert "Data, 2nd edition" in table
    assert "Data for everyone" in table
    resource.refresh_from_db()
    assert (resource.title, resource.version) == ("Data, 2nd edition", 2)
