"""Check-ins: a regular conversation between a person and their manager about the career map.

Each side prepares privately; the other side's preparation shows once both have written theirs,
or from the meeting date on. Actions agreed in the meeting become development actions on the
employee's map (``AgreedAction`` links them back).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from apps.careermaps.models import CADENCE_DAYS, Cadence, CareerMap, DevelopmentAction
from apps.employees.models import Employee
from careermap.fields import MEDIUM, ChoiceLabels, plausible_date, public_id_field
from careermap.versioning import version_field

from .querysets import CheckInQuerySet

# The map's reminder rhythms, without "off": a check-in always has a next one.
CHECKIN_CADENCES = [(str(c.value), c.label) for c in Cadence if c in CADENCE_DAYS]


class CheckInStatus(models.TextChoices):
    UPCOMING = "upcoming", gettext_lazy("Upcoming")
    HELD = "held", gettext_lazy("Held")


class CheckIn(ChoiceLabels):
    public_id = public_id_field()
    career_map = models.ForeignKey(CareerMap, on_delete=models.CASCADE, related_name="checkins")
    # The employee's manager when it was scheduled; they keep access only while they still are.
    manager = models.ForeignKey(
        Employee, null=True, on_delete=models.SET_NULL, related_name="checkins_as_manager"
    )
    meeting_date = models.DateField(validators=[plausible_date])
    cadence = models.CharField(max_length=12, choices=CHECKIN_CADENCES, default=Cadence.MONTHLY)
    status = models.CharField(
        max_length=10, choices=CheckInStatus.choices, default=CheckInStatus.UPCOMING
    )
    # The employee's preparation.
    progress = models.TextField(gettext_lazy("progress on my goals"), max_length=MEDIUM, blank=True)
    wins = models.TextField(max_length=MEDIUM, blank=True)
    blockers = models.TextField(max_length=MEDIUM, blank=True)
    skills_to_discuss = models.TextField(
        gettext_lazy("skills to talk about"), max_length=MEDIUM, blank=True
    )
    employee_prepared_at = models.DateTimeField(null=True, blank=True)
    # The manager's preparation.
    manager_notes = models.TextField(gettext_lazy("notes"), max_length=MEDIUM, blank=True)
    feedback = models.TextField(max_length=MEDIUM, blank=True)
    manager_prepared_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = version_field()
    # Each side's own counter: their preparation form is stale only when they (in another tab)
    # saved it meanwhile, not when the other side wrote theirs.
    employee_prep_version = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    manager_prep_version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting_date", "-id"]
        constraints = [
            # One conversation waiting at a time per map: the next is scheduled when it is held.
            models.UniqueConstraint(
                fields=["career_map"],
                condition=models.Q(status="upcoming"),
                name="checkin_one_upcoming_per_map",
            ),
        ]
        indexes = [
            models.Index(
                fields=["meeting_date"],
                condition=models.Q(status="upcoming"),
                name="checkin_upcoming_by_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in of {self.career_map_id} on {self.meeting_date}"

    @property
    def both_prepared(self) -> bool:
        return self.employee_prepared_at is not None and self.manager_prepared_at is not None


class AgreedAction(models.Model):
    """A development action agreed in a check-in: the action lives on the map, this links it."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="agreed")
    action = models.OneToOneField(
        DevelopmentAction, on_delete=models.CASCADE, related_name="agreed_in"
    )
    agreed_by = models.ForeignKey(Employee, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Agreed in {self.checkin_id}: action {self.action_id}"
