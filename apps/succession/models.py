"""Talent reviews, key positions and successor slates, future demand, and their audit log.

Everything here is confidential HR data: it never reaches the employee it concerns, nor peers
(see access.py). Every create, change, delete and export is written to AuditLog.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.employees.models import Employee
from apps.roles.models import Role
from apps.succession.querysets import (
    AuditLogQuerySet,
    CalibrationMoveQuerySet,
    SuccessionPlanQuerySet,
    TalentRatingQuerySet,
    TalentReviewQuerySet,
)
from careermap.fields import ChoiceLabels, plausible_date, public_id_field
from careermap.versioning import version_field


class Band(models.IntegerChoices):
    """Performance and potential are rated low / moderate / high."""

    LOW = 1, _("Low")
    MODERATE = 2, _("Moderate")
    HIGH = 3, _("High")


BAND_RANGE = {"gte": 1, "lte": 3}


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class TalentReview(ChoiceLabels):
    """A review cycle, e.g. "2026 H2 talent review"."""

    public_id = public_id_field()
    name = models.CharField(max_length=120, unique=True)
    opens_on = models.DateField(validators=[plausible_date], default=timezone.localdate)
    closes_on = models.DateField(validators=[plausible_date])
    status = models.CharField(max_length=6, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = TalentReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="talent_review_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TalentRating(ChoiceLabels):
    """A manager's rating of one person in one cycle; calibration may move it.

    Reports use the calibrated values when HR has calibrated, else the manager's.
    """

    public_id = public_id_field()
    review = models.ForeignKey(TalentReview, on_delete=models.CASCADE, related_name="ratings")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="talent_ratings")
    performance = models.PositiveSmallIntegerField(choices=Band.choices)
    potential = models.PositiveSmallIntegerField(choices=Band.choices)
    note = models.TextField(max_length=2000, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_at = models.DateTimeField(default=timezone.now)
    calibrated_performance = models.PositiveSmallIntegerField(
        choices=Band.choices, null=True, blank=True
    )
    calibrated_potential = models.PositiveSmallIntegerField(
        choices=Band.choices, null=True, blank=True
    )
    calibrated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    calibrated_at = models.DateTimeField(null=True, blank=True)
    version = version_field()

    objects = TalentRatingQuerySet.as_manager()

    class Meta:
        ordering = ["review", "employee__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["review", "employee"], name="talent_rating_unique"),
            models.CheckConstraint(
                condition=models.Q(performance__gte=1, performance__lte=3)
                & models.Q(potential__gte=1, potential__lte=3),
                name="talent_rating_bands_1_3",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(calibrated_performance__isnull=True)
                    | models.Q(calibrated_performance__gte=1, calibrated_performance__lte=3)
                )
                & (
                    models.Q(calibrated_potential__isnull=True)
                    | models.Q(calibrated_potential__gte=1, calibrated_potential__lte=3)
                ),
                name="talent_rating_calibrated_bands_1_3",
            ),
        ]
        indexes = [
            # The final 9-box cell (``with_final``). Mostly for its statistics: without them the
            # planner guesses one rating per cell and sorts the whole review for each cell's top
            # ten instead of walking the name index (queries.nine_box).
            models.Index(
                F("review"),
                Coalesce("calibrated_performance", "performance"),
                Coalesce("calibrated_potential", "potential"),
                name="talent_rating_final_cell",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} in {self.review}"

    @property
    def final_performance(self) -> int:
        return self.calibrated_performance or self.performance

    @property
    def final_potential(self) -> int:
        return self.calibrated_potential or self.potential


class CalibrationMove(ChoiceLabels):
    """One move on the 9-box during calibration: who, when, from, to and why."""

    rating = models.ForeignKey(TalentRating, on_delete=models.CASCADE, related_name="moves")
    from_performance = models.PositiveSmallIntegerField(choices=Band.choices)
    from_potential = models.PositiveSmallIntegerField(choices=Band.choices)
    to_performance = models.PositiveSmallIntegerField(choices=Band.choices)
    to_potential = models.PositiveSmallIntegerField(choices=Band.choices)
    reason = models.CharField(max_length=500)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    moved_at = models.DateTimeField(default=timezone.now)

    objects = CalibrationMoveQuerySet.as_manager()

    class Meta:
        ordering = ["-moved_at", "-id"]

    def __str__(self) -> str:
        return f"{self.rating}: moved"


class NineBoxCell(ChoiceLabels):
    """The configurable name of one cell of the 9-box (performance x potential)."""

    performance = models.PositiveSmallIntegerField(choices=Band.choices)
    potential = models.PositiveSmallIntegerField(choices=Band.choices)
    name = models.CharField(max_length=60)
    description = models.CharField(max_length=300, blank=True)
    version = version_field()

    class Meta:
        ordering = ["-potential", "performance"]
        constraints = [
            models.UniqueConstraint(
                fields=["performance", "potential"], name="nine_box_cell_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Risk(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class SuccessionPlan(ChoiceLabels):
    """A key position: a role, or one incumbent's seat in it, with its risks and slate."""

    public_id = public_id_field()
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="succession_plans")
    incumbent = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="seats"
    )
    risk_of_loss = models.CharField(max_length=6, choices=Risk.choices, default=Risk.MEDIUM)
    impact_of_loss = models.CharField(max_length=6, choices=Risk.choices, default=Risk.MEDIUM)
    notes = models.TextField(max_length=2000, blank=True)
    shared_with = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="shared_succession_plans",
        help_text=_("Managers HR lets see this plan's slate (never the people on it)."),
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = version_field()

    objects = SuccessionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["role__title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "incumbent"],
                name="succession_plan_unique_seat",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role}" + (f" ({self.incumbent})" if self.incumbent_id else "")


