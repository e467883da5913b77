"""Who is due a reminder to prepare a check-in, and what it says.

Within the two days before a check-in, each side that has not written their preparation gets
one reminder (period ``checkin:<public id>``), in the morning of their own time zone. Only the
two people in it, and only while the manager is still the employee's manager and can open it
(the rules of ``access``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.checkins.models import CheckIn, CheckInStatus
from apps.employees.models import Employee, EmploymentStatus
from apps.notifications.models import Kind
from apps.notifications.scheduling import NOT_MUTED, Due, local_today, logged, select_batches
from apps.notifications.services import Message, deliver

DAYS_BEFORE = 2
PERIOD_PREFIX = "checkin:"
_PERIOD = f"'{PERIOD_PREFIX}' || c.public_id"

# The check-in ``c`` of the map ``m`` of employee ``e``; the recipient is ``r`` (their account
# ``u``), whose zone gives today. Upcoming, within the window, with the manager still in place.
_WHERE = f"""
    c.status = 'upcoming'
    AND c.meeting_date > z.today AND c.meeting_date <= z.today + {DAYS_BEFORE}
    AND e.manager_id = c.manager_id AND e.status <> 'left'
    AND u.is_active AND r.status <> 'left'
    AND {NOT_MUTED}
    AND NOT {logged(_PERIOD)}
"""
_CHECKIN = """
    FROM batch b
    JOIN checkins_checkin c ON c.id = b.id
    JOIN careermaps_careermap m ON m.id = c.career_map_id
    JOIN employees_employee e ON e.id = m.employee_id
"""
DUE_SQL = f"""
    SELECT u.id, {_PERIOD}
    {_CHECKIN}
    JOIN employees_employee r ON r.id = e.id
    JOIN accounts_user u ON u.id = r.user_id
    JOIN zones z ON z.tz = r.timezone
    WHERE c.employee_prepared_at IS NULL AND {_WHERE}
    UNION ALL
    SELECT u.id, {_PERIOD}
    {_CHECKIN}
    JOIN employees_employee r ON r.id = c.manager_id
    JOIN accounts_user u ON u.id = r.user_id
    JOIN zones z ON z.tz = r.timezone
    WHERE c.manager_prepared_at IS NULL AND m.visible_to_manager AND {_WHERE}
"""  # nosec B608 - module constants only; values are query parameters


def due_checkin_reminders(
    *, now: datetime, zones: Sequence[str] | None = None
) -> Iterator[list[Due]]:
    if zones is None:
        zones = list(Employee.objects.order_by().values_list("timezone", flat=True).distinct())
    return select_batches(
        DUE_SQL, table=CheckIn._meta.db_table, now=now, kind=Kind.CHECKIN_PREP, zones=zones
    )


def _checkin_for(user_id: int, period: str) -> tuple[CheckIn, Employee] | None:
    """The check-in of ``period`` and the recipient, while they are still one of its sides."""
    if not period.startswith(PERIOD_PREFIX):
        return None
    checkin = (
        CheckIn.objects.select_related("career_map__employee", "manager")
        .filter(public_id=period.removeprefix(PERIOD_PREFIX), status=CheckInStatus.UPCOMING)
        .exclude(career_map__employee__status=EmploymentStatus.LEFT)
        .first()
    )
    if checkin is None or checkin.career_map.employee.manager_id != checkin.manager_id:
        return None
    employee = checkin.career_map.employee
    sides = [employee] + ([checkin.manager] if checkin.manager else [])
    recipient = next((p for p in sides if p.user_id == user_id), None)
    return (checkin, recipient) if recipient else None


def _unprepared(checkin: CheckIn, recipient: Employee) -> bool:
    if recipient.pk == checkin.career_map.employee_id:
        return checkin.employee_prepared_at is None
    return checkin.manager_prepared_at is None and checkin.career_map.visible_to_manager


def _in_window(checkin: CheckIn, today: date) -> bool:
    return today < checkin.meeting_date <= today + timedelta(days=DAYS_BEFORE)


def checkin_reminder_send(*, user_id: int, period: str, now: datetime | None = None) -> bool:
    """Remind one side to prepare, if they still have not and the meeting is still near."""
    found = _checkin_for(user_id, period)
    if found is None:
        return False
    checkin, recipient = found
    today = local_today(now or timezone.now(), recipient.timezone)
    if not (_unprepared(checkin, recipient) and _in_window(checkin, today)):
        return False  # written since, or moved: the next run decides again
    # Built inside deliver: in the recipient's language.
    return deliver(
        user_id=user_id,
        kind=Kind.CHECKIN_PREP,
        periods=[period],
        compose=lambda _claimed: _message(checkin, recipient),
    )


def _message(checkin: CheckIn, recipient: Employee) -> Message:
    employee = checkin.career_map.employee
    other = checkin.manager if recipient.pk == employee.pk else employee
    with_whom = other.full_name if other else _("your manager")
    day = date_format(checkin.meeting_date, "l j F")
    return Message(
        kind=Kind.CHECKIN_PREP,
        subject=_("Prepare your check-in with %(name)s") % {"name": with_whom},
        summary=_(
            "Your check-in with %(name)s is on %(date)s; your preparation is not written yet."
        )
        % {"name": with_whom, "date": day},
        intro=_(
            "Ten minutes of notes make the conversation count. What you write stays private "
            "until you have both prepared, or until the meeting day."
        ),
        action_label=_("Prepare the check-in"),
        action_url=reverse("checkins:detail", args=[checkin.public_id]) + "#preparation",
    )
