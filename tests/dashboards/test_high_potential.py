"""High potential: the latest review's top potential band, readiness, and who may see it.

Readiness by hand (gap engine: essential skills weigh 2, everything weighs 1 here):
    employee for Product Support (Troubleshooting 4, Product knowledge 3), self-rated
    Troubleshooting 2:  (2 x 2 + 2 x 0) / (2 x 4 + 2 x 3) = 4 / 14 = 28.6%
    employee for Head of Support (Communication 5), manager-rated 2:  2 / 5 = 40.0%
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from apps.dashboards.queries import high_potential
from apps.employees.models import Employee
from apps.succession.models import (
    Readiness,
    SuccessionPlan,
    SuccessorCandidate,
    TalentRating,
    TalentReview,
)
from tests.conftest import Org, client_for
from tests.dashboards.conftest import Catalogue, rate
from tests.factories import make_employee

pytestmark = pytest.mark.django_db


def _review(name: str, opens: date) -> TalentReview:
    return TalentReview.objects.create(name=name, opens_on=opens, closes_on=opens)


def _rating(review: TalentReview, employee: Employee, potential: int, **extra: int) -> None:
    TalentRating.objects.create(
        review=review, employee=employee, performance=2, potential=potential, **extra
    )


@pytest.fixture
def reviewed(team: Org, catalogue: Catalogue) -> Org:
    old, new = _review("2025", date(2025, 6, 1)), _review("2026", date(2026, 6, 1))
    _review("2027 (just opened)", date(2027, 1, 1))  # no ratings yet: not "the latest"
    _rating(old, team.teammate, 3)
    _rating(new, team.teammate, 3, calibrated_potential=1)  # calibrated down
    _rating(new, team.employee, 2, calibrated_potential=3)  # calibrated up
    rate(team.employee, catalogue.troubleshooting, 2)
    plan = SuccessionPlan.objects.create(role=catalogue.key_role)
    SuccessorCandidate.objects.create(
        plan=plan, employee=team.employee, readiness=Readiness.ONE_TWO_YEARS, emergency_cover=True
    )
    return team


def _panel(user, org: Org) -> list[tuple[str, str | None, float | None, list[tuple]]]:
    people = Employee.objects.in_subtree(org.director, include_root=False)
    panel = high_potential(user, people, read_all_maps=user.is_hr)
    return [
        (
            hp.employee.full_name,
            hp.target_title,
            hp.target_readiness,
            [
                (s.role_title, s.readiness_label, s.emergency_cover, s.skill_readiness)
                for s in hp.slots
            ],
        )
        for hp in panel.people
    ]


def test_the_latest_rated_review_and_the_calibrated_band_decide(reviewed: Org) -> None:
    assert [name for name, *_ in _panel(reviewed.hr_user, reviewed)] == ["Employee"]


def test_readiness_for_the_target_role_and_slated_key_positions(reviewed: Org) -> None:
    assert _panel(reviewed.hr_user, reviewed) == [
        ("Employee", "Product Support", 28.6,
         [("Head of Support", "Ready in 1-2 years", True, 40.0)]),
    ]  # fmt: skip


def test_a_manager_sees_a_slate_only_when_hr_shares_the_plan(reviewed: Org) -> None:
    assert _panel(reviewed.manager.user, reviewed)[0][3] == []
    SuccessionPlan.objects.get().shared_with.add(reviewed.manager.user)
    assert _panel(reviewed.manager.user, reviewed)[0][3] == [
        ("Head of Support", "Ready in 1-2 years", True, 40.0)
    ]


def test_nobody_sees_their_own_talent_rating(reviewed: Org) -> None:
    hr_person = make_employee(manager=reviewed.director, user=reviewed.hr_user, name="Hilary HR")
    _rating(TalentReview.objects.get(name="2026"), hr_person, 3)
    assert [name for name, *_ in _panel(reviewed.hr_user, reviewed)] == ["Employee"]
    assert "Hilary HR" in [name for name, *_ in _panel(reviewed.director.user, reviewed)]


def test_the_panel_is_confidential_to_managers_up_the_line_and_hr(reviewed: Org) -> None:
    body = client_for(reviewed.manager.user).get(reverse("dashboards:team")).content.decode()
    panel = body.split('id="high-potential"')[1].split("</section>")[0]
    assert "Employee" in panel
    assert "28.6" not in panel
    assert "29% ready" in panel
    assert "2026" in panel
