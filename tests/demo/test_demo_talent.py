"""The demo's talent data: review cycles, calibration, key positions with slates, and a
learning catalogue that answers every gap the demo people have."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models.expressions import RawSQL
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.careermaps.models import CareerMap
from apps.demo import data as demo
from apps.employees.gaps import current_level
from apps.employees.models import Employee, SkillRating
from apps.learning.models import ResourceSkill
from apps.roles.models import Role, RoleRequirement
from apps.succession.models import (
    CalibrationMove,
    Readiness,
    ReviewStatus,
    SuccessionPlan,
    SuccessorCandidate,
    TalentRating,
    TalentReview,
)
from apps.succession.services.reviews import is_open_for_rating
from careermap import devserver

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seeded(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=StringIO())


def _hr_client() -> Client:
    client = Client()
    client.force_login(User.objects.get(email=demo.HR_LOGIN))
    return client


def test_a_closed_review_rates_everyone_but_the_ceo_months_ago() -> None:
    review = TalentReview.objects.get(name=demo.CLOSED_REVIEW)
    assert review.status == ReviewStatus.CLOSED
    assert review.closes_on < timezone.localdate()
    people = Employee.objects.filter(work_email__endswith=f"@{demo.DEMO_DOMAIN}")
    rated = TalentRating.objects.filter(review=review)
    assert rated.count() == people.exclude(manager=None).count() == len(demo.PEOPLE) - 1
    assert not rated.filter(employee__manager=None).exists()
    assert all(r.rated_at.date() <= review.closes_on for r in rated)


def test_the_closed_review_is_calibrated_with_reasons() -> None:
    moves = CalibrationMove.objects.filter(rating__review__name=demo.CLOSED_REVIEW)
    assert moves.count() == len(demo.CALIBRATIONS)
    for name, performance, potential, reason in demo.CALIBRATIONS:
        rating = TalentRating.objects.get(review__name=demo.CLOSED_REVIEW, employee__full_name=name)
        assert (rating.final_performance, rating.final_potential) == (performance, potential)
        assert (rating.performance, rating.potential) != (performance, potential)
        assert moves.get(rating=rating).reason == reason


def test_the_demo_has_high_potentials_in_the_top_box() -> None:
    top = TalentRating.objects.filter(
        review__name=demo.CLOSED_REVIEW, calibrated_performance=None, performance=3, potential=3
    )
    assert top.count() >= 5


def test_an_open_review_is_under_way() -> None:
    review = TalentReview.objects.get(name=demo.OPEN_REVIEW)
    assert is_open_for_rating(review)
    assert set(review.ratings.values_list("employee__full_name", flat=True)) == set(
        demo.OPEN_RATINGS
    )


def test_every_flagged_key_position_has_a_plan_with_its_incumbent() -> None:
    flagged = set(Role.objects.filter(is_key_position=True).values_list("title", flat=True))
    plans = SuccessionPlan.objects.select_related("role", "incumbent")
    assert {plan.role.title for plan in plans} == flagged
    assert all(plan.incumbent is not None for plan in plans)


def test_bench_strength_has_real_gaps_to_show() -> None:
    ready_now = SuccessorCandidate.objects.filter(readiness=Readiness.READY_NOW)
    covered = set(ready_now.values_list("plan__role__title", flat=True))
    assert "Head of Sales & Marketing" not in covered
    assert "Head of Customer Support" in covered
    operations = SuccessionPlan.objects.get(role__title="Head of Operations")
    assert not operations.candidates.exists()
    assert SuccessorCandidate.objects.count() == sum(
        len(spec.successors) for spec in demo.KEY_POSITIONS
    )


def test_hr_sees_the_key_positions_and_the_report_has_something_to_cover() -> None:
    client = _hr_client()
    index = client.get(reverse("succession:plan-index")).content.decode()
    for spec in demo.KEY_POSITIONS:
        assert spec.role.replace("&", "&amp;") in index
    report = client.get(reverse("succession:report-succession")).content.decode()
    assert "0 of 0" not in report
    assert "Head of Operations" in report


def _gaps_without_resources() -> set[str]:
    """Skills someone falls short of (for their role, their map's target or a slate they are
    on) that no resource in the catalogue builds."""
    wanted = {(e.pk, e.current_role_id) for e in Employee.objects.exclude(current_role=None)}
    wanted |= set(
        CareerMap.objects.exclude(target_role=None).values_list("employee_id", "target_role_id")
    )
    wanted |= set(SuccessorCandidate.objects.values_list("employee_id", "plan__role_id"))
    ratings = {
        (r["employee_id"], r["skill_id"]): r["level"]
        for r in SkillRating.objects.annotate(
            level=RawSQL(current_level("employees_skillrating"), ())
        ).values("employee_id", "skill_id", "level")
    }
    requirements = RoleRequirement.objects.select_related("skill")
    by_role: dict[int, list[RoleRequirement]] = {}
    for requirement in requirements:
        by_role.setdefault(requirement.role_id, []).append(requirement)
    taught = set(ResourceSkill.objects.values_list("skill_id", flat=True))
    return {
        q.skill.name
        for person, role in wanted
        for q in by_role.get(role, [])
        if ratings.get((person, q.skill_id), 0) < q.required_level and q.skill_id not in taught
    }


def test_every_gap_in_the_demo_has_a_learning_resource() -> None:
    assert _gaps_without_resources() == set()


def test_every_skill_the_catalogue_names_exists() -> None:
    names = {skill.name for skill in demo.SKILLS}
    assert {skill for r in demo.RESOURCES for skill in r[6]} <= names


def test_a_second_run_adds_no_talent_data() -> None:
    before = (TalentRating.objects.count(), SuccessionPlan.objects.count(),
              SuccessorCandidate.objects.count(), CalibrationMove.objects.count())  # fmt: skip
    call_command("seed_demo", stdout=StringIO())
    assert before == (
        TalentRating.objects.count(),
        SuccessionPlan.objects.count(),
        SuccessorCandidate.objects.count(),
        CalibrationMove.objects.count(),
    )


def test_the_startup_banner_lists_every_demo_login() -> None:
    logins = {email for _, email in devserver.DEMO_LOGINS}
    assert logins == {demo.EMPLOYEE_LOGIN, demo.MANAGER_LOGIN, demo.DIRECTOR_LOGIN,
                      demo.HR_LOGIN, demo.ADMIN_LOGIN}  # fmt: skip
    assert devserver.DEMO_PASSWORD == demo.DEMO_PASSWORD
    banner = devserver._banner(8000)
    assert all(email in banner for email in logins)


def test_suggested_successors_for_a_head_of_role_are_people_below_it() -> None:
    """Not the CEO, not a peer head: the first suggestions are a step or two below the role."""
    from apps.succession.suggestions import suggest_successors

    plan = SuccessionPlan.objects.get(role__title="Head of Customer Support")
    top = Employee.objects.in_bulk([s.employee_id for s in suggest_successors(plan)[:3]])
    levels = sorted(person.current_role.level for person in top.values())
    assert levels
    assert all(level < plan.role.level for level in levels), levels
