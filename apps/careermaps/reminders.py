"""Who is due a reminder, and what it says.

Four kinds start here: reflection reminders, goal and milestone nudges, networking follow-ups
and the weekly team digest for managers. Each has

- a selection, ``due_*(now=...)``: one SQL statement per batch of recipients, keyset-paged, so
  memory stays flat whatever the organisation's size. It is state-based: what the reminder log
  already holds is left out, so a run that could not enqueue (Redis down) loses nothing: the
  next run selects the same people again;
- a send, ``*_send(user_id=...)``: rebuilds the message from the database at send time and hands
  it to ``notifications.services.deliver``, which sends it at most once per period.

Time: personal reminders go out in the morning of the employee's own time zone
(``Employee.timezone``), hours 8 to 11, so an hourly run reaches every zone, and a missed run
is made up by the next one. Local dates come from ``zoneinfo`` (in Python) and PostgreSQL's
``timezone()`` (in SQL), both from the IANA database, so daylight-saving changes are handled
the same way in both. ``now`` is always passed in: tests set the clock, nothing is mocked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import connection
from django.db.models import Count, DateTimeField, F, Max, OuterRef, Q, QuerySet, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format

from apps.careermaps.models import (
    CADENCE_DAYS,
    Cadence,
    CareerMap,
    Goal,
    GoalStatus,
    Milestone,
    NetworkContact,
    Reflection,
)
from apps.employees.models import Employee, EmploymentStatus, SkillRating
from apps.notifications.models import Kind
from apps.notifications.services import Item, Message, Section, deliver

MORNING_HOURS = range(8, 12)
SOON_DAYS = 7  # a goal or milestone due within this many days gets a nudge
DIGEST_DAYS = 7  # the digest's "completed this week"
STALLED_FACTOR = 2  # no reflection in twice the cadence: development has stalled
BATCH_SIZE = 1000
CLOSED_GOALS = (GoalStatus.ACHIEVED, GoalStatus.DROPPED)
DEFAULT_ZONE = "UTC"
NETWORKING_NOTE = (
    "Gentle reminder: networking is about making connections and nurturing and maintaining "
    "meaningful relationships that can benefit your career growth."
)


# --------------------------------------------------------------------------- time zones


def zone(name: str) -> ZoneInfo:
    """The employee's zone; an unknown name falls back to UTC rather than failing a run."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def local_today(now: datetime, zone_name: str) -> date:
    return now.astimezone(zone(zone_name)).date()


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class LocalDay:
    """A time zone where it is morning at ``now``, and the date there."""

    name: str  # as stored on Employee.timezone
    sql_zone: str  # a name PostgreSQL's timezone() accepts
    today: date

    @property
    def week(self) -> str:
        return iso_week(self.today)


def local_mornings(now: datetime, names: Iterable[str]) -> list[LocalDay]:
    mornings = []
    for name in names:
        tz = zone(name)
        local = now.astimezone(tz)
        if local.hour in MORNING_HOURS:
            mornings.append(LocalDay(name=name, sql_zone=tz.key, today=local.date()))
    return mornings


def employee_zones() -> list[str]:
    return list(Employee.objects.order_by().values_list("timezone", flat=True).distinct())


