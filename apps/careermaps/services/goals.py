"""SMART goals and their milestones: the writes, and the board the goals tab shows.

Progress rule (shown on the page): a goal with milestones is as far along as the share of its
milestones that are done; a goal without milestones has the progress its owner sets; an
achieved goal is at 100%.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.careermaps.models import (
    ActionStatus,
    CareerMap,
    DevelopmentAction,
    Goal,
    GoalStatus,
    Horizon,
    Milestone,
)

# The method's own definitions (docs/seeds, "Setting SMART Goals").
SMART = (
    ("S", "Specific", "Clearly outline what you want to achieve in your career."),
    ("M", "Measurable", "Establish criteria to evaluate your progress towards your goals."),
    ("A", "Achievable", "Set realistic targets that are within your reach."),
    ("R", "Relevant", "Ensure that your goals align with your long-term career aspirations."),
    ("T", "Time-bound", "Set deadlines to keep yourself accountable and motivated."),
)

MISSING = {
    "specific": "Say what you want to achieve: one outcome someone else could recognise, "
    "e.g. “Lead the team's weekly support triage”.",
    "measurable": "Say how you will know you got there: a number, a date or a result you can "
    "point to.",
    "achievable": "Say why this is within your reach: the time, support or experience you can "
    "count on.",
    "relevant": "Say what this goal serves: your target role or long-term aspiration, so it is "
    "worth the effort.",
    "target_date": "Give a target date: a goal without a deadline tends to drift.",
    "title": "Name the milestone: a step you can tick off, e.g. “Finish the first course”.",
}
PAST_TARGET = "A target date in the past cannot motivate: pick a date from today on."
PAST_DUE = "A due date in the past cannot be planned for: pick a date from today on."
CONFLICT = (
    "This goal changed since you opened it (in another tab or window). Here is the current "
    "version; your changes are kept below so you can re-apply them."
)
HOW_PROGRESS_IS_COMPUTED = (
    "A goal with milestones is as far along as the share of its milestones that are done "
    "(3 of 4 done is 75%). A goal without milestones shows the progress you set yourself. "
    "An achieved goal is at 100%."
)
SMART_FIELDS = ("specific", "measurable", "achievable", "relevant")
CLOSED = (GoalStatus.ACHIEVED, GoalStatus.DROPPED)


class GoalConflict(Exception):
    """The goal was saved elsewhere since the form was opened; ``current`` is what is stored."""

    def __init__(self, current: Goal) -> None:
        super().__init__(CONFLICT)
        self.current = current


def target_date_problem(target: date, *, today: date, previous: date | None = None) -> str | None:
    """A new target date must not be in the past; an unchanged one may (the goal is overdue)."""
    if target < today and target != previous:
        return PAST_TARGET
    return None


def due_date_problem(
    due: date | None, *, today: date, goal_target: date, previous: date | None = None
) -> str | None:
    if due is None or due == previous:
        return None
    if due < today:
        return PAST_DUE
    if due > goal_target:
        return (
            f"This is after the goal's target date ({goal_target:%-d %b %Y}): move it "
            "earlier, or change the goal's date first."
        )
    return None


def milestone_progress(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def _check_goal(
    parts: dict[str, str], target_date: date | None, *, today: date, previous: date | None
) -> None:
    errors: dict[str, str] = {
        name: MISSING[name] for name in SMART_FIELDS if not (parts.get(name) or "").strip()
    }
    if target_date is None:
        errors["target_date"] = MISSING["target_date"]
    elif problem := target_date_problem(target_date, today=today, previous=previous):
        errors["target_date"] = problem
    if errors:
        raise ValidationError(errors)


def _check_choice(value: str, choices: Iterable[str], field_name: str, message: str) -> None:
    if value not in choices:
        raise ValidationError({field_name: message})


@transaction.atomic
def goal_create(
    *,
    career_map: CareerMap,
    horizon: str,
    specific: str,
    measurable: str,
    achievable: str,
    relevant: str,
    target_date: date,
    today: date | None = None,
) -> Goal:
    parts = {
        "specific": specific,
        "measurable": measurable,
        "achievable": achievable,
        "relevant": relevant,
    }
    _check_goal(parts, target_date, today=today or timezone.localdate(), previous=None)
    _check_choice(horizon, Horizon.values, "horizon", "Choose short term or long term.")
    last = career_map.goals.order_by("-position").values_list("position", flat=True).first()
    return Goal.objects.create(
        career_map=career_map,
        horizon=horizon,
        target_date=target_date,
        position=0 if last is None else last + 1,
        **{k: v.strip() for k, v in parts.items()},
    )


@transaction.atomic
def goal_update(
    *,
    career_map: CareerMap,
    goal: Goal,
    version: int,
    horizon: str,
    specific: str,
    measurable: str,
    achievable: str,
    relevant: str,
    target_date: date,
    status: str,
    progress: int | None = None,
    today: date | None = None,
) -> Goal:
    """Save only if nobody saved since ``version`` was read, else raise :class:`GoalConflict`."""
    parts = {
        "specific": specific,
        "measurable": measurable,
        "achievable": achievable,
        "relevant": relevant,
    }
    _check_goal(parts, target_date, today=today or timezone.localdate(), previous=goal.target_date)
    _check_choice(horizon, Horizon.values, "horizon", "Choose short term or long term.")
    _check_choice(status, GoalStatus.values, "status", "Choose one of the statuses.")
    if progress is not None and not 0 <= progress <= 100:
        raise ValidationError({"progress": "Progress is a percentage from 0 to 100."})
    changes = {k: v.strip() for k, v in parts.items()} | _status_changes(goal, status, progress)
    updated = Goal.objects.filter(pk=goal.pk, career_map=career_map, version=version).update(
        horizon=horizon,
        target_date=target_date,
        status=status,
        version=F("version") + 1,
        updated_at=timezone.now(),
        **changes,
    )
    current = Goal.objects.get(pk=goal.pk, career_map=career_map)
    if not updated:
        raise GoalConflict(current)
    return current


def _status_changes(goal: Goal, status: str, progress: int | None) -> dict[str, Any]:
    """achieved_at and progress follow the status (and the milestones, when there are some)."""
    if status == GoalStatus.ACHIEVED:
        return {"achieved_at": Coalesce(F("achieved_at"), Value(timezone.now())), "progress": 100}
    counts = _milestone_counts(goal)
    if counts["total"]:
        progress = milestone_progress(counts["done"], counts["total"])
    return {"achieved_at": None} | ({} if progress is None else {"progress": progress})


def _milestone_counts(goal: Goal) -> dict[str, int]:
    return Milestone.objects.filter(goal_id=goal.pk).aggregate(
        total=Count("id"), done=Count("id", filter=Q(done_at__isnull=False))
    )


@transaction.atomic
def goal_delete(*, career_map: CareerMap, goal: Goal) -> None:
    career_map.goals.filter(pk=goal.pk).delete()


@transaction.atomic
def milestone_add(
    *,
    career_map: CareerMap,
    goal: Goal,
    title: str,
    due: date | None = None,
    today: date | None = None,
) -> Milestone:
    goal = career_map.goals.select_for_update().get(pk=goal.pk)
    if not title.strip():
        raise ValidationError({"title": MISSING["title"]})
    problem = due_date_problem(
        due, today=today or timezone.localdate(), goal_target=goal.target_date
    )
    if problem:
        raise ValidationError({"due": problem})
    milestone = Milestone.objects.create(goal=goal, title=title.strip(), due=due)
    _sync_progress(goal)
    return milestone


@transaction.atomic
def milestone_toggle(*, career_map: CareerMap, milestone: Milestone) -> Milestone:
    """Done becomes not done and back. A first done milestone starts a not-started goal."""
    milestone = Milestone.objects.select_for_update().get(
        pk=milestone.pk, goal__career_map=career_map
    )
    milestone.done_at = None if milestone.done_at else timezone.now()
    milestone.save(update_fields=["done_at"])
    goal = Goal.objects.get(pk=milestone.goal_id)
    if milestone.done_at and goal.status == GoalStatus.NOT_STARTED:
        # A status change is a change to the goal: an edit form opened before it must know.
        Goal.objects.filter(pk=goal.pk).update(
            status=GoalStatus.IN_PROGRESS, version=F("version") + 1, updated_at=timezone.now()
        )
    _sync_progress(goal)
    return milestone


@transaction.atomic
def milestone_delete(*, career_map: CareerMap, milestone: Milestone) -> None:
    goal = career_map.goals.get(pk=milestone.goal_id)
    Milestone.objects.filter(pk=milestone.pk, goal=goal).delete()
    _sync_progress(goal)


def _sync_progress(goal: Goal) -> None:
    counts = _milestone_counts(goal)
    if counts["total"]:
        Goal.objects.filter(pk=goal.pk).exclude(status=GoalStatus.ACHIEVED).update(
            progress=milestone_progress(counts["done"], counts["total"])
        )


# ---------------------------------------------------------------- the board (reads)


@dataclass
class MilestoneItem:
    milestone: Milestone
    overdue: bool
    number: int


@dataclass
class GoalCard:
    """One goal as the tab shows it. Views attach forms (``milestone_form``, ``edit_form``)."""

    goal: Goal
    milestones: list[MilestoneItem]
    done: int
    overdue: bool
    days_left: int
    milestone_form: Any = None
    edit_form: Any = None
    conflict: Goal | None = None
    notice: str = ""

    @property
    def total(self) -> int:
        return len(self.milestones)

    @property
    def meter(self) -> int:
        """The progress rounded to the meter's 5% steps."""
        return 5 * round(self.goal.progress / 5)

    @property
    def days_overdue(self) -> int:
        return -self.days_left


