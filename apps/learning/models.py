"""The learning catalogue: courses, certifications and programmes, and the skills each builds.

The tables keep their first names (``careermaps_*``): the models moved here from the career-map
app without a data change (migrations/0001_initial.py).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from apps.skills.models import Skill
from careermap.fields import SHORT, public_id_field


class ResourceKind(models.TextChoices):
    COURSE = "course", "Course"
    CERTIFICATION = "certification", "Certification"
    WORKSHOP = "workshop", "Workshop"
    BOOK = "book", "Book"
    PROGRAMME = "programme", "Internal programme"


class LearningResource(models.Model):
    public_id = public_id_field()
    title = models.CharField(max_length=SHORT)
    provider = models.CharField(max_length=SHORT, blank=True)
    url = models.URLField(blank=True)
    kind = models.CharField(
        max_length=15, choices=ResourceKind.choices, default=ResourceKind.COURSE
    )
    hours = models.PositiveIntegerField(null=True, blank=True)
    cost = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="resources", through="ResourceSkill"
    )

    class Meta:
        db_table = "careermaps_learningresource"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class ResourceSkill(models.Model):
    """A skill a learning resource builds, and up to which level."""

    resource = models.ForeignKey(LearningResource, on_delete=models.CASCADE, related_name="builds")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="The proficiency level (1-5) the resource takes a learner to.",
    )

    class Meta:
        db_table = "careermaps_resourceskill"
        constraints = [
            models.UniqueConstraint(fields=["resource", "skill"], name="resource_skill_unique"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="resource_skill_level_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} builds {self.skill} to {self.level}"
