"""The built-in career assessment: 24 statements, their scoring, and what the scores mean.

Twelve dimensions, two statements each, answered on a 1-5 agreement scale:

- six work values, after O*NET's work-importance values (achievement, independence,
  recognition, relationships, support, working conditions);
- six interests, after Holland's RIASEC (realistic, investigative, artistic, social,
  enterprising, conventional).

A dimension's score is its average answer placed on 0-100 (1 -> 0, 3 -> 50, 5 -> 100)::

    score = 100 x (sum of its answers - number of its statements)
                / (4 x number of its statements),   rounded half up

This module holds data and arithmetic only: no database (Django only to translate the texts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

VALUE: Literal["value"] = "value"
INTEREST: Literal["interest"] = "interest"

AGREEMENT = (
    (1, gettext_lazy("Strongly disagree")),
    (2, gettext_lazy("Disagree")),
    (3, gettext_lazy("Neither")),
    (4, gettext_lazy("Agree")),
    (5, gettext_lazy("Strongly agree")),
)
LOWEST, HIGHEST = AGREEMENT[0][0], AGREEMENT[-1][0]
TOP_VALUES = 3
CODE_LENGTH = 3

HOW_SCORES_ARE_COMPUTED = gettext_lazy(
    "Each of the twelve dimensions has two statements. Your answers (1 = strongly disagree to "
    "5 = strongly agree) are averaged and placed on a 0-100 scale: an average of 1 scores 0, "
    "3 scores 50 and 5 scores 100. Your top values are the three work values with the highest "
    "scores. Your interest code is the first letters of your three highest interests, highest "
    "first. Where two scores tie, the dimension listed first wins the tie (for interests the "
    "order is R, I, A, S, E, C). The scores describe what you said you prefer today; they do not "
    "measure ability, and they are not a verdict on any role."
)
HOW_SUGGESTIONS_ARE_MADE = gettext_lazy(
    "Suggestions come from a simple word match: a job family is listed under an interest when "
    "its name or description mentions that kind of work (for example 'customer' or 'support' "
    "for Social). It is a starting point for research, not a recommendation: the gap view and "
    "a conversation with people in the role tell you far more."
)


@dataclass(frozen=True, slots=True)
class Dimension:
    key: str
    kind: Literal["value", "interest"]
    name: StrOrPromise
    letter: str
    meaning: StrOrPromise
    pointer: (
        StrOrPromise  # values: what to look for in a job; interests: the kinds of work that suit
    )
    keywords: tuple[str, ...] = ()  # interests: words that mark a job family as that work


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    number: int
    text: StrOrPromise
    dimension: str


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        "achievement",
        VALUE,
        gettext_lazy("Achievement"),
        "",
        gettext_lazy(
            "You want to use your strongest abilities and see what you have accomplished."
        ),
        gettext_lazy("Look for work with visible results and room to use your best skills."),
    ),
    Dimension(
        "independence",
        VALUE,
        gettext_lazy("Independence"),
        "",
        gettext_lazy("You want to decide how you do your work and act on your own initiative."),
        gettext_lazy("Look for roles with autonomy over methods and time, and light supervision."),
    ),
    Dimension(
        "recognition",
        VALUE,
        gettext_lazy("Recognition"),
        "",
        gettext_lazy("You want your work noticed, with chances to advance and to lead."),
        gettext_lazy("Look for clear promotion paths, visible work and opportunities to lead."),
    ),
    Dimension(
        "relationships",
        VALUE,
        gettext_lazy("Relationships"),
        "",
        gettext_lazy("You want friendly colleagues and a chance to do things for other people."),
        gettext_lazy("Look for close-knit teams and work that serves people directly."),
    ),
    Dimension(
        "support",
        VALUE,
        gettext_lazy("Support"),
        "",
        gettext_lazy("You want a manager who backs you, good training and fair company policies."),
        gettext_lazy(
            "Look for a supportive manager, structured onboarding and fair, clear policies."
        ),
    ),
    Dimension(
        "working_conditions",
        VALUE,
        gettext_lazy("Working conditions"),
        "",
        gettext_lazy(
            "You want security, fair pay and a steady, varied workload in good conditions."
        ),
        gettext_lazy(
            "Look for stability, good pay and conditions, and a workload that keeps you busy."
        ),
    ),
    Dimension(
        "realistic",
        INTEREST,
        gettext_lazy("Realistic"),
        "R",
        gettext_lazy(
            "You enjoy practical, hands-on work with tools, equipment or physical things."
        ),
        gettext_lazy("Operations, facilities, infrastructure, technical and engineering work."),
        (
            "operation",
            "facilit",
            "infrastructure",
            "engineer",
            "technical",
            "hardware",
            "equipment",
            "logistic",
            "supplier",
            "field",
            "build",
        ),
    ),
    Dimension(
        "investigative",
        INTEREST,
        gettext_lazy("Investigative"),
        "I",
        gettext_lazy(
            "You enjoy analysing problems, researching and working out why things happen."
        ),
        gettext_lazy(
            "Analysis, research, data, quality and product or engineering problem-solving."
        ),
        ("analy", "research", "data", "engineer", "science", "quality", "product", "troubleshoot"),
    ),
    Dimension(
        "artistic",
        INTEREST,
        gettext_lazy("Artistic"),
        "A",
        gettext_lazy(
            "You enjoy creating things, expressing ideas and work without one right answer."
        ),
        gettext_lazy("Design, writing, content, brand and marketing work."),
        (
            "design",
            "marketing",
            "content",
            "brand",
            "creative",
            "writing",
            "communication",
            "market",
        ),
    ),
    Dimension(
        "social",
        INTEREST,
        gettext_lazy("Social"),
        "S",
        gettext_lazy("You enjoy helping, teaching and caring for people."),
        gettext_lazy("Customer support, training, coaching, HR and other people-facing work."),
        ("customer", "people", "training", "coach", "help", "hr", "learning", "service", "care"),
    ),
    Dimension(
        "enterprising",
        INTEREST,
        gettext_lazy("Enterprising"),
        "E",
        gettext_lazy("You enjoy persuading, leading and taking responsibility for results."),
        gettext_lazy("Sales, business development, management and leadership roles."),
        (
            "sales",
            "selling",
            "business",
            "leadership",
            "management",
            "strategy",
            "account",
            "winning",
            "lead",
        ),
    ),
    Dimension(
        "conventional",
        INTEREST,
        gettext_lazy("Conventional"),
        "C",
        gettext_lazy("You enjoy organising information and following clear procedures accurately."),
        gettext_lazy("Finance, administration, operations, records and compliance work."),
        (
            "finance",
            "money",
            "account",
            "administration",
            "record",
            "process",
            "compliance",
            "payroll",
            "operation",
        ),
    ),
)
BY_KEY: dict[str, Dimension] = {dimension.key: dimension for dimension in DIMENSIONS}

# Statements alternate between interests and values so neither comes in a block.
_STATEMENTS: tuple[tuple[str, StrOrPromise], ...] = (
    (
        "realistic",
        gettext_lazy("I enjoy practical, hands-on work with tools, equipment or physical things."),
    ),
    ("achievement", gettext_lazy("I want work where I can use my strongest abilities.")),
    ("investigative", gettext_lazy("I enjoy analysing a problem to work out why it happens.")),
    ("independence", gettext_lazy("I prefer to decide for myself how to do my work.")),
    (
        "artistic",
        gettext_lazy("I enjoy creating things: writing, designing or coming up with new ideas."),
    ),
    ("recognition", gettext_lazy("It matters to me that my work is noticed and appreciated.")),
    ("social", gettext_lazy("I enjoy helping people solve their problems or learn something new.")),
    ("relationships", gettext_lazy("I want to work with friendly colleagues who help each other.")),
    ("enterprising", gettext_lazy("I enjoy persuading people and winning them over to an idea.")),
    ("support", gettext_lazy("I want a manager who backs me up and makes sure I am well trained.")),
    (
        "conventional",
        gettext_lazy("I enjoy keeping information, records or processes well organised."),
    ),
    (
        "working_conditions",
        gettext_lazy("Job security and fair pay are among the most important things to me."),
    ),
    ("social", gettext_lazy("I like explaining, teaching or coaching others.")),
    (
        "independence",
        gettext_lazy("I like working on my own initiative without close supervision."),
    ),
    (
        "conventional",
        gettext_lazy("I like work with clear procedures where accuracy and detail matter."),
    ),
    (
        "achievement",
        gettext_lazy(
            "Seeing the concrete results of my work gives me a real sense of achievement."
        ),
    ),
    ("enterprising", gettext_lazy("I like taking the lead and being responsible for the results.")),
    (
        "recognition",
        gettext_lazy("I want a job with clear chances of promotion and of leading others."),
    ),
    ("realistic", gettext_lazy("I like tasks that end in something concrete I can see or touch.")),
    (
        "relationships",
        gettext_lazy("Being able to do things for other people matters to me at work."),
    ),
    (
        "artistic",
        gettext_lazy("I like work where I can express myself and there is no single right answer."),
    ),
    (
        "support",
        gettext_lazy(
            "It is important to me that my employer treats people fairly and consistently."
        ),
    ),
    ("investigative", gettext_lazy("I like researching a question in depth before deciding.")),
    (
        "working_conditions",
        gettext_lazy("I want good working conditions and a steady, varied workload."),
    ),
)
QUESTIONS: tuple[Question, ...] = tuple(
    Question(f"q{number:02d}", number, text, dimension)
    for number, (dimension, text) in enumerate(_STATEMENTS, start=1)
)


class FamilyLike(Protocol):
    name: str
    description: str


def _round_half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def unanswered(answers: Mapping[str, object]) -> list[Question]:
    """The questions without a valid answer (1-5), in the order they are asked."""
    return [q for q in QUESTIONS if answers.get(q.key) not in range(LOWEST, HIGHEST + 1)]


def score(answers: Mapping[str, int]) -> dict[str, int]:
    """Every dimension's score, 0-100. All questions must be answered (see ``unanswered``)."""
    missing = unanswered(answers)
    if missing:
        raise ValueError(f"Unanswered questions: {', '.join(q.key for q in missing)}")
    scores: dict[str, int] = {}
    for dimension in DIMENSIONS:
        given = [answers[q.key] for q in QUESTIONS if q.dimension == dimension.key]
        floor, span = LOWEST * len(given), (HIGHEST - LOWEST) * len(given)
        scores[dimension.key] = _round_half_up(100 * (sum(given) - floor), span)
    return scores


