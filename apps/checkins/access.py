"""Who may read or write check-ins. Every checkins view goes through here.

- A check-in is private to the two people in it: the employee, and the manager who was their
  manager when it was scheduled, for as long as that manager still is (and the employee keeps
  their map open to managers). When the reporting line changes, the former manager loses
  every check-in with that person; the new manager sees only the ones scheduled with them.
- HR reads check-ins (read only) only when ``settings.CHECKINS_HR_CAN_READ`` is true.
- Everyone else, including managers further up the line: 404, as for something that does not
  exist.
- Each side writes only its own preparation; the other side's shows once both have written,
  or from the meeting date on (``other_side_visible``).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal
from uuid import UUID

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.careermaps.access import maps_visible_to
from apps.careermaps.models import CareerMap
from apps.checkins.models import CheckIn, CheckInStatus
from apps.checkins.querysets import CheckInQuerySet, hr_reads
from apps.employees.access import viewer_employee
from apps.notifications.scheduling import local_today

Side = Literal["employee", "manager", "reader"]


def checkins_visible_to(user: Any) -> CheckInQuerySet:
    return CheckIn.objects.visible_to(user)


def can_open_checkins(user: Any, career_map: CareerMap) -> bool:
    """For a map the viewer sees: may they open its check-ins (the rule of
    ``get_map_for_checkins``, without a query)?"""
    if hr_reads(user):
        return True
    me = viewer_employee(user)
    return me is not None and me.pk in (career_map.employee_id, career_map.employee.manager_id)


def get_map_for_checkins(user: Any, map_id: UUID) -> CareerMap:
    """The map whose check-ins the viewer may see: their own, a direct report's (while the map
    is open to managers), or any when HR reads check-ins."""
    maps = maps_visible_to(user).with_header()
    if not hr_reads(user):
        me = viewer_employee(user)
        maps = maps.filter(Q(employee=me) | Q(employee__manager=me)) if me else maps.none()
    return get_object_or_404(maps, public_id=map_id)


def get_checkin_for_viewer(user: Any, checkin_id: UUID) -> CheckIn:
    checkins = checkins_visible_to(user).select_related(
        "manager", "career_map__employee__current_role", "career_map__target_role"
    )
    return get_object_or_404(checkins, public_id=checkin_id)


def side_of(user: Any, checkin: CheckIn) -> Side:
    """Which side of the check-in the viewer is on (for a check-in they can see)."""
    me = viewer_employee(user)
    if me is not None and checkin.career_map.employee_id == me.pk:
        return "employee"
    if me is not None and checkin.manager_id == me.pk:
        return "manager"
    return "reader"


def can_schedule(user: Any, career_map: CareerMap) -> bool:
    """The two people in it schedule; HR only reads."""
    me = viewer_employee(user)
    return me is not None and me.pk in (career_map.employee_id, career_map.employee.manager_id)


def today_for(career_map: CareerMap) -> date:
    """The date in the employee's time zone: the meeting day is theirs."""
    return local_today(timezone.now(), career_map.employee.timezone)


def other_side_visible(checkin: CheckIn, *, today: date) -> bool:
    """Each side's preparation is private until both have written theirs, or the meeting day."""
    return (
        checkin.both_prepared
        or today >= checkin.meeting_date
        or checkin.status == CheckInStatus.HELD
    )


def can_agree_actions(checkin: CheckIn, side: Side, *, today: date) -> bool:
    """After the meeting (held, or its day has come), either side records what was agreed."""
    after = checkin.status == CheckInStatus.HELD or today >= checkin.meeting_date
    return side in ("employee", "manager") and after