def reflection_period(*, cadence: str, since: datetime, zone_name: str, today: date) -> date | None:
    """The due date of the reflection cycle ``today`` is in, or None when none is due.

    A reflection is due one cadence after the last one (or after the map was started), and
    again every cadence after that while none is written: one reminder per cycle.
    """
    days = CADENCE_DAYS.get(cadence)  # type: ignore[call-overload]
    if days is None:
        return None
    start = since.astimezone(zone(zone_name)).date()
    elapsed = (today - start).days
    if elapsed < days:
        return None
    return start + timedelta(days=elapsed // days * days)


# --------------------------------------------------------------------------- selection


@dataclass(frozen=True)
class Due:
    """One recipient's send task: their user id, the period when the selection knows it, and
    the instant of the selection (the send builds its message as of that moment)."""

    user_id: int
    period: str
    at: str

    @property
    def args(self) -> list[object]:
        return [self.user_id, self.period, self.at]


def _zones_cte(mornings: Sequence[LocalDay]) -> tuple[str, dict[str, object]]:
    rows, params = [], {}
    for i, day in enumerate(mornings):
        rows.append(f"(%(tz{i})s, %(sql{i})s, %(today{i})s::date, %(week{i})s)")
        params.update({f"tz{i}": day.name, f"sql{i}": day.sql_zone, f"today{i}": day.today})
        params[f"week{i}"] = day.week
    return f"zones (tz, sql_tz, today, week) AS (VALUES {', '.join(rows)})", params


_CADENCES = ", ".join(f"('{cadence.value}', {days})" for cadence, days in CADENCE_DAYS.items())

_MAPS = """
    FROM batch b
    JOIN careermaps_careermap m ON m.id = b.id
    JOIN employees_employee e ON e.id = m.employee_id
    JOIN accounts_user u ON u.id = e.user_id
    JOIN zones z ON z.tz = e.timezone
"""
_ACTIVE = """
    u.is_active AND e.status <> 'left'
    AND NOT EXISTS (
        SELECT 1 FROM notifications_notificationpreference p
        WHERE p.user_id = u.id AND p.kind = %(kind)s AND NOT p.enabled)
"""
_LOGGED = """
    EXISTS (SELECT 1 FROM notifications_reminderlog l
            WHERE l.user_id = u.id AND l.kind = %(kind)s AND l.period = {period})
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
    WHERE {_ACTIVE}
      AND z.today - base.d >= c.days
      AND NOT {_LOGGED.format(period=_REFLECTION_PERIOD)}
"""  # noqa: S608 - module constants only; values are query parameters

_STAGE = "CASE WHEN {due} < z.today THEN ':overdue' ELSE ':soon' END"
NUDGES_SQL = f"""
    SELECT u.id, ''
    {_MAPS}
    WHERE {_ACTIVE}
      AND (
        EXISTS (
            SELECT 1 FROM careermaps_milestone ms JOIN careermaps_goal g ON g.id = ms.goal_id
            WHERE g.career_map_id = m.id AND ms.done_at IS NULL AND ms.due <= z.today + {SOON_DAYS}
              AND g.status <> ALL(%(closed)s)
              AND NOT {
    _LOGGED.format(period="'milestone:' || ms.public_id || " + _STAGE.format(due="ms.due"))
})
        OR EXISTS (
            SELECT 1 FROM careermaps_goal g
            WHERE g.career_map_id = m.id AND g.target_date <= z.today + {SOON_DAYS}
              AND g.status <> ALL(%(closed)s)
              AND NOT {
    _LOGGED.format(period="'goal:' || g.public_id || " + _STAGE.format(due="g.target_date"))
})
      )
"""  # noqa: S608 - module constants only; values are query parameters

_FOLLOW_UP_PERIOD = "'contact:' || nc.public_id || ':' || to_char(nc.next_follow_up, 'YYYY-MM-DD')"
FOLLOW_UPS_SQL = f"""
    SELECT u.id, ''
    {_MAPS}
    WHERE {_ACTIVE}
      AND EXISTS (
        SELECT 1 FROM careermaps_networkcontact nc
        WHERE nc.career_map_id = m.id AND nc.next_follow_up <= z.today
          AND NOT {_LOGGED.format(period=_FOLLOW_UP_PERIOD)})
"""  # noqa: S608 - module constants only; values are query parameters

DIGESTS_SQL = f"""
    SELECT u.id, z.week
    FROM batch b
    JOIN employees_employee e ON e.id = b.id
    JOIN accounts_user u ON u.id = e.user_id
    JOIN zones z ON z.tz = e.timezone
    WHERE {_ACTIVE}
      AND EXISTS (SELECT 1 FROM employees_employee r WHERE r.manager_id = e.id
                  AND r.status <> 'left')
      AND NOT {_LOGGED.format(period="z.week")}
"""  # noqa: S608 - module constants only; values are query parameters

_BATCHED = """
    WITH {zones},
    batch AS MATERIALIZED (
        SELECT id FROM {table} WHERE id > %(after)s ORDER BY id LIMIT %(limit)s)
    SELECT false, due.* FROM ({selection}) AS due
    UNION ALL
    SELECT true, count(*)::int, max(id)::text FROM batch
"""


def select_batches(
    sql: str,
    *,
    table: str,
    now: datetime,
    kind: str,
    zones: Sequence[str] | None = None,
    **params: object,
) -> Iterator[list[Due]]:
    """Who is due, one batch of ``table`` (by id, on its primary key) per statement.

    Each statement looks at the next BATCH_SIZE rows of the driving table only, so the work
    per statement is bounded and the whole run reads the table once, whatever share is due.
    A last row, flagged true, tells how many rows the batch held and where it ended.
    """
    mornings = local_mornings(now, employee_zones() if zones is None else zones)
    if not mornings:
        return
    cte, zone_params = _zones_cte(mornings)
    statement = _BATCHED.format(zones=cte, table=table, selection=sql)
    at = now.isoformat()
    values: dict[str, Any] = {**zone_params, **params, "kind": kind, "limit": BATCH_SIZE}
    after = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(statement, {**values, "after": after})
            rows = cursor.fetchall()
        due = [Due(user_id, period, at) for last, user_id, period in rows if not last]
        if due:
            yield due
        ((_, scanned, upto),) = [row for row in rows if row[0]]
        if scanned < BATCH_SIZE:
            return
        after = int(upto)


_MAP_TABLE = CareerMap._meta.db_table


def due_reflections(*, now: datetime, zones: Sequence[str] | None = None) -> Iterator[list[Due]]:
    return select_batches(
        REFLECTIONS_SQL, table=_MAP_TABLE, now=now, kind=Kind.REFLECTION, zones=zones
    )


def due_nudges(*, now: datetime, zones: Sequence[str] | None = None) -> Iterator[list[Due]]:
    closed = [str(status) for status in CLOSED_GOALS]
    return select_batches(
        NUDGES_SQL, table=_MAP_TABLE, now=now, kind=Kind.GOAL_DUE, zones=zones, closed=closed
    )


def due_follow_ups(*, now: datetime, zones: Sequence[str] | None = None) -> Iterator[list[Due]]:
    return select_batches(
        FOLLOW_UPS_SQL, table=_MAP_TABLE, now=now, kind=Kind.FOLLOW_UP, zones=zones
    )


def due_digests(*, now: datetime, zones: Sequence[str] | None = None) -> Iterator[list[Due]]:
    return select_batches(
        DIGESTS_SQL,
        table=Employee._meta.db_table,
        now=now,
        kind=Kind.MANAGER_DIGEST,
        zones=zones,
    )


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


def _map_url(name: str, career_map: CareerMap, anchor: str = "") -> str:
    url = reverse(f"careermaps:{name}", args=[career_map.public_id])
    return f"{url}#{anchor}" if anchor else url


def _day(day: date) -> str:
    return date_format(day, "l j F")


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
    message = _reflection_message(career_map, due)
    return deliver(
        user_id=user_id, kind=Kind.REFLECTION, periods=[period], compose=lambda _: message
    )


def _reflection_message(career_map: CareerMap, due: date) -> Message:
    cadence = Cadence(career_map.reflection_cadence).label.lower()
    return Message(
        kind=Kind.REFLECTION,
        subject="Time to reflect on your career map",
        summary=f"You planned to reflect {cadence}; your next reflection was due {_day(due)}.",
        intro=(
            "Take ten minutes: what progress have you made, what went well, what would you "
            "adjust? Your journal is private unless you choose to share an entry."
        ),
        action_label="Write a reflection",
        action_url=_map_url("journal", career_map, "write"),
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
    return f"overdue since {_day(due)}" if overdue else f"due {_day(due)}"


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
        .order_by("target_date", "id")
    )
    return [_milestone_nudge(career_map, m, today) for m in milestones] + [
        _goal_nudge(career_map, g, today) for g in goals
    ]


def _milestone_nudge(career_map: CareerMap, milestone: Milestone, today: date) -> Nudge:
    assert milestone.due is not None
    stage, overdue = _stage(milestone.due, today)
    item = Item(
        text=f"Milestone: {milestone.title}",
        url=_map_url("goals", career_map, f"goal-{milestone.goal.public_id}"),
        detail=f"{_when(milestone.due, overdue)}, towards “{milestone.goal.specific}”",
    )
    return Nudge(f"milestone:{milestone.public_id}:{stage}", overdue, item)


def _goal_nudge(career_map: CareerMap, goal: Goal, today: date) -> Nudge:
    stage, overdue = _stage(goal.target_date, today)
    item = Item(
        text=f"Goal: {goal.specific}",
        url=_map_url("goals", career_map, f"goal-{goal.public_id}"),
        detail=f"{_when(goal.target_date, overdue)}, {goal.progress}% done",
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


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _nudge_message(career_map: CareerMap, nudges: list[Nudge]) -> Message:
    overdue = tuple(n.item for n in nudges if n.overdue)
    soon = tuple(n.item for n in nudges if not n.overdue)
    parts = [f"{len(overdue)} overdue"] * bool(overdue) + [f"{len(soon)} due this week"] * bool(
        soon
    )
    sections = [Section("Overdue", overdue), Section("Due within a week", soon)]
    return Message(
        kind=Kind.GOAL_DUE,
        subject="Something on your career map is overdue" if overdue else "Coming up this week",
        summary=f"Goals and milestones: {' and '.join(parts)}.",
        intro="Done already? Tick it off on your map. Plans changed? Move the date.",
        sections=tuple(s for s in sections if s.items),
        action_label="Open my goals",
        action_url=_map_url("goals", career_map),
    )


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
            url=_map_url("plan", career_map, f"contact-{c.public_id}"),
            detail=f"planned for {_day(c.next_follow_up)}" if c.next_follow_up else "",
        )
        for c in contacts
    )
    subject = (
        f"Time to follow up with {contacts[0].name}"
        if len(contacts) == 1
        else f"{len(contacts)} networking follow-ups are due"
    )
    return Message(
        kind=Kind.FOLLOW_UP,
        subject=subject,
        summary=f"{_plural(len(contacts), 'follow-up')} you planned on your map "
        + ("is due." if len(contacts) == 1 else "are due."),
        sections=(Section("Follow up with", items),),
        action_label="Open my network",
        action_url=_map_url("plan", career_map, "network"),
        footnote=NETWORKING_NOTE,
    )


