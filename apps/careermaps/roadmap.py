"""The roadmap on the goals tab, as SVG geometry: the months axis, the today line, one row per
goal (its milestones as dots) and a lane of dated development actions, plus the same items as
a table for screen readers and print.

Pure layout: it reads the goal cards ``services.goals.goal_board`` builds and writes nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.careermaps.models import ActionStatus, CareerMap, DevelopmentAction, GoalStatus
from careermap.fields import LATEST_YEAR

if TYPE_CHECKING:
    from apps.careermaps.services.goals import GoalCard, MilestoneItem

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
    # Forms refuse dates past LATEST_YEAR; a row written before they did still draws (clamped).
    last = min(max([today + timedelta(MARGIN_DAYS), *dates]), date(LATEST_YEAR, 12, 31))
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
        Tick(scale.x(m), date_format(m, "M Y") if i == 0 or m.month == 1 else date_format(m, "M"))
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
    title = _("Goal: %(goal)s. Target %(date)s. %(status)s, %(progress)s%%") % {
        "goal": goal.specific,
        "date": date_format(goal.target_date, "DATE_FORMAT"),
        "status": goal.get_status_display(),
        "progress": card.progress,
    }
    if state == "overdue":
        title += _(". Overdue")
    return Row("goal", y, _short(goal.specific), title, state, min(scale.x(began), x2), x2, dots)


def _milestone_title(item: MilestoneItem) -> str:
    m = item.milestone
    status = _("done") if m.done_at else _("overdue") if item.overdue else _("to do")
    return _("Milestone: %(title)s. Due %(date)s, %(status)s") % {
        "title": m.title,
        "date": date_format(m.due, "DATE_FORMAT") if m.due else "",
        "status": status,
    }


def _action_state(action: DevelopmentAction, today: date) -> str:
    if action.status == ActionStatus.DONE:
        return "done"
    if action.status == ActionStatus.DROPPED:
        return "dropped"
    return "overdue" if action.due and action.due < today else "active"


def _action_row(action: DevelopmentAction, y: float, scale: _Scale, today: date) -> Row:
    if action.due is None:
        raise ValueError("Only actions with a due date are drawn on the roadmap.")
    state, x = _action_state(action, today), scale.x(action.due)
    title = _("%(kind)s: %(title)s. Due %(date)s, %(status)s") % {
        "kind": action.get_kind_display(),
        "title": action.title,
        "date": date_format(action.due, "DATE_FORMAT"),
        "status": action.get_status_display(),
    }
    if state == "overdue":
        title += _(". Overdue")
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
    return _(
        "Roadmap from %(start)s to %(end)s: %(goals)s goals, %(milestones)s milestones and "
        "%(actions)s dated development actions. Today is %(today)s. %(overdue)s overdue. "
        "The table below lists every item."
    ) % {
        "start": date_format(roadmap.start, "F Y"),
        "end": date_format(roadmap.end, "F Y"),
        "goals": len(cards),
        "milestones": milestones,
        "actions": len(dated),
        "today": date_format(roadmap.today, "j F Y"),
        "overdue": roadmap.overdue,
    }


def _table(cards: list[GoalCard], dated: list[DevelopmentAction], today: date) -> list[TableItem]:
    items: list[TableItem] = []
    for card in cards:
        goal, state = card.goal, _goal_state(card)
        items.append(
            TableItem(
                _("Goal"),
                goal.specific,
                "",
                goal.target_date,
                goal.get_status_display(),
                state == "overdue",
            )
        )
        items += [
            TableItem(
                _("Milestone"),
                i.milestone.title,
                goal.specific,
                i.milestone.due,
                _("Done") if i.milestone.done_at else _("To do"),
                i.overdue,
            )
            for i in card.milestones
            if i.milestone.due
        ]
    items += [
        TableItem(
            _("Action"),
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
