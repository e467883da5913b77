"""Skill ratings: one row per person, skill and side (self or manager), with the level and
the day it was given.

Each row does what ``employees.services.rating_set`` does for one rating: the current rating
of that side changes (level, timestamp, and for a manager rating who gave it) and the history
grows by one row with the same level, rater and timestamp. It is done in bulk because
``rating_set`` locks and writes one rating at a time (four queries), minutes for 20,000 rows.

- Dates: ``rating_set`` stamps ``timezone.now()``. A row rated today (or with no date) is
  stamped with the time of the write, as the pages would; an earlier day with its noon in the
  site's time zone (``cells.moment_of``). A date in the future is refused.
- Unchanged: the same level on the same day as the current rating (or the same level and no
  date) writes nothing, not even history, so re-running a file changes nothing.
- A rating older than the current one of its side goes into the history only: an old file
  never overwrites a newer rating. Already in the history (same side, level and day), it is
  unchanged.
- The rater of a manager rating: the file's ``rated_by`` (someone with an account), else the
  HR user who confirms the import, as the audit log names them. A self rating is the person's
  own (their account, if they have one).
- One row per person, skill and side in a file; a history of several dates for the same
  rating is not read from one file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.employees.models import RatingSource, SkillRating, SkillRatingHistory
from apps.imports.kinds.base import Column, Kind, Plan, Progress
from apps.imports.kinds.cells import (
    PersonLookup,
    PersonRef,
    RowReader,
    SkillLookup,
    add_sample,
    cell_choice,
    cell_level,
    cell_past_date,
    level_scale,
    local_day,
    moment_of,
)
from careermap.tabular import Row, Table

BATCH = 5000
LEVELS = level_scale(SkillRating, "self_level")
# The fields each side of a current rating keeps (rating_set writes the same ones).
SIDE_FIELDS = {
    RatingSource.SELF: ("self_level", "self_rated_at"),
    RatingSource.MANAGER: ("manager_level", "manager_rated_at", "manager_rated_by"),
}
HISTORY_ONLY = "older than the current rating: history only"
NO_ACCOUNT = gettext_lazy(
    "%(name)s has no CareerMap account yet, so cannot be recorded as the rater: invite them "
    "first, or leave this blank (the rating is then recorded as given by whoever confirms the "
    "import)."
)
# A second rating of one side in the file, one sentence per side.
TWICE = {
    RatingSource.SELF: gettext_lazy(
        "Row %(row)s already gives %(person)s's self rating of %(skill)s."
    ),
    RatingSource.MANAGER: gettext_lazy(
        "Row %(row)s already gives %(person)s's manager rating of %(skill)s."
    ),
}


@dataclass(frozen=True, slots=True)
class RatingRow:
    row: int
    person: PersonRef
    skill: tuple[int, str]  # (id, name)
    source: str
    level: int
    day: date | None
    rater_id: int | None  # a user; None for a manager rating: whoever confirms the import


@dataclass
class RatingChanges:
    current: list[RatingRow] = field(default_factory=list)  # new or changed current ratings
    history_only: list[RatingRow] = field(default_factory=list)


Side = tuple[int, datetime]  # a current rating's level and when it was given
HistoryKey = tuple[int, int, str, int, date]  # employee, skill, source, level, day


def _current(employee_ids: set[int]) -> dict[tuple[int, int, str], Side]:
    """The current ratings of these people, by (employee, skill, side): one query."""
    rows = SkillRating.objects.filter(employee_id__in=employee_ids).values_list(
        "employee_id", "skill_id", "self_level", "self_rated_at", "manager_level",
        "manager_rated_at",
    )  # fmt: skip
    sides: dict[tuple[int, int, str], Side] = {}
    for employee, skill, self_level, self_at, manager_level, manager_at in rows.iterator(5000):
        if self_level is not None and self_at is not None:
            sides[employee, skill, RatingSource.SELF] = (self_level, self_at)
        if manager_level is not None and manager_at is not None:
            sides[employee, skill, RatingSource.MANAGER] = (manager_level, manager_at)
    return sides


def _history(rows: list[RatingRow]) -> set[HistoryKey]:
    """The history entries the rows could repeat, by day: one query."""
    if not rows:
        return set()
    entries = SkillRatingHistory.objects.filter(
        employee_id__in={row.person.id for row in rows},
        skill_id__in={row.skill[0] for row in rows},
    ).values_list("employee_id", "skill_id", "source", "level", "rated_at")
    return {(e, s, source, level, local_day(at)) for e, s, source, level, at in entries}


def _history_key(row: RatingRow, day: date) -> HistoryKey:
    return (row.person.id, row.skill[0], row.source, row.level, day)


class RatingFile:
    """Planning one file: the people, skills and raters it names, and their current ratings."""

    def __init__(self, source: Table) -> None:
        self.plan = Plan(changes=RatingChanges())
        references = (row.get(column) for row in source.rows for column in ("employee", "rated_by"))
        self.people, self.skills = PersonLookup(references), SkillLookup()
        self.rows_by_rating: dict[tuple[int, int, str], int] = {}

    def run(self, source: Table, progress: Progress) -> Plan:
        progress.phase(_("Checking the ratings"), len(source.rows))
        rows = []
        for row in source.rows:
            read = self._read(row)
            if read is not None:
                rows.append(read)
            progress.advance()
        self._count(rows)
        return self.plan

    def _read(self, row: Row) -> RatingRow | None:
        cells = RowReader(self.plan, row)
        person = cells.required(
            "employee",
            _("Give the person's external id or work email: this column cannot be blank."),
            self.people.find,
        )
        skill = cells.required(
            "skill", _("Give the skill: this column cannot be blank."), self.skills.find
        )
        source = cells.required(
            "source", _("Give the source (self or manager): this column cannot be blank."), _source
        )
        level = cells.required("level", _("Give the level: this column cannot be blank."), _level)
        day = cells.take("rated_on", cell_past_date)
        rater = cells.take("rated_by", self._rater)
        if person is None or skill is None or source is None or level is None or not cells.ok:
            return None
        rater_id = self._rater_id(cells, source, person, rater)
        if not cells.ok:
            return None
        first = self.rows_by_rating.setdefault((person.id, skill[0], source), row.number)
        if first != row.number:
            twice = {"row": first, "person": person.full_name, "skill": skill[1]}
            cells.refuse("skill", str(TWICE[RatingSource(source)]) % twice)
            return None
        return RatingRow(row.number, person, skill, source, level, day, rater_id)

    def _rater_id(
        self, cells: RowReader, source: str, person: PersonRef, rater: PersonRef | None
    ) -> int | None:
        """Who gave the rating: a self rating is the person's own; a manager rating's rater is
        the file's (someone who can sign in), or (``None``) whoever confirms the import."""
        if source == RatingSource.SELF:
            if rater is not None and rater != person:
                cells.refuse("rated_by", _("A self rating is the person's own: leave this blank."))
            return person.user_id
        if rater is not None and rater.user_id is None:
            cells.refuse("rated_by", str(NO_ACCOUNT) % {"name": rater.full_name})
        return rater.user_id if rater else None

    def _rater(self, text: str) -> PersonRef | None:
        return self.people.find(text) if text else None

    def _count(self, rows: list[RatingRow]) -> None:
        current = _current({row.person.id for row in rows})
        older: list[tuple[RatingRow, date]] = []
        for row in rows:
            side = current.get((row.person.id, row.skill[0], row.source))
            if side is None:
                self._take(row, "create")
            elif _same(row, side):
                self.plan.unchanged += 1
            elif row.day is not None and row.day < local_day(side[1]):
                older.append((row, row.day))
            else:
                self._take(row, "update")
        history = _history([row for row, _ in older])
        for row, day in older:
            if _history_key(row, day) in history:
                self.plan.unchanged += 1
            else:
                self._take(row, HISTORY_ONLY)

    def _take(self, row: RatingRow, action: str) -> None:
        plan, changes = self.plan, self.plan.changes
        if action == HISTORY_ONLY:
            changes.history_only.append(row)
            plan.extra[HISTORY_ONLY] = plan.extra.get(HISTORY_ONLY, 0) + 1
        else:
            changes.current.append(row)
            if action == "create":
                plan.create += 1
            else:
                plan.update += 1
        when = row.day.isoformat() if row.day else _("today")
        add_sample(plan, action, f"{row.person.full_name}: {row.skill[1]} {row.level} "
                   f"({row.source}, {when})")  # fmt: skip


