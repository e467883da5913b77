from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower


class Level(models.IntegerChoices):
    """The 0-5 proficiency scale used by every rating and requirement."""

    NONE = 0, "None"
    AWARENESS = 1, "Awareness"
    NOVICE = 2, "Novice"
    INTERMEDIATE = 3, "Intermediate"
    ADVANCED = 4, "Advanced"
    EXPERT = 5, "Expert"


class ProficiencyLevel(models.Model):
    """One step of the scale with the behaviour that earns it (shown wherever one rates)."""

    level = models.PositiveSmallIntegerField(primary_key=True, choices=Level.choices)
    name = models.CharField(max_length=40)
    descriptor = models.TextField()

    class Meta:
        ordering = ["level"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=0, level__lte=5), name="proficiency_level_0_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} · {self.name}"


class SkillCategory(models.Model):
    name = models.CharField(max_length=120, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "skill categories"

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    category = models.ForeignKey(SkillCategory, on_delete=models.PROTECT, related_name="skills")
    synonyms = ArrayField(models.CharField(max_length=120), default=list, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="skills_skill_name_ci_unique",
                violation_error_message="A skill with this name already exists.",
            ),
        ]

    def __str__(self) -> str:
        return self.name
