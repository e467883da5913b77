"""SMART goals and their milestones: the writes, and the board the goals tab shows.

The roadmap on the board (its SVG geometry) is laid out by ``apps.careermaps.roadmap``.

Progress rule (shown on the page): a goal with milestones is as far along as the share of its
milestones that are done; a goal without milestones has the progress its owner sets; an
achieved goal is at 100%.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.careermaps.models import CareerMap, Goal, GoalStatus, Horizon, Milestone
from apps.careermaps.roadmap import Roadmap, roadmap_layout
from careermap.versioning import StaleVersion, lock_current, save_current

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The method's own definitions (docs/seeds, "Setting SMART Goals").
SMART = (
    (
        "S",
        gettext_lazy("Specific"),
        gettext_lazy("Clearly outline what you want to achieve in your career."),
    ),
    (
        "M",
        gettext_lazy("Measurable"),
        gettext_lazy("Establish criteria to evaluate your progress towards your goals."),
    ),
    (
        "A",
        gettext_lazy("Achievable"),
        gettext_lazy("Set realistic targets that are within your reach."),
    ),
    (
        "R",
        gettext_lazy("Relevant"),
        gettext_lazy("Ensure that your goals align with your long-term career aspirations."),
    ),
    (
        "T",
        gettext_lazy("Time-bound"),
        gettext_lazy("Set deadlines to keep yourself accountable and motivated."),
    ),
)

MISSING = {
    "specific": gettext_lazy(
        "Say what you want to achieve: one outcome someone else could recognise, "
        "e.g. “Lead the team's weekly support triage”."
    ),
    "measurable": gettext_lazy(
        "Say how you will know you got there: a number, a date or a result you can point to."
    ),
    "achievable": gettext_lazy(
        "Say why this is within your reach: the time, support or experience you can count on."
    ),
    "relevant": gettext_lazy(
        "Say what this goal serves: your target role or long-term aspiration, so it is "
        "worth the effort."
    ),
    "target_date": gettext_lazy("Give a target date: a goal without a deadline tends to drift."),
    "title": gettext_lazy(
        "Name the milestone: a step you can tick off, e.g. “Finish the first course”."
    ),
}
PAST_TARGET = gettext_lazy("A target date in the past cannot motivate: pick a date from today on.")
PAST_DUE = gettext_lazy("A due date in the past cannot be planned for: pick a date from today on.")
HOW_PROGRESS_IS_COMPUTED = gettext_lazy(
    "A goal with milestones is as far along as the share of its milestones that are done "
    "(3 of 4 done is 75%). A goal without milestones shows the progress you set yourself. "
    "An achieved goal is at 100%."
)
SMART_FIELDS = ("specific", "measurable", "achievable", "relevant")
CLOSED = (GoalStatus.ACHIEVED, GoalStatus.DROPPED)


# A goal saved elsewhere since its form opened (careermap/versioning.py); ``current`` is stored.
GoalConflict = StaleVersion


def target_date_problem(target: date, *, today: date, previous: date | None = None) -> str | None:
    """A new target date must not be in the past; an unchanged one may (the goal is overdue)."""
    if target < today and target != previous:
        return str(PAST_TARGET)
    return None


def due_date_problem(
    due: date | None, *, today: date, goal_target: date, previous: date | None = None
) -> str | None:
    if due is None or due == previous:
        return None
    if due < today:
        return str(PAST_DUE)
    if due > goal_target:
        return _(
            "This is after the goal's target date (%(date)s): move it "
            "earlier, or change the goal's date first."
        ) % {"date": date_format(goal_target, "DATE_FORMAT")}
    return None


def milestone_progress(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


# A SMART part that says nothing: a word or two, or a filler. It is kept (the owner decides),
# and the goal card asks gently for more, with the question that part of the method asks.
THIN_WORDS = 3
FILLERS = frozenset({
    "ok", "okay", "yes", "yep", "sure", "fine", "good", "n/a", "na", "tbd", "todo", "-", "?",
    "idk", "maybe", "because", "it is", "yes it is", "will do", "it will be", "same", "see above",
})  # fmt: skip
SMART_QUESTIONS = {
    "specific": gettext_lazy(
        "What exactly will you do? Name the role, skill or result someone could see."
    ),
    "measurable": gettext_lazy(
        "How will you know it is done? A number, a date, a certificate or feedback."
    ),
    "achievable": gettext_lazy(
        "What makes this realistic for you: time you have, support, skills you already have?"
    ),
    "relevant": gettext_lazy(
        "Why does this matter for where you want to go: your target role or your aspiration?"
    ),
}


def is_thin(text: str) -> bool:
    cleaned = text.strip().lower().rstrip(".!")
    return cleaned in FILLERS or len(re.findall(r"\w+", cleaned)) < THIN_WORDS


def smart_prompts(goal: Goal) -> list[tuple[str, str]]:
    """(part, question) for each SMART part of ``goal`` that says too little to plan with."""
    return [
        (part, str(question))
        for part, question in SMART_QUESTIONS.items()
        if is_thin(getattr(goal, part) or "")
    ]


def goal_progress(goal: Goal, *, done: int, total: int) -> int:
    """The progress rule of HOW_PROGRESS_IS_COMPUTED, applied on every read: the stored column
    is only the owner's own figure, and rows written outside the services (the demo, imports)
    must not show a percentage the explanation beside it contradicts."""
    if goal.status == GoalStatus.ACHIEVED:
        return 100
    if total:
        return milestone_progress(done, total)
    return goal.progress


def _check_goal(
    parts: dict[str, str], target_date: date | None, *, today: date, previous: date | None
) -> None:
    errors: dict[str, StrOrPromise] = {
        name: MISSING[name] for name in SMART_FIELDS if not (parts.get(name) or "").strip()
    }
    if target_date is None:
        errors["target_date"] = MISSING["target_date"]
    elif problem := target_date_problem(target_date, today=today, previous=previous):
        errors["target_date"] = problem
    if errors:
        raise ValidationError(errors)


def _check_choice(
    value: str, choices: Iterable[str], field_name: str, message: StrOrPromise
) -> None:
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
    _check_choice(
        horizon, Horizon.values, "horizon", gettext_lazy("Choose short term or long term.")
    )
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
    """Save only if nobody saved since ``version`` was read, else raise :class:`StaleVersion`."""
    parts = {
        "specific": specific,
        "measurable": measurable,
        "achievable": achievable,
        "relevant": relevant,
    }
    _check_goal(parts, target_date, today=today or timezone.localdate(), previous=goal.target_date)
    _check_choice(
        horizon, Horizon.values, "horizon", gettext_lazy("Choose short term or long term.")
    )
    _check_choice(status, GoalStatus.values, "status", gettext_lazy("Choose one of the statuses."))
    if progress is not None and not 0 <= progress <= 100:
        raise ValidationError({"progress": gettext_lazy("Progress is a percentage from 0 to 100.")})
    current = lock_current(career_map.goals.all(), goal.pk, version)
    return save_current(
        current,
        horizon=horizon,
        target_date=target_date,
        status=status,
        **{k: v.strip() for k, v in parts.items()},
        **_status_changes(current, status, progress),
    )


def _status_changes(goal: Goal, status: str, progress: int | None) -> dict[str, Any]:
    """achieved_at and progress follow the status (and the milestones, when there are some)."""
    if status == GoalStatus.ACHIEVED:
        return {"achieved_at": goal.achieved_at or timezone.now(), "progress": 100}
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
    notice: str = ""

    @property
    def total(self) -> int:
        return len(self.milestones)

    @property
    def progress(self) -> int:
        return goal_progress(self.goal, done=self.done, total=self.total)

    @property
    def prompts(self) -> list[tuple[str, str]]:
        return smart_prompts(self.goal)

    @property
    def meter(self) -> int:
        """The progress rounded to the meter's 5% steps."""
        return 5 * round(self.progress / 5)

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
