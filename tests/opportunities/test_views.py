"""The opportunity pages: what each person sees, 404 for what is not theirs, the poster's list
kept from employees and peers, bad input beside the field, and bounded query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from apps.opportunities.models import Interest, Opportunity, OpportunityKind, OpportunityStatus
from apps.opportunities.services import interest_express
from tests.conftest import Org, client_for
from tests.factories import make_employee
from tests.opportunities.helpers import World, make_world, needs, post, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org: Org) -> World:
    world = make_world()
    rate(org.employee, world.python, 3)
    return world


def _gig(org: Org, world: World, **fields: Any) -> Opportunity:
    fields.setdefault("title", "Dashboard gig")
    return post(org.manager.user, skills=needs((world.python, 2)), **fields)


def test_the_list_ranks_open_ones_and_hides_drafts(org: Org, world: World) -> None:
    _gig(org, world)
    _gig(org, world, title="Secret draft", status=OpportunityStatus.DRAFT)
    page = client_for(org.employee.user).get(reverse("opportunities:index"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Dashboard gig" in text
    assert "Secret draft" not in text
    assert "100%" in text


def test_the_list_filters_by_kind(org: Org, world: World) -> None:
    _gig(org, world)
    post(org.manager.user, kind=OpportunityKind.OPEN_ROLE, title="Analyst role", role=world.role)
    page = client_for(org.employee.user).get(reverse("opportunities:index"), {"kind": "role"})
    assert "Analyst role" in page.content.decode()
    assert "Dashboard gig" not in page.content.decode()


def test_a_draft_is_not_found_for_employees(org: Org, world: World) -> None:
    draft = _gig(org, world, status=OpportunityStatus.DRAFT)
    url = reverse("opportunities:detail", args=[draft.public_id])
    assert client_for(org.employee.user).get(url).status_code == 404
    assert client_for(org.manager.user).get(url).status_code == 200
    assert client_for(org.hr_user).get(url).status_code == 200


def test_employees_and_peers_never_see_who_else_is_interested(org: Org, world: World) -> None:
    gig = _gig(org, world)
    interest_express(opportunity=gig, employee=org.teammate, note="A secret note")
    detail = client_for(org.employee.user).get(
        reverse("opportunities:detail", args=[gig.public_id])
    )
    assert "Teammate" not in detail.content.decode()
    interested = reverse("opportunities:interested", args=[gig.public_id])
    assert client_for(org.employee.user).get(interested).status_code == 404
    assert client_for(org.director.user).get(interested).status_code == 404  # not the poster
    poster = client_for(org.manager.user).get(interested)
    assert "A secret note" in poster.content.decode()
    assert "Fit = readiness" in poster.content.decode()


def test_an_employee_cannot_fill_or_shortlist(org: Org, world: World) -> None:
    gig = _gig(org, world)
    interest = interest_express(opportunity=gig, employee=org.employee)
    client = client_for(org.employee.user)
    for name in ("opportunities:fill", "opportunities:shortlist"):
        response = client.post(reverse(name, args=[gig.public_id, interest.public_id]))
        assert response.status_code == 404
    gig.refresh_from_db()
    assert gig.status == OpportunityStatus.OPEN


def test_another_posts_interest_is_not_found_through_this_one(org: Org, world: World) -> None:
    mine, other = _gig(org, world), _gig(org, world, title="Other")
    interest = interest_express(opportunity=other, employee=org.employee)
    url = reverse("opportunities:fill", args=[mine.public_id, interest.public_id])
    assert client_for(org.manager.user).post(url).status_code == 404


def test_expressing_interest_and_withdrawing(org: Org, world: World) -> None:
    gig = _gig(org, world)
    client = client_for(org.employee.user)
    response = client.post(
        reverse("opportunities:interest", args=[gig.public_id]),
        {"note": "Keen", "tell_manager": ""},
    )
    assert response.status_code == 302
    interest = Interest.objects.get(employee=org.employee)
    assert (interest.note, interest.tell_manager) == ("Keen", False)
    client.post(reverse("opportunities:withdraw", args=[gig.public_id]))
    interest.refresh_from_db()
    assert interest.status == "withdrawn"


def test_bad_input_is_shown_beside_the_field(org: Org, world: World) -> None:
    client = client_for(org.manager.user)
    response = client.post(
        reverse("opportunities:create"),
        {"kind": "role", "title": "", "status": "open", "closes_on": "2001-01-01"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "title" in form.errors
    assert not Opportunity.objects.exists()
    response = client.post(
        reverse("opportunities:create"),
        {"kind": "role", "title": "Analyst", "status": "open", **_levels()},
    )
    assert "role" in response.context["form"].errors


def _levels() -> dict[str, str]:
    return {
        f"{name}_{row}": value
        for row in range(1, 6)
        for name, value in (("level", "3"), ("importance", "essential"))
    }


def test_posting_a_project_with_skills(org: Org, world: World) -> None:
    response = client_for(org.manager.user).post(
        reverse("opportunities:create"),
        {
            "kind": "project",
            "title": "Migration",
            "status": "open",
            **_levels(),
            "skill_1": str(world.python.pk),
            "level_1": "4",
        },
    )
    assert response.status_code == 302
    made = Opportunity.objects.get()
    assert [(s.skill, s.required_level) for s in made.skills.all()] == [(world.python, 4)]
    assert made.posted_by == org.manager.user


@pytest.mark.parametrize("size", [3, 15])
def test_the_list_runs_a_bounded_number_of_queries(
    org: Org, world: World, size: int, django_assert_max_num_queries: Any
) -> None:
    for number in range(size):
        _gig(org, world, title=f"Gig {number}")
        interest_express(
            opportunity=Opportunity.objects.get(title=f"Gig {number}"), employee=org.employee
        )
    client = client_for(org.employee.user)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("opportunities:index")).status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_the_interested_list_runs_a_bounded_number_of_queries(
    org: Org, world: World, size: int, django_assert_max_num_queries: Any
) -> None:
    gig = _gig(org, world)
    for _ in range(size):
        interest_express(opportunity=gig, employee=make_employee(manager=org.manager))
    client = client_for(org.manager.user)
    url = reverse("opportunities:interested", args=[gig.public_id])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert len(response.context["rows"]) == size


@pytest.mark.parametrize("size", [1, 8])
def test_the_detail_runs_a_bounded_number_of_queries(
    org: Org, world: World, size: int, django_assert_max_num_queries: Any
) -> None:
    gig = _gig(org, world)
    for _ in range(size):
        interest_express(opportunity=gig, employee=make_employee(manager=org.manager))
    client = client_for(org.employee.user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("opportunities:detail", args=[gig.public_id])).status_code == 200
