"""The refusals behind the poison walk: each class of bad input gets a clear message, nothing
is saved, and no ``assert`` stands between a request and a 500."""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.careermaps.models import DevelopmentAction, Goal, Recognition
from apps.careermaps.services import goals as goal_services
from apps.careermaps.services.maps import map_create
from apps.careermaps.services.recognition import NOT_DONE
from careermap.fields import PlausibleDate
from tests.conftest import Org, client_for

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
SMART = {
    "specific": "Become a product support specialist",
    "measurable": "An accepted offer for the role",
    "achievable": "I already handle second-line questions",
    "relevant": "It is my target role",
}


def _map_url(name: str, career_map) -> str:
    return reverse(f"careermaps:{name}", args=[career_map.public_id])


def test_a_nul_byte_in_a_search_is_refused_with_a_page_not_a_500(org: Org) -> None:
    response = client_for(org.hr_user).get("/team/managers/", {"q": "ana\x00"})
    assert response.status_code == 400
    assert "a NUL byte" in response.content.decode()
    # The same search without it still works.
    assert client_for(org.hr_user).get("/team/managers/", {"q": "ana"}).status_code == 200


def test_a_goal_dated_9999_is_refused_next_to_the_date_and_not_saved(org: Org) -> None:
    career_map = map_create(employee=org.employee)
    data = {"horizon": "short", "target_date": "9999-12-31", **SMART}
    response = client_for(org.employee.user).post(_map_url("goal-add", career_map), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert str(PlausibleDate.message) in page
    assert 'aria-invalid="true"' in page
    assert not Goal.objects.exists()


def test_a_far_dated_row_written_before_the_rule_still_draws_the_goals_tab(org: Org) -> None:
    career_map = map_create(employee=org.employee)
    goal = goal_services.goal_create(
        career_map=career_map, horizon="long", target_date=date.today() + timedelta(90), **SMART
    )
    # As an older release could have stored it: straight past the form.
    Goal.objects.filter(pk=goal.pk).update(target_date=date(9999, 12, 31))
    DevelopmentAction.objects.create(
        career_map=career_map, kind="course", title="Far away", due=date(9999, 12, 31)
    )
    response = client_for(org.employee.user).get(_map_url("goals", career_map))
    assert response.status_code == 200
    assert "Become a product support specialist" in response.content.decode()


def test_a_development_action_dated_9999_is_refused(org: Org) -> None:
    career_map = map_create(employee=org.employee)
    data = {"kind": "course", "title": "Take the CRM course", "due": "9999-12-31"}
    response = client_for(org.employee.user).post(_map_url("action-add", career_map), data)
    assert str(PlausibleDate.message) in response.content.decode()
    assert not DevelopmentAction.objects.exists()


def test_recognising_a_goal_that_is_not_achieved_is_refused_plainly(org: Org) -> None:
    career_map = map_create(employee=org.employee)
    career_map.visible_to_manager = True
    career_map.save()
    goal = goal_services.goal_create(
        career_map=career_map, horizon="short", target_date=timezone.localdate(), **SMART
    )
    url = reverse("dashboards:recognise-goal", args=[goal.public_id])
    client = client_for(org.manager.user)
    for response in (client.get(url), client.post(url, {"message": "Well done"})):
        assert response.status_code == 409
        assert str(NOT_DONE) in response.content.decode()
    assert not Recognition.objects.exists()


def _asserts(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Assert)]


def test_no_assert_statement_guards_anything_in_the_product_code() -> None:
    """``assert`` vanishes under ``python -O`` and answers 500 otherwise: product code refuses
    bad input with a message, and states its invariants with real exceptions."""
    found = {
        str(path.relative_to(ROOT)): lines
        for folder in ("apps", "careermap")
        for path in (ROOT / folder).rglob("*.py")
        if (lines := _asserts(path))
    }
    assert found == {}


@pytest.mark.parametrize(
    "url_name",
    ["dashboards:heatmap-csv", "succession:index", "succession:audit", "careermaps:export"],
)
def test_confidential_pages_and_exports_are_never_cached(org: Org, url_name: str) -> None:
    if url_name == "careermaps:export":
        career_map = map_create(employee=org.employee)
        client, url = client_for(org.employee.user), _map_url("export", career_map)
    else:
        client = client_for(org.hr_user if "succession" in url_name else org.manager.user)
        url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_the_nine_box_is_never_cached(org: Org) -> None:
    from apps.succession.models import TalentReview

    review = TalentReview.objects.create(
        name="2026", opens_on=timezone.localdate(), closes_on=timezone.localdate()
    )
    response = client_for(org.hr_user).get(reverse("succession:nine-box", args=[review.public_id]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
