"""Skill ratings in bulk: current ratings and their history rows written with COPY, and a
generator of plausible ratings for demo and generated people."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from apps.employees.models import RatingSource, SkillRating, SkillRatingHistory
from apps.roles.models import RoleRequirement
from apps.skills.models import Skill

# Self ratings land around the role's required level, a little more often below it.
SELF_OFFSETS = (-2, -1, -1, 0, 0, 0, 1)
MANAGER_OFFSETS = (-1, 0, 0, 0, 1)


@dataclass(frozen=True)
class RatingDraft:
    employee_id: int
    skill_id: int
    self_level: int
    self_at: datetime
    self_by_id: int | None
    manager_level: int | None = None
    manager_at: datetime | None = None
    manager_by_id: int | None = None


def ratings_bulk_create(drafts: Iterable[RatingDraft]) -> int:
    """Insert current ratings and the matching history rows (one per self or manager rating).

    Uses COPY: for the large organisation it is several times faster than ``bulk_create``,
    which spends most of its time building model instances and SQL.
    """
    ratings: list[tuple[object, ...]] = []
    history: list[tuple[object, ...]] = []
    for draft in drafts:
        ratings.append(_rating_row(draft))
        history.extend(_history_rows(draft))
    _copy(SkillRating, RATING_FIELDS, ratings)
    _copy(SkillRatingHistory, HISTORY_FIELDS, history)
    return len(ratings)


RATING_FIELDS = (
    "employee", "skill", "self_level", "self_rated_at", "manager_level", "manager_rated_at",
    "manager_rated_by", "note",
)  # fmt: skip
HISTORY_FIELDS = ("employee", "skill", "source", "level", "rated_by", "rated_at", "note")


def _rating_row(draft: RatingDraft) -> tuple[object, ...]:
    return (
        draft.employee_id, draft.skill_id, draft.self_level, draft.self_at,
        draft.manager_level, draft.manager_at, draft.manager_by_id, "",
    )  # fmt: skip


def _history_rows(draft: RatingDraft) -> Iterator[tuple[object, ...]]:
    yield (
        draft.employee_id, draft.skill_id, RatingSource.SELF.value, draft.self_level,
        draft.self_by_id, draft.self_at, "",
    )  # fmt: skip
    if draft.manager_level is not None:
        yield (
            draft.employee_id, draft.skill_id, RatingSource.MANAGER.value, draft.manager_level,
            draft.manager_by_id, draft.manager_at, "",
        )  # fmt: skip


def _copy(model: type[Model], fields: Sequence[str], rows: Iterable[tuple[object, ...]]) -> None:
    column_of = {field.name: str(field.column) for field in model._meta.concrete_fields}
    columns = ", ".join(column_of[name] for name in fields)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


@dataclass(frozen=True)
class Rater:
    """What generating one person's ratings needs to know about them."""

    employee_id: int
    seed: str
    role_id: int | None
    self_by_id: int | None
    manager_by_id: int | None
    has_manager: bool


class RatingGenerator:
    """Plausible ratings: self ratings near each required level, some extra skills, and for
    most people a manager rating close to the self rating. Deterministic per person."""

    def __init__(self, *, per_person: int, extra: int, manager_share: float) -> None:
        self.per_person, self.extra, self.manager_share = per_person, extra, manager_share
        self.now = timezone.now()
        self.skill_ids = list(Skill.objects.order_by("pk").values_list("pk", flat=True))
        self.requirements: dict[int, list[tuple[int, int]]] = {}
        for role_id, skill_id, level in RoleRequirement.objects.values_list(
            "role_id", "skill_id", "required_level"
        ):
            self.requirements.setdefault(role_id, []).append((skill_id, level))

    def drafts(self, rater: Rater, levels: dict[int, tuple[int, int | None]] | None = None
               ) -> list[RatingDraft]:  # fmt: skip
        rng = random.Random(rater.seed)  # noqa: S311 - demo data, not secrets
        levels = levels or self._levels(rng, rater)
        return [self._draft(rng, rater, skill_id, *pair) for skill_id, pair in levels.items()]

    def _levels(self, rng: random.Random, rater: Rater) -> dict[int, tuple[int, int | None]]:
        wanted = self.requirements.get(rater.role_id or 0, [])
        levels = {
            skill_id: _clamp(level + rng.choice(SELF_OFFSETS), 1) for skill_id, level in wanted
        }
        count = max(self.per_person, len(levels) + self.extra)
        for skill_id in rng.sample(self.skill_ids, min(count + 8, len(self.skill_ids))):
            if len(levels) >= count:
                break
            levels.setdefault(skill_id, rng.randint(1, 3))
        by_manager = rater.has_manager and rng.random() < self.manager_share
        return {
            skill_id: (
                level,
                _clamp(level + rng.choice(MANAGER_OFFSETS), 0) if by_manager else None,
            )
            for skill_id, level in levels.items()
        }

    def _draft(self, rng: random.Random, rater: Rater, skill_id: int, self_level: int,
               manager_level: int | None) -> RatingDraft:  # fmt: skip
        self_at = self.now - timedelta(days=rng.randint(14, 240), minutes=rng.randint(0, 600))
        manager = manager_level is not None
        return RatingDraft(
            employee_id=rater.employee_id, skill_id=skill_id, self_level=self_level,
            self_at=self_at, self_by_id=rater.self_by_id, manager_level=manager_level,
            manager_at=self_at + timedelta(days=rng.randint(1, 13)) if manager else None,
            manager_by_id=rater.manager_by_id if manager else None,
        )  # fmt: skip


def _clamp(level: int, lowest: int) -> int:
    return max(lowest, min(5, level))
