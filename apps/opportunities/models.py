"""Internal opportunities: open roles, projects, stretch assignments and gigs, the people who
express interest in them, and the record of each fill.

An opportunity's required skills come from its role when it names one, else from its own list
(``OpportunitySkill``); either way readiness is the gap engine's (fit.py).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.employees.models import Department, Employee
from apps.opportunities.querysets import InterestQuerySet, OpportunityQuerySet
from apps.roles.models import Importance, Role
from apps.skills.models import Skill
from careermap.fields import MEDIUM, SHORT, ChoiceLabels, plausible_date, public_id_field


class OpportunityKind(models.TextChoices):
    OPEN_ROLE = "role", _("Open role")
    PROJECT = "project", _("Project")
    STRETCH = "stretch", _("Stretch assignment")
    GIG = "gig", _("Gig")


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    FILLED = "filled", _("Filled")


class Opportunity(ChoiceLabels):
    public_id = public_id_field()
    kind = models.CharField(
        _("kind"), max_length=10, choices=OpportunityKind.choices, default=OpportunityKind.PROJECT
    )
    title = models.CharField(_("title"), max_length=SHORT)
    description = models.TextField(_("description"), max_length=MEDIUM * 4, blank=True)
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
        verbose_name=_("department"),
    )
    role = models.ForeignKey(
        Role,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opportunities",
        verbose_name=_("role"),
    )
    time_commitment = models.CharField(_("time commitment"), max_length=SHORT, blank=True)
    duration = models.CharField(_("duration"), max_length=SHORT, blank=True)
    closes_on = models.DateField(
        _("closing date"), validators=[plausible_date], null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OpportunityStatus.choices,
        default=OpportunityStatus.DRAFT,
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="posted_opportunities",
    )
    filled_by = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["closes_on", "title", "id"]
        verbose_name_plural = "opportunities"
        indexes = [models.Index(fields=["status", "closes_on"], name="opportunity_status_closes")]

    def __str__(self) -> str:
        return self.title

    @property
    def uses_role(self) -> bool:
        """Required skills come from the role (else from the opportunity's own list)."""
        return self.role_id is not None

    @property
    def is_open(self) -> bool:
        return self.status == OpportunityStatus.OPEN


class OpportunitySkill(ChoiceLabels):
    """A skill an opportunity without a role needs, at a level, weighted like a requirement."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    required_level = models.PositiveSmallIntegerField()
    importance = models.CharField(
        max_length=10, choices=Importance.choices, default=Importance.ESSENTIAL
    )
    weight = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal(1))

    class Meta:
        ordering = ["opportunity", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "skill"], name="opportunity_skill_once"),
            models.CheckConstraint(
                condition=models.Q(required_level__gte=1, required_level__lte=5),
                name="opportunity_skill_level_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity}: {self.skill} {self.required_level}"


class InterestStatus(models.TextChoices):
    INTERESTED = "interested", _("Interested")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Interest the poster still considers.
ACTIVE_INTEREST = (InterestStatus.INTERESTED, InterestStatus.SHORTLISTED)


class Interest(ChoiceLabels):
    """One employee's interest in one opportunity. Only they, the poster and HR see it."""

    public_id = public_id_field()
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="interests")
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="opportunity_interests"
    )
    note = models.TextField(_("note"), max_length=MEDIUM, blank=True)
    tell_manager = models.BooleanField(_("tell my manager"), default=False)
    status = models.CharField(
        max_length=12, choices=InterestStatus.choices, default=InterestStatus.INTERESTED
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "employee"], name="interest_once"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} in {self.opportunity}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_INTEREST


class Placement(models.Model):
    """The record of a fill: who moved from which role to which, when, through what.

    For an open role this is the person's role history (the employee record keeps only the
    current role).
    """

    opportunity = models.OneToOneField(
        Opportunity, on_delete=models.CASCADE, related_name="placement"
    )
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="placements")
    from_role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.employee}: {self.opportunity}"