@dataclass(frozen=True)
class Celebration:
    kind: str  # "milestone" or "goal"
    title: str
    goal_title: str
    when: datetime


@dataclass
class Celebrations:
    items: list[Celebration]
    milestones_done: int
    goals_achieved: int


ROW_H = 26
LANE_H = 28
AXIS_H = 44
WIDTH, PLOT_X0, PLOT_X1 = 1000, 300, 915


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Dot:
    x: float
    state: str  # done / overdue / planned
    title: str


@dataclass(frozen=True)
class Row:
    """One goal or action on the roadmap: a label, a bar or a marker, and milestone dots."""

    kind: str  # goal / action
    y: float
    label: str
    title: str
    state: str  # active / overdue / achieved / dropped / done
    x1: float
    x2: float
    dots: tuple[Dot, ...] = ()

    @property
    def width(self) -> float:
        return round(max(self.x2 - self.x1, 3.0), 1)

    @property
    def mid(self) -> float:
        return self.y + ROW_H / 2

    @property
    def text_y(self) -> float:
        return self.y + 17

    @property
    def bar_y(self) -> float:
        return self.y + 9

    @property
    def marker_x(self) -> float:
        """Where a text marker (overdue, achieved) goes: just right of the bar's end."""
        return self.x2 + 10


@dataclass(frozen=True)
class TableItem:
    kind: str
    name: str
    goal: str
    when: date
    state: str
    overdue: bool


