"""HR reminders: succession plans not reviewed for 90 days, and talent reviews about to close
with people still unrated.

Recipients are HR (the ``hr`` group, and superusers, who count as HR everywhere). A plan on
the recipient's own seat, or with them on its slate, is never in their reminder. Like the
career-map reminders, they go out in the morning of the recipient's time zone (their employee
record's, else their account's), the selection is one SQL statement per batch and state-based
on the reminder log (both from ``notifications.scheduling``), and the send rebuilds the
message and hands it to ``notifications.services.deliver``.

Periods: ``plan:<uuid>:<last reviewed, local date>:<n>`` for the n-th 90 days without a review
(so an ignored plan is raised again every 90 days), and ``review:<uuid>:closing`` once per
review cycle.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.accounts.models import HR_GROUP, User
from apps.employees.models import Employee, EmploymentStatus
from apps.notifications.models import Kind
from apps.notifications.scheduling import (
    NOT_MUTED,
    Due,
    local_today,
    logged,
    select_batches,
    url_or,
    zone,
)
from apps.notifications.services import Item, Message, Section, deliver
from apps.succession.models import ReviewStatus, SuccessionPlan, TalentReview

STALE_DAYS = 90
CLOSING_DAYS = 7

_HR = f"""
    FROM batch b
    JOIN accounts_user u ON u.id = b.id
    LEFT JOIN employees_employee e ON e.user_id = u.id
    JOIN zones z ON z.tz = COALESCE(e.timezone, u.timezone)
    WHERE u.is_active
      AND (u.is_superuser OR EXISTS (
          SELECT 1 FROM accounts_user_groups ug JOIN auth_group g ON g.id = ug.group_id
          WHERE ug.user_id = u.id AND g.name = '{HR_GROUP}'))
      AND {NOT_MUTED}
"""  # noqa: S608  # nosec B608 - module constants only; values are query parameters

_PLAN_BASE = "timezone(z.sql_tz, COALESCE(p.reviewed_at, p.created_at))::date"
_PLAN_PERIOD = (
    f"'plan:' || p.public_id || ':' || to_char({_PLAN_BASE}, 'YYYY-MM-DD') || ':' || "
    f"((z.today - {_PLAN_BASE}) / {STALE_DAYS})"
)
STALE_PLANS_SQL = f"""
    SELECT u.id, '' {_HR}
      AND EXISTS (
          SELECT 1 FROM succession_successionplan p
          WHERE z.today - {_PLAN_BASE} >= {STALE_DAYS}
            AND (e.id IS NULL OR p.incumbent_id IS DISTINCT FROM e.id)
            AND NOT EXISTS (
                SELECT 1 FROM succession_successorcandidate c
                WHERE c.plan_id = p.id AND c.employee_id = e.id)
            AND NOT {logged(_PLAN_PERIOD)})
"""  # noqa: S608  # nosec B608 - module constants only; values are query parameters

CLOSING_REVIEWS_SQL = f"""
    SELECT u.id, '' {_HR}
      AND EXISTS (
          SELECT 1 FROM succession_talentreview r
          WHERE r.status = 'open' AND r.closes_on BETWEEN z.today AND z.today + {CLOSING_DAYS}
            AND EXISTS (
                SELECT 1 FROM employees_employee x
                WHERE x.status <> 'left' AND NOT EXISTS (
                    SELECT 1 FROM succession_talentrating t
                    WHERE t.review_id = r.id AND t.employee_id = x.id))
            AND NOT {logged("'review:' || r.public_id || ':closing'")})
