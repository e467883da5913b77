"""Employees and reporting lines: one row per person, matched by external id, else work email.

The check reads the whole organisation once (three queries whatever the file's size) into
dicts, then works row by row in Python: each row is parsed, matched to a person (or marked
new), and its manager resolved against the file first and CareerMap second. The reporting
lines that would result (the file's rows over everyone else as they are) are then checked as
one graph: no loops, not too deep, nobody reporting to a leaver.

The write is set-based: new departments and people with ``bulk_create`` (ids are reserved from
the sequence first, so a new person can report to another new person), changed people with
``bulk_update`` (only the fields that changed), leavers and accounts in one UPDATE each, and
every ``path``/``depth`` recomputed by ``employee_paths_rebuild``. A person's history (maps,
ratings, invitations) is never touched; leavers are never deleted.

The columns a file leaves out are left as they are; an empty cell in a column the file has
means "none" (no manager: the top of the organisation; no role; no department), UTC for the
time zone and active for the status.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from itertools import batched
from typing import Any, ClassVar
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from apps.accounts.models import User
from apps.employees.models import Department, Employee, EmploymentStatus
from apps.employees.services import employee_paths_rebuild
from apps.imports.kinds.base import Column, Kind, Plan, Progress
from apps.roles.models import Role
from careermap.sql import fetch
from careermap.tabular import Row, Table

BATCH_SIZE = 2000
PROGRESS_EVERY = 500  # rows between two progress reports
# A path spends up to ten characters a level (an id and a slash) of its 2,000: 150 levels fit.
MAX_DEPTH = 150
LOOP_NAMES_SHOWN = 8
SAMPLES = 10
LEFT = EmploymentStatus.LEFT.value

# What each model field is called in the preview ("what changes").
FIELD_LABELS = {
    "full_name": "name",
    "work_email": "email",
    "external_id": "external id",
    "manager": "manager",
    "current_role_id": "role",
    "department": "department",
    "location": "location",
    "hire_date": "hire date",
    "timezone": "time zone",
    "status": "status",
}
# The same fields as the preview's examples name them ("Ana Silva (email, role)").
FIELD_NAMES = {
    "full_name": pgettext_lazy("employee field", "name"),
    "work_email": pgettext_lazy("employee field", "email"),
    "external_id": pgettext_lazy("employee field", "external id"),
    "manager": pgettext_lazy("employee field", "manager"),
    "current_role_id": pgettext_lazy("employee field", "role"),
    "department": pgettext_lazy("employee field", "department"),
    "location": pgettext_lazy("employee field", "location"),
    "hire_date": pgettext_lazy("employee field", "hire date"),
    "timezone": pgettext_lazy("employee field", "time zone"),
    "status": pgettext_lazy("employee field", "status"),
}
# A cell longer than its field, one sentence per field.
TOO_LONG = {
    "external id": gettext_lazy("The external id is longer than %(limit)s characters."),
    "name": gettext_lazy("The name is longer than %(limit)s characters."),
    "location": gettext_lazy("The location is longer than %(limit)s characters."),
    "department name": gettext_lazy("The department name is longer than %(limit)s characters."),
}
# A key a second row of the file has too, by column.
AGAIN = {
    "external_id": gettext_lazy(
        "The external id %(key)s appears again: it is on row %(row)s already."
    ),
    "work_email": gettext_lazy(
        "The work email %(key)s appears again: it is on row %(row)s already."
    ),
}


class Refused(ValueError):
    """A cell we cannot take; ``str()`` is the reason shown beside it."""


# --------------------------------------------------------------------------- the organisation


@dataclass(slots=True)
class Person:
    """An employee as the check needs them: one row of a single query."""

    pk: int
    external_id: str | None
    work_email: str
    full_name: str
    department: int | None
    current_role_id: int | None
    manager: int | None
    location: str
    hire_date: date | None
    timezone: str
    status: str
    user_id: int | None
    user_active: bool | None  # None: no account

    def value(self, name: str) -> Any:
        return getattr(self, name)

    @property
    def label(self) -> str:
        return _("%(name)s (external id %(external_id)s)") % {
            "name": self.full_name,
            "external_id": self.external_id,
        }


PERSON_FIELDS = (
    "pk", "external_id", "work_email", "full_name", "department_id", "current_role_id",
    "manager_id", "location", "hire_date", "timezone", "status", "user_id", "user__is_active",
)  # fmt: skip


@dataclass
class Organisation:
    """Everyone in CareerMap, the departments and the roles, keyed the ways a file names them."""

    people: dict[int, Person]
    by_external_id: dict[str, Person]
    by_email: dict[str, Person]
    departments: dict[str, int]  # lower-case name -> id
    roles: dict[str, int]  # lower-case title -> id

    @classmethod
    def load(cls) -> Organisation:
        people = {
            row[0]: Person(*row) for row in Employee.objects.order_by().values_list(*PERSON_FIELDS)
        }
        return cls(
            people=people,
            by_external_id={p.external_id: p for p in people.values() if p.external_id},
            by_email={p.work_email.lower(): p for p in people.values()},
            departments={
                name.lower(): pk for pk, name in Department.objects.values_list("pk", "name")
            },
            roles={title.lower(): pk for pk, title in Role.objects.values_list("pk", "title")},
        )

    def find(self, key: str) -> Person | None:
        """Whom a manager cell names in CareerMap: an external id, else a work email."""
        return self.by_external_id.get(key) or self.by_email.get(key.lower())


# --------------------------------------------------------------------------- cells


@cache
def _time_zones() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def _statuses() -> dict[str, str]:
    found = {}
    for status in EmploymentStatus:
        found[status.value] = found[str(status.label).lower()] = status.value
    return found


STATUSES = _statuses()


def _text(value: str, limit: int, what: str) -> str:
    if len(value) > limit:
        raise Refused(str(TOO_LONG[what]) % {"limit": limit})
    return value


def parse_email(value: str) -> str:
    if not value:
        raise Refused(_("The work email is missing."))
    try:
        validate_email(value)
    except ValidationError:
        raise Refused(_("“%(value)s” is not an email address.") % {"value": value}) from None
    return value.lower()


def parse_date(value: str) -> date | None:
    """YYYY-MM-DD; a date cell of a workbook arrives in that form already."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        raise Refused(
            _(
                "“%(value)s” is not a date CareerMap can read: write it as YYYY-MM-DD, "
                "e.g. 2021-03-15."
            )
            % {"value": value}
        ) from None


