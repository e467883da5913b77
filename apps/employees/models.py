from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Abs, Lower, Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.employees.querysets import EmployeeQuerySet, InvitationQuerySet
from apps.roles.models import Role
from apps.skills.models import Level, Skill
from careermap.fields import ChoiceLabels, plausible_date

LEVEL_RANGE = models.Q(level__gte=0, level__lte=5)


class Department(models.Model):
    name = models.CharField(max_length=120, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    head = models.ForeignKey(
        "Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="heads"
    )
    # Set by a trigger on every UPDATE (bulk ones too, which bypass auto_now): migration 0005.
    updated_at = models.DateTimeField(db_default=Now(), editable=False, db_index=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# The email domain of anonymised leavers: reserved (RFC 2606), so it reaches nobody.
ANONYMISED_DOMAIN = "anonymised.invalid"


class EmploymentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ON_LEAVE = "leave", _("On leave")
    LEFT = "left", _("Left")


class Employee(ChoiceLabels):
    """A member of staff. ``path`` is the chain of ids from the top of the org: ``/1/5/23/``.

    "Everyone under X" is ``path LIKE X.path || '%'`` on a pattern index: one indexed query at
    any depth. Only ``employee_set_manager`` moves people, and it rewrites the moved sub-tree's
    paths in one UPDATE, so paths never go stale.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )
    full_name = models.CharField(max_length=150)
    work_email = models.EmailField(unique=True)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="employees"
    )
    current_role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.PROTECT, related_name="holders"
    )
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    hire_date = models.DateField(validators=[plausible_date], null=True, blank=True)
    location = models.CharField(max_length=120, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    status = models.CharField(
        max_length=10, choices=EmploymentStatus.choices, default=EmploymentStatus.ACTIVE
    )
    external_id = models.CharField(
        max_length=64, null=True, blank=True, unique=True, help_text="Id in the HR system."
    )
    path = models.CharField(max_length=2000, editable=False, default="/")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    # Set by a trigger on every UPDATE (the import writes in bulk): migration 0005.
    updated_at = models.DateTimeField(db_default=Now(), editable=False, db_index=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        indexes = [
            models.Index(
                fields=["path"], name="employee_path_like", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["manager", "full_name"], name="employee_manager_name"),
            # The directory's order: a page of 25 reads 25 index entries, not a sort of all.
            models.Index(fields=["full_name", "id"], name="employee_name_order"),
        ]
        constraints = [
            models.UniqueConstraint(Lower("work_email"), name="employees_email_ci_unique"),
            models.CheckConstraint(
                condition=~models.Q(manager=models.F("id")), name="employee_not_own_manager"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_anonymised(self) -> bool:
        """A leaver HR anonymised (apps/succession/services/leavers.py)."""
        return self.work_email.endswith("@" + ANONYMISED_DOMAIN)

    @property
    def initials(self) -> str:
        return "".join(part[0] for part in self.full_name.split()[:2]).upper()

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids above this person, top first (from the path; no query)."""
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]


class SkillRating(ChoiceLabels):
    """The current self and manager rating of one skill for one person."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="ratings")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="ratings")
    self_level = models.PositiveSmallIntegerField(null=True, blank=True, choices=Level.choices)
    self_rated_at = models.DateTimeField(null=True, blank=True)
    manager_level = models.PositiveSmallIntegerField(null=True, blank=True, choices=Level.choices)
    manager_rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    manager_rated_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["employee", "skill__name"]
        indexes = [
            # "Ratings to review" (dashboards): only the rows waiting for the manager, so the
            # panel's count and its newest-first page read this index, not the whole table.
            models.Index(
                fields=["employee", "-self_rated_at"],
                name="skill_rating_to_review",
                condition=models.Q(self_level__isnull=False)
                & (
                    models.Q(manager_rated_at__isnull=True)
                    | models.Q(self_rated_at__gt=models.F("manager_rated_at"))
                ),
            ),
            # The same rows newest first across people: a team's first page of ratings to
            # review walks this index and stops after one page, instead of sorting the team's
            # every waiting rating (tens of thousands for a whole organisation).
            models.Index(
                models.F("self_rated_at").desc(nulls_last=True),
                name="skill_rating_review_newest",
                condition=models.Q(self_level__isnull=False)
                & (
                    models.Q(manager_rated_at__isnull=True)
                    | models.Q(self_rated_at__gt=models.F("manager_rated_at"))
                ),
            ),
            # How far self and manager ratings are apart (dashboards' "worth a conversation"):
            # the few rows two or more levels apart are a range of this index, widest first,
            # and ANALYZE keeps statistics on the expression so the planner knows they are few.
            models.Index(
                Abs(models.F("self_level") - models.F("manager_level")),
                name="skill_rating_apart",
            ),
            # Everyone's ratings of one skill with both levels (successor suggestions read the
            # ratings of a role's required skills): an index-only scan instead of a heap visit
            # per rating. By person, the unique constraint below already serves, and a whole
            # organisation's ratings are read best by the table itself.
            models.Index(
                fields=["skill", "employee"],
                include=["manager_level", "self_level"],
                name="skill_rating_by_skill",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["employee", "skill"], name="skill_rating_unique"),
            models.CheckConstraint(
                condition=models.Q(self_level__isnull=True)
                | models.Q(self_level__gte=0, self_level__lte=5),
                name="skill_rating_self_0_5",
            ),
            models.CheckConstraint(
                condition=models.Q(manager_level__isnull=True)
                | models.Q(manager_level__gte=0, manager_level__lte=5),
                name="skill_rating_manager_0_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee}: {self.skill}"

    @property
    def current_level(self) -> int:
        """What the gap engine uses: the manager's rating if any, else the self rating."""
        if self.manager_level is not None:
            return self.manager_level
        return self.self_level or 0


class RatingSource(models.TextChoices):
    SELF = "self", _("Self")
    MANAGER = "manager", _("Manager")


class SkillRatingHistory(ChoiceLabels):
    """Every rating ever given, appended by ``rating_set``; never edited."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="rating_history")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=10, choices=RatingSource.choices)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-rated_at", "-id"]
        verbose_name_plural = "skill rating history"
        indexes = [
            models.Index(fields=["employee", "skill", "-rated_at"], name="rating_history_idx")
        ]
        constraints = [
            models.CheckConstraint(condition=LEVEL_RANGE, name="rating_history_level_0_5"),
        ]

    def __str__(self) -> str:
        return f"{self.employee}: {self.skill} = {self.level} ({self.source})"


def token_digest(secret: str) -> str:
    """What is stored of an invitation's secret: its SHA-256. The secret itself exists only in
    the emailed link, so a copy of the database (a backup, the admin) accepts no invitation."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _invitation_token() -> str:
    # A digest of a secret nobody keeps: a new invitation has no working link until sent.
    return token_digest(secrets.token_urlsafe(32))


def _invitation_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.INVITATION_MAX_AGE_DAYS)


class Invitation(models.Model):
    """HR invites an employee by email; accepting creates their User and links the record."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token = models.CharField(
        max_length=64,
        unique=True,
        default=_invitation_token,
        editable=False,
        help_text="SHA-256 of the emailed link's secret; the secret itself is never stored.",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"

    def issue_secret(self) -> str:
        """A new secret for the link (any earlier link stops working); only its digest is kept."""
        secret = secrets.token_urlsafe(32)
        self.token = token_digest(secret)
        Invitation.objects.filter(pk=self.pk).update(token=self.token)
        return secret

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"