def _same(row: RatingRow, side: Side) -> bool:
    """The row repeats the current rating: the same level, on the same day (or no day)."""
    level, at = side
    return row.level == level and (row.day is None or row.day == local_day(at))


class RatingsKind(Kind):
    key = "ratings"
    label = gettext_lazy("Skill ratings")
    description = gettext_lazy(
        "One row per person, skill and source: a self or manager rating from 0 (None) to 5 "
        "(Expert) and the day it was given. Each new rating becomes the current one and is "
        "added to the person's rating history; a rating equal to the current one changes "
        "nothing, and one older than the current one is added to the history only."
    )
    columns = (
        Column(
            "employee",
            gettext_lazy("The person's external id (from the HR system) or work email."),
            "E1024",
            required=True,
        ),
        Column(
            "skill", gettext_lazy("A skill's name or one of its synonyms."), "SQL", required=True
        ),
        Column(
            "source",
            gettext_lazy("self (the person's own rating) or manager."),
            "manager",
            required=True,
        ),
        Column("level", gettext_lazy("0 (None) to 5 (Expert)."), "3", required=True),
        Column(
            "rated_on",
            gettext_lazy(
                "Optional: the day of the rating, YYYY-MM-DD (or a date cell); "
                "blank is today. Not in the future."
            ),
            "2025-03-14",
        ),
        Column(
            "rated_by",
            gettext_lazy(
                "Optional, manager ratings only: the rater's external id or work "
                "email (they need a CareerMap account). Blank records you, who confirm the "
                "import, as the rater."
            ),
            "ada@example.com",
        ),
    )

    def plan(
        self, source: Table, *, options: dict[str, Any], full_sync: bool, progress: Progress
    ) -> Plan:
        return RatingFile(source).run(source, progress)

    def apply(self, plan: Plan, *, actor: Any, options: dict[str, Any], progress: Progress) -> None:
        changes: RatingChanges = plan.changes
        now, actor_id = timezone.now(), getattr(actor, "pk", None)
        progress.phase(_("Writing the ratings"), len(changes.current) + len(changes.history_only))
        for source, side_fields in SIDE_FIELDS.items():
            rows = [row for row in changes.current if row.source == source]
            _upsert([_rating(row, now, actor_id) for row in rows], side_fields)
            progress.advance(len(rows))
        SkillRatingHistory.objects.bulk_create(
            [_entry(row, now, actor_id) for row in [*changes.current, *changes.history_only]],
            batch_size=BATCH,
        )
        progress.advance(len(changes.history_only))


