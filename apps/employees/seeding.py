"""Builds the demo organisation of ``demo.py``, and a large generated one for benchmarks.

Everything is keyed by natural keys (skill name, role title, department name, work email,
(employee, skill) for ratings), so running it again adds only what is missing. Each phase runs
in its own transaction.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import import_module
from itertools import batched

from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Exists, Model, OuterRef
from django.db.models.functions import Lower
from django.utils import timezone

from apps.accounts.models import HR_GROUP, User
from apps.employees import demo
from apps.employees.models import (
    Department,
    Employee,
    RatingSource,
    SkillRating,
    SkillRatingHistory,
)
from apps.employees.services import employee_create
from apps.roles.models import JobFamily, Role, RoleRequirement, RoleTransition, Track
from apps.skills.models import Skill, SkillCategory

Log = Callable[[str], None]
BATCH_SIZE = 5000
LOGINS = (demo.EMPLOYEE_LOGIN, demo.MANAGER_LOGIN, demo.DIRECTOR_LOGIN, demo.HR_LOGIN)
# Self ratings land around the role's required level, a little more often below it.
SELF_OFFSETS = (-2, -1, -1, 0, 0, 0, 1)
MANAGER_OFFSETS = (-1, 0, 0, 0, 1)


def _quiet(message: str) -> None:
    pass


# ---------------------------------------------------------------------------------------------
# The demo organisation.


def demo_seed(*, log: Log = _quiet) -> bool:
    """Load the demo organisation; returns False (and does nothing) when it is already there."""
    if demo_is_complete():
        log(f"The demo organisation already exists ({len(demo.PEOPLE)} people): nothing to add.")
        return False
    log(f"Catalogue: {_describe(catalogue_seed())}")
    log(f"People: {_describe(demo_people_seed())}")
    log(f"Ratings: {demo_ratings_seed()} new skill ratings")
    return True


def app_demo_seeds() -> list[Callable[..., object]]:
    """``demo_seed`` of every installed app (other than this one) that has a ``seeding`` module."""
    seeds = []
    for config in django_apps.get_app_configs():
        if config.name == __name__.rsplit(".", 1)[0]:
            continue
        try:
            module = import_module(f"{config.name}.seeding")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.seeding":
                raise
            continue
        if seed := getattr(module, "demo_seed", None):
            seeds.append(seed)
    return seeds


def demo_is_complete() -> bool:
    emails = [person.work_email for person in demo.PEOPLE]
    people = Employee.objects.filter(work_email__in=emails)
    return (
        people.count() == len(emails)
        and not people.filter(ratings__isnull=True).exists()
        and User.objects.filter(email__in=[*LOGINS, demo.ADMIN_LOGIN]).count() == len(LOGINS) + 1
        and Role.objects.filter(title__in=[r.title for r in demo.ROLES]).count() == len(demo.ROLES)
        and Skill.objects.filter(name__in=[s.name for s in demo.SKILLS]).count() == len(demo.SKILLS)
    )


def _describe(created: Counter[str]) -> str:
    return ", ".join(f"{count} {name}" for name, count in created.items()) or "nothing new"


# ---------------------------------------------------------------------------------------------
# Catalogue: skills, job families, roles, requirements, transitions.
# Each step reads what exists by natural key and bulk-inserts only what is missing; rows that
# exist are left as they are (HR may have edited them).


@transaction.atomic
def catalogue_seed() -> Counter[str]:
    """Create whatever part of the skill and role catalogue is missing; returns what was new."""
    created: Counter[str] = Counter()
    categories = _categories_ensure(created)
    skills = _skills_ensure(categories, created)
    roles = _roles_ensure(_families_ensure(created), created)
    _requirements_ensure(roles, skills, created)
    _transitions_ensure(roles, created)
    return created


def _categories_ensure(created: Counter[str]) -> dict[str, SkillCategory]:
    categories: dict[str, SkillCategory] = {}
    for spec in demo.SKILL_CATEGORIES:  # parents come first
        parent = categories[spec.parent] if spec.parent else None
        categories[spec.name], new = SkillCategory.objects.get_or_create(
            name=spec.name, defaults={"parent": parent, "description": spec.description}
        )
        created["skill categories"] += new
    return categories


def _families_ensure(created: Counter[str]) -> dict[str, JobFamily]:
    families: dict[str, JobFamily] = {}
    for name, description in demo.JOB_FAMILIES.items():
        families[name], new = JobFamily.objects.get_or_create(
            name=name, defaults={"description": description}
        )
        created["job families"] += new
    return families


def _skills_ensure(categories: dict[str, SkillCategory], created: Counter[str]) -> dict[str, Skill]:
    names = [spec.name.lower() for spec in demo.SKILLS]
    existing = Skill.objects.annotate(key=Lower("name")).filter(key__in=names)
    known: dict[str, Skill] = {skill.name.lower(): skill for skill in existing}
    new = [
        Skill(name=spec.name, category=categories[spec.category], description=spec.description,
              synonyms=list(spec.synonyms))
        for spec in demo.SKILLS
        if spec.name.lower() not in known
    ]  # fmt: skip
    Skill.objects.bulk_create(new)
    created["skills"] += len(new)
    known |= {skill.name.lower(): skill for skill in new}
    return {spec.name: known[spec.name.lower()] for spec in demo.SKILLS}


def _roles_ensure(families: dict[str, JobFamily], created: Counter[str]) -> dict[str, Role]:
    titles = [spec.title.lower() for spec in demo.ROLES]
    existing = Role.objects.annotate(key=Lower("title")).filter(key__in=titles)
    known: dict[str, Role] = {role.title.lower(): role for role in existing}
    new = [_role(spec, families) for spec in demo.ROLES if spec.title.lower() not in known]
    Role.objects.bulk_create(new)
    created["roles"] += len(new)
    known |= {role.title.lower(): role for role in new}
    return {spec.title: known[spec.title.lower()] for spec in demo.ROLES}


def _role(spec: demo.RoleSpec, families: dict[str, JobFamily]) -> Role:
    return Role(
        title=spec.title,
        family=families[spec.family],
        level=spec.level,
        track=spec.track,
        summary=spec.summary,
        responsibilities="\n".join(spec.responsibilities),
        is_key_position=spec.is_key_position,
    )


def _requirements_ensure(
    roles: dict[str, Role], skills: dict[str, Skill], created: Counter[str]
) -> None:
    have = set(
        RoleRequirement.objects.filter(role__in=roles.values()).values_list("role_id", "skill_id")
    )
    new = [
        RoleRequirement(role=roles[spec.title], skill=skills[req.skill],
                        required_level=req.level, importance=req.importance, weight=req.weight)
        for spec in demo.ROLES
        for req in spec.requirements
        if (roles[spec.title].pk, skills[req.skill].pk) not in have
    ]  # fmt: skip
    RoleRequirement.objects.bulk_create(new)
    created["role requirements"] += len(new)


def _transitions_ensure(roles: dict[str, Role], created: Counter[str]) -> None:
    have = set(
        RoleTransition.objects.filter(from_role__in=roles.values()).values_list(
            "from_role_id", "to_role_id"
        )
    )
    new = [
        RoleTransition(from_role=roles[spec.from_role], to_role=roles[spec.to_role],
                       kind=spec.kind, typical_months=spec.typical_months)
        for spec in demo.TRANSITIONS
        if (roles[spec.from_role].pk, roles[spec.to_role].pk) not in have
    ]  # fmt: skip
    RoleTransition.objects.bulk_create(new)
    created["role transitions"] += len(new)


# ---------------------------------------------------------------------------------------------
# People, departments and the demo logins.


@transaction.atomic
def demo_people_seed() -> Counter[str]:
    """Create the missing demo people (through ``employee_create``, so paths are right)."""
    created: Counter[str] = Counter()
    departments = _departments_ensure(created)
    roles = {role.title: role for role in Role.objects.filter(title__in=_role_titles())}
    people: dict[str, Employee] = {}
    for spec in demo.PEOPLE:
        manager = people[spec.manager] if spec.manager else None
        people[spec.name] = _person_ensure(
            spec, manager=manager, role=roles[spec.role],
            department=departments[spec.department], created=created,
        )  # fmt: skip
    for name, department in departments.items():
        head = people[demo.DEPARTMENTS[name]]
        Department.objects.filter(pk=department.pk, head=None).update(head=head)
    _hr_ensure(people)
    _admin_ensure(created)
    return created


def _role_titles() -> list[str]:
    return [spec.title for spec in demo.ROLES]


def _departments_ensure(created: Counter[str]) -> dict[str, Department]:
    departments: dict[str, Department] = {}
    for name in demo.DEPARTMENTS:
        departments[name], new = Department.objects.get_or_create(name=name)
        created["departments"] += new
    return departments


def _person_ensure(
    spec: demo.PersonSpec,
    *,
    manager: Employee | None,
    role: Role,
    department: Department,
    created: Counter[str],
) -> Employee:
    user = _login_ensure(spec, created) if spec.login else None
    existing = Employee.objects.filter(work_email__iexact=spec.work_email).first()
    if existing is not None:
        if user is not None and existing.user_id is None:
            Employee.objects.filter(pk=existing.pk).update(user=user)
        return existing
    created["employees"] += 1
    return employee_create(
        full_name=spec.name,
        work_email=spec.work_email,
        manager=manager,
        user=user,
        department=department,
        current_role=role,
        hire_date=spec.hired,
        location=spec.location,
        timezone=spec.timezone,
    )


def _login_ensure(spec: demo.PersonSpec, created: Counter[str]) -> User:
    assert spec.login is not None
    user = User.objects.filter(email__iexact=spec.login).first()
    if user is None:
        user = User.objects.create_user(
            spec.login, demo.DEMO_PASSWORD, name=spec.name, timezone=spec.timezone
        )
        created["logins"] += 1
    return user


def _hr_ensure(people: dict[str, Employee]) -> None:
    hr_person = next(spec for spec in demo.PEOPLE if spec.login == demo.HR_LOGIN)
    user = people[hr_person.name].user or User.objects.get(email__iexact=demo.HR_LOGIN)
    user.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])


def _admin_ensure(created: Counter[str]) -> None:
    if not User.objects.filter(email__iexact=demo.ADMIN_LOGIN).exists():
        User.objects.create_superuser(demo.ADMIN_LOGIN, demo.DEMO_PASSWORD, name="Demo Admin")
        created["logins"] += 1


# ---------------------------------------------------------------------------------------------
# Skill ratings: bulk-created together with their history rows.


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


@transaction.atomic
def demo_ratings_seed() -> int:
    """Rate the demo people's skills, skipping any (employee, skill) already rated."""
    people = Employee.objects.filter(
        work_email__in=[person.work_email for person in demo.PEOPLE]
    ).select_related("manager")
    generator = RatingGenerator(per_person=0, extra=2, manager_share=0.75)
    rated = set(
        SkillRating.objects.filter(employee__in=people).values_list("employee_id", "skill_id")
    )
    drafts = [
        draft
        for employee in people
        for draft in generator.drafts(_demo_rater(employee), _worked_example_levels(employee))
        if (draft.employee_id, draft.skill_id) not in rated
    ]
    return ratings_bulk_create(drafts)


