"""Who is due a reminder about their own career map, and what it says.

Three kinds start here: reflection reminders, goal and milestone nudges, and networking
follow-ups (the weekly team digest for managers is ``digest``). Each has

- a selection, ``due_*(now=...)``: one SQL statement per batch of maps, keyset-paged and
  state-based on the reminder log (``notifications.scheduling.select_batches``), in the morning
  of the employee's own time zone (``Employee.timezone``);
- a send, ``*_send(user_id=...)``: rebuilds the message from the database at send time and hands
  it to ``notifications.services.deliver``, which sends it at most once per period.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps.careermaps.models import (
    CADENCE_DAYS,
    Cadence,
    CareerMap,
    Goal,
    GoalStatus,
    Milestone,
    NetworkContact,
)
from apps.careermaps.services.goals import goal_progress
from apps.employees.models import Employee, EmploymentStatus
from apps.notifications.models import Kind
from apps.notifications.scheduling import (
    NOT_MUTED,
    Due,
    local_today,
    logged,
    select_batches,
    zone,
)
from apps.notifications.services import Item, Message, Section, deliver

SOON_DAYS = 7  # a goal or milestone due within this many days gets a nudge
CLOSED_GOALS = (GoalStatus.ACHIEVED, GoalStatus.DROPPED)
NETWORKING_NOTE = gettext_lazy(
    "Gentle reminder: networking is about making connections and nurturing and maintaining "
    "meaningful relationships that can benefit your career growth."
)


# --------------------------------------------------------------------------- cadences


# By the stored value: a map's cadence is a plain string.
_CADENCE_DAYS = {str(cadence): days for cadence, days in CADENCE_DAYS.items()}


def cadence_days(cadence: str) -> int | None:
    """Days between reflections, or None when reflection reminders are off."""
    return _CADENCE_DAYS.get(cadence)


def reflection_period(*, cadence: str, since: datetime, zone_name: str, today: date) -> date | None:
    """The due date of the reflection cycle ``today`` is in, or None when none is due.

    A reflection is due one cadence after the last one (or after the map was started), and
    again every cadence after that while none is written: one reminder per cycle.
    """
    days = cadence_days(cadence)
    if days is None:
        return None
    start = since.astimezone(zone(zone_name)).date()
    elapsed = (today - start).days
    if elapsed < days:
        return None
    return start + timedelta(days=elapsed // days * days)


# --------------------------------------------------------------------------- selection


_CADENCES = ", ".join(f"('{cadence.value}', {days})" for cadence, days in CADENCE_DAYS.items())

_MAPS = """
    FROM batch b
    JOIN careermaps_careermap m ON m.id = b.id
    JOIN employees_employee e ON e.id = m.employee_id
    JOIN accounts_user u ON u.id = e.user_id
    JOIN zones z ON z.tz = e.timezone
"""
# The employee ``e`` and their account ``u`` may get the reminder ``%(kind)s``.
ACTIVE = f"""
    u.is_active AND e.status <> 'left'
    AND {NOT_MUTED}
"""
_REFLECTION_PERIOD = "to_char(base.d + ((z.today - base.d) / c.days) * c.days, 'YYYY-MM-DD')"

# Each selection reads one batch of its driving table (``batch``, see ``select_batches``) and
# returns (user id, period) for the people in it who are due.
REFLECTIONS_SQL = f"""
    SELECT u.id, {_REFLECTION_PERIOD}
    {_MAPS}
    JOIN (VALUES {_CADENCES}) AS c (cadence, days) ON c.cadence = m.reflection_cadence
    LEFT JOIN LATERAL (
        SELECT max(r.created_at) AS last FROM careermaps_reflection r WHERE r.career_map_id = m.id
    ) lr ON true
    CROSS JOIN LATERAL (
        SELECT timezone(z.sql_tz, COALESCE(lr.last, m.created_at))::date AS d
    ) base
    WHERE {ACTIVE}
      AND z.today - base.d >= c.days
      AND NOT {logged(_REFLECTION_PERIOD)}
