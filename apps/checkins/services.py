"""Writes of check-ins: scheduling, each side's preparation, holding one, agreed actions.

Keyword-only, validated, atomic. Who may call which is decided in ``access`` (the views ask it
first); the rules here are those of the check-in itself.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.careermaps.models import CADENCE_DAYS, Cadence, CareerMap
from apps.careermaps.services.plan import action_create
from apps.checkins.access import Side
from apps.checkins.models import (
    AgreedAction,
    CheckIn,
    CheckInStatus,
)
from apps.employees.models import Employee
from careermap.versioning import lock_current

NO_MANAGER = gettext_lazy("There is no manager to check in with: ask HR to set the reporting line.")
ALREADY_UPCOMING = gettext_lazy("A check-in is already scheduled. Change its date instead.")
PAST_DATE = gettext_lazy("Choose today or a later date.")
EMPTY_SIDE = gettext_lazy("Write at least one answer before saving your preparation.")
NOT_YET = gettext_lazy("A check-in can be marked as held from its meeting date on.")

EMPLOYEE_FIELDS = ("progress", "wins", "blockers", "skills_to_discuss")
MANAGER_FIELDS = ("manager_notes", "feedback")


def cadence_days(cadence: str) -> int:
    return CADENCE_DAYS[Cadence(cadence)]


def next_meeting(*, after: date, cadence: str, today: date) -> date:
    """One cadence after the last meeting; held late, one cadence from today."""
    days = cadence_days(cadence)
    following = after + timedelta(days=days)
    return following if following > today else today + timedelta(days=days)


def _check_date(meeting_date: date, today: date) -> None:
    if meeting_date < today:
        raise ValidationError({"meeting_date": PAST_DATE})


@transaction.atomic
def checkin_schedule(
    *, career_map: CareerMap, meeting_date: date, cadence: str, today: date
) -> CheckIn:
    """The next check-in, with the employee's manager of today."""
    manager_id = career_map.employee.manager_id
    if manager_id is None:
        raise ValidationError(NO_MANAGER)
    _check_date(meeting_date, today)
    if career_map.checkins.filter(status=CheckInStatus.UPCOMING).exists():
        raise ValidationError(ALREADY_UPCOMING)
    try:
        with transaction.atomic():
            return CheckIn.objects.create(
                career_map=career_map,
                manager_id=manager_id,
                meeting_date=meeting_date,
                cadence=cadence,
            )
    except IntegrityError as error:  # scheduled by the other side meanwhile
        raise ValidationError(ALREADY_UPCOMING) from error


@transaction.atomic
def checkin_reschedule(
    *, checkin: CheckIn, meeting_date: date, cadence: str, today: date
) -> CheckIn:
    _check_date(meeting_date, today)
    checkin.meeting_date, checkin.cadence = meeting_date, cadence
    checkin.version += 1
    checkin.save(update_fields=["meeting_date", "cadence", "version"])
    return checkin


@transaction.atomic
def checkin_prepare(
    *, checkin: CheckIn, side: Side, answers: dict[str, Any], version: int
) -> CheckIn:
    """Save one side's private preparation, if that side's form is still current (two tabs:
    the second save meets what the first wrote); it counts as written once one answer is there."""
    fields = {"employee": EMPLOYEE_FIELDS, "manager": MANAGER_FIELDS}[side]
    values = {name: str(answers.get(name) or "").strip() for name in fields}
    if not any(values.values()):
        raise ValidationError(EMPTY_SIDE)
    counter = f"{side}_prep_version"
    current = lock_current(CheckIn.objects.all(), checkin.pk, version, attr=counter)
    for name, value in values.items():
        setattr(current, name, value)
    stamp = f"{side}_prepared_at"
    setattr(current, stamp, timezone.now())
    setattr(current, counter, version + 1)
    current.version += 1
    saved = [*fields, stamp, counter, "version"]
    current.save(update_fields=saved)
    for name in saved:  # the caller's copy carries the related rows the page shows
        setattr(checkin, name, getattr(current, name))
    return checkin


@transaction.atomic
def checkin_hold(*, checkin: CheckIn, today: date) -> CheckIn | None:
    """Mark the meeting held and schedule the next one from the cadence; the next one is with
    the employee's manager of today (None when they have none)."""
    if checkin.status == CheckInStatus.HELD:
        return None
    if today < checkin.meeting_date:
        raise ValidationError(NOT_YET)
    checkin.status, checkin.held_at = CheckInStatus.HELD, timezone.now()
    checkin.save(update_fields=["status", "held_at"])
    employee = Employee.objects.get(pk=checkin.career_map.employee_id)
    if employee.manager_id is None:
        return None
    return CheckIn.objects.create(
        career_map=checkin.career_map,
        manager_id=employee.manager_id,
        meeting_date=next_meeting(after=checkin.meeting_date, cadence=checkin.cadence, today=today),
        cadence=checkin.cadence,
    )


@transaction.atomic
def agreed_action_add(
    *,
    checkin: CheckIn,
    agreed_by: Employee,
    kind: str,
    title: str,
    due: date | None = None,
) -> AgreedAction:
    """An action agreed in the meeting, on the employee's development plan."""
    day = date_format(checkin.meeting_date, "j F Y")
    action = action_create(
        career_map=checkin.career_map,
        kind=kind,
        title=title,
        detail=_("Agreed at the check-in of %(date)s.") % {"date": day},
        due=due,
    )
    return AgreedAction.objects.create(checkin=checkin, action=action, agreed_by=agreed_by)
