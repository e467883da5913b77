"""Ratings to review: the manager rates beside the self-rating; history and disagreement flags."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.dashboards.queries import disagreements, ratings_to_review
from apps.employees.models import Employee, SkillRating, SkillRatingHistory
from apps.skills.models import ProficiencyLevel
from tests.conftest import Org, client_for
from tests.dashboards.conftest import Catalogue, rate

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


def _pending(org: Org) -> list[tuple[str, str]]:
    people = Employee.objects.direct_reports_of(org.manager)
    return [(r.employee.full_name, r.skill.name) for r in ratings_to_review(people)]


def test_self_ratings_newer_than_the_manager_rating_or_never_manager_rated_are_pending(
    team: Org,
) -> None:
    # employee: Communication rated by the manager after the self-rating: reviewed.
    assert sorted(_pending(team)) == [
        ("Employee", "CRM"),
        ("Teammate", "CRM"),  # self-rated again after the manager rated
        ("Teammate", "Communication"),
        ("Teammate", "Troubleshooting"),
    ]


def test_a_manager_rating_clears_it_from_the_list_until_the_next_self_rating(
    team: Org, catalogue: Catalogue
) -> None:
    client = client_for(team.manager.user)
    url = reverse("dashboards:rate", args=[team.employee.public_id, catalogue.crm.pk])
    client.post(url, {"level": "3"})
    assert ("Employee", "CRM") not in _pending(team)
    SkillRating.objects.filter(employee=team.employee, skill=catalogue.crm).update(
        self_rated_at=timezone.now() + timedelta(minutes=1)
    )
    assert ("Employee", "CRM") in _pending(team)


def test_every_manager_rating_is_kept_in_the_history_with_who_and_when(
    team: Org, catalogue: Catalogue
) -> None:
    client = client_for(team.manager.user)
    url = reverse("dashboards:rate", args=[team.employee.public_id, catalogue.crm.pk])
    client.post(url, {"level": "3", "note": "Saw it in the Q3 migration"})
    client.post(url, {"level": "4"})
    history = SkillRatingHistory.objects.filter(
        employee=team.employee, skill=catalogue.crm, source="manager"
    ).order_by("rated_at", "id")
    assert [(h.level, h.rated_by, h.note) for h in history] == [
        (3, team.manager.user, "Saw it in the Q3 migration"),
        (4, team.manager.user, ""),
    ]
    rating = SkillRating.objects.get(employee=team.employee, skill=catalogue.crm)
    assert (rating.self_level, rating.manager_level, rating.manager_rated_by) == (
        4,
        4,
        team.manager.user,
    )
    page = client.get(url).content.decode()
    assert page.count("(manager)") == 2
    assert "Saw it in the Q3 migration" in page


def test_the_rating_page_shows_the_descriptors_beside_the_self_rating(
    team: Org, catalogue: Catalogue
) -> None:
    url = reverse("dashboards:rate", args=[team.employee.public_id, catalogue.crm.pk])
    page = client_for(team.manager.user).get(url).content.decode()
    assert "4 · Advanced" in page
    assert "their self-rating" in page
    for level in ProficiencyLevel.objects.all():
        assert level.descriptor in page


def test_two_or_more_levels_apart_is_flagged_for_a_conversation(
    team: Org, catalogue: Catalogue
) -> None:
    people = Employee.objects.direct_reports_of(team.manager)
    # employee Communication: self 4, manager 2. Teammate CRM: self 5, manager 1.
    assert [(r.employee.full_name, r.skill.name, r.apart) for r in disagreements(people)] == [
        ("Teammate", "CRM", 4),
        ("Employee", "Communication", 2),
    ]
    client = client_for(team.manager.user)
    url = reverse("dashboards:rate", args=[team.teammate.public_id, catalogue.troubleshooting.pk])
    row = client.post(url, {"level": "1", "scope": "direct"}, headers=HX).content.decode()
    assert row.startswith("\n<tr") or row.lstrip().startswith("<tr")
    assert 'class="review--flagged"' in row
    assert "talk it through" in row
    agreeing = reverse("dashboards:rate", args=[team.teammate.public_id, catalogue.crm.pk])
    row = client.post(agreeing, {"level": "4"}, headers=HX).content.decode()
    assert "review--flagged" not in row
    assert "Saved" in row


def test_an_htmx_rating_answers_with_its_row_and_a_plain_post_goes_back_to_the_page(
    team: Org, catalogue: Catalogue
) -> None:
    client = client_for(team.director.user)
    url = reverse("dashboards:rate", args=[team.employee.public_id, catalogue.crm.pk])
    row = client.post(url, {"level": "4", "scope": "subtree"}, headers=HX)
    assert row.status_code == 200
    assert "<html" not in row.content.decode()
    # The page's counts listen for this and refetch (templates/dashboards/team.html).
    assert row["HX-Trigger"] == "ratings-changed"
    plain = client.post(url, {"level": "4", "scope": "subtree"})
    assert plain["Location"] == "/team/?scope=subtree#reviews"


def test_a_rating_without_a_level_is_refused_beside_the_field(
    team: Org, catalogue: Catalogue
) -> None:
    client = client_for(team.manager.user)
    url = reverse("dashboards:rate", args=[team.employee.public_id, catalogue.crm.pk])
    refused = client.post(url, {"level": "9"}, headers=HX)
    assert "HX-Trigger" not in refused  # nothing changed: nothing to refetch
    row = refused.content.decode()
    assert 'aria-invalid="true"' in row
    assert "Select a valid choice" in row
    page = client.post(url, {}).content.decode()
    assert "Choose a level from 0 (None) to 5 (Expert)." in page
    assert not SkillRatingHistory.objects.filter(source="manager", employee=team.employee,
                                                 skill=catalogue.crm).exists()  # fmt: skip


def test_the_reviews_fragment_pages_and_keeps_the_scope(team: Org, catalogue: Catalogue) -> None:
    for n in range(25):
        person = Employee.objects.create(
            full_name=f"Extra {n:02d}", work_email=f"extra{n}@example.com", path="/"
        )
        Employee.objects.filter(pk=person.pk).update(
            manager=team.manager, path=f"{team.manager.path}{person.pk}/"
        )
        rate(Employee.objects.get(pk=person.pk), catalogue.crm, 2)
    client = client_for(team.manager.user)
    response = client.get(reverse("dashboards:reviews"), {"rpage": "2"}, headers=HX)
    body = response.content.decode()
    assert "Showing 21\N{EN DASH}29 of 29" in body
    assert response["HX-Push-Url"] == "/team/?rpage=2"