def parse_time_zone(value: str) -> str:
    if not value:
        return "UTC"
    try:
        return _time_zones()[value.lower()]
    except KeyError:
        raise Refused(
            _("“%(value)s” is not a time zone: use an IANA name such as Europe/Lisbon or UTC.")
            % {"value": value}
        ) from None


def parse_status(value: str) -> str:
    if not value:
        return EmploymentStatus.ACTIVE.value
    key = " ".join(value.lower().replace("_", " ").replace("-", " ").split())
    try:
        return STATUSES[key]
    except KeyError:
        raise Refused(
            _("“%(value)s” is not a status: use active, on leave or left.") % {"value": value}
        ) from None


# --------------------------------------------------------------------------- the check


@dataclass
class Entry:
    """One row of the file, parsed. ``node`` is the matched person's id, or a negative number
    standing for a person to create. ``values`` holds the final value of every field the file
    sets (a department by id, or by lower-case name when it is to be created; a manager by
    node)."""

    row: int
    node: int
    person: Person | None
    values: dict[str, Any]
    manager_key: str | None  # None when the file has no manager column

    @property
    def name(self) -> str:
        return str(self.values.get("full_name") or "(no name)")

    @property
    def status(self) -> str:
        return str(self.values["status"])


@dataclass
class Changes:
    """What ``apply`` writes: the plan's payload."""

    departments: dict[str, str] = field(default_factory=dict)  # lower-case name -> as written
    creates: list[Entry] = field(default_factory=list)
    updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # pk, changed fields
    leavers: list[int] = field(default_factory=list)
    deactivate: list[int] = field(default_factory=list)  # user ids
    reactivate: list[int] = field(default_factory=list)

    @property
    def moves(self) -> bool:
        return bool(self.creates) or any("manager" in values for _, values in self.updates)

    def __bool__(self) -> bool:
        return bool(
            self.creates or self.updates or self.leavers or self.deactivate or self.reactivate
        )


