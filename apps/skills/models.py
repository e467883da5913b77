from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from careermap.fields import ChoiceLabels


class Level(models.IntegerChoices):
    """The 0-5 proficiency scale used by every rating and requirement."""

    NONE = 0, _("None")
    AWARENESS = 1, _("Awareness")
    NOVICE = 2, _("Novice")
    INTERMEDIATE = 3, _("Intermediate")
    ADVANCED = 4, _("Advanced")
    EXPERT = 5, _("Expert")


class ProficiencyLevel(ChoiceLabels):
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


def source_uri_field() -> models.CharField:
    """Where a record came from in a published taxonomy (an ESCO concept URI, an O*NET element),
    so that importing the taxonomy again updates the record instead of adding a second one.
    Blank for records made in CareerMap."""
    return models.CharField(
        max_length=255,
        blank=True,
        help_text=_("The record's identifier in the taxonomy it was imported from (ESCO, O*NET)."),
    )


def source_uri_unique(name: str) -> models.UniqueConstraint:
    """One record per taxonomy identifier; any number without one. The partial unique index is
    also the index the imports look records up by."""
    return models.UniqueConstraint(
        fields=["source_uri"],
        condition=~models.Q(source_uri=""),
        name=name,
        violation_error_message=_("Another record comes from the same taxonomy entry."),
    )


class SkillCategory(models.Model):
    name = models.CharField(max_length=120, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True)
    source_uri = source_uri_field()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "skill categories"
        constraints = [source_uri_unique("skills_category_source_uri_unique")]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    category = models.ForeignKey(SkillCategory, on_delete=models.PROTECT, related_name="skills")
    synonyms = ArrayField(models.CharField(max_length=120), default=list, blank=True)
    source_uri = source_uri_field()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="skills_skill_name_ci_unique",
                violation_error_message=_("A skill with this name already exists."),
            ),
            source_uri_unique("skills_skill_source_uri_unique"),
        ]

    def __str__(self) -> str:
        return self.name