@dataclass
class Roadmap:
    start: date
    end: date
    today: date
    today_x: float
    height: float
    ticks: list[Tick]
    goal_rows: list[Row]
    action_rows: list[Row]
    goals_lane_y: float
    actions_lane_y: float
    undated: int
    table: list[TableItem]
    overdue: int
    summary: str = ""
    width: int = WIDTH
    plot_x0: int = PLOT_X0
    plot_x1: int = PLOT_X1

    @property
    def grid_bottom(self) -> float:
        return self.height - 6

    @property
    def goals_label_y(self) -> float:
        return self.goals_lane_y + 20

    @property
    def actions_label_y(self) -> float:
        return self.actions_lane_y + 20


@dataclass
class GoalBoard:
    cards: list[GoalCard]
    roadmap: Roadmap
    celebrations: Celebrations
    short_term: int
    long_term: int
    achieved: int
    overdue: int

    def card_for(self, goal_id: int) -> GoalCard:
        return next(card for card in self.cards if card.goal.pk == goal_id)


def goal_board(*, career_map: CareerMap, today: date) -> GoalBoard:
    """Everything the goals tab shows, in three queries whatever the number of goals."""
    goals = list(career_map.goals.prefetch_related("milestones"))
    actions = list(career_map.actions.all())
    cards = [_card(goal, today) for goal in goals]
    return GoalBoard(
        cards=cards,
        roadmap=roadmap_layout(career_map=career_map, cards=cards, actions=actions, today=today),
        celebrations=_celebrations(cards),
        short_term=sum(card.goal.horizon == Horizon.SHORT for card in cards),
        long_term=sum(card.goal.horizon == Horizon.LONG for card in cards),
        achieved=sum(card.goal.status == GoalStatus.ACHIEVED for card in cards),
        overdue=sum(card.overdue for card in cards),
    )