class Check:
    """Plans one file against the organisation: see the module docstring for the order."""

    def __init__(
        self, table: Table, org: Organisation, *, full_sync: bool, progress: Progress
    ) -> None:
        self.table, self.org, self.full_sync, self.progress = table, org, full_sync, progress
        self.present = set(table.columns)
        self.plan = Plan(changes=Changes())
        self.entries: list[Entry] = []
        self.bad_rows: set[int] = set()
        self.by_external_id: dict[str, Entry] = {}
        self.by_email: dict[str, Entry] = {}
        self.matched: dict[int, Entry] = {}  # person pk -> the row that matched them
        self.new_departments: dict[str, str] = {}

    def refuse(self, row: int, column: str, message: str) -> None:
        self.plan.refuse(row, column, message)
        self.bad_rows.add(row)

    def run(self) -> Plan:
        self.progress.phase(_("Checking people"), len(self.table.rows))
        for done, row in enumerate(self.table.rows, start=1):
            self._read(row)
            if done % PROGRESS_EVERY == 0:
                self.progress.advance(PROGRESS_EVERY)
        self.progress.phase(_("Checking reporting lines"))
        leavers = self._leavers()
        if "manager" in self.present:
            for entry in self.entries:
                self._resolve_manager(entry, leavers)
        ReportingLines(self).check()
        self._count(leavers)
        self.plan.issues.sort(key=lambda issue: issue.row)
        return self.plan

    # ----------------------------------------------------------------------- one row

    def _read(self, row: Row) -> None:
        values: dict[str, Any] = {}
        external_id = self._cell(row, "external_id", lambda v: _text(v, 64, "external id"))
        email = self._cell(row, "work_email", parse_email)
        values["full_name"] = self._cell(row, "full_name", self._name)
        values["work_email"] = email
        if external_id:
            values["external_id"] = external_id
        self._read_optional(row, values)
        person = self._identify(row.number, external_id or "", email or "")
        values["status"] = self._status(row, person)
        node = person.pk if person else -row.number
        manager_key = row.get("manager") if "manager" in self.present else None
        entry = Entry(row.number, node, person, values, manager_key)
        self.entries.append(entry)
        self._remember(entry, external_id or "", email or "")

    def _cell(self, row: Row, column: str, parse: Any) -> Any:
        try:
            return parse(row.get(column))
        except Refused as refused:
            self.refuse(row.number, column, str(refused))
            return None

    @staticmethod
    def _name(value: str) -> str:
        if not value:
            raise Refused(_("The full name is missing."))
        return _text(value, 150, "name")

    def _read_optional(self, row: Row, values: dict[str, Any]) -> None:
        readers = {
            "department": ("department", self._department),
            "role": ("current_role_id", self._role),
            "location": ("location", lambda v: _text(v, 120, "location")),
            "hire_date": ("hire_date", parse_date),
            "timezone": ("timezone", parse_time_zone),
        }
        for column, (name, parse) in readers.items():
            if column in self.present:
                values[name] = self._cell(row, column, parse)

    def _department(self, value: str) -> int | str | None:
        if not value:
            return None
        key = _text(value, 120, "department name").lower()
        if key in self.org.departments:
            return self.org.departments[key]
        self.new_departments.setdefault(key, value)
        return key

    def _role(self, value: str) -> int | None:
        if not value:
            return None
        try:
            return self.org.roles[value.lower()]
        except KeyError:
            raise Refused(
                _(
                    "There is no role “%(value)s” in CareerMap: add it to the catalogue (or "
                    "import the roles) first, or leave the cell empty."
                )
                % {"value": value}
            ) from None

    def _status(self, row: Row, person: Person | None) -> str:
        """The status from the file; without the column, people stay as they are, except that
        someone who left and is in the file again is back (active)."""
        if "status" in self.present:
            return self._cell(row, "status", parse_status) or EmploymentStatus.ACTIVE.value
        if person is not None and person.status != LEFT:
            return person.status
        return EmploymentStatus.ACTIVE.value

    # ----------------------------------------------------------------------- who it is

    def _identify(self, row: int, external_id: str, email: str) -> Person | None:
        """The person this row is about: by external id, else by work email."""
        holder = self.org.by_email.get(email) if email else None
        person = self.org.by_external_id.get(external_id) if external_id else None
        if person is not None:
            if holder is not None and holder.pk != person.pk:
                self.refuse(
                    row,
                    "work_email",
                    _("%(email)s is already the work email of %(holder)s.")
                    % {"email": email, "holder": self._described(holder)},
                )
        elif holder is not None:
            if external_id and holder.external_id:
                self.refuse(
                    row,
                    "work_email",
                    _(
                        "%(email)s belongs to %(holder)s, not to the new external id "
                        "%(external_id)s."
                    )
                    % {"email": email, "holder": holder.label, "external_id": external_id},
                )
                return None
            person = holder
        if person is not None and person.pk in self.matched:
            first = self.matched[person.pk]
            self.refuse(
                row,
                "work_email",
                _("This row is about the same person as row %(row)s (%(name)s).")
                % {"row": first.row, "name": person.full_name},
            )
            return None
        return person

    @staticmethod
    def _described(person: Person) -> str:
        return person.label if person.external_id else person.full_name

    def _remember(self, entry: Entry, external_id: str, email: str) -> None:
        """Key the row for the manager column, and refuse a key another row already has."""
        if entry.person is not None:
            self.matched[entry.person.pk] = entry
        for column, key, seen in (
            ("external_id", external_id, self.by_external_id),
            ("work_email", email, self.by_email),
        ):
            if not key:
                continue
            if key in seen:
                again = AGAIN[column] % {"key": key, "row": seen[key].row}
                self.refuse(entry.row, column, again)
            else:
                seen[key] = entry

    # ----------------------------------------------------------------------- managers

    def _leavers(self) -> dict[int, Person]:
        """In full sync, everyone active or on leave whom no row matched."""
        if not self.full_sync:
            return {}
        return {
            pk: p
            for pk, p in self.org.people.items()
            if p.status != LEFT and pk not in self.matched
        }

    def _resolve_manager(self, entry: Entry, leavers: dict[int, Person]) -> None:
        key = entry.manager_key or ""
        entry.values["manager"] = None
        if not key:
            return
        target = self.by_external_id.get(key) or self.by_email.get(key.lower())
        if target is None and (person := self.org.find(key)) is not None:
            target = self.matched.get(person.pk)  # named by what CareerMap holds now
            node: int | None = person.pk
        else:
            node = target.node if target else None
        if node is None:
            self.refuse(
                entry.row,
                "manager",
                _(
                    "No one has the external id or work email “%(key)s”, in this file or in "
                    "CareerMap."
                )
                % {"key": key},
            )
        elif node == entry.node:
            self.refuse(entry.row, "manager", _("A person cannot be their own manager."))
        elif (reason := self._leaving(entry, target, node, leavers)) is not None:
            self.refuse(entry.row, "manager", reason)
        else:
            entry.values["manager"] = node

    def _leaving(
        self, entry: Entry, target: Entry | None, node: int, leavers: dict[int, Person]
    ) -> str | None:
        """Why the manager cannot be this person's manager because they leave, if they do."""
        if entry.status == LEFT:
            return None  # a leaver's last manager is history, whoever it was
        if target is not None:
            if target.status != LEFT:
                return None
            return _("%(name)s is marked as left in this file.") % {"name": target.name}
        person = self.org.people[node]
        if node in leavers:
            return _(
                "%(name)s is not in the file, so full sync would make them leave: add them to the "
                "file or name another manager."
            ) % {"name": person.full_name}
        return (
            _("%(name)s has left.") % {"name": person.full_name} if person.status == LEFT else None
        )

    # ----------------------------------------------------------------------- counts

    def _count(self, leavers: dict[int, Person]) -> None:
        changes: Changes = self.plan.changes
        changes.departments = self.new_departments
        for entry in self.entries:
            if entry.row not in self.bad_rows:
                self._count_entry(entry, changes)
        self.plan.leave = len(leavers)
        changes.leavers = list(leavers)
        self._sample("leave", (p.full_name for p in leavers.values()))
        changes.deactivate += [p.user_id for p in leavers.values() if p.user_id and p.user_active]
        self._count_extra(changes)

    def _count_entry(self, entry: Entry, changes: Changes) -> None:
        person = entry.person
        if person is None:
            self.plan.create += 1
            changes.creates.append(entry)
            self._sample("create", [entry.name])
            return
        changed = {k: v for k, v in entry.values.items() if person.value(k) != v}
        if not changed:
            self.plan.unchanged += 1
            self._sample("unchanged", [entry.name])
            return
        self.plan.update += 1
        changes.updates.append((person.pk, changed))
        labels = ", ".join(str(label) for name, label in FIELD_NAMES.items() if name in changed)
        self._sample("update", [f"{entry.name} ({labels})"])
        self._account(person, entry.status, changes)

    @staticmethod
    def _account(person: Person, status: str, changes: Changes) -> None:
        """Leaving closes the account at once; coming back reopens it (see apply)."""
        if person.user_id is None or person.status == status:
            return
        if status == LEFT and person.user_active:
            changes.deactivate.append(person.user_id)
        elif person.status == LEFT and not person.user_active:
            changes.reactivate.append(person.user_id)

    def _count_extra(self, changes: Changes) -> None:
        extra = self.plan.extra
        if changes.departments:
            extra["departments to create"] = len(changes.departments)
        for _pk, changed in changes.updates:
            for name in changed:
                label = f"{FIELD_LABELS[name]} changes"
                extra[label] = extra.get(label, 0) + 1
        if changes.deactivate:
            extra["accounts to deactivate"] = len(changes.deactivate)
        if changes.reactivate:
            extra["accounts to reactivate"] = len(changes.reactivate)

    def _sample(self, action: str, names: Any) -> None:
        kept = self.plan.samples.get(action, [])
        for name in names:
            if len(kept) >= SAMPLES:
                break
            kept.append(name)
        if kept:
            self.plan.samples[action] = kept


