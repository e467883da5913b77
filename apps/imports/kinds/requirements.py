"""Role requirements: one row per role and skill, with the level, importance and weight.

The role must already exist (by title, any case): a requirement file names roles, it does not
make them, so a typo cannot create a role nobody asked for. The skill is named by its name or
a synonym. A blank importance or weight keeps the current one (a new requirement takes the
model's defaults: essential, weight 1). Requirements a role has that the file does not list
stay as they are: a file adds and changes, it never removes.

The write is bulk: ``roles.services.requirement_create``/``requirement_update`` take a query
or three per requirement. The same rules hold: levels 1-5 (the field's choices), importance
by its choices, the weight within the field's validators and places, one row per role and skill.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.imports.kinds.base import Column, Kind, Plan, Progress
from apps.imports.kinds.cells import (
    CellError,
    RowReader,
    SkillLookup,
    add_sample,
    cell_choice,
    cell_decimal,
    cell_level,
    changed_fields,
    field_default,
    level_scale,
)
from apps.roles.models import Importance, Role, RoleRequirement
from careermap.tabular import Row, Table

BATCH = 2000
LEVELS = level_scale(RoleRequirement, "required_level")


@dataclass(frozen=True, slots=True)
class RequirementValues:
    required_level: int
    importance: str
    weight: Decimal


@dataclass(frozen=True, slots=True)
class RequirementRow:
    row: int
    role: tuple[int, str]  # (id, title)
    skill: tuple[int, str]  # (id, name)
    required_level: int
    given: dict[str, Any]  # the optional values the row fills in


@dataclass
class RequirementChanges:
    new: list[tuple[int, int, RequirementValues]] = field(default_factory=list)  # role, skill
    changed: dict[int, RequirementValues] = field(default_factory=dict)  # requirement id


class RequirementFile:
    """Planning one file: roles and skills to name, and each role's current requirements."""

    def __init__(self) -> None:
        self.plan = Plan(changes=RequirementChanges())
        self.roles = {title.lower(): (pk, title) for pk, title in Role.objects.values_list(
            "pk", "title")}  # fmt: skip
        self.skills = SkillLookup()
        self.rows_by_pair: dict[tuple[int, int], int] = {}

    def run(self, source: Table, progress: Progress) -> Plan:
        progress.phase(_("Checking the requirements"), len(source.rows))
        rows = []
        for row in source.rows:
            read = self._read(row)
            if read is not None:
                rows.append(read)
            progress.advance()
        self._count(rows)
        return self.plan

    def _read(self, row: Row) -> RequirementRow | None:
        cells = RowReader(self.plan, row)
        role = cells.required(
            "role", _("Give the role's title: this column cannot be blank."), self._role
        )
        skill = cells.required(
            "skill", _("Give the skill: this column cannot be blank."), self.skills.find
        )
        level = cells.required(
            "level", _("Give the required level: this column cannot be blank."), _level
        )
        given = {
            "importance": cells.take("importance", _importance),
            "weight": cells.take("weight", _weight),
        }
        if role is None or skill is None or level is None or not cells.ok:
            return None
        first = self.rows_by_pair.setdefault((role[0], skill[0]), row.number)
        if first != row.number:
            cells.refuse(
                "skill",
                _("Row %(row)s already gives %(role)s the skill %(skill)s.")
                % {"row": first, "role": role[1], "skill": skill[1]},
            )
            return None
        optional = {key: value for key, value in given.items() if value is not None}
        return RequirementRow(row.number, role, skill, level, optional)

    def _role(self, text: str) -> tuple[int, str]:
        role = self.roles.get(text.lower())
        if role is None:
            raise CellError(
                _("There is no role “%(text)s”: import it with the roles first.") % {"text": text}
            )
        return role

    def _count(self, rows: list[RequirementRow]) -> None:
        current = _current({row.role[0] for row in rows})
        defaults = {name: field_default(RoleRequirement, name) for name in ("importance", "weight")}
        for row in rows:
            found = current.get((row.role[0], row.skill[0]))
            if found is None:
                values = RequirementValues(row.required_level, **(defaults | row.given))
                self._create(row, values)
                continue
            pk, before = found
            after = replace(before, required_level=row.required_level, **row.given)
            self._update(row, pk, before, after)

    def _create(self, row: RequirementRow, values: RequirementValues) -> None:
        self.plan.create += 1
        self.plan.changes.new.append((row.role[0], row.skill[0], values))
        add_sample(self.plan, "create", _describe(row, values))

    def _update(
        self, row: RequirementRow, pk: int, before: RequirementValues, after: RequirementValues
    ) -> None:
        changed = changed_fields(before, after)
        if not changed:
            self.plan.unchanged += 1
            return
        self.plan.update += 1
        self.plan.changes.changed[pk] = after
        add_sample(self.plan, "update", _describe(row, after))


