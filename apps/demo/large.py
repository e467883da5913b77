"""The large generated organisation for benchmarks (``seed_demo --employees N``): people
``person000001`` .. ``personN`` under the demo CEO, six to eight levels deep, with about eight
skill ratings each. Bulk inserts, reporting paths computed in Python, ratings through COPY."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import batched

from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from apps.demo import data
from apps.demo.catalogue import role_titles
from apps.demo.ratings import Rater, RatingGenerator, ratings_bulk_create
from apps.demo.seeding import Log, quiet
from apps.employees.models import Department, Employee, SkillRating
from apps.roles.models import Role, Track

BATCH_SIZE = 5000
LARGE_TOP = 5  # one branch per department under the CEO
LARGE_LEVELS = 7  # generated people sit at depth 1-7 below the CEO
RATINGS_PER_PERSON = 8


@dataclass(frozen=True)
class Slot:
    """One generated person's place in the tree; ``index`` is the number in their email."""

    index: int
    level: int
    manager: int | None  # the manager's slot index; None means the demo CEO
    branch: int  # which top-level slot this one descends from


@dataclass(frozen=True)
class Node:
    """An employee row as far as building the tree below it needs."""

    id: int
    path: str
    depth: int
    department_id: int | None


def large_layout(total: int, *, top: int = LARGE_TOP, levels: int = LARGE_LEVELS
                 ) -> list[list[Slot]]:  # fmt: skip
    """Slots level by level: sizes grow geometrically so the tree is ``levels`` deep, and each
    level's people are spread round-robin over the managers in the level above."""
    layout: list[list[Slot]] = []
    index = 0
    for level, size in enumerate(_level_sizes(total, top, levels), start=1):
        above = layout[-1] if layout else []
        slots = []
        for position in range(size):
            index += 1
            manager = above[position % len(above)] if above else None
            branch = manager.branch if manager else position
            slots.append(Slot(index, level, manager.index if manager else None, branch))
        layout.append(slots)
    return layout


def _level_sizes(total: int, top: int, levels: int) -> list[int]:
    if total <= top:
        return [total] if total else []
    ratio = _growth_ratio(total, top, levels)
    sizes = [max(1, round(top * ratio**k)) for k in range(levels - 1)]
    while sizes and sum(sizes) >= total:
        sizes.pop()
    return [*sizes, total - sum(sizes)]


def _growth_ratio(total: int, top: int, levels: int) -> float:
    """The r for which top + top*r + ... + top*r**(levels-1) == total (bisection)."""
    low, high = 0.01, float(total)
    for _ in range(80):
        middle = (low + high) / 2
        if sum(top * middle**k for k in range(levels)) < total:
            low = middle
        else:
            high = middle
    return low


def large_email(index: int) -> str:
    return f"person{index:06d}@{data.LARGE_DOMAIN}"


def large_org_seed(*, employees: int, log: Log = quiet) -> int:
    """Add generated people ``person000001`` .. ``personN`` under the demo CEO.

    Only the missing ones are created, so a second run with the same N adds nothing. Returns
    how many people were added.
    """
    started = time.monotonic()

    def timed(message: str) -> None:
        log(f"[{time.monotonic() - started:5.1f}s] {message}")

    added = _large_people_seed(employees, timed)
    rated = _large_ratings_seed(timed)
    timed(f"Large organisation: {added} people and {rated} ratings added")
    return added


@transaction.atomic
def _large_people_seed(total: int, log: Log) -> int:
    nodes = _large_nodes()
    missing = sum(1 for index in range(1, total + 1) if index not in nodes)
    if not missing:
        log(f"The large organisation already has {total} generated people: nothing to add.")
        return 0
    layout = large_layout(total)
    builder = _LargeBuilder(nodes, managers={slot.manager for level in layout for slot in level})
    for slots in layout:
        created = builder.create_level(slots)
        log(f"  level {slots[0].level}: {created} people added ({len(slots)} in the layout)")
    return missing


def _large_nodes() -> dict[int, Node]:
    rows = Employee.objects.filter(work_email__endswith=f"@{data.LARGE_DOMAIN}").values_list(
        "work_email", "id", "path", "depth", "department_id"
    )
    return {
        int(email.split("@")[0].removeprefix("person")): Node(pk, path, depth, department)
        for email, pk, path, depth, department in rows
    }