def _card(goal: Goal, today: date) -> GoalCard:
    milestones = list(goal.milestones.all())
    goal_open = goal.status not in CLOSED
    items = [
        MilestoneItem(
            m, goal_open and m.done_at is None and m.due is not None and m.due < today, number
        )
        for number, m in enumerate(milestones, start=1)
    ]
    return GoalCard(
        goal=goal,
        milestones=items,
        done=sum(m.done_at is not None for m in milestones),
        overdue=goal_open and goal.target_date < today,
        days_left=(goal.target_date - today).days,
    )


CELEBRATED = 6


def _celebrations(cards: list[GoalCard]) -> Celebrations:
    found = [
        Celebration("milestone", item.milestone.title, card.goal.specific, item.milestone.done_at)
        for card in cards
        for item in card.milestones
        if item.milestone.done_at
    ]
    achieved = [
        Celebration("goal", card.goal.specific, card.goal.specific, card.goal.achieved_at)
        for card in cards
        if card.goal.status == GoalStatus.ACHIEVED and card.goal.achieved_at
    ]
    ordered = sorted(found + achieved, key=lambda c: c.when, reverse=True)
    return Celebrations(ordered[:CELEBRATED], len(found), len(achieved))


# ---------------------------------------------------------------- the roadmap's geometry

LABEL_CHARS = 40
MAX_TICK_LABELS = 12
MARGIN_DAYS = 30


def _month_floor(day: date) -> date:
    return day.replace(day=1)


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _span(
    career_map: CareerMap, cards: list[GoalCard], actions: list[DevelopmentAction], today: date
) -> tuple[date, date]:
    """From the map's start (or a month before today) to the latest date on the map."""
    dates = [card.goal.target_date for card in cards]
    dates += [i.milestone.due for card in cards for i in card.milestones if i.milestone.due]
    dates += [action.due for action in actions if action.due]
    first = min([timezone.localdate(career_map.created_at), today - timedelta(MARGIN_DAYS), *dates])
    last = max([today + timedelta(MARGIN_DAYS), *dates])
    return _month_floor(first), _month_after(last)


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Scale:
    def __init__(self, start: date, end: date, x0: int, x1: int) -> None:
        self.start, self.days, self.x0, self.width = start, (end - start).days, x0, x1 - x0

    def x(self, day: date) -> float:
        return round(self.x0 + (day - self.start).days / self.days * self.width, 1)


def _ticks(start: date, end: date, scale: _Scale) -> list[Tick]:
    months = []
    month = start
    while month < end:
        months.append(month)
        month = _month_after(month)
    step = math.ceil(len(months) / MAX_TICK_LABELS)
    return [
        Tick(scale.x(m), f"{m:%b %Y}" if i == 0 or m.month == 1 else f"{m:%b}")
        for i, m in enumerate(months)
        if i % step == 0
    ]


def _goal_state(card: GoalCard) -> str:
    if card.goal.status == GoalStatus.ACHIEVED:
        return "achieved"
    if card.goal.status == GoalStatus.DROPPED:
        return "dropped"
    return "overdue" if card.overdue else "active"


def _goal_row(card: GoalCard, y: float, scale: _Scale, start: date) -> Row:
    goal, state = card.goal, _goal_state(card)
    began = max(timezone.localdate(goal.created_at), start)
    x2 = scale.x(goal.target_date)
    dots = tuple(
        Dot(
            scale.x(item.milestone.due),
            "done" if item.milestone.done_at else "overdue" if item.overdue else "planned",
            _milestone_title(item),
        )
        for item in card.milestones
        if item.milestone.due
    )
    title = (
        f"Goal: {goal.specific}. Target {goal.target_date:%-d %b %Y}. "
        f"{goal.get_status_display()}, {goal.progress}%"
        + (". Overdue" if state == "overdue" else "")
    )
    return Row("goal", y, _short(goal.specific), title, state, min(scale.x(began), x2), x2, dots)


