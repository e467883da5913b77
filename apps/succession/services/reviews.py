"""Talent review writes: opening and closing cycles, rating people, calibrating, cell names.

Every function validates, runs in one transaction and writes its audit row in that transaction,
so a change and its record of who did it cannot come apart. Callers check access first
(``apps.succession.access``); these functions check the rules of the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.employees.models import Employee
from apps.succession.audit import audit, snapshot
from apps.succession.models import (
    AuditAction,
    Band,
    CalibrationMove,
    NineBoxCell,
    ReviewStatus,
    TalentRating,
    TalentReview,
)
from careermap.versioning import lock_current, lock_row, save_current

if TYPE_CHECKING:  # the guidance is lazy translations
    from django_stubs_ext import StrOrPromise

REVIEW_FIELDS = ("name", "opens_on", "closes_on", "status")
RATING_FIELDS = (
    "employee",
    "performance",
    "potential",
    "note",
    "rated_by",
    "calibrated_performance",
    "calibrated_potential",
    "calibrated_by",
)
CELL_FIELDS = ("performance", "potential", "name", "description")


@dataclass(frozen=True)
class Guidance:
    band: int
    label: StrOrPromise
    text: StrOrPromise


# Shown wherever a rating is entered, so every manager rates against the same words.
PERFORMANCE_GUIDANCE = (
    Guidance(
        Band.LOW,
        gettext_lazy("Low"),
        gettext_lazy("Often misses the goals and standards of the role; needs support."),
    ),
    Guidance(
        Band.MODERATE,
        gettext_lazy("Moderate"),
        gettext_lazy("Reliably meets the goals and standards of the role."),
    ),
    Guidance(
        Band.HIGH,
        gettext_lazy("High"),
        gettext_lazy("Consistently exceeds the goals of the role; others learn from it."),
    ),
)
POTENTIAL_GUIDANCE = (
    Guidance(
        Band.LOW,
        gettext_lazy("Low"),
        gettext_lazy("Best placed growing in the current role for now."),
    ),
    Guidance(
        Band.MODERATE,
        gettext_lazy("Moderate"),
        gettext_lazy("Could take a next step up or across within 2-3 years."),
    ),
    Guidance(
        Band.HIGH,
        gettext_lazy("High"),
        gettext_lazy("Could grow into a bigger role within 1-2 years; learns fast."),
    ),
)


def _require_band(value: int, field: str) -> None:
    if value not in Band.values:
        raise ValidationError({field: _("Choose low, moderate or high.")})


@transaction.atomic
def review_create(*, name: str, opens_on: date, closes_on: date, created_by: Any) -> TalentReview:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the review a name, e.g. “2026 H2 talent review”.")})
    if closes_on < opens_on:
        raise ValidationError(
            {"closes_on": _("The review must close on or after the day it opens.")}
        )
    if TalentReview.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("A review with this name already exists.")})
    review = TalentReview.objects.create(
        name=name, opens_on=opens_on, closes_on=closes_on, created_by=created_by
    )
    audit(
        actor=created_by,
        action=AuditAction.CREATE,
        obj=review,
        summary=f"Opened the review cycle “{review.name}”",
        after=snapshot(review, REVIEW_FIELDS),
    )
    return review


@transaction.atomic
def review_set_status(*, review: TalentReview, status: str, actor: Any) -> TalentReview:
    if status not in ReviewStatus.values:
        raise ValidationError({"status": _("Choose open or closed.")})
    if review.status == status:
        return review
    before = snapshot(review, REVIEW_FIELDS)
    review.status = status
    review.save(update_fields=["status"])
    verb = "Closed" if status == ReviewStatus.CLOSED else "Reopened"
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=review,
        summary=f"{verb} the review cycle “{review.name}”",
        before=before,
        after=snapshot(review, REVIEW_FIELDS),
    )
    return review


def is_open_for_rating(review: TalentReview, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return review.status == ReviewStatus.OPEN and review.opens_on <= today <= review.closes_on


@transaction.atomic
def rating_set(
    *,
    review: TalentReview,
    employee: Employee,
    performance: int,
    potential: int,
    note: str = "",
    rated_by: Any,
    version: int | None = None,
) -> TalentRating:
    """Create or change a manager's rating of ``employee`` in ``review``. From a form,
    ``version`` is the rating it showed (0: none yet) and a rating saved meanwhile raises
    :class:`StaleVersion`; None (a script, the demo) takes the rating as it is.

    A calibrated position is HR's decision and stays as it is: the manager's new rating is
    recorded beside it, and reports keep using the calibrated one.
    """
    if not is_open_for_rating(review):
        raise ValidationError(_("This review is not open for rating."))
    _require_band(performance, "performance")
    _require_band(potential, "potential")
    ratings = TalentRating.objects.filter(review=review, employee=employee)
    rating = ratings.select_for_update().first()
    if rating is None:
        return _rating_create(review, employee, performance, potential, note, rated_by)
    if version is not None:
        rating = lock_current(ratings, rating.pk, version)
    return _rating_update(rating, performance, potential, note, rated_by)


def _rating_create(
    review: TalentReview,
    employee: Employee,
    performance: int,
    potential: int,
    note: str,
    rated_by: Any,
) -> TalentRating:
    rating = TalentRating.objects.create(
        review=review,
        employee=employee,
        performance=performance,
        potential=potential,
        note=note.strip(),
        rated_by=rated_by,
    )
    audit(
        actor=rated_by,
        action=AuditAction.CREATE,
        obj=rating,
        summary=f"Rated {employee.full_name} in “{review.name}”",
        after=snapshot(rating, RATING_FIELDS),
    )
    return rating


def _rating_update(
    rating: TalentRating, performance: int, potential: int, note: str, rated_by: Any
) -> TalentRating:
    before = snapshot(rating, RATING_FIELDS)
    rating.performance, rating.potential, rating.note = performance, potential, note.strip()
    rating.rated_by = rated_by
    if snapshot(rating, RATING_FIELDS) == before:
        return rating  # nothing changed: no write, no audit row
    save_current(
        rating,
        performance=performance,
        potential=potential,
        note=rating.note,
        rated_by=rated_by,
        rated_at=timezone.now(),
    )
    audit(
        actor=rated_by,
        action=AuditAction.UPDATE,
        obj=rating,
        summary=f"Changed the rating of {rating.employee.full_name}",
        before=before,
        after=snapshot(rating, RATING_FIELDS),
    )
    return rating


@transaction.atomic
def rating_calibrate(
    *,
    rating: TalentRating,
    performance: int,
    potential: int,
    reason: str,
    moved_by: Any,
    version: int | None = None,
) -> CalibrationMove:
    """Move a person to another 9-box cell; the move and its reason are kept for good.

    From the form, ``version`` is the rating the mover saw: if someone moved or re-rated the
    person since, :class:`StaleVersion` refuses (the form then says where they are now).
    None (a script, the demo) moves the person from wherever they are."""
    _require_band(performance, "cell")
    _require_band(potential, "cell")
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why this person moves: calibration must be explained.")}
        )
    ratings = TalentRating.objects.all()
    rating = (
        lock_row(ratings, rating.pk)
        if version is None
        else lock_current(ratings, rating.pk, version)
    )
    if (rating.final_performance, rating.final_potential) == (performance, potential):
        raise ValidationError({"cell": _("That is the cell this person is already in.")})
    before = snapshot(rating, RATING_FIELDS)
    move = CalibrationMove.objects.create(
        rating=rating,
        from_performance=rating.final_performance,
        from_potential=rating.final_potential,
        to_performance=performance,
        to_potential=potential,
        reason=reason,
        moved_by=moved_by,
    )
    save_current(
        rating,
        calibrated_performance=performance,
        calibrated_potential=potential,
        calibrated_by=moved_by,
        calibrated_at=move.moved_at,
    )
    audit(
        actor=moved_by,
        action=AuditAction.UPDATE,
        obj=rating,
        summary=f"Calibrated {rating.employee.full_name}: {reason}"[:300],
        before=before,
        after={**snapshot(rating, RATING_FIELDS), "reason": reason},
    )
    return move


@transaction.atomic
def nine_box_cell_update(
    *, cell: NineBoxCell, name: str, description: str, actor: Any, version: int | None = None
) -> NineBoxCell:
    """From the cells page, ``version`` is the name shown: renamed since, :class:`StaleVersion`."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Every cell needs a name.")})
    if cell.pk is not None and version is not None:
        cell = lock_current(NineBoxCell.objects.all(), cell.pk, version)
    before = snapshot(cell, CELL_FIELDS)
    cell.name, cell.description = name, description.strip()
    if snapshot(cell, CELL_FIELDS) == before:
        return cell
    if cell.pk is None:
        cell.save()
    else:
        save_current(cell, name=cell.name, description=cell.description)
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=cell,
        summary=f"Renamed a 9-box cell to “{cell.name}”",
        before=before,
        after=snapshot(cell, CELL_FIELDS),
    )
    return cell


def ratings_exported(*, review: TalentReview, actor: Any, rows: int, scope: str) -> None:
    """Record that talent ratings left the application, and how many."""
    audit(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=review,
        summary=f"Exported {rows} talent ratings of “{review.name}” ({scope})",
        after={"rows": rows, "scope": scope, "format": "csv"},
    )
