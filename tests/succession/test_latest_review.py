""" "The latest talent review" means one thing everywhere: the most recent cycle with a rating.

Opening a new cycle, still empty, must not blank the dashboards' high-potential panel, the
list of high-potential people, the successors' potential or the equity report: they all keep
reading the cycle that was rated, until someone is rated in the new one.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from apps.dashboards.queries import high_potential
from apps.employees.models import Employee
from apps.roles.models import Importance
from apps.succession import queries, reports
from apps.succession.models import TalentRating, TalentReview
from apps.succession.suggestions import suggest_successors
from tests.conftest import Org, client_for
from tests.factories import RoleFactory, SkillFactory
from tests.succession.builders import plan_for, rate, require, review, talent

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(org: Org) -> TalentReview:
    """A rated cycle (the employee is high potential), then a newer one nobody is rated in."""
    cycle = review("2026 review", date(2026, 1, 1), date(2026, 2, 1))
    talent(org.employee, cycle, potential=3)
    talent(org.teammate, cycle, potential=1)
    review("2027 review (just opened)", date(2027, 1, 1), date(2027, 2, 1))
    return cycle


def test_the_latest_review_is_the_latest_cycle_with_a_rating(org: Org, rated: TalentReview) -> None:
    assert TalentReview.objects.latest_rated().first() == rated
    assert queries.latest_review() == rated
    newer = TalentReview.objects.get(name__startswith="2027")
    talent(org.teammate, newer, potential=2)
    assert TalentReview.objects.latest_rated().first() == newer


def test_ties_on_the_opening_day_go_to_the_later_cycle(org: Org, rated: TalentReview) -> None:
    twin = review("2026 review (second)", rated.opens_on, rated.closes_on)
    talent(org.teammate, twin, potential=2)
    assert TalentReview.objects.latest_rated().first() == twin


def test_no_rating_anywhere_means_no_latest_review(org: Org) -> None:
    review("2027 review (just opened)", date(2027, 1, 1), date(2027, 2, 1))
    assert TalentReview.objects.latest_rated().first() is None
    assert list(TalentRating.objects.in_latest_review()) == []


def test_high_potential_ids_keep_the_rated_cycle(org: Org, rated: TalentReview) -> None:
    assert set(queries.high_potential_ids()) == {org.employee.pk}
    assert list(TalentRating.objects.in_latest_review().high_potential()) == [
        TalentRating.objects.get(review=rated, employee=org.employee)
    ]


def test_the_dashboard_panel_keeps_the_rated_cycle(org: Org, rated: TalentReview) -> None:
    people = Employee.objects.in_subtree(org.director, include_root=False)
    panel = high_potential(org.hr_user, people, read_all_maps=True)
    assert panel.review == rated
    assert [hp.employee for hp in panel.people] == [org.employee]
    body = client_for(org.manager.user).get(reverse("dashboards:team")).content.decode()
    section = body.split('id="high-potential"')[1].split("</section>")[0]
    assert "2026 review" in section
    assert "Employee" in section


def test_the_successors_potential_keeps_the_rated_cycle(org: Org, rated: TalentReview) -> None:
    skill = SkillFactory(name="Analysis")
    key = RoleFactory(title="Head of Support")
    require(key, skill, 4, Importance.ESSENTIAL)
    for person in (org.employee, org.teammate):
        rate(person, skill, own=2)  # 50% ready each: only potential tells them apart
    found = {s.employee_id: s for s in suggest_successors(plan_for(key))}
    assert found[org.employee.pk].potential == 3
    assert found[org.employee.pk].score == 50 + 20
    assert found[org.teammate.pk].potential == 1


def test_the_equity_report_keeps_the_rated_cycle(org: Org, rated: TalentReview) -> None:
    total = reports.equity(date(2026, 6, 1)).total
    assert total is not None
    assert total.counts["high_potential"] == 1
