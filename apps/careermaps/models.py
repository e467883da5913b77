"""The career map and everything on it: the method of docs/seeds, one model per part."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from apps.careermaps.querysets import CareerMapQuerySet
from apps.employees.models import Employee
from apps.learning.models import LearningResource
from apps.roles.models import Role
from apps.skills.models import Skill
from careermap.fields import LONG, MEDIUM, SHORT, ChoiceLabels, plausible_date, public_id_field
from careermap.versioning import version_field


class MapTemplate(models.TextChoices):
    BLANK = "blank", gettext_lazy("Start from scratch")
    ENTRY_LEVEL = "entry_level", gettext_lazy("Entry-level career map")
    MID_CAREER = "mid_career", gettext_lazy("Mid-career transition map")
    LEADERSHIP = "leadership", gettext_lazy("Leadership development map")


class Cadence(models.TextChoices):
    WEEKLY = "weekly", gettext_lazy("Every week")
    FORTNIGHTLY = "fortnightly", gettext_lazy("Every two weeks")
    MONTHLY = "monthly", gettext_lazy("Every month")
    QUARTERLY = "quarterly", gettext_lazy("Every quarter")
    OFF = "off", gettext_lazy("Off")


CADENCE_DAYS = {
    Cadence.WEEKLY: 7,
    Cadence.FORTNIGHTLY: 14,
    Cadence.MONTHLY: 30,
    Cadence.QUARTERLY: 91,
}


class CareerMap(ChoiceLabels):
    public_id = public_id_field()
    employee = models.OneToOneField(Employee, on_delete=models.CASCADE, related_name="career_map")
    target_role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="targeted_by"
    )
    aspiration = models.TextField(
        gettext_lazy("long-term aspiration"), max_length=MEDIUM, blank=True
    )
    strengths = models.TextField(max_length=MEDIUM, blank=True)
    weaknesses = models.TextField(gettext_lazy("areas to develop"), max_length=MEDIUM, blank=True)
    values = models.TextField(max_length=MEDIUM, blank=True)
    interests = models.TextField(max_length=MEDIUM, blank=True)
    template = models.CharField(
        max_length=20, choices=MapTemplate.choices, default=MapTemplate.BLANK
    )
    visible_to_manager = models.BooleanField(
        default=True,
        help_text=gettext_lazy(
            "Managers up your reporting line can read your map (never edit it)."
        ),
    )
    reflection_cadence = models.CharField(
        max_length=12, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()

    objects = CareerMapQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Career map of {self.employee}"


class Horizon(models.TextChoices):
    SHORT = "short", gettext_lazy("Short term")
    LONG = "long", gettext_lazy("Long term")


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", gettext_lazy("Not started")
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    ACHIEVED = "achieved", gettext_lazy("Achieved")
    DROPPED = "dropped", gettext_lazy("Dropped")


class Goal(ChoiceLabels):
    """A SMART goal: the five parts are separate fields so each can be checked and shown."""

    public_id = public_id_field()
    career_map = models.ForeignKey(CareerMap, on_delete=models.CASCADE, related_name="goals")
    horizon = models.CharField(max_length=5, choices=Horizon.choices, default=Horizon.SHORT)
    specific = models.CharField(gettext_lazy("specific outcome"), max_length=SHORT * 2)
    measurable = models.CharField(gettext_lazy("how it is measured"), max_length=SHORT * 2)
    achievable = models.CharField(gettext_lazy("why it is achievable"), max_length=SHORT * 2)
    relevant = models.CharField(gettext_lazy("what it is relevant to"), max_length=SHORT * 2)
    target_date = models.DateField(validators=[plausible_date])
    status = models.CharField(
        max_length=12, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    position = models.PositiveIntegerField(default=0)
    version = version_field()
    achieved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "target_date", "id"]
        # The team feed reads the newest achieved goals first.
        indexes = [models.Index(fields=["-achieved_at", "-id"], name="goal_achieved_newest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100), name="goal_progress_0_100"
            ),
        ]

    def __str__(self) -> str:
        return self.specific


class Milestone(models.Model):
    public_id = public_id_field()
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=SHORT)
    due = models.DateField(validators=[plausible_date], null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due", "id"]
        # The team feed reads the newest completed milestones first (LIMIT 20 of thousands).
        indexes = [models.Index(fields=["-done_at", "-id"], name="milestone_done_newest")]

    def __str__(self) -> str:
        return self.title


class ActionKind(models.TextChoices):
    """The development plan's groups, as in the seed's template and example."""

    EDUCATION = "education", gettext_lazy("Educational development")
    SKILL = "skill", gettext_lazy("Skill enhancement")
    CERTIFICATION = "certification", gettext_lazy("Certifications")
    PROJECT = "project", gettext_lazy("Projects and experience")
    NETWORKING = "networking", gettext_lazy("Networking")
    MENTORSHIP = "mentorship", gettext_lazy("Mentorship")

    @property
    def add_label(self) -> str:
        """The add button ("Add to skill enhancement"): a whole phrase, as German needs."""
        return str(_ADD_TO_PLAN[self.value])


_ADD_TO_PLAN = {
    "education": gettext_lazy("Add to educational development"),
    "skill": gettext_lazy("Add to skill enhancement"),
    "certification": gettext_lazy("Add to certifications"),
    "project": gettext_lazy("Add to projects and experience"),
    "networking": gettext_lazy("Add to networking"),
    "mentorship": gettext_lazy("Add to mentorship"),
}


class ActionStatus(models.TextChoices):
    PLANNED = "planned", gettext_lazy("Planned")
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    DONE = "done", gettext_lazy("Done")
    DROPPED = "dropped", gettext_lazy("Dropped")


class DevelopmentAction(ChoiceLabels):
    public_id = public_id_field()
    career_map = models.ForeignKey(CareerMap, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=15, choices=ActionKind.choices)
    title = models.CharField(max_length=SHORT * 2)
    detail = models.TextField(max_length=MEDIUM, blank=True)
    skill = models.ForeignKey(
        Skill, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resource = models.ForeignKey(
        LearningResource, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    due = models.DateField(validators=[plausible_date], null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    evidence = models.TextField(
        gettext_lazy("evidence of completion"), max_length=MEDIUM, blank=True
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    version = version_field()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Quadrant(models.TextChoices):
    STRENGTH = "S", gettext_lazy("Strengths")
    WEAKNESS = "W", gettext_lazy("Weaknesses")
    OPPORTUNITY = "O", gettext_lazy("Opportunities")
    THREAT = "T", gettext_lazy("Threats")

    @property
    def add_label(self) -> str:
        """The add field's label ("Add to strengths"): a whole phrase, as German needs."""
        return str(_ADD_TO_SWOT[self.value])