def _demo_rater(employee: Employee) -> Rater:
    manager = employee.manager
    return Rater(
        employee_id=employee.pk,
        seed=employee.work_email,
        role_id=employee.current_role_id,
        self_by_id=employee.user_id,
        manager_by_id=manager.user_id if manager else None,
        has_manager=manager is not None,
    )


def _worked_example_levels(employee: Employee) -> dict[int, tuple[int, int | None]] | None:
    """Maya's ratings are written out in demo.py; everyone else's are generated."""
    if employee.work_email != demo.WORKED_EXAMPLE_EMPLOYEE:
        return None
    ids = dict(Skill.objects.filter(name__in=demo.WORKED_EXAMPLE_RATINGS).values_list("name", "pk"))
    return {ids[name]: levels for name, levels in demo.WORKED_EXAMPLE_RATINGS.items()}


# ---------------------------------------------------------------------------------------------
# The large generated organisation (benchmarks): bulk inserts, paths computed in Python.

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
    return f"person{index:06d}@{demo.LARGE_DOMAIN}"


def large_org_seed(*, employees: int, log: Log = _quiet) -> int:
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
    rows = Employee.objects.filter(work_email__endswith=f"@{demo.LARGE_DOMAIN}").values_list(
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
        ceo = Employee.objects.get(work_email=demo.PEOPLE[0].work_email)
        self.ceo = Node(ceo.pk, ceo.path, ceo.depth, ceo.department_id)
        self.departments = list(Department.objects.filter(name__in=demo.DEPARTMENTS).order_by("pk"))
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
        location = rng.choice(list(demo.LOCATIONS))
        return Employee(
            id=pk, path=node.path, depth=node.depth, manager_id=above.id,
            full_name=_large_name(slot.index), work_email=large_email(slot.index),
            department_id=department_id,
            current_role=self.roles.pick(
                rng, department_id, slot, has_reports=slot.index in self.managers
            ),
            hire_date=self.today - timedelta(days=rng.randint(30, 12 * 365)),
            location=location, timezone=demo.LOCATIONS[location],
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
        departments = Department.objects.filter(name__in=demo.DEPARTMENT_FAMILY)
        self.family_of = {d.pk: demo.DEPARTMENT_FAMILY[d.name] for d in departments}
        self.managers: dict[str, list[Role]] = {}
        self.individuals: dict[str, list[Role]] = {}
        roles = Role.objects.filter(is_key_position=False, title__in=_role_titles())
        for role in roles.select_related("family").order_by("level", "title"):
            pool = self.managers if role.track == Track.MANAGER else self.individuals
            pool.setdefault(role.family.name, []).append(role)

    def pick(self, rng: random.Random, department_id: int | None, slot: Slot, *,
             has_reports: bool) -> Role:  # fmt: skip
        family = self.family_of.get(department_id or 0, demo.CUSTOMER_SUPPORT)
        if has_reports:
            managers = self.managers[family]
            return managers[-1] if slot.level <= 2 else managers[0]
        individuals = self.individuals[family]
        return rng.choices(individuals, weights=[role.level**-1.5 for role in individuals])[0]


def _large_name(index: int) -> str:
    first = demo.FIRST_NAMES[index % len(demo.FIRST_NAMES)]
    last = demo.LAST_NAMES[(index // len(demo.FIRST_NAMES) + index) % len(demo.LAST_NAMES)]
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
        Employee.objects.filter(work_email__endswith=f"@{demo.LARGE_DOMAIN}")
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


# ---------------------------------------------------------------------------------------------


def counts() -> dict[str, int]:
    """How many of each thing the database holds, for the command's summary."""
    models: dict[str, type[Model]] = {
        "departments": Department,
        "employees": Employee,
        "logins": User,
        "job families": JobFamily,
        "roles": Role,
        "role requirements": RoleRequirement,
        "role transitions": RoleTransition,
        "skill categories": SkillCategory,
        "skills": Skill,
        "skill ratings": SkillRating,
        "rating history": SkillRatingHistory,
    }
    return {name: model._default_manager.count() for name, model in models.items()}