"""  # noqa: S608  # nosec B608 - module constants only; values are query parameters

_STAGE = "CASE WHEN {due} < z.today THEN ':overdue' ELSE ':soon' END"
NUDGES_SQL = f"""
    SELECT u.id, ''
    {_MAPS}
    WHERE {ACTIVE}
      AND (
        EXISTS (
            SELECT 1 FROM careermaps_milestone ms JOIN careermaps_goal g ON g.id = ms.goal_id
            WHERE g.career_map_id = m.id AND ms.done_at IS NULL AND ms.due <= z.today + {SOON_DAYS}
              AND g.status <> ALL(%(closed)s)
              AND NOT {logged("'milestone:' || ms.public_id || " + _STAGE.format(due="ms.due"))})
        OR EXISTS (
            SELECT 1 FROM careermaps_goal g
            WHERE g.career_map_id = m.id AND g.target_date <= z.today + {SOON_DAYS}
              AND g.status <> ALL(%(closed)s)
              AND NOT {logged("'goal:' || g.public_id || " + _STAGE.format(due="g.target_date"))})
      )
"""  # noqa: S608  # nosec B608 - module constants only; values are query parameters

_FOLLOW_UP_PERIOD = "'contact:' || nc.public_id || ':' || to_char(nc.next_follow_up, 'YYYY-MM-DD')"
FOLLOW_UPS_SQL = f"""
    SELECT u.id, ''
    {_MAPS}
    WHERE {ACTIVE}
      AND EXISTS (
        SELECT 1 FROM careermaps_networkcontact nc
        WHERE nc.career_map_id = m.id AND nc.next_follow_up <= z.today
          AND NOT {logged(_FOLLOW_UP_PERIOD)})