@dataclass(frozen=True, slots=True)
class DimensionScore:
    """One dimension of one result, with the earlier result's score when there is one."""

    dimension: Dimension
    score: int
    previous: int | None = None

    @property
    def bar(self) -> int:
        """The score to the nearest 5, for the CSS meter classes (meter__fill--0..100)."""
        return 5 * _round_half_up(self.score, 5)

    @property
    def previous_bar(self) -> int | None:
        return None if self.previous is None else 5 * _round_half_up(self.previous, 5)

    @property
    def delta(self) -> int | None:
        return None if self.previous is None else self.score - self.previous

    @property
    def delta_text(self) -> str:
        if self.delta is None:
            return ""
        if self.delta == 0:
            return _("no change")
        return f"+{self.delta}" if self.delta > 0 else f"\u2212{-self.delta}"

    @property
    def delta_words(self) -> str:
        if not self.delta:
            return _("no change")
        if self.delta > 0:
            return ngettext("up %(points)s point", "up %(points)s points", self.delta) % {
                "points": self.delta
            }
        return ngettext("down %(points)s point", "down %(points)s points", -self.delta) % {
            "points": -self.delta
        }


@dataclass(frozen=True, slots=True)
class Profile:
    values: list[DimensionScore]
    interests: list[DimensionScore]
    has_previous: bool

    @property
    def groups(self) -> list[tuple[str, list[DimensionScore]]]:
        return [(_("Work values"), self.values), (_("Interests"), self.interests)]

    @property
    def ranked_values(self) -> list[DimensionScore]:
        # sorted() is stable: ties keep the order the dimensions are listed in.
        return sorted(self.values, key=lambda row: -row.score)

    @property
    def ranked_interests(self) -> list[DimensionScore]:
        return sorted(self.interests, key=lambda row: -row.score)

    @property
    def top_values(self) -> list[DimensionScore]:
        return self.ranked_values[:TOP_VALUES]

    @property
    def top_interests(self) -> list[DimensionScore]:
        return self.ranked_interests[:CODE_LENGTH]

    @property
    def code(self) -> str:
        return "".join(row.dimension.letter for row in self.top_interests)

    @property
    def changes(self) -> list[DimensionScore]:
        return [row for row in [*self.values, *self.interests] if row.delta]


