"""The learning catalogue: courses, certifications and programmes, and the skills each builds.

The tables keep their first names (``careermaps_*``): the models moved here from the career-map
app without a data change (migrations/0001_initial.py).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from apps.skills.models import Skill
from careermap.fields import SHORT, ChoiceLabels, public_id_field
from careermap.versioning import version_field


class ResourceKind(models.TextChoices):
    COURSE = "course", _("Course")
    CERTIFICATION = "certification", _("Certification")
    WORKSHOP = "workshop", _("Workshop")
    BOOK = "book", _("Book")
    PROGRAMME = "programme", _("Internal programme")


class LearningResourceQuerySet(models.QuerySet["LearningResource"]):
    """The catalogue's reads, chainable: ``.matching(q).of_kind(k).building(skill)``.

    It lives beside the models because it reads ``ResourceSkill`` (defined below).
    """

    def matching(self, query: str) -> LearningResourceQuerySet:
        """Title, provider or the name of a skill the resource builds contains ``query``."""
        if not query:
            return self
        by_skill = ResourceSkill.objects.filter(
            resource=OuterRef("pk"), skill__name__icontains=query
        )
        return self.filter(
            Q(title__icontains=query) | Q(provider__icontains=query) | Exists(by_skill)
        )

    def of_kind(self, kind: str) -> LearningResourceQuerySet:
        return self.filter(kind=kind) if kind else self

    def building(self, skill: Skill | None) -> LearningResourceQuerySet:
        if skill is None:
            return self
        return self.filter(
            Exists(ResourceSkill.objects.filter(resource=OuterRef("pk"), skill=skill))
        )

    def with_skills(self) -> LearningResourceQuerySet:
        """Each resource's ``builds`` (skill and level, strongest first) in one more query."""
        builds = ResourceSkill.objects.select_related("skill").order_by("-level", "skill__name")
        return self.prefetch_related(Prefetch("builds", queryset=builds))


class LearningResource(ChoiceLabels):
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
    version = version_field()

    objects = LearningResourceQuerySet.as_manager()

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
        help_text=_("The proficiency level (1-5) the resource takes a learner to."),
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