"""  # noqa: S608  # nosec B608 - module constants only; values are query parameters

_MAP_TABLE = CareerMap._meta.db_table


def due_reflections(*, now: datetime, zones: Sequence[str] | None = None) -> Iterator[list[Due]]:
    return select_batches(
        REFLECTIONS_SQL, table=_MAP_TABLE, now=now, kind=Kind.REFLECTION, zones=_zones(zones)
    )


def due_nudges(*, now: datetime, zones: Sequence[str] | None = None) -> Iterator[list[Due]]:
    closed = [str(status) for status in CLOSED_GOALS]
    return select_batches(
        NUDGES_SQL,
        table=_MAP_TABLE,
        now=now,
        kind=Kind.GOAL_DUE,
        zones=_zones(zones),
        closed=closed,
    )


def due_follow_ups(*, now: datetime, zones: Sequence[str] | None = None) -> Iterator[list[Due]]:
    return select_batches(
        FOLLOW_UPS_SQL, table=_MAP_TABLE, now=now, kind=Kind.FOLLOW_UP, zones=_zones(zones)
    )


def employee_zones() -> list[str]:
    """The time zones in use: a selection only looks at those where it is morning."""
    return list(Employee.objects.order_by().values_list("timezone", flat=True).distinct())


def _zones(zones: Sequence[str] | None) -> Sequence[str]:
    return employee_zones() if zones is None else zones


# --------------------------------------------------------------------------- sending


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _own_map(user_id: int) -> CareerMap | None:
    return (
        CareerMap.objects.select_related("employee")
        .filter(employee__user_id=user_id)
        .exclude(employee__status=EmploymentStatus.LEFT)
        .first()
    )


def map_url(name: str, career_map: CareerMap, anchor: str = "") -> str:
    url = reverse(f"careermaps:{name}", args=[career_map.public_id])
    return f"{url}#{anchor}" if anchor else url


def day_label(day: date) -> str:
    return date_format(day, "l j F")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def reflection_reminder_send(*, user_id: int, period: str, now: datetime | None = None) -> bool:
    """Remind the user to reflect, if the reflection due on ``period`` is still unwritten."""
    career_map = _own_map(user_id)
    if career_map is None:
        return False
    last = career_map.reflections.aggregate(last=Max("created_at"))["last"]
    due = reflection_period(
        cadence=career_map.reflection_cadence,
        since=last or career_map.created_at,
        zone_name=career_map.employee.timezone,
        today=local_today(_now(now), career_map.employee.timezone),
    )
    if due is None or due.isoformat() != period:
        return False  # written since, or the cadence changed: the next run decides again
    # Built inside deliver: in the recipient's language.
    return deliver(
        user_id=user_id,
        kind=Kind.REFLECTION,
        periods=[period],
        compose=lambda _claimed: _reflection_message(career_map, due),
    )


def _reflection_message(career_map: CareerMap, due: date) -> Message:
    cadence = Cadence(career_map.reflection_cadence).label.lower()
    return Message(
        kind=Kind.REFLECTION,
        subject=_("Time to reflect on your career map"),
        summary=_("You planned to reflect %(cadence)s; your next reflection was due %(date)s.")
        % {"cadence": cadence, "date": day_label(due)},
        intro=_(
            "Take ten minutes: what progress have you made, what went well, what would you "
            "adjust? Your journal is private unless you choose to share an entry."
        ),
        action_label=_("Write a reflection"),
        action_url=map_url("journal", career_map, "write"),
    )


# Goal and milestone nudges ------------------------------------------------------------


@dataclass(frozen=True)
class Nudge:
    period: str
    overdue: bool
    item: Item


def _stage(due: date, today: date) -> tuple[str, bool]:
    overdue = due < today
    return ("overdue" if overdue else "soon"), overdue


def _when(due: date, overdue: bool) -> str:
    if overdue:
        return _("overdue since %(date)s") % {"date": day_label(due)}
    return _("due %(date)s") % {"date": day_label(due)}


def nudges_for(career_map: CareerMap, today: date) -> list[Nudge]:
    """Open goals and milestones due within a week, or overdue: one stage of each, once."""
    horizon = today + timedelta(days=SOON_DAYS)
    milestones = (
        Milestone.objects.filter(
            goal__career_map=career_map, done_at__isnull=True, due__lte=horizon
        )
        .exclude(goal__status__in=CLOSED_GOALS)
        .select_related("goal")
        .order_by("due", "id")
    )
    goals = (
        career_map.goals.filter(target_date__lte=horizon)
        .exclude(status__in=CLOSED_GOALS)
        .annotate(
            milestones_total=Count("milestones"),
            milestones_done=Count("milestones", filter=Q(milestones__done_at__isnull=False)),
        )
        .order_by("target_date", "id")
    )
    return [_milestone_nudge(career_map, m, today) for m in milestones] + [
        _goal_nudge(career_map, g, today) for g in goals
    ]


def _milestone_nudge(career_map: CareerMap, milestone: Milestone, today: date) -> Nudge:
    if milestone.due is None:
        raise ValueError("Only milestones with a due date are nudged.")
    stage, overdue = _stage(milestone.due, today)
    item = Item(
        text=_("Milestone: %(title)s") % {"title": milestone.title},
        url=map_url("goals", career_map, f"goal-{milestone.goal.public_id}"),
        detail=_("%(when)s, towards “%(goal)s”")
        % {"when": _when(milestone.due, overdue), "goal": milestone.goal.specific},
    )
    return Nudge(f"milestone:{milestone.public_id}:{stage}", overdue, item)


def _progress(goal: Goal) -> int:
    done, total = goal.milestones_done, goal.milestones_total  # type: ignore[attr-defined]
    return goal_progress(goal, done=done, total=total)


def _goal_nudge(career_map: CareerMap, goal: Goal, today: date) -> Nudge:
    stage, overdue = _stage(goal.target_date, today)
    item = Item(
        text=_("Goal: %(goal)s") % {"goal": goal.specific},
        url=map_url("goals", career_map, f"goal-{goal.public_id}"),
        detail=_("%(when)s, %(progress)s%% done")
        % {"when": _when(goal.target_date, overdue), "progress": _progress(goal)},
    )
    return Nudge(f"goal:{goal.public_id}:{stage}", overdue, item)


def nudges_send(*, user_id: int, now: datetime | None = None) -> bool:
    career_map = _own_map(user_id)
    if career_map is None:
        return False
    today = local_today(_now(now), career_map.employee.timezone)
    nudges = {nudge.period: nudge for nudge in nudges_for(career_map, today)}

    def compose(claimed: list[str]) -> Message:
        return _nudge_message(career_map, [nudges[p] for p in claimed])

    return deliver(user_id=user_id, kind=Kind.GOAL_DUE, periods=list(nudges), compose=compose)


def _nudge_message(career_map: CareerMap, nudges: list[Nudge]) -> Message:
    overdue = tuple(n.item for n in nudges if n.overdue)
    soon = tuple(n.item for n in nudges if not n.overdue)
    sections = [Section(_("Overdue"), overdue), Section(_("Due within a week"), soon)]
    return Message(
        kind=Kind.GOAL_DUE,
        subject=_("Something on your career map is overdue")
        if overdue
        else _("Coming up this week"),
        summary=_nudge_summary(len(overdue), len(soon)),
        intro=_("Done already? Tick it off on your map. Plans changed? Move the date."),
        sections=tuple(s for s in sections if s.items),
        action_label=_("Open my goals"),
        action_url=map_url("goals", career_map),
    )


def _nudge_summary(overdue: int, soon: int) -> str:
    if overdue and soon:
        return _("Goals and milestones: %(overdue)s overdue and %(soon)s due this week.") % {
            "overdue": overdue,
            "soon": soon,
        }
    if overdue:
        return _("Goals and milestones: %(overdue)s overdue.") % {"overdue": overdue}
    return _("Goals and milestones: %(soon)s due this week.") % {"soon": soon}


# Networking follow-ups ----------------------------------------------------------------


def follow_ups_send(*, user_id: int, now: datetime | None = None) -> bool:
    career_map = _own_map(user_id)
    if career_map is None:
        return False
    today = local_today(_now(now), career_map.employee.timezone)
    contacts = {
        f"contact:{c.public_id}:{c.next_follow_up:%Y-%m-%d}": c
        for c in career_map.contacts.filter(next_follow_up__lte=today).order_by(
            "next_follow_up", "name"
        )
    }

    def compose(claimed: list[str]) -> Message:
        return _follow_up_message(career_map, [contacts[p] for p in claimed])

    return deliver(user_id=user_id, kind=Kind.FOLLOW_UP, periods=list(contacts), compose=compose)


def _follow_up_message(career_map: CareerMap, contacts: list[NetworkContact]) -> Message:
    items = tuple(
        Item(
            text=c.name + (f", {c.organisation}" if c.organisation else ""),
            url=map_url("plan", career_map, f"contact-{c.public_id}"),
            detail=_("planned for %(date)s") % {"date": day_label(c.next_follow_up)}
            if c.next_follow_up
            else "",
        )
        for c in contacts
    )
    count = len(contacts)
    subject = (
        _("Time to follow up with %(name)s") % {"name": contacts[0].name}
        if count == 1
        else _("%(count)s networking follow-ups are due") % {"count": count}
    )
    return Message(
        kind=Kind.FOLLOW_UP,
        subject=subject,
        summary=ngettext(
            "%(count)s follow-up you planned on your map is due.",
            "%(count)s follow-ups you planned on your map are due.",
            count,
        )
        % {"count": count},
        sections=(Section(_("Follow up with"), items),),
        action_label=_("Open my network"),
        action_url=map_url("plan", career_map, "network"),
        footnote=str(NETWORKING_NOTE),
    )