def profile(scores: Mapping[str, int], previous: Mapping[str, int] | None = None) -> Profile:
    """A result's scores ready to show; dimensions missing from a stored result are skipped."""
    rows = [
        DimensionScore(
            dimension,
            int(scores[dimension.key]),
            None
            if previous is None or dimension.key not in previous
            else int(previous[dimension.key]),
        )
        for dimension in DIMENSIONS
        if dimension.key in scores
    ]
    return Profile(
        values=[row for row in rows if row.dimension.kind == VALUE],
        interests=[row for row in rows if row.dimension.kind == INTEREST],
        has_previous=previous is not None,
    )


@dataclass(frozen=True, slots=True)
class Suggestion:
    dimension: Dimension
    families: list[str]


def _mentions(dimension: Dimension, text: str) -> bool:
    words = "|".join(re.escape(keyword) for keyword in dimension.keywords)
    return re.search(rf"\b(?:{words})", text, flags=re.IGNORECASE) is not None


def suggestions(result: Profile, families: Iterable[FamilyLike]) -> list[Suggestion]:
    """For each top interest, the job families whose name or description mention that work."""
    families = list(families)
    return [
        Suggestion(
            row.dimension,
            [f.name for f in families if _mentions(row.dimension, f"{f.name} {f.description}")],
        )
        for row in result.top_interests
    ]
