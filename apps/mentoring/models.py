"""Mentoring: who offers to mentor which skills, and each mentorship from request to end.

The tables keep their first names (``careermaps_*``): the models moved here from the career-map
app without a data change (migrations/0001_initial.py).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.employees.models import Employee
from apps.skills.models import Skill
from careermap.fields import MEDIUM, SHORT, ChoiceLabels, plausible_date, public_id_field
from careermap.versioning import version_field


class MentorOffer(models.Model):
    """An employee who opts in as a mentor, and the skills they can mentor."""

    employee = models.OneToOneField(Employee, on_delete=models.CASCADE, related_name="mentor_offer")
    is_open = models.BooleanField(default=True, help_text=_("Accepting new mentees."))
    skills = models.ManyToManyField(Skill, blank=True, related_name="mentor_offers")
    note = models.CharField(max_length=SHORT * 2, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()

    class Meta:
        db_table = "careermaps_mentoroffer"

    def __str__(self) -> str:
        return f"{self.employee} mentors"


class MentorshipStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    ENDED = "ended", _("Ended")


class Mentorship(ChoiceLabels):
    public_id = public_id_field()
    mentor = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="mentees_as_mentor")
    mentee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="mentorships")
    focus_skills = models.ManyToManyField(Skill, blank=True, related_name="+")
    message = models.TextField(max_length=MEDIUM, blank=True)
    status = models.CharField(
        max_length=10, choices=MentorshipStatus.choices, default=MentorshipStatus.REQUESTED
    )
    requested_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)
    follow_up = models.DateField(validators=[plausible_date], null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "careermaps_mentorship"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")), name="mentorship_not_self"
            ),
            # One live request or mentorship per pair at a time.
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=models.Q(status__in=["requested", "accepted"]),
                name="mentorship_one_open_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} mentors {self.mentee}"