# The weekly team digest ---------------------------------------------------------------


@dataclass(frozen=True)
class Stalled:
    employee: Employee
    career_map: CareerMap
    days_since_reflection: int | None  # only when that is the reason
    overdue_goals: int


@dataclass(frozen=True)
class Digest:
    completed: list[Milestone]
    ratings: list[dict[str, Any]]  # employee name, public id and how many ratings wait
    stalled: list[Stalled]

    @property
    def is_empty(self) -> bool:
        return not (self.completed or self.ratings or self.stalled)


def _team(manager: Employee) -> QuerySet[Employee]:
    return Employee.objects.direct_reports_of(manager).active()


def team_digest(manager: Employee, *, now: datetime) -> Digest:
    """The digest's three lists in three queries, whatever the team's size.

    Milestones and stalled development come only from maps their owners let managers read;
    reflections contribute their date, never their content.
    """
    visible = CareerMap.objects.filter(employee__in=_team(manager), visible_to_manager=True)
    completed = list(
        Milestone.objects.filter(
            goal__career_map__in=visible, done_at__gte=now - timedelta(days=DIGEST_DAYS)
        )
        .select_related("goal__career_map__employee")
        .order_by("goal__career_map__employee__full_name", "done_at", "id")
    )
    return Digest(completed, _ratings_waiting(manager), _stalled(visible, now, manager.timezone))


