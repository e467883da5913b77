from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower, Now
from django.utils.translation import gettext_lazy as _

from apps.skills.models import Level, Skill, source_uri_field, source_uri_unique
from careermap.fields import ChoiceLabels
from careermap.versioning import version_field


class JobFamily(models.Model):
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    source_uri = source_uri_field()
    version = version_field()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "job families"
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="roles_jobfamily_name_ci_unique",
                violation_error_message=_("A job family with this name already exists."),
            ),
            source_uri_unique("roles_jobfamily_source_uri_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Track(models.TextChoices):
    INDIVIDUAL = "ic", _("Individual contributor")
    MANAGER = "manager", _("People manager")


class Role(ChoiceLabels):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=150)
    family = models.ForeignKey(JobFamily, on_delete=models.PROTECT, related_name="roles")
    level = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    track = models.CharField(max_length=10, choices=Track.choices, default=Track.INDIVIDUAL)
    summary = models.TextField(blank=True)
    responsibilities = models.TextField(
        blank=True, help_text=_("One responsibility per line; shown as a list.")
    )
    is_key_position = models.BooleanField(default=False)
    # Set by a trigger on every UPDATE (the import writes in bulk): migration 0005.
    updated_at = models.DateTimeField(db_default=Now(), editable=False, db_index=True)
    skills = models.ManyToManyField(Skill, through="RoleRequirement", related_name="roles")
    source_uri = source_uri_field()
    version = version_field()

    class Meta:
        ordering = ["family__name", "level", "title"]
        constraints = [
            models.UniqueConstraint(
                Lower("title"),
                name="roles_role_title_ci_unique",
                violation_error_message=_("A role with this title already exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=12), name="roles_role_level_1_12"
            ),
            source_uri_unique("roles_role_source_uri_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def responsibility_list(self) -> list[str]:
        return [
            line.strip("-• ").strip() for line in self.responsibilities.splitlines() if line.strip()
        ]


class Importance(models.TextChoices):
    ESSENTIAL = "essential", _("Essential")
    DESIRABLE = "desirable", _("Desirable")


# Essential skills count twice as much as desirable ones in readiness (see employees.gaps).
IMPORTANCE_MULTIPLIER = {Importance.ESSENTIAL: 2, Importance.DESIRABLE: 1}


class RoleRequirement(ChoiceLabels):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="requirements")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="requirements")
    required_level = models.PositiveSmallIntegerField(
        choices=[(c.value, c.label) for c in Level if c.value > 0], default=Level.INTERMEDIATE
    )
    importance = models.CharField(
        max_length=10, choices=Importance.choices, default=Importance.ESSENTIAL
    )
    weight = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("10"))],
        help_text=_("Relative weight within the role (0.1-10); essential skills count double."),
    )
    version = version_field()

    class Meta:
        ordering = ["role", "-importance", "skill__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "skill"],
                name="roles_requirement_unique",
                violation_error_message=_("This role already requires that skill."),
            ),
            models.CheckConstraint(
                condition=models.Q(required_level__gte=1, required_level__lte=5),
                name="roles_requirement_level_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="roles_requirement_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} needs {self.skill} at {self.required_level}"


class TransitionKind(models.TextChoices):
    PROMOTION = "promotion", _("Promotion")
    LATERAL = "lateral", _("Lateral move")
    CROSS_FAMILY = "cross_family", _("Cross-family move")


class RoleTransition(ChoiceLabels):
    """An edge of the career-path graph: people commonly move from one role to another."""

    from_role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="transitions_out")
    to_role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="transitions_in")
    kind = models.CharField(max_length=15, choices=TransitionKind.choices)
    typical_months = models.PositiveSmallIntegerField(default=18)
    version = version_field()

    class Meta:
        ordering = ["from_role", "to_role"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_role", "to_role"],
                name="roles_transition_unique",
                violation_error_message=_("This transition already exists."),
            ),
            models.CheckConstraint(
                condition=~models.Q(from_role=models.F("to_role")),
                name="roles_transition_not_to_itself",
                violation_error_message=_("A role cannot lead to itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_role} → {self.to_role}"