_ADD_TO_SWOT = {
    "S": gettext_lazy("Add to strengths"),
    "W": gettext_lazy("Add to weaknesses"),
    "O": gettext_lazy("Add to opportunities"),
    "T": gettext_lazy("Add to threats"),
}


class SwotItem(ChoiceLabels):
    public_id = public_id_field()
    career_map = models.ForeignKey(CareerMap, on_delete=models.CASCADE, related_name="swot_items")
    quadrant = models.CharField(max_length=1, choices=Quadrant.choices)
    text = models.CharField(max_length=SHORT * 2)
    created_at = models.DateTimeField(default=timezone.now)
    version = version_field()

    class Meta:
        ordering = ["quadrant", "created_at", "id"]

    def __str__(self) -> str:
        return self.text


class NetworkContact(models.Model):
    public_id = public_id_field()
    career_map = models.ForeignKey(CareerMap, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=SHORT)
    organisation = models.CharField(max_length=SHORT, blank=True)
    how_they_help = models.CharField(
        gettext_lazy("how they can help"), max_length=SHORT * 2, blank=True
    )
    last_contact = models.DateField(validators=[plausible_date], null=True, blank=True)
    next_follow_up = models.DateField(validators=[plausible_date], null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = version_field()

    class Meta:
        ordering = ["next_follow_up", "name"]

    def __str__(self) -> str:
        return self.name


CONFIDENCE_LABELS = {
    1: gettext_lazy("Not at all"),
    2: gettext_lazy("Not very"),
    3: gettext_lazy("Somewhat"),
    4: gettext_lazy("Fairly"),
    5: gettext_lazy("Very confident"),
}


class Reflection(models.Model):
    """A journal entry. Private to its author unless they share it with their manager."""

    public_id = public_id_field()
    career_map = models.ForeignKey(CareerMap, on_delete=models.CASCADE, related_name="reflections")
    created_at = models.DateTimeField(default=timezone.now)
    progress = models.TextField(gettext_lazy("progress since last time"), max_length=LONG)
    went_well = models.TextField(gettext_lazy("what went well"), max_length=LONG, blank=True)
    adjust = models.TextField(gettext_lazy("what to adjust"), max_length=LONG, blank=True)
    confidence = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=gettext_lazy(
            "How confident you feel about reaching your goals, 1 (not at all) to 5 (very)."
        ),
    )
    shared_with_manager = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confidence__gte=1, confidence__lte=5),
                name="reflection_confidence_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Reflection of {self.created_at:%Y-%m-%d}"

    @property
    def confidence_label(self) -> str:
        return str(CONFIDENCE_LABELS.get(self.confidence, ""))


class AssessmentResult(models.Model):
    """One completed built-in career assessment (work values and interests)."""

    public_id = public_id_field()
    career_map = models.ForeignKey(CareerMap, on_delete=models.CASCADE, related_name="assessments")
    taken_at = models.DateTimeField(default=timezone.now)
    answers = models.JSONField(default=dict)
    scores = models.JSONField(default=dict)
    kept_on_map = models.BooleanField(default=True)

    class Meta:
        ordering = ["-taken_at", "-id"]

    def __str__(self) -> str:
        return f"Assessment of {self.taken_at:%Y-%m-%d}"


class Recognition(models.Model):
    """A manager's short recognition of a completed milestone or achieved goal."""

    public_id = public_id_field()
    career_map = models.ForeignKey(CareerMap, on_delete=models.CASCADE, related_name="recognitions")
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="recognitions"
    )
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="recognitions"
    )
    from_employee = models.ForeignKey(
        Employee, null=True, on_delete=models.SET_NULL, related_name="recognitions_given"
    )
    message = models.CharField(max_length=SHORT * 2)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(milestone__isnull=False) | models.Q(goal__isnull=False),
                name="recognition_of_milestone_or_goal",
            ),
        ]

    def __str__(self) -> str:
        return f"Recognition for {self.career_map.employee}"
