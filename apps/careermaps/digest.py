"""The weekly team digest for managers: milestones their direct reports completed, skills
self-rated since the manager last rated them, and development that may have stalled.

Like the employees' own reminders (``reminders``), it goes out in the morning of the manager's
time zone, once per ISO week (the period), selected one batch of employees per statement.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, DateTimeField, F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.careermaps.models import CareerMap, Goal, Milestone, Reflection
from apps.careermaps.reminders import (
    ACTIVE,
    CLOSED_GOALS,
    cadence_days,
    day_label,
    employee_zones,
    map_url,
)
from apps.employees.models import Employee, SkillRating
from apps.notifications.models import Kind
from apps.notifications.scheduling import Due, local_today, logged, select_batches, url_or, zone
from apps.notifications.services import Item, Message, Section, deliver

DIGEST_DAYS = 7  # the digest's "completed this week"
STALLED_FACTOR = 2  # no reflection in twice the cadence: development has stalled

DIGESTS_SQL = f"""
    SELECT u.id, z.week
    FROM batch b
    JOIN employees_employee e ON e.id = b.id
    JOIN accounts_user u ON u.id = e.user_id
    JOIN zones z ON z.tz = e.timezone
    WHERE {ACTIVE}
      AND EXISTS (SELECT 1 FROM employees_employee r WHERE r.manager_id = e.id
                  AND r.status <> 'left')
      AND NOT {logged("z.week")}
"""  # noqa: S608  # nosec B608 - module constants only; values are query parameters


def due_digests(*, now: datetime, zones: Sequence[str] | None = None) -> Iterator[list[Due]]:
    """Managers with at least one active report, in the morning of a week not sent yet."""
    return select_batches(
        DIGESTS_SQL,
        table=Employee._meta.db_table,
        now=now,
        kind=Kind.MANAGER_DIGEST,
        zones=employee_zones() if zones is None else zones,
    )


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
    days = cadence_days(career_map.reflection_cadence)
    since = career_map.last_reflection or career_map.created_at
    quiet = (today - since.astimezone(zone(career_map.employee.timezone)).date()).days
    late = days is not None and quiet >= STALLED_FACTOR * days
    overdue = career_map.overdue_goals or 0
    if not late and not overdue:
        return None
    return Stalled(career_map.employee, career_map, quiet if late else None, overdue)


def digest_send(*, user_id: int, period: str, now: datetime | None = None) -> bool:
    """The weekly digest for ``period`` (an ISO week); nothing to report sends nothing."""
    manager = Employee.objects.active().filter(user_id=user_id).first()
    if manager is None:
        return False
    when = now or timezone.now()

    def compose(_claimed: list[str]) -> Message | None:
        digest = team_digest(manager, now=when)
        return None if digest.is_empty else _digest_message(digest, period)

    return deliver(user_id=user_id, kind=Kind.MANAGER_DIGEST, periods=[period], compose=compose)


def _digest_message(digest: Digest, period: str) -> Message:
    completed = tuple(
        Item(
            text=_("%(name)s: %(title)s")
            % {"name": m.goal.career_map.employee.full_name, "title": m.title},
            url=_recognise_url(m.goal.career_map),
            detail=_("completed %(date)s · recognise it")
            % {"date": day_label(timezone.localdate(m.done_at))},
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
            detail=ngettext(
                "%(count)s skill self-rated since you last rated",
                "%(count)s skills self-rated since you last rated",
                row["count"],
            )
            % {"count": row["count"]},
        )
        for row in digest.ratings
    )
    stalled = tuple(_stalled_item(s) for s in digest.stalled)
    sections = (
        Section(_("Milestones completed this week"), completed),
        Section(_("Ratings waiting for your review"), ratings),
        Section(_("Development may have stalled"), stalled),
    )
    to_review = sum(row["count"] for row in digest.ratings)
    counts = [
        ngettext("%(count)s milestone completed", "%(count)s milestones completed", len(completed))
        % {"count": len(completed)}
        if completed
        else "",
        ngettext("%(count)s rating to review", "%(count)s ratings to review", to_review)
        % {"count": to_review}
        if ratings
        else "",
        _("%(count)s may need a conversation") % {"count": len(stalled)} if stalled else "",
    ]
    return Message(
        kind=Kind.MANAGER_DIGEST,
        subject=_("Your team this week (%(period)s)") % {"period": period},
        summary="; ".join(c for c in counts if c) + ".",
        intro=_(
            "A short look at your direct reports. Reflections stay private: only their dates "
            "count here."
        ),
        sections=tuple(s for s in sections if s.items),
        action_label=_("Open my team"),
        action_url=url_or("dashboards:team", reverse("employees:tree")),
    )


def _recognise_url(career_map: CareerMap) -> str:
    return url_or("dashboards:team", map_url("overview", career_map))


def _stalled_item(stalled: Stalled) -> Item:
    reasons = []
    if stalled.days_since_reflection is not None:
        days = stalled.days_since_reflection
        reasons.append(
            ngettext("no reflection for %(days)s day", "no reflection for %(days)s days", days)
            % {"days": days}
        )
    if stalled.overdue_goals:
        reasons.append(
            ngettext("%(count)s overdue goal", "%(count)s overdue goals", stalled.overdue_goals)
            % {"count": stalled.overdue_goals}
        )
    return Item(
        text=stalled.employee.full_name,
        url=map_url("overview", stalled.career_map),
        detail=", ".join(reasons),
    )