class ReportingLines:
    """The reporting lines as they would be after the import, checked as one graph: every
    person's manager (the file's rows over everyone else as they are), by node."""

    def __init__(self, check: Check) -> None:
        self.owner = check
        org = check.org
        self.manager: dict[int, int | None] = {pk: p.manager for pk, p in org.people.items()}
        self.names = {pk: p.full_name for pk, p in org.people.items()}
        self.rows: dict[int, Entry] = {}
        for entry in check.entries:
            self.names[entry.node] = entry.name or "(no name)"
            if "manager" in entry.values:
                self.manager[entry.node] = entry.values["manager"]
            elif entry.person is None:
                self.manager[entry.node] = None
            self.rows[entry.node] = entry

    def check(self) -> None:
        in_loops: set[int] = set()
        for loop in self._loops():
            in_loops.update(loop)
            self._refuse_loop(loop)
        self._check_depth(in_loops)

    def _loops(self) -> Iterator[list[int]]:
        """Each cycle once (a walk up from every node; each node is walked once)."""
        state: dict[int, bool] = {}  # False while on the current walk, True once done
        for start in self.manager:
            walk: list[int] = []
            node: int | None = start
            while node is not None and node not in state:
                state[node] = False
                walk.append(node)
                node = self.manager.get(node)
            if node is not None and state[node] is False:
                yield walk[walk.index(node) :]
            for seen in walk:
                state[seen] = True

    def _refuse_loop(self, loop: list[int]) -> None:
        in_file = [node for node in loop if node in self.rows]
        if not in_file:
            held = _("CareerMap already holds a reporting loop: %(loop)s.")
            self.owner.refuse(0, "", held % {"loop": self._loop_text(loop)})
        for node in in_file:
            start = loop.index(node)
            text = self._loop_text(loop[start:] + loop[:start])
            makes = _("This makes a reporting loop: %(loop)s.") % {"loop": text}
            self.owner.refuse(self.rows[node].row, "manager", makes)

    def _loop_text(self, loop: list[int]) -> str:
        names = [self.names[node] for node in loop]
        if len(names) > LOOP_NAMES_SHOWN:
            more = _("… (%(count)s people)") % {"count": len(loop)}
            names = [*names[: LOOP_NAMES_SHOWN - 1], more]
        chain = " → ".join([*names, self.names[loop[0]]])
        return _("%(chain)s (each reports to the next)") % {"chain": chain}

    def _check_depth(self, in_loops: set[int]) -> None:
        depth: dict[int, int] = {}
        for start in self.manager:
            chain: list[int] = []
            node: int | None = start
            while node is not None and node not in depth and node not in in_loops:
                chain.append(node)
                node = self.manager.get(node)
            level = depth.get(node, -1) if node is not None else -1
            for seen in reversed(chain):
                level += 1
                depth[seen] = level
                if level == MAX_DEPTH + 1 and seen in self.rows:
                    self._refuse_depth(self.rows[seen])

    def _refuse_depth(self, entry: Entry) -> None:
        self.owner.refuse(
            entry.row,
            "manager",
            _(
                "This puts %(name)s more than %(depth)s levels below the top of the "
                "organisation, the most CareerMap keeps."
            )
            % {"name": entry.name, "depth": MAX_DEPTH},
        )


