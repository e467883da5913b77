"""The demo's talent data: a closed and calibrated review cycle, an open one with some ratings
entered, and a succession plan with its slate for every key position. All of it goes through
the succession services (so the audit log reads as if HR and the managers had done it) and is
added only when missing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.demo import data
from apps.employees.models import Employee
from apps.roles.models import Role
from apps.succession.models import (
    CalibrationMove,
    ReviewStatus,
    SuccessionPlan,
    TalentRating,
    TalentReview,
)
from apps.succession.services.plans import candidate_add, plan_create
from apps.succession.services.reviews import (
    rating_calibrate,
    rating_set,
    review_create,
    review_set_status,
)

# The closed cycle ran about half a year ago, for six weeks; the open one closes next month.
CLOSED_OPENED, CLOSED_CLOSED = 190, 145
OPEN_OPENED, OPEN_CLOSES = 14, 30
DEFAULT_BANDS = (data.MODERATE, data.MODERATE)
Ratings = dict[str, tuple[int, int]]


def talent_seed() -> int:
    """Add the reviews and key positions that are missing; returns how many were added."""
    return closed_review_seed() + open_review_seed() + key_positions_seed()


def _people() -> dict[str, Employee]:
    emails = [person.work_email for person in data.PEOPLE]
    people = Employee.objects.filter(work_email__in=emails).select_related("manager__user")
    return {person.full_name: person for person in people}


def _hr() -> User:
    return User.objects.get(email=data.HR_LOGIN)


def _rater(person: Employee, hr: User) -> User:
    """The manager rates when they can sign in; HR enters the rest."""
    manager = person.manager
    return manager.user if manager is not None and manager.user is not None else hr


def _rated_review(name: str, opens_on: date, closes_on: date, ratings: Ratings) -> TalentReview:
    """Open review ``name`` and enter ``ratings`` (person: bands) as their raters would."""
    hr, people = _hr(), _people()
    review = review_create(name=name, opens_on=opens_on, closes_on=closes_on, created_by=hr)
    for full_name, (performance, potential) in ratings.items():
        person = people[full_name]
        rating_set(
            review=review,
            employee=person,
            performance=performance,
            potential=potential,
            rated_by=_rater(person, hr),
        )
    return review


@transaction.atomic
def closed_review_seed() -> int:
    if TalentReview.objects.filter(name=data.CLOSED_REVIEW).exists():
        return 0
    today = timezone.localdate()
    # Everyone but the CEO (the board's to rate): moderate / moderate unless listed.
    ratings = {
        person.name: data.CLOSED_RATINGS.get(person.name, DEFAULT_BANDS)
        for person in data.PEOPLE
        if person.manager is not None
    }
    opens_on = today - timedelta(days=CLOSED_OPENED)
    review = _rated_review(data.CLOSED_REVIEW, opens_on, today, ratings)
    hr, people = _hr(), _people()
    for name, performance, potential, reason in data.CALIBRATIONS:
        rating = TalentRating.objects.get(review=review, employee=people[name])
        rating_calibrate(
            rating=rating, performance=performance, potential=potential, reason=reason, moved_by=hr
        )
    review_set_status(review=review, status=ReviewStatus.CLOSED, actor=hr)
    _backdate(review, today - timedelta(days=CLOSED_CLOSED))
    return 1


def _backdate(review: TalentReview, closed_on: date) -> None:
    """The services date everything today; the demo's history happened months ago."""
    rated_at = timezone.make_aware(datetime.combine(closed_on - timedelta(days=10), time(10)))
    TalentReview.objects.filter(pk=review.pk).update(
        closes_on=closed_on, created_at=rated_at - timedelta(days=35)
    )
    TalentRating.objects.filter(review=review).update(rated_at=rated_at)
    calibrated_at = rated_at + timedelta(days=7)
    TalentRating.objects.filter(review=review, calibrated_at__isnull=False).update(
        calibrated_at=calibrated_at
    )
    CalibrationMove.objects.filter(rating__review=review).update(moved_at=calibrated_at)


@transaction.atomic
def open_review_seed() -> int:
    if TalentReview.objects.filter(name=data.OPEN_REVIEW).exists():
        return 0
    today = timezone.localdate()
    opens_on, closes_on = today - timedelta(days=OPEN_OPENED), today + timedelta(days=OPEN_CLOSES)
    _rated_review(data.OPEN_REVIEW, opens_on, closes_on, data.OPEN_RATINGS)
    return 1


@transaction.atomic
def key_positions_seed() -> int:
    hr, people, added = _hr(), _people(), 0
    roles = {role.title: role for role in Role.objects.filter(is_key_position=True)}
    for spec in data.KEY_POSITIONS:
        role = roles.get(spec.role)
        if role is None or SuccessionPlan.objects.filter(role=role).exists():
            continue
        plan = plan_create(
            actor=hr,
            role=role,
            incumbent=people[spec.incumbent],
            risk_of_loss=spec.risk_of_loss,
            impact_of_loss=spec.impact_of_loss,
            notes=spec.notes,
        )
        for name, readiness, emergency_cover in spec.successors:
            candidate_add(
                actor=hr,
                plan=plan,
                employee=people[name],
                readiness=readiness,
                emergency_cover=emergency_cover,
            )
        added += 1
    return added
