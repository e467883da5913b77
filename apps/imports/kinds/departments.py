"""Departments: one row per department, with the department it sits under and its head.

A row is the department of that name, exactly, else in any case (the name is unique); the
file's spelling wins, so "customer support" renames "Customer Support". Each department once
per file. Its parent is named the same way: a department of this file or one already in
CareerMap (a parent found in neither is refused, not created: a typo would otherwise grow a
second tree). The head is a person, by external id or work email, as employee files name
managers.

As in employee files, a column the file leaves out leaves that field as it is, and an empty
cell in a column the file has means "none" (no parent: the top of the organisation; no head).
The parents that would result (the file's rows over every other department as it is) are
checked as one graph: a department under itself, however far up, is refused on every row
that closes the loop. Departments missing from the file are left alone (never deleted: people
belong to them).

There is no department service to call row by row (HR edits departments in the admin); the
write is two bulk statements: the new departments, then every name, parent and head the file
sets, which also links new departments under one another.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.employees.models import Department
from apps.imports.kinds.base import Column, Kind, Plan, Progress
from apps.imports.kinds.cells import (
    CellError,
    PersonLookup,
    RowReader,
    add_sample,
    cell_text,
    changed_fields,
)
from careermap.tabular import Row, Table

DepartmentKey = int | str  # an existing department's id, or a new one's name in lower case
BATCH = 1000


@dataclass(frozen=True, slots=True)
class DepartmentValues:
    """The fields of a department a file sets (parent as a key, head as a person's id)."""

    name: str
    parent: DepartmentKey | None
    head: int | None


@dataclass(slots=True)
class DepartmentRow:
    """One usable row: the department it means and what the row gives it."""

    row: int
    key: DepartmentKey
    name: str
    parent_name: str | None  # None: the file has no parent column
    head: int | None
    has_head: bool


@dataclass
class DepartmentChanges:
    new: dict[str, DepartmentValues] = field(default_factory=dict)  # key -> values
    changed: dict[int, DepartmentValues] = field(default_factory=dict)  # id -> values


class Departments:
    """The departments as they are: by exact name, by name in any case, and their fields."""

    def __init__(self) -> None:
        self.exact: dict[str, int] = {}
        self.folded: dict[str, int] = {}
        self.current: dict[int, DepartmentValues] = {}
        rows = Department.objects.order_by("pk").values_list("pk", "name", "parent_id", "head_id")
        for pk, name, parent_id, head_id in rows:
            self.exact[name] = pk
            self.folded.setdefault(name.lower(), pk)
            self.current[pk] = DepartmentValues(name, parent_id, head_id)

    def find(self, name: str) -> int | None:
        return self.exact.get(name) or self.folded.get(name.lower())


class DepartmentFile:
    """Planning one file: each row read, parents resolved, loops found, then counted."""

    def __init__(self, source: Table) -> None:
        self.plan = Plan(changes=DepartmentChanges())
        self.org = Departments()
        self.has_parent = "parent" in source.columns
        self.has_head = "head" in source.columns
        heads = (row.get("head") for row in source.rows) if self.has_head else ()
        self.people = PersonLookup(heads)
        self.rows_by_name: dict[str, int] = {}
        # The department each name of the file means (the file's own rows first).
        self.in_file: dict[str, DepartmentKey] = {}

    def run(self, source: Table, progress: Progress) -> Plan:
        progress.phase(_("Checking the departments"), len(source.rows))
        read = []
        for row in source.rows:
            found = self._read(row)
            if found is not None:
                read.append(found)
            progress.advance()
        parents = self._parents(read)
        looped = self._loops(read, parents)
        self._count([r for r in read if r.row not in looped], parents)
        self.plan.issues.sort(key=lambda issue: issue.row)
        return self.plan

    def _read(self, row: Row) -> DepartmentRow | None:
        cells = RowReader(self.plan, row)
        name = cells.required(
            "name", _("Give the department's name: this column cannot be blank."), _name
        )
        parent = cells.take("parent", _name) if self.has_parent else None
        head = cells.take("head", self._head) if self.has_head else None
        if name is None or self._named_before(cells, name):
            return None
        # Known as the file's even when the row is refused: rows under it still find it.
        key: DepartmentKey = self.org.find(name) or name.lower()
        self.in_file[name.lower()] = key
        if parent and parent.lower() == name.lower():
            cells.refuse("parent", _("A department cannot be its own parent."))
        if not cells.ok:
            return None
        parent_name = (parent or "") if self.has_parent else None
        return DepartmentRow(row.number, key, name, parent_name, head, self.has_head)

    def _head(self, text: str) -> int | None:
        return self.people.find(text).id if text else None

    def _named_before(self, cells: RowReader, name: str) -> bool:
        first = self.rows_by_name.setdefault(name.lower(), cells.row.number)
        if first != cells.row.number:
            cells.refuse(
                "name",
                _("Row %(row)s already holds the department “%(name)s”.")
                % {"row": first, "name": name},
            )
            return True
        return False

    def _parents(self, rows: list[DepartmentRow]) -> dict[int, DepartmentKey | None]:
        """Each row's parent as a key (rows without a parent column are left out); an unknown
        parent is refused."""
        found: dict[int, DepartmentKey | None] = {}
        for row in rows:
            if row.parent_name is None:
                continue
            try:
                found[row.row] = self._parent_key(row.parent_name)
            except CellError as error:
                self.plan.refuse(row.row, "parent", str(error))
        return found

    def _parent_key(self, name: str) -> DepartmentKey | None:
        if not name:
            return None
        key = self.in_file.get(name.lower()) or self.org.find(name)
        if key is None:
            raise CellError(
                _("There is no department “%(name)s” in this file or in CareerMap.")
                % {"name": name}
            )
        return key

    def _loops(
        self, rows: list[DepartmentRow], parents: dict[int, DepartmentKey | None]
    ) -> set[int]:
        """Refuse each row whose parent puts its department under itself; those rows."""
        final: dict[DepartmentKey, DepartmentKey | None] = {
            pk: values.parent for pk, values in self.org.current.items()
        }
        names: dict[DepartmentKey, str] = {pk: v.name for pk, v in self.org.current.items()}
        for row in rows:
            names[row.key] = row.name
            if row.row in parents:
                final[row.key] = parents[row.row]
        looped = set()
        for row in rows:
            chain = _chain(row.key, final)
            if chain:
                spelt = " → ".join(names[key] for key in chain)
                loop = _("This parent makes a loop: %(loop)s.") % {"loop": spelt}
                self.plan.refuse(row.row, "parent", loop)
                looped.add(row.row)
        return looped

    def _count(self, rows: list[DepartmentRow], parents: dict[int, DepartmentKey | None]) -> None:
        plan, changes = self.plan, self.plan.changes
        for row in rows:
            if row.row not in parents and row.parent_name is not None:
                continue  # its parent was refused
            given: dict[str, Any] = {"name": row.name}
            if row.row in parents:
                given["parent"] = parents[row.row]
            if row.has_head:
                given["head"] = row.head
            if isinstance(row.key, str):
                plan.create += 1
                changes.new[row.key] = replace(DepartmentValues(row.name, None, None), **given)
                add_sample(plan, "create", row.name)
                continue
            before = self.org.current[row.key]
            after = replace(before, **given)
            changed = changed_fields(before, after)
            if changed:
                plan.update += 1
                changes.changed[row.key] = after
                add_sample(plan, "update", f"{row.name} ({', '.join(changed)})")
            else:
                plan.unchanged += 1


def _chain(
    start: DepartmentKey, parent: dict[DepartmentKey, DepartmentKey | None]
) -> list[DepartmentKey]:
    """``start`` and its parents up to ``start`` again when they loop; empty when they don't."""
    chain, node = [start], parent.get(start)
    while node is not None and node not in chain:
        chain.append(node)
        node = parent.get(node)
    return [*chain, start] if node == start else []


class DepartmentsKind(Kind):
    key = "departments"
    label = gettext_lazy("Departments")
    description = gettext_lazy(
        "One row per department: its name, the department it sits under and its head. A "
        "department already in CareerMap (same name, any case) is updated. A column left out "
        "of the file leaves that field as it is; an empty cell means none (no parent: the top "
        "of the organisation). Departments missing from the file are left alone."
    )
    columns = (
        Column(
            "name",
            gettext_lazy(
                "The department's name. The same name in any case updates "
                "that department (and takes the file's spelling); each department once per file."
            ),
            "Customer Support",
            required=True,
        ),
        Column(
            "parent",
            gettext_lazy(
                "The department it sits under: one of this file or "
                "already in CareerMap. Empty for a department at the top."
            ),
            "Operations",
        ),
        Column(
            "head",
            gettext_lazy(
                "The external id or work email of the person who leads it, "
                "someone already in CareerMap. Empty for none."
            ),
            "E1001",
        ),
    )

    def plan(
        self, source: Table, *, options: dict[str, Any], full_sync: bool, progress: Progress
    ) -> Plan:
        return DepartmentFile(source).run(source, progress)

    def apply(self, plan: Plan, *, actor: Any, options: dict[str, Any], progress: Progress) -> None:
        changes: DepartmentChanges = plan.changes
        progress.phase(_("Writing the departments"))
        created = Department.objects.bulk_create(
            [Department(name=values.name) for values in changes.new.values()], batch_size=BATCH
        )
        ids = {department.name.lower(): department.pk for department in created}

        def pk(key: DepartmentKey | None) -> int | None:
            return ids[key] if isinstance(key, str) else key

        rows = [(ids[key], values) for key, values in changes.new.items()]
        rows += list(changes.changed.items())
        Department.objects.bulk_update(
            [
                Department(pk=id_, name=v.name, parent_id=pk(v.parent), head_id=v.head)
                for id_, v in rows
            ],
            ["name", "parent", "head"],
            batch_size=BATCH,
        )


def _name(text: str) -> str:
    return cell_text(text, Department, "name")


KIND = DepartmentsKind()