def _ratings_waiting(manager: Employee) -> list[dict[str, Any]]:
    """Skills self-rated since the manager last rated them (or never rated by the manager)."""
    waiting = Q(manager_rated_at__isnull=True) | Q(self_rated_at__gt=F("manager_rated_at"))
    return [
        dict(row)
        for row in SkillRating.objects.filter(
            employee__in=_team(manager), self_rated_at__isnull=False
        )
        .filter(waiting)
        .values("employee__full_name", "employee__public_id")
        .annotate(count=Count("id"))
        .order_by("employee__full_name")
    ]


def _stalled(visible: QuerySet[CareerMap], now: datetime, zone_name: str) -> list[Stalled]:
    today = local_today(now, zone_name)
    last = Reflection.objects.filter(career_map=OuterRef("pk")).order_by("-created_at")
    overdue = (
        Goal.objects.filter(career_map=OuterRef("pk"), target_date__lt=today)
        .exclude(status__in=CLOSED_GOALS)
        .order_by()
        .values("career_map")
        .annotate(n=Count("id"))
        .values("n")
    )
    maps = (
        visible.select_related("employee")
        .annotate(
            last_reflection=Subquery(last.values("created_at")[:1], output_field=DateTimeField()),
            overdue_goals=Subquery(overdue),
        )
        .order_by("employee__full_name")
    )
    return [s for m in maps if (s := _stall(m, today)) is not None]


