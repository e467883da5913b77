"""HR reminders: succession plans not reviewed for 90 days, and talent reviews about to close
with ratings missing. HR only, in the morning of their time zone, each once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from apps.employees.models import Employee
from apps.notifications.models import Kind, Notification, ReminderLog
from apps.notifications.scheduling import utc
from apps.notifications.services import preference_set
from apps.succession.models import ReviewStatus, SuccessionPlan, TalentRating, TalentReview
from apps.succession.reminders import (
    closing_reviews,
    closing_reviews_send,
    due_closing_reviews,
    due_plan_reviews,
    plan_reviews_send,
)
from tests.conftest import Org
from tests.factories import RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = utc(2026, 6, 1, 9)  # a Monday morning in UTC


def _due(selection: Iterator[list[Any]]) -> set[int]:
    return {due.user_id for batch in selection for due in batch}


def _plan(title: str, *, reviewed: datetime | None, created: datetime | None = None, **fields: Any):
    return SuccessionPlan.objects.create(
        role=RoleFactory(title=title),
        reviewed_at=reviewed,
        created_at=created or utc(2025, 1, 1),
        **fields,
    )


# --------------------------------------------------------------------------- stale plans


def test_a_plan_is_due_for_review_after_90_days(org: Org) -> None:
    _plan("Head of Support", reviewed=NOW - timedelta(days=89))
    assert _due(due_plan_reviews(now=NOW)) == set()

    _plan("Head of Sales", reviewed=NOW - timedelta(days=90))
    assert _due(due_plan_reviews(now=NOW)) == {org.hr_user.pk}


def test_a_plan_never_reviewed_counts_from_its_creation(org: Org) -> None:
    _plan("Head of Support", reviewed=None, created=NOW - timedelta(days=30))
    assert _due(due_plan_reviews(now=NOW)) == set()
    assert _due(due_plan_reviews(now=NOW + timedelta(days=60))) == {org.hr_user.pk}


def test_the_reminder_lists_the_stale_plans_with_links(org: Org, settings) -> None:
    settings.SITE_URL = "https://careers.example.com"
    stale = _plan("Head of Support", reviewed=utc(2026, 2, 1, 15), incumbent=org.director)
    _plan("Head of Sales", reviewed=NOW - timedelta(days=10))

    assert plan_reviews_send(user_id=org.hr_user.pk, now=NOW)

    (email,) = mail.outbox
    assert email.to == ["hr@example.com"]
    assert email.subject == "[CareerMap] 1 succession plan has not been reviewed for 90 days"
    # 1 February to 1 June 2026: 28 + 31 + 30 + 31 + 1 = 120 days.
    assert "Head of Support (Director) (last reviewed 1 February 2026 (120 days ago))" in email.body
    assert "Head of Sales" not in email.body
    assert (
        "https://careers.example.com" + reverse("succession:plan-detail", args=[stale.public_id])
        in email.body
    )
    assert Notification.objects.get(user=org.hr_user).kind == Kind.SUCCESSION_REVIEW


def test_an_ignored_plan_is_raised_again_every_90_days_and_a_review_resets_it(org: Org) -> None:
    plan = _plan("Head of Support", reviewed=NOW - timedelta(days=90))

    assert plan_reviews_send(user_id=org.hr_user.pk, now=NOW)
    assert _due(due_plan_reviews(now=NOW + timedelta(days=1))) == set()
    assert plan_reviews_send(user_id=org.hr_user.pk, now=NOW + timedelta(days=1)) is False
    assert _due(due_plan_reviews(now=NOW + timedelta(days=90))) == {org.hr_user.pk}  # 180 days

    SuccessionPlan.objects.filter(pk=plan.pk).update(reviewed_at=NOW + timedelta(days=89))
    assert _due(due_plan_reviews(now=NOW + timedelta(days=90))) == set()
    assert len(mail.outbox) == 1


def test_only_hr_gets_hr_reminders_and_can_opt_out(org: Org) -> None:
    _plan("Head of Support", reviewed=None)
    admin = UserFactory(email="root@example.com", is_superuser=True)
    assert _due(due_plan_reviews(now=NOW)) == {org.hr_user.pk, admin.pk}

    assert plan_reviews_send(user_id=org.manager.user_id, now=NOW) is False
    preference_set(user=org.hr_user, kind=Kind.SUCCESSION_REVIEW, enabled=False)
    assert _due(due_plan_reviews(now=NOW)) == {admin.pk}


def test_hr_is_reminded_in_the_morning_of_their_own_time_zone(org: Org) -> None:
    _plan("Head of Support", reviewed=None)
    org.hr_user.timezone = "Asia/Tokyo"
    org.hr_user.save()

    assert _due(due_plan_reviews(now=NOW)) == set()  # 18:00 in Tokyo
    assert _due(due_plan_reviews(now=utc(2026, 6, 1, 0))) == {org.hr_user.pk}  # 09:00 JST


# --------------------------------------------------------------------------- closing reviews


def _review(closes_on: date, **fields: Any) -> TalentReview:
    return TalentReview.objects.create(
        name=fields.pop("name", "2026 H1 talent review"),
        opens_on=fields.pop("opens_on", date(2026, 5, 1)),
        closes_on=closes_on,
        **fields,
    )


def _rate(review: TalentReview, *people: Employee) -> None:
    for person in people:
        TalentRating.objects.create(review=review, employee=person, performance=2, potential=2)


def test_it_counts_the_people_in_scope_without_a_rating(org: Org) -> None:
    review = _review(date(2026, 6, 5))
    # Six people in the org (director, manager, employee, teammate, other manager and employee).
    _rate(review, org.director, org.manager, org.employee)
    Employee.objects.filter(pk=org.other_employee.pk).update(status="left")  # out of scope

    (closing,) = closing_reviews(date(2026, 6, 1))
    assert closing.missing == 2  # teammate and other manager


def test_a_review_closing_within_a_week_with_ratings_missing_is_reminded_once(
    org: Org, settings
) -> None:
    settings.SITE_URL = "https://careers.example.com"
    review = _review(date(2026, 6, 8))  # 7 days after 1 June
    _rate(review, org.director, org.manager, org.employee, org.teammate)

    assert _due(due_closing_reviews(now=NOW - timedelta(days=1))) == set()  # 8 days before
    assert _due(due_closing_reviews(now=NOW)) == {org.hr_user.pk}
    assert closing_reviews_send(user_id=org.hr_user.pk, now=NOW)
    assert _due(due_closing_reviews(now=NOW + timedelta(days=1))) == set()

    (email,) = mail.outbox
    assert email.subject == "[CareerMap] A talent review closes soon with ratings missing"
    assert "2 people are still unrated, and the review closes within 7 days." in email.body
    assert "2026 H1 talent review (closes 8 June 2026; 2 people have no rating yet)" in email.body
    link = reverse("succession:review", args=[review.public_id])
    assert f"https://careers.example.com{link}" in email.body
    assert ReminderLog.objects.get().period == f"review:{review.public_id}:closing"


def test_no_reminder_when_everyone_is_rated_or_the_review_is_closed(org: Org) -> None:
    everyone = Employee.objects.all()
    _rate(_review(date(2026, 6, 3), name="All rated"), *everyone)
    _review(date(2026, 6, 3), name="Closed early", status=ReviewStatus.CLOSED)
    _review(date(2026, 5, 31), name="Closed yesterday", opens_on=date(2026, 5, 1))

    assert _due(due_closing_reviews(now=NOW)) == set()
    assert closing_reviews(date(2026, 6, 1)) == []
    assert closing_reviews_send(user_id=org.hr_user.pk, now=NOW) is False
