"""Roles and their job families: one row per role.

A row is the role of that title, in any case (the model's unique rule); its job family is
matched the same way and created when new. A blank optional cell keeps what is there (a new
role takes the model's defaults: level 1, individual contributor, not a key position).

The write is bulk: ``roles.services.role_create``/``role_update`` lock, validate and save one
role at a time (three queries each), too slow for a catalogue of thousands. The same rules hold
here: the title's and family's uniqueness in any case, the field lengths, the 1-12 level (read
from the field's validators), the track's choices, responsibilities as trimmed lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.imports.kinds.base import Column, Kind, Plan, Progress
from apps.imports.kinds.cells import (
    RowReader,
    add_sample,
    cell_bool,
    cell_choice,
    cell_lines,
    cell_text,
    cell_whole_number,
    changed_fields,
    field_default,
)
from apps.roles.models import JobFamily, Role, Track
from careermap.tabular import Row, Table

FamilyKey = int | str  # an existing family's id, or a new family's name in lower case
BATCH = 1000


@dataclass(frozen=True, slots=True)
class RoleValues:
    """The fields of a role a file sets, as they are or as the file leaves them."""

    title: str
    family: FamilyKey
    level: int
    track: str
    summary: str
    responsibilities: str
    is_key_position: bool


# What the file may leave blank, and what a new role gets then (the model's defaults).
OPTIONAL = ("level", "track", "summary", "responsibilities", "is_key_position")


def _defaults() -> dict[str, Any]:
    return {name: field_default(Role, name) for name in OPTIONAL}


@dataclass
class RoleChanges:
    new_families: dict[str, str] = field(default_factory=dict)  # key -> name as written
    new_roles: list[RoleValues] = field(default_factory=list)
    changed_roles: dict[int, RoleValues] = field(default_factory=dict)  # role id -> values


class RoleFile:
    """Planning one file: the families and roles as they are, and what each row makes of them."""

    def __init__(self) -> None:
        self.plan = Plan(changes=RoleChanges())
        self.families = {
            name.lower(): pk for pk, name in JobFamily.objects.values_list("pk", "name")
        }
        self.roles: dict[str, tuple[int, RoleValues]] = {}
        for pk, *values in Role.objects.values_list("pk", "title", "family_id", *OPTIONAL).iterator(
            chunk_size=5000
        ):
            self.roles[values[0].lower()] = (pk, RoleValues(*values))
        self.rows_by_title: dict[str, int] = {}
        self.defaults = _defaults()

    def run(self, source: Table, progress: Progress) -> Plan:
        progress.phase(_("Checking the roles"), len(source.rows))
        for row in source.rows:
            self._row(row)
            progress.advance()
        if self.plan.changes.new_families:
            self.plan.extra["job families to create"] = len(self.plan.changes.new_families)
        return self.plan

    def _row(self, row: Row) -> None:
        cells = RowReader(self.plan, row)
        family = cells.required(
            "job_family", _("Give the job family: this column cannot be blank."), _family_name
        )
        title = cells.required(
            "title", _("Give the role's title: this column cannot be blank."), _title
        )
        given = {
            "level": cells.take("level", _level),
            "track": cells.take("track", _track),
            "summary": cells.take("summary", _optional_text),
            "responsibilities": cells.take("responsibilities", _responsibilities),
            "is_key_position": cells.take("key_position", cell_bool),
        }
        if title is not None and self._titled_before(cells, title):
            return
        if not cells.ok or family is None or title is None:
            return
        self._count(title, self._family(family), {k: v for k, v in given.items() if v is not None})

    def _titled_before(self, cells: RowReader, title: str) -> bool:
        first = self.rows_by_title.setdefault(title.lower(), cells.row.number)
        if first != cells.row.number:
            cells.refuse(
                "title",
                _("Row %(row)s already holds the role “%(title)s”.")
                % {"row": first, "title": title},
            )
            return True
        return False

    def _family(self, name: str) -> FamilyKey:
        found = self.families.get(name.lower())
        if found is not None:
            return found
        new = self.plan.changes.new_families
        if name.lower() not in new:
            new[name.lower()] = name
            add_sample(self.plan, "job families to create", name)
        return name.lower()

    def _count(self, title: str, family: FamilyKey, given: dict[str, Any]) -> None:
        plan, changes = self.plan, self.plan.changes
        current = self.roles.get(title.lower())
        if current is None:
            plan.create += 1
            changes.new_roles.append(RoleValues(title, family, **(self.defaults | given)))
            add_sample(plan, "create", title)
            return
        pk, before = current
        after = replace(before, title=title, family=family, **given)
        changed = changed_fields(before, after)
        if changed:
            plan.update += 1
            changes.changed_roles[pk] = after
            add_sample(plan, "update", f"{title} ({', '.join(changed)})")
        else:
            plan.unchanged += 1


class RolesKind(Kind):
    key = "roles"
    label = gettext_lazy("Job families and roles")
    description = gettext_lazy(
        "One row per role: its job family (created if new), title, level, track, summary, "
        "responsibilities and whether it is a key position. A role already in CareerMap (same "
        "title, any case) is updated; blank optional cells keep what is there."
    )
    columns = (
        Column(
            "job_family",
            gettext_lazy("The role's job family; a new one is created."),
            "Engineering",
            required=True,
        ),
        Column(
            "title",
            gettext_lazy(
                "The role's title. The same title in any case updates that role; each "
                "role once per file."
            ),
            "Senior Data Engineer",
            required=True,
        ),
        Column(
            "level",
            gettext_lazy("Optional: the role's level, a whole number from 1 to 12 (new roles: 1)."),
            "5",
        ),
        Column(
            "track",
            gettext_lazy(
                "Optional: “individual contributor” (or ic) or “manager” (new roles: "
                "individual contributor)."
            ),
            "individual contributor",
        ),
        Column(
            "summary",
            gettext_lazy("Optional: a sentence or two about the role."),
            "Builds and runs the data platform.",
        ),
        Column(
            "responsibilities",
            gettext_lazy("Optional: one responsibility per line (new lines inside the cell)."),
            "Design pipelines\nReview code",
        ),
        Column(
            "key_position",
            gettext_lazy(
                "Optional: yes or no (also true/false, 1/0): whether the role "
                "is a key position for succession (new roles: no)."
            ),
            "no",
        ),
    )

    def plan(
        self, source: Table, *, options: dict[str, Any], full_sync: bool, progress: Progress
    ) -> Plan:
        return RoleFile().run(source, progress)

    def apply(self, plan: Plan, *, actor: Any, options: dict[str, Any], progress: Progress) -> None:
        changes: RoleChanges = plan.changes
        progress.phase(_("Writing the job families"))
        created = JobFamily.objects.bulk_create(
            [JobFamily(name=name) for name in changes.new_families.values()], batch_size=BATCH
        )
        ids = {family.name.lower(): family.pk for family in created}

        def family_id(key: FamilyKey) -> int:
            return key if isinstance(key, int) else ids[key]

        progress.phase(_("Writing the roles"))
        Role.objects.bulk_create(
            [_role(values, family_id(values.family)) for values in changes.new_roles],
            batch_size=BATCH,
        )
        Role.objects.bulk_update(
            [_role(v, family_id(v.family), pk) for pk, v in changes.changed_roles.items()],
            ["title", "family", *OPTIONAL],
            batch_size=BATCH,
        )


def _family_name(text: str) -> str:
    return cell_text(text, JobFamily, "name")


def _title(text: str) -> str:
    return cell_text(text, Role, "title")


def _level(text: str) -> int | None:
    return cell_whole_number(text, Role, "level")


def _track(text: str) -> str | None:
    # Values ("ic", "manager") or labels ("Individual contributor", "People manager").
    return cell_choice(text, Track, _("“%(text)s” is not a track: use %(names)s."))


def _optional_text(text: str) -> str | None:
    return text or None


def _responsibilities(text: str) -> str | None:
    return cell_lines(text) or None


def _role(values: RoleValues, family_id: int, pk: int | None = None) -> Role:
    return Role(
        pk=pk,
        title=values.title,
        family_id=family_id,
        level=values.level,
        track=values.track,
        summary=values.summary,
        responsibilities=values.responsibilities,
        is_key_position=values.is_key_position,
    )


KIND = RolesKind()