def _upsert(ratings: list[SkillRating], side_fields: tuple[str, ...]) -> None:
    """Insert the ratings, or on an existing (employee, skill) set only this side's fields:
    the other side stays as it is, as ``rating_set`` leaves it."""
    SkillRating.objects.bulk_create(
        ratings,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["employee", "skill"],
        update_fields=list(side_fields),
    )


def _rater_id(row: RatingRow, actor_id: int | None) -> int | None:
    return row.rater_id if row.source == RatingSource.SELF else row.rater_id or actor_id


def _rating(row: RatingRow, now: datetime, actor_id: int | None) -> SkillRating:
    rating = SkillRating(employee_id=row.person.id, skill_id=row.skill[0])
    moment = moment_of(row.day, now)
    if row.source == RatingSource.SELF:
        rating.self_level, rating.self_rated_at = row.level, moment
    else:
        rating.manager_level, rating.manager_rated_at = row.level, moment
        rating.manager_rated_by_id = _rater_id(row, actor_id)
    return rating


def _entry(row: RatingRow, now: datetime, actor_id: int | None) -> SkillRatingHistory:
    return SkillRatingHistory(
        employee_id=row.person.id,
        skill_id=row.skill[0],
        source=row.source,
        level=row.level,
        rated_by_id=_rater_id(row, actor_id),
        rated_at=moment_of(row.day, now),
    )


def _source(text: str) -> str | None:
    return cell_choice(text, RatingSource, _("“%(text)s” is not a source: use %(names)s."))


def _level(text: str) -> int | None:
    return cell_level(text, LEVELS)


KIND = RatingsKind()