# --------------------------------------------------------------------------- the write


class Write:
    """Applies a plan's ``Changes`` in bulk, inside the pipeline's transaction."""

    def __init__(self, changes: Changes, progress: Progress) -> None:
        self.changes, self.progress = changes, progress
        self.departments: dict[str, int] = {}
        self.new_ids: dict[int, int] = {}  # negative node -> reserved id

    def run(self) -> None:
        changes = self.changes
        self.progress.phase(_("Writing people"), len(changes.creates) + len(changes.updates))
        self._create_departments()
        self._create_people()
        self._update_people()
        if changes.leavers:
            Employee.objects.filter(pk__in=changes.leavers).update(status=LEFT)
        # Access follows the status at once: a deactivated account's session stops working
        # on its next request (the auth backends refuse inactive users).
        if changes.deactivate:
            User.objects.filter(pk__in=changes.deactivate).update(is_active=False)
        if changes.reactivate:
            User.objects.filter(pk__in=changes.reactivate).update(is_active=True)
        if changes.moves:
            employee_paths_rebuild()

    def _create_departments(self) -> None:
        names = self.changes.departments
        created = Department.objects.bulk_create([Department(name=n) for n in names.values()])
        self.departments = {d.name.lower(): d.pk for d in created}

    def _create_people(self) -> None:
        creates = self.changes.creates
        ids = _reserve_ids(len(creates))
        self.new_ids = {entry.node: pk for entry, pk in zip(creates, ids, strict=True)}
        for batch in batched(creates, BATCH_SIZE):
            Employee.objects.bulk_create([self._new(entry) for entry in batch])
            self.progress.advance(len(batch))

    def _new(self, entry: Entry) -> Employee:
        fields = self._model_fields(entry.values)
        return Employee(id=self.new_ids[entry.node], path="/", depth=0, **fields)

    def _update_people(self) -> None:
        """One bulk_update per set of changed fields: only what changed is written."""
        groups: dict[tuple[str, ...], list[Employee]] = {}
        for pk, changed in self.changes.updates:
            fields = self._model_fields(changed)
            groups.setdefault(tuple(sorted(fields)), []).append(Employee(pk=pk, **fields))
        for names, people in groups.items():
            for batch in batched(people, BATCH_SIZE):
                Employee.objects.bulk_update(batch, list(names))
                self.progress.advance(len(batch))

    def _model_fields(self, values: dict[str, Any]) -> dict[str, Any]:
        fields = dict(values)
        if "department" in fields:
            fields["department_id"] = self._department_id(fields.pop("department"))
        if "manager" in fields:
            fields["manager_id"] = self._node_id(fields.pop("manager"))
        return fields

    def _department_id(self, key: int | str | None) -> int | None:
        return self.departments[key] if isinstance(key, str) else key

    def _node_id(self, node: int | None) -> int | None:
        return self.new_ids[node] if node is not None and node < 0 else node