"""  # noqa: S608  # nosec B608 - module constants only; values are query parameters


_USERS = User._meta.db_table


def hr_zones() -> list[str]:
    employees = Employee.objects.order_by().values_list("timezone", flat=True).distinct()
    users = User.objects.order_by().values_list("timezone", flat=True).distinct()
    return sorted(set(employees) | set(users))


def due_plan_reviews(*, now: datetime, zones: Sequence[str] | None = None) -> Iterator[list[Due]]:
    zones = hr_zones() if zones is None else zones
    return select_batches(
        STALE_PLANS_SQL, table=_USERS, now=now, kind=Kind.SUCCESSION_REVIEW, zones=zones
    )


def due_closing_reviews(
    *, now: datetime, zones: Sequence[str] | None = None
) -> Iterator[list[Due]]:
    zones = hr_zones() if zones is None else zones
    return select_batches(
        CLOSING_REVIEWS_SQL, table=_USERS, now=now, kind=Kind.REVIEW_CLOSING, zones=zones
    )


def _zone_of(user: User) -> str:
    employee = Employee.objects.filter(user=user).only("timezone").first()
    return employee.timezone if employee else user.timezone


def _hr_user(user_id: int) -> User | None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return user if user is not None and user.is_hr else None


def _day(day: date) -> str:
    return date_format(day, "j F Y")


# --------------------------------------------------------------------------- stale plans


@dataclass(frozen=True)
class StalePlan:
    period: str
    item: Item


def stale_plans(now: datetime, zone_name: str, viewer: User) -> list[StalePlan]:
    """Plans whose last review (or creation) is 90 days or more before the local date.

    Only the plans the recipient may see: never their own seat, nor a slate they sit on.
    """
    tz = zone(zone_name)
    today = local_today(now, zone_name)
    # A generous cut in SQL (a day either side for time zones), the exact rule in Python.
    plans = (
        SuccessionPlan.objects.visible_to(viewer)
        .annotate(base=Coalesce("reviewed_at", "created_at"))
        .filter(base__lte=now - timedelta(days=STALE_DAYS - 1))
        .select_related("role", "incumbent")
        .order_by("base", "id")
    )
    found = []
    for plan in plans:
        base = plan.base.astimezone(tz).date()
        days = (today - base).days
        if days >= STALE_DAYS:
            found.append(_stale(plan, base, days))
    return found


def _stale(plan: SuccessionPlan, base: date, days: int) -> StalePlan:
    values = {"day": _day(base)}
    last = (
        _("last reviewed %(day)s") % values
        if plan.reviewed_at
        else _("never reviewed since %(day)s") % values
    )
    item = Item(
        text=str(plan),
        url=url_or("succession:plan-detail", reverse("home"), plan.public_id),
        detail=f"{last} ({days} days ago)",
    )
    return StalePlan(f"plan:{plan.public_id}:{base:%Y-%m-%d}:{days // STALE_DAYS}", item)


def plan_reviews_send(*, user_id: int, now: datetime | None = None) -> bool:
    user = _hr_user(user_id)
    if user is None:
        return False
    plans = {s.period: s for s in stale_plans(now or timezone.now(), _zone_of(user), user)}

    def compose(claimed: list[str]) -> Message:
        items = tuple(plans[p].item for p in claimed)
        values = {"count": len(items), "days": STALE_DAYS}
        return Message(
            kind=Kind.SUCCESSION_REVIEW,
            subject=ngettext(
                "%(count)s succession plan has not been reviewed for %(days)s days",
                "%(count)s succession plans have not been reviewed for %(days)s days",
                len(items),
            )
            % values,
            summary=ngettext(
                "%(count)s succession plan has gone %(days)s days or more without a review.",
                "%(count)s succession plans have gone %(days)s days or more without a review.",
                len(items),
            )
            % values,
            intro=_(
                "Check each slate's readiness and the risk and impact of loss, then mark the "
                "plan reviewed."
            ),
            sections=(Section(_("Key positions to review"), items),),
            action_label=_("Open key positions"),
            action_url=url_or("succession:plan-index", reverse("home")),
        )

    return deliver(
        user_id=user_id, kind=Kind.SUCCESSION_REVIEW, periods=list(plans), compose=compose
    )


# --------------------------------------------------------------------------- closing reviews


@dataclass(frozen=True)
class ClosingReview:
    review: TalentReview
    missing: int

    @property
    def period(self) -> str:
        return f"review:{self.review.public_id}:closing"


def closing_reviews(today: date, viewer: User | None = None) -> list[ClosingReview]:
    """Open reviews closing within a week, with how many active people have no rating yet.

    Two queries: the people in scope (everyone who has not left, bar the recipient: whether
    they are rated is not theirs to learn), and per review how many of them are rated.
    """
    me = Employee.objects.record_of(viewer) if viewer is not None else None
    people = Employee.objects.exclude(status=EmploymentStatus.LEFT)
    counted = ~Q(ratings__employee__status=EmploymentStatus.LEFT)
    if me is not None:
        people, counted = people.exclude(pk=me.pk), counted & ~Q(ratings__employee=me)
    in_scope = people.count()
    reviews = (
        TalentReview.objects.filter(
            status=ReviewStatus.OPEN,
            closes_on__gte=today,
            closes_on__lte=today + timedelta(days=CLOSING_DAYS),
        )
        .annotate(rated=Count("ratings", filter=counted))
        .order_by("closes_on", "id")
    )
    found = [ClosingReview(r, in_scope - r.rated) for r in reviews]
    return [c for c in found if c.missing > 0]


def closing_reviews_send(*, user_id: int, now: datetime | None = None) -> bool:
    user = _hr_user(user_id)
    if user is None:
        return False
    today = local_today(now or timezone.now(), _zone_of(user))
    closing = {c.period: c for c in closing_reviews(today, user)}

    def compose(claimed: list[str]) -> Message:
        found = [closing[p] for p in claimed]
        items = tuple(
            Item(
                text=c.review.name,
                url=url_or("succession:review", reverse("home"), c.review.public_id),
                detail=ngettext(
                    "closes %(day)s; %(count)s person has no rating yet",
                    "closes %(day)s; %(count)s people have no rating yet",
                    c.missing,
                )
                % {"day": _day(c.review.closes_on), "count": c.missing},
            )
            for c in found
        )
        missing = sum(c.missing for c in found)
        return Message(
            kind=Kind.REVIEW_CLOSING,
            subject=ngettext(
                "A talent review closes soon with ratings missing",
                "%(count)s talent reviews close soon with ratings missing",
                len(found),
            )
            % {"count": len(found)},
            summary=ngettext(
                "%(count)s person is still unrated, and the review closes within %(days)s days.",
                "%(count)s people are still unrated, and the review closes within %(days)s days.",
                missing,
            )
            % {"count": missing, "days": CLOSING_DAYS},
            intro=_("Remind the managers concerned, or extend the closing date."),
            sections=(Section(_("Reviews closing"), items),),
            action_label=_("Open talent reviews"),
            action_url=url_or("succession:index", reverse("home")),
        )

    return deliver(
        user_id=user_id, kind=Kind.REVIEW_CLOSING, periods=list(closing), compose=compose
    )
