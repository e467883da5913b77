"""When a reminder goes out, and how the people due are found: the plumbing every domain app's
reminders share.

Time: personal reminders go out in the morning of the recipient's own time zone, hours 8 to
11, so an hourly run reaches every zone, and a missed run is made up by the next one. Local
dates come from ``zoneinfo`` (in Python) and PostgreSQL's ``timezone()`` (in SQL), both from the
IANA database, so daylight-saving changes are handled the same way in both. ``now`` is always
passed in: tests set the clock, nothing is mocked.

Selection: a domain app writes one SQL statement that reads a batch of its driving table and
returns (user id, period) for the people in it who are due; ``select_batches`` runs it one
keyset-paged batch at a time, so memory stays flat whatever the organisation's size. The
statement leaves out what the reminder log already holds (``logged``), so a run that could not
enqueue (Redis down) loses nothing: the next run selects the same people again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import connection
from django.urls import NoReverseMatch, reverse

MORNING_HOURS = range(8, 12)
BATCH_SIZE = 1000
DEFAULT_ZONE = "UTC"


# --------------------------------------------------------------------------- time zones


def zone(name: str) -> ZoneInfo:
    """The recipient's zone; an unknown name falls back to UTC rather than failing a run."""
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

    name: str  # as stored on the recipient (Employee.timezone, User.timezone)
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


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A fixed instant in UTC, for tests, the bench and the shell."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


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


# Conditions on the recipient ``u`` (accounts_user) for the reminder ``%(kind)s``.
NOT_MUTED = """NOT EXISTS (
        SELECT 1 FROM notifications_notificationpreference p
        WHERE p.user_id = u.id AND p.kind = %(kind)s AND NOT p.enabled)"""


def logged(period: str) -> str:
    """SQL: the reminder log already holds ``period`` (an SQL expression) for ``u``.

    ``period`` is always an expression of ours, never input: values are query parameters.
    """
    return f"""EXISTS (SELECT 1 FROM notifications_reminderlog l
            WHERE l.user_id = u.id AND l.kind = %(kind)s AND l.period = {period})"""  # noqa: S608  # nosec B608


def _zones_cte(mornings: Sequence[LocalDay]) -> tuple[str, dict[str, object]]:
    rows, params = [], {}
    for i, day in enumerate(mornings):
        rows.append(f"(%(tz{i})s, %(sql{i})s, %(today{i})s::date, %(week{i})s)")
        params.update({f"tz{i}": day.name, f"sql{i}": day.sql_zone, f"today{i}": day.today})
        params[f"week{i}"] = day.week
    return f"zones (tz, sql_tz, today, week) AS (VALUES {', '.join(rows)})", params


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
    zones: Sequence[str],
    **params: object,
) -> Iterator[list[Due]]:
    """Who is due among the recipients in ``zones`` where it is morning, one batch of ``table``
    (by id, on its primary key) per statement.

    ``sql`` reads the ids in ``batch`` and the CTE ``zones (tz, sql_tz, today, week)``, and
    selects (user id, period). Each statement looks at the next BATCH_SIZE rows of the driving
    table only, so the work per statement is bounded and the whole run reads the table once,
    whatever share is due. A last row, flagged true, tells how many rows the batch held and
    where it ended.
    """
    mornings = local_mornings(now, zones)
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


# --------------------------------------------------------------------------- messages


def url_or(name: str, fallback: str, *args: object) -> str:
    """A page another app may not provide yet, else ``fallback``."""
    try:
        return reverse(name, args=args or None)
    except NoReverseMatch:
        return fallback