def _reserve_ids(count: int) -> list[int]:
    """``count`` employee ids from the table's own sequence, so rows can name each other."""
    if not count:
        return []
    sql = "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)"
    return [row[0] for row in fetch(sql, [Employee._meta.db_table, count])]


# --------------------------------------------------------------------------- the kind

COLUMNS = (
    Column(
        "external_id",
        gettext_lazy(
            "The person's id in your HR system. Later imports match people by "
            "it; without it they are matched by work email."
        ),
        "E1042",
    ),
    Column("full_name", gettext_lazy("First and last name."), "Ana Silva", required=True),
    Column(
        "work_email",
        gettext_lazy("Their work email address, one per person."),
        "ana.silva@example.com",
        required=True,
    ),
    Column(
        "department",
        gettext_lazy("The department's name; one that does not exist yet is created."),
        "Customer Support",
    ),
    Column(
        "manager",
        gettext_lazy(
            "The external id or work email of their manager, someone in this file or "
            "already in CareerMap. Empty for the top of the organisation."
        ),
        "E1001",
    ),
    Column(
        "role",
        gettext_lazy("The title of their current role, as in the role catalogue."),
        "Support Specialist",
    ),
    Column("location", gettext_lazy("Where they work."), "Lisbon"),
    Column(
        "hire_date",
        gettext_lazy("The day they started, as YYYY-MM-DD (a date cell works too)."),
        "2021-03-15",
    ),
    Column(
        "timezone",
        gettext_lazy(
            "Their time zone as an IANA name, for reminders in their morning. Empty means UTC."
        ),
        "Europe/Lisbon",
    ),
    Column("status", gettext_lazy("active, on leave or left. Empty means active."), "active"),
)