def _milestone_title(item: MilestoneItem) -> str:
    m = item.milestone
    status = "done" if m.done_at else "overdue" if item.overdue else "to do"
    return f"Milestone: {m.title}. Due {m.due:%-d %b %Y}, {status}"


def _action_state(action: DevelopmentAction, today: date) -> str:
    if action.status == ActionStatus.DONE:
        return "done"
    if action.status == ActionStatus.DROPPED:
        return "dropped"
    return "overdue" if action.due and action.due < today else "active"


def _action_row(action: DevelopmentAction, y: float, scale: _Scale, today: date) -> Row:
    assert action.due is not None
    state, x = _action_state(action, today), scale.x(action.due)
    title = (
        f"{action.get_kind_display()}: {action.title}. Due {action.due:%-d %b %Y}, "
        f"{action.get_status_display()}" + (". Overdue" if state == "overdue" else "")
    )
    return Row("action", y, _short(action.title), title, state, x, x)


def roadmap_layout(
    *, career_map: CareerMap, cards: list[GoalCard], actions: list[DevelopmentAction], today: date
) -> Roadmap:
    """Goals (one row each, milestones as dots) and dated actions (a lane of their own)."""
    start, end = _span(career_map, cards, actions, today)
    scale = _Scale(start, end, PLOT_X0, PLOT_X1)
    y = AXIS_H + LANE_H
    goal_rows = [_goal_row(card, y + i * ROW_H, scale, start) for i, card in enumerate(cards)]
    dated = [action for action in actions if action.due]
    actions_lane_y = y + len(cards) * ROW_H + 8
    y = actions_lane_y + LANE_H
    action_rows = [_action_row(a, y + i * ROW_H, scale, today) for i, a in enumerate(dated)]
    table = _table(cards, dated, today)
    roadmap = Roadmap(
        start=start,
        end=end,
        today=today,
        today_x=scale.x(today),
        height=y + len(dated) * ROW_H + 12,
        ticks=_ticks(start, end, scale),
        goal_rows=goal_rows,
        action_rows=action_rows,
        goals_lane_y=AXIS_H,
        actions_lane_y=actions_lane_y,
        undated=len(actions) - len(dated),
        table=table,
        overdue=sum(item.overdue for item in table),
    )
    roadmap.summary = _summary(roadmap, cards, dated)
    return roadmap


def _summary(roadmap: Roadmap, cards: list[GoalCard], dated: list[DevelopmentAction]) -> str:
    milestones = sum(card.total for card in cards)
    return (
        f"Roadmap from {roadmap.start:%B %Y} to {roadmap.end:%B %Y}: {len(cards)} goals, "
        f"{milestones} milestones and {len(dated)} dated development actions. "
        f"Today is {roadmap.today:%-d %B %Y}. {roadmap.overdue} overdue. "
        "The table below lists every item."
    )


def _table(cards: list[GoalCard], dated: list[DevelopmentAction], today: date) -> list[TableItem]:
    items: list[TableItem] = []
    for card in cards:
        goal, state = card.goal, _goal_state(card)
        items.append(
            TableItem(
                "Goal",
                goal.specific,
                "",
                goal.target_date,
                goal.get_status_display(),
                state == "overdue",
            )
        )
        items += [
            TableItem(
                "Milestone",
                i.milestone.title,
                goal.specific,
                i.milestone.due,
                "Done" if i.milestone.done_at else "To do",
                i.overdue,
            )
            for i in card.milestones
            if i.milestone.due
        ]
    items += [
        TableItem(
            "Action",
            a.title,
            "",
            a.due,
            a.get_status_display(),
            _action_state(a, today) == "overdue",
        )
        for a in dated
        if a.due
    ]
    return sorted(items, key=lambda item: item.when)