class Readiness(models.TextChoices):
    READY_NOW = "now", _("Ready now")
    ONE_TWO_YEARS = "1-2", _("Ready in 1-2 years")
    THREE_FIVE_YEARS = "3-5", _("Ready in 3-5 years")


class SuccessorCandidate(ChoiceLabels):
    public_id = public_id_field()
    plan = models.ForeignKey(SuccessionPlan, on_delete=models.CASCADE, related_name="candidates")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="successor_slots")
    readiness = models.CharField(max_length=3, choices=Readiness.choices)
    emergency_cover = models.BooleanField(default=False)
    rank = models.PositiveSmallIntegerField(default=1)
    development_note = models.TextField(max_length=2000, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    version = version_field()

    class Meta:
        ordering = ["plan", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "employee"], name="successor_unique_per_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} for {self.plan}"


class DemandPlan(models.Model):
    """Future needs: HR expects to need ``headcount`` people in ``role`` by ``needed_by``."""

    public_id = public_id_field()
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="demand_plans")
    headcount = models.PositiveIntegerField()
    needed_by = models.DateField(validators=[plausible_date])
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["needed_by", "role__title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(headcount__gte=1), name="demand_headcount_min_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.headcount} x {self.role} by {self.needed_by}"


class SkillLevelCount(models.Model):
    """How many people who have not left hold one pair of ratings (manager's, self) of one
    skill, per current role and department: as rated today (``review_id`` NULL) and as the
    rating history stood at each review's closing day. The skill supply report reads these few
    thousand rows instead of every rating and the whole history.

    Kept correct on write by database triggers (migrations 0011, 0014, 0015), so every client
    counts: ratings, rating history, people (role, department, status) and reviews (closing
    date).
    Rows are never written from Python. Plain ids, no foreign keys: a role or department
    deleted moves its people (SET NULL) and the triggers follow them.
    """

    review_id = models.BigIntegerField(null=True)
    role_id = models.BigIntegerField(null=True)
    department_id = models.BigIntegerField(null=True)
    skill_id = models.BigIntegerField()
    manager_level = models.SmallIntegerField(null=True)
    self_level = models.SmallIntegerField(null=True)
    n = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "review_id",
                    "skill_id",
                    "role_id",
                    "department_id",
                    "manager_level",
                    "self_level",
                ],
                nulls_distinct=False,
                name="skill_level_count_key",
            ),
        ]

    def __str__(self) -> str:
        return f"review {self.review_id} skill {self.skill_id}: {self.n}"


class ReadyPoints(models.Model):
    """One person's readiness numerator for one role in the gap engine's integer points
    (``gaps.ready_at_least_cte``: 100 x weight x importance multiplier x the lower of the
    current and the required level, summed over the role's skills they have rated above 0),
    so "who is at least 80% ready for these roles" is an index range per role instead of a
    sum over every rating. Only people with such a rating have a row; leavers keep theirs
    (the readers set them aside).

    Kept correct on write by database triggers (migrations 0013 and 0014) on ratings and role
    requirements; rows are never written from Python.
    """

    role_id = models.BigIntegerField()
    employee_id = models.BigIntegerField()
    points = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["role_id", "employee_id"], name="ready_points_key"),
        ]
        # Covering: who is ready for a role is read from the index alone (index-only scan).
        indexes = [
            models.Index(
                fields=["role_id", "points"],
                include=["employee_id"],
                name="ready_points_role_points",
            )
        ]

    def __str__(self) -> str:
        return f"role {self.role_id} person {self.employee_id}: {self.points}"


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")


class AuditLog(ChoiceLabels):
    """Append-only record of every change to confidential talent data, and every export."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=6, choices=AuditAction.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=300)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    # The employees the row is confidential about (a rating's person; a plan's incumbent and
    # slate), so nobody, HR included, reads the log about themselves (querysets.py).
    subjects = ArrayField(models.BigIntegerField(), default=list, blank=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [GinIndex(fields=["subjects"], name="auditlog_subjects_gin")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only is a property of the record itself, not of one caller: refuse edits.
        if self.pk is not None:
            raise ValueError("Audit log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("Audit log entries cannot be deleted.")