def _current(role_ids: set[int]) -> dict[tuple[int, int], tuple[int, RequirementValues]]:
    """The requirements of these roles, by (role, skill): one query."""
    rows = RoleRequirement.objects.filter(role_id__in=role_ids).values_list(
        "pk", "role_id", "skill_id", "required_level", "importance", "weight"
    )
    return {
        (role, skill): (pk, RequirementValues(level, importance, weight))
        for pk, role, skill, level, importance, weight in rows
    }


def _describe(row: RequirementRow, values: RequirementValues) -> str:
    return f"{row.role[1]}: {row.skill[1]} at {values.required_level} ({values.importance})"


class RequirementsKind(Kind):
    key = "requirements"
    label = gettext_lazy("Role requirements")
    description = gettext_lazy(
        "One row per role and skill: the level the role needs (1-5), whether it is essential "
        "or desirable, and its weight. Roles must exist already; skills are named by name or "
        "synonym. Requirements a role has that the file does not list are kept: remove them "
        "on the role's page."
    )
    columns = (
        Column(
            "role",
            gettext_lazy("The title of a role already in CareerMap (any case)."),
            "Senior Data Engineer",
            required=True,
        ),
        Column(
            "skill", gettext_lazy("A skill's name or one of its synonyms."), "SQL", required=True
        ),
        Column(
            "level",
            gettext_lazy("The level the role needs: 1 (Awareness) to 5 (Expert)."),
            "4",
            required=True,
        ),
        Column(
            "importance",
            gettext_lazy(
                "Optional: essential or desirable (new requirements: essential; "
                "blank keeps the current one)."
            ),
            "essential",
        ),
        Column(
            "weight",
            gettext_lazy(
                "Optional: how much the skill counts within the role, a number from "
                "0.1 to 10 (new requirements: 1; blank keeps the current one)."
            ),
            "1.5",
        ),
    )

    def plan(
        self, source: Table, *, options: dict[str, Any], full_sync: bool, progress: Progress
    ) -> Plan:
        return RequirementFile().run(source, progress)

    def apply(self, plan: Plan, *, actor: Any, options: dict[str, Any], progress: Progress) -> None:
        changes: RequirementChanges = plan.changes
        progress.phase(_("Writing the requirements"))
        RoleRequirement.objects.bulk_create(
            [_requirement(values, role_id=r, skill_id=s) for r, s, values in changes.new],
            batch_size=BATCH,
        )
        RoleRequirement.objects.bulk_update(
            [_requirement(values, pk=pk) for pk, values in changes.changed.items()],
            ["required_level", "importance", "weight"],
            batch_size=BATCH,
        )


def _level(text: str) -> int | None:
    return cell_level(text, LEVELS)


def _importance(text: str) -> str | None:
    return cell_choice(text, Importance, _("“%(text)s” is not an importance: use %(names)s."))


def _weight(text: str) -> Decimal | None:
    return cell_decimal(text, RoleRequirement, "weight")


def _requirement(values: RequirementValues, **ids: int) -> RoleRequirement:
    return RoleRequirement(
        required_level=values.required_level,
        importance=values.importance,
        weight=values.weight,
        **ids,
    )


KIND = RequirementsKind()