class EmployeesKind(Kind):
    key: ClassVar[str] = "employees"
    label = gettext_lazy("Employees and reporting lines")
    description = gettext_lazy(
        "One row per person. People are matched by external id, else by work email; a column "
        "left out of the file leaves that field as it is. In full sync, active people missing "
        "from the file become leavers: never deleted, their account closed at once."
    )
    columns = COLUMNS
    supports_full_sync = True

    def plan(self, source: Table, *, options: dict[str, Any], full_sync: bool,
             progress: Progress) -> Plan:  # fmt: skip
        return Check(source, Organisation.load(), full_sync=full_sync, progress=progress).run()

    def check_actor(self, plan: Plan, actor: Any) -> None:
        # HR closing their own account locks the one person out who could undo the import.
        changes: Changes | None = plan.changes
        if changes is not None and actor is not None and actor.pk in changes.deactivate:
            plan.refuse(
                0,
                "status",
                _(
                    "This file would close your own account (%(email)s): you are missing from a "
                    "full sync, or marked as left. Add yourself, or ask another HR person."
                )
                % {"email": actor.email},
            )

    def apply(self, plan: Plan, *, actor: Any, options: dict[str, Any],
              progress: Progress) -> None:  # fmt: skip
        if plan.changes:  # the same file again writes nothing at all
            Write(plan.changes, progress).run()


KIND = EmployeesKind()