class _LargeBuilder:
    """Creates generated people one level at a time, top-down, so every manager's path is
    known before their reports are inserted: ids are taken from the sequence first, so each
    row is inserted once, with its final path."""

    def __init__(self, nodes: dict[int, Node], *, managers: set[int | None]) -> None:
        self.nodes, self.managers = nodes, managers
        ceo = Employee.objects.get(work_email=data.PEOPLE[0].work_email)
        self.ceo = Node(ceo.pk, ceo.path, ceo.depth, ceo.department_id)
        self.departments = list(Department.objects.filter(name__in=data.DEPARTMENTS).order_by("pk"))
        self.roles = _LargeRoles()
        self.today = date.today()

    def create_level(self, slots: Sequence[Slot]) -> int:
        new = [slot for slot in slots if slot.index not in self.nodes]
        rows = [self._row(slot, pk) for slot, pk in zip(new, _next_ids(len(new)), strict=True)]
        Employee.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        return len(rows)

    def _row(self, slot: Slot, pk: int) -> Employee:
        above = self.nodes[slot.manager] if slot.manager else self.ceo
        department_id = self._department_id(slot, above)
        node = Node(pk, f"{above.path}{pk}/", above.depth + 1, department_id)
        self.nodes[slot.index] = node
        rng = random.Random(slot.index)  # noqa: S311 - demo data, not secrets
        location = rng.choice(list(data.LOCATIONS))
        return Employee(
            id=pk, path=node.path, depth=node.depth, manager_id=above.id,
            full_name=_large_name(slot.index), work_email=large_email(slot.index),
            department_id=department_id,
            current_role=self.roles.pick(
                rng, department_id, slot, has_reports=slot.index in self.managers
            ),
            hire_date=self.today - timedelta(days=rng.randint(30, 12 * 365)),
            location=location, timezone=data.LOCATIONS[location],
        )  # fmt: skip

    def _department_id(self, slot: Slot, above: Node) -> int | None:
        if slot.manager is None:
            return self.departments[slot.branch % len(self.departments)].pk
        return above.department_id


class _LargeRoles:
    """Roles for generated people from their department's job family: a manager role for
    people with reports (the more senior one near the top), an individual role otherwise,
    junior roles more often than senior ones."""

    def __init__(self) -> None:
        departments = Department.objects.filter(name__in=data.DEPARTMENT_FAMILY)
        self.family_of = {d.pk: data.DEPARTMENT_FAMILY[d.name] for d in departments}
        self.managers: dict[str, list[Role]] = {}
        self.individuals: dict[str, list[Role]] = {}
        roles = Role.objects.filter(is_key_position=False, title__in=role_titles())
        for role in roles.select_related("family").order_by("level", "title"):
            pool = self.managers if role.track == Track.MANAGER else self.individuals
            pool.setdefault(role.family.name, []).append(role)

    def pick(self, rng: random.Random, department_id: int | None, slot: Slot, *,
             has_reports: bool) -> Role:  # fmt: skip
        family = self.family_of.get(department_id or 0, data.CUSTOMER_SUPPORT)
        if has_reports:
            managers = self.managers[family]
            return managers[-1] if slot.level <= 2 else managers[0]
        individuals = self.individuals[family]
        return rng.choices(individuals, weights=[role.level**-1.5 for role in individuals])[0]


def _large_name(index: int) -> str:
    first = data.FIRST_NAMES[index % len(data.FIRST_NAMES)]
    last = data.LAST_NAMES[(index // len(data.FIRST_NAMES) + index) % len(data.LAST_NAMES)]
    return f"{first} {last}"


def _next_ids(count: int) -> list[int]:
    """Reserve ``count`` employee ids from the table's own sequence."""
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Employee._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


@transaction.atomic
def _large_ratings_seed(log: Log) -> int:
    """Rate every generated person who has no ratings yet (about eight skills each)."""
    unrated = (
        Employee.objects.filter(work_email__endswith=f"@{data.LARGE_DOMAIN}")
        .filter(~Exists(SkillRating.objects.filter(employee=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", "work_email", "current_role_id")
    )
    generator = RatingGenerator(per_person=RATINGS_PER_PERSON, extra=0, manager_share=0.6)
    total = 0
    for chunk in batched(list(unrated), BATCH_SIZE):
        total += ratings_bulk_create(
            draft for pk, email, role_id in chunk
            for draft in generator.drafts(Rater(pk, email, role_id, None, None, has_manager=True))
        )  # fmt: skip
        log(f"  ratings: {total} added")
    return total