def _stall(career_map: Any, today: date) -> Stalled | None:
    days = CADENCE_DAYS.get(career_map.reflection_cadence)
    since = career_map.last_reflection or career_map.created_at
    quiet = (today - since.astimezone(zone(career_map.employee.timezone)).date()).days
    late = days is not None and quiet >= STALLED_FACTOR * days
    overdue = career_map.overdue_goals or 0
    if not late and not overdue:
        return None
    return Stalled(career_map.employee, career_map, quiet if late else None, overdue)


def url_or(name: str, fallback: str, *args: object) -> str:
    """A page another app may not provide yet, else ``fallback``."""
    try:
        return reverse(name, args=args or None)
    except NoReverseMatch:
        return fallback


def digest_send(*, user_id: int, period: str, now: datetime | None = None) -> bool:
    """The weekly digest for ``period`` (an ISO week); nothing to report sends nothing."""
    manager = Employee.objects.active().filter(user_id=user_id).first()
    if manager is None:
        return False
    when = _now(now)

    def compose(_: list[str]) -> Message | None:
        digest = team_digest(manager, now=when)
        return None if digest.is_empty else _digest_message(digest, period)

    return deliver(user_id=user_id, kind=Kind.MANAGER_DIGEST, periods=[period], compose=compose)


def _digest_message(digest: Digest, period: str) -> Message:
    completed = tuple(
        Item(
            text=f"{m.goal.career_map.employee.full_name}: {m.title}",
            url=_recognise_url(m.goal.career_map),
            detail=f"completed {_day(timezone.localdate(m.done_at))} · recognise it",
        )
        for m in digest.completed
    )
    ratings = tuple(
        Item(
            text=row["employee__full_name"],
            url=url_or(
                "dashboards:reviews",
                reverse("employees:person", args=[row["employee__public_id"]]),
            ),
            detail=f"{_plural(row['count'], 'skill')} self-rated since you last rated",
        )
        for row in digest.ratings
    )
    stalled = tuple(_stalled_item(s) for s in digest.stalled)
    sections = (
        Section("Milestones completed this week", completed),
        Section("Ratings waiting for your review", ratings),
        Section("Development may have stalled", stalled),
    )
    counts = [
        _plural(len(completed), "milestone") + " completed" if completed else "",
        _plural(sum(row["count"] for row in digest.ratings), "rating") + " to review"
        if ratings
        else "",
        f"{len(stalled)} may need a conversation" if stalled else "",
    ]
    return Message(
        kind=Kind.MANAGER_DIGEST,
        subject=f"Your team this week ({period})",
        summary="; ".join(c for c in counts if c) + ".",
        intro="A short look at your direct reports. Reflections stay private: only their dates "
        "count here.",
        sections=tuple(s for s in sections if s.items),
        action_label="Open my team",
        action_url=url_or("dashboards:team", reverse("employees:tree")),
    )


def _recognise_url(career_map: CareerMap) -> str:
    return url_or("dashboards:team", _map_url("overview", career_map))


def _stalled_item(stalled: Stalled) -> Item:
    reasons = []
    if stalled.days_since_reflection is not None:
        reasons.append(f"no reflection for {stalled.days_since_reflection} days")
    if stalled.overdue_goals:
        reasons.append(_plural(stalled.overdue_goals, "overdue goal"))
    return Item(
        text=stalled.employee.full_name,
        url=_map_url("overview", stalled.career_map),
        detail=", ".join(reasons),
    )


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A fixed instant in UTC, for tests, the bench and the shell."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)
