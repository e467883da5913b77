"""Skills and their categories: one row per skill, with its category (and that category's
parent), a description and synonyms.

A row is the skill of that name, in any case (the model's unique rule). A synonym does not
match: a row named like another skill's synonym is refused. Updating that skill would rename
it behind HR's back, and creating a second skill would make "a skill by name or synonym" (how
requirement and rating files name skills) ambiguous; the reason names the skill to write
instead. For the same reason a synonym may not be another skill's name.

A blank optional cell keeps what is there; a filled one replaces it (synonyms: the whole
list). Categories match by name (exactly, else in any case) and are created when new; a
parent that would put a category under itself, however far up, is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.postgres.fields import ArrayField
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.imports.kinds.base import Column, Kind, Plan, Progress
from apps.imports.kinds.cells import RowReader, add_sample, cell_length, cell_list, cell_text
from apps.skills.models import Skill, SkillCategory
from careermap.tabular import Row, Table

CategoryKey = int | str  # an existing category's id, or a new category's name in lower case
BATCH = 1000


def _synonym_length() -> int | None:
    field = cast(ArrayField, Skill._meta.get_field("synonyms"))
    return field.base_field.max_length


SYNONYM_LENGTH = _synonym_length()


@dataclass(slots=True)
class SkillDraft:
    """A skill as the file leaves it (blank cells already filled from the current record)."""

    row: int
    name: str
    category: CategoryKey
    description: str
    synonyms: list[str]


@dataclass
class SkillChanges:
    new_categories: dict[str, str] = field(default_factory=dict)  # key -> name as written
    parents: dict[CategoryKey, CategoryKey] = field(default_factory=dict)  # child -> parent
    new_skills: list[SkillDraft] = field(default_factory=list)
    changed_skills: dict[int, SkillDraft] = field(default_factory=dict)  # skill id -> draft


@dataclass(frozen=True, slots=True)
class CurrentSkill:
    pk: int
    name: str
    category_id: int
    description: str
    synonyms: list[str]


class CategoryTree:
    """The categories as they are, and what the file adds to them and moves in them."""

    def __init__(self) -> None:
        self.exact: dict[str, int] = {}
        self.folded: dict[str, int] = {}
        self.names: dict[CategoryKey, str] = {}
        self.parent: dict[CategoryKey, CategoryKey | None] = {}
        rows = SkillCategory.objects.order_by("pk").values_list("pk", "name", "parent_id")
        for pk, name, parent_id in rows:
            self.exact[name] = pk
            self.folded.setdefault(name.lower(), pk)
            self.names[pk], self.parent[pk] = name, parent_id
        self.new: dict[str, str] = {}
        self.given: dict[CategoryKey, tuple[CategoryKey, int]] = {}  # child -> (parent, row)

    def key(self, name: str) -> CategoryKey:
        """The category ``name`` means; a new one is noted for creation."""
        found = self.exact.get(name) or self.folded.get(name.lower())
        if found is not None:
            return found
        self.new.setdefault(name.lower(), name)
        self.names.setdefault(name.lower(), name)
        return name.lower()

    def give_parent(self, child: CategoryKey, parent: CategoryKey, row: int) -> str | None:
        """Note ``parent`` for ``child``; the reason if the file contradicts itself."""
        if child == parent:
            return _("A category cannot be its own parent.")
        earlier = self.given.setdefault(child, (parent, row))
        if earlier[0] != parent:
            return _("Row %(row)s puts %(child)s under %(parent)s: a category has one parent.") % {
                "row": earlier[1],
                "child": self.names[child],
                "parent": self.names[earlier[0]],
            }
        return None

    def moves(self) -> dict[CategoryKey, CategoryKey]:
        """The categories whose parent the file changes (new ones with a parent included)."""
        return {c: p for c, (p, _row) in self.given.items() if self.parent.get(c) != p}

    def loops(self) -> list[tuple[int, str]]:
        """(row, reason) for each parent the file gives that puts a category under itself."""
        final = {**self.parent, **{c: p for c, (p, _row) in self.given.items()}}
        found = []
        for child, (_parent, row) in self.given.items():
            chain, node = [child], final.get(child)
            while node is not None and node not in chain:
                chain.append(node)
                node = final.get(node)
            if node == child:
                names = " → ".join(self.names[key] for key in [*chain, child])
                found.append((row, _("This parent makes a loop: %(loop)s.") % {"loop": names}))
        return found


def _current_skills() -> dict[str, CurrentSkill]:
    fields = ("pk", "name", "category_id", "description", "synonyms")
    return {
        values[1].lower(): CurrentSkill(*values)
        for values in Skill.objects.values_list(*fields).iterator(chunk_size=5000)
    }


class SkillFile:
    """Planning one file: the catalogue as it is, and what each row makes of it."""

    def __init__(self) -> None:
        self.plan = Plan(changes=SkillChanges())
        self.tree, self.current = CategoryTree(), _current_skills()
        self.rows_by_name: dict[str, int] = {}

    def run(self, source: Table, progress: Progress) -> Plan:
        plan = self.plan
        progress.phase(_("Checking the skills"), len(source.rows))
        drafts = []
        for row in source.rows:
            draft = self._read(row)
            if draft is not None:
                drafts.append(draft)
            progress.advance()
        for row_number, reason in self.tree.loops():
            plan.refuse(row_number, "parent_category", reason)
        refused = _name_clashes(plan, drafts, self.current)
        self._count([d for d in drafts if d.row not in refused])
        plan.issues.sort(key=lambda issue: issue.row)
        return plan

    def _read(self, row: Row) -> SkillDraft | None:
        cells = RowReader(self.plan, row)
        category = cells.required(
            "category", _("Give the category: this column cannot be blank."), _category_name
        )
        parent = cells.take("parent_category", _category_name)
        name = cells.required(
            "skill", _("Give the skill's name: this column cannot be blank."), _skill_name
        )
        description = cells.take("description", _description)
        synonyms = cells.take("synonyms", _synonyms)
        if name is not None and self._named_before(cells, name):
            return None
        if category and parent:
            problem = self.tree.give_parent(
                self.tree.key(category), self.tree.key(parent), row.number
            )
            if problem:
                cells.refuse("parent_category", problem)
        if not cells.ok or name is None or category is None:
            return None
        key = self.tree.key(category)
        return _draft(row.number, name, key, description, synonyms, self.current)

    def _named_before(self, cells: RowReader, name: str) -> bool:
        """Refuse a skill named twice in the file (the rows would fight over it)."""
        first = self.rows_by_name.setdefault(name.lower(), cells.row.number)
        if first != cells.row.number:
            cells.refuse(
                "skill",
                _("Row %(row)s already holds the skill “%(name)s”.") % {"row": first, "name": name},
            )
            return True
        return False

    def _count(self, drafts: list[SkillDraft]) -> None:
        plan, changes = self.plan, self.plan.changes
        for draft in drafts:
            existing = self.current.get(draft.name.lower())
            if existing is None:
                plan.create += 1
                changes.new_skills.append(draft)
                add_sample(plan, "create", draft.name)
                continue
            changed = _changed_fields(existing, draft)
            if changed:
                plan.update += 1
                changes.changed_skills[existing.pk] = draft
                add_sample(plan, "update", f"{draft.name} ({', '.join(changed)})")
            else:
                plan.unchanged += 1
        self._count_categories()

    def _count_categories(self) -> None:
        plan, tree = self.plan, self.tree
        plan.changes.new_categories, plan.changes.parents = dict(tree.new), tree.moves()
        moved = sum(1 for key in plan.changes.parents if isinstance(key, int))
        for label, count in (
            ("categories to create", len(tree.new)),
            ("categories to move", moved),
        ):
            if count:
                plan.extra[label] = count
        for name in tree.new.values():
            add_sample(plan, "categories to create", name)


class SkillsKind(Kind):
    key = "skills"
    label = gettext_lazy("Skills and categories")
    description = gettext_lazy(
        "One row per skill: its category (created if new, with an optional parent category), "
        "description and synonyms. A skill already in CareerMap (same name, any case) is "
        "updated; blank optional cells keep what is there."
    )
    columns = (
        Column(
            "category",
            gettext_lazy("The skill's category; a new one is created."),
            "Data",
            required=True,
        ),
        Column(
            "parent_category",
            gettext_lazy(
                "Optional: the category the row's category sits under (created if new). Blank "
                "keeps the current parent; a category cannot end up under itself."
            ),
            "Technology",
        ),
        Column(
            "skill",
            gettext_lazy(
                "The skill's name. The same name in any case updates that skill; each skill once "
                "per file. It may not be another skill's synonym."
            ),
            "SQL",
            required=True,
        ),
        Column(
            "description",
            gettext_lazy("Optional: what the skill covers. Blank keeps the current description."),
            "Querying and shaping data in relational databases.",
        ),
        Column(
            "synonyms",
            gettext_lazy(
                "Optional: other names for the skill, separated by ; or new lines. They replace "
                "the skill's synonyms; blank keeps them."
            ),
            "Structured Query Language; Postgres queries",
        ),
    )

    def plan(
        self, source: Table, *, options: dict[str, Any], full_sync: bool, progress: Progress
    ) -> Plan:
        return SkillFile().run(source, progress)

    def apply(self, plan: Plan, *, actor: Any, options: dict[str, Any], progress: Progress) -> None:
        changes: SkillChanges = plan.changes
        progress.phase(_("Writing the categories"))
        created = SkillCategory.objects.bulk_create(
            [SkillCategory(name=name) for name in changes.new_categories.values()],
            batch_size=BATCH,
        )
        ids: dict[str, int] = {c.name.lower(): c.pk for c in created}

        def pk(key: CategoryKey) -> int:
            return key if isinstance(key, int) else ids[key]

        SkillCategory.objects.bulk_update(
            [SkillCategory(pk=pk(c), parent_id=pk(p)) for c, p in changes.parents.items()],
            ["parent"],
            batch_size=BATCH,
        )
        progress.phase(_("Writing the skills"))
        Skill.objects.bulk_create(
            [_skill(draft, pk(draft.category)) for draft in changes.new_skills], batch_size=BATCH
        )
        Skill.objects.bulk_update(
            [_skill(d, pk(d.category), id_=i) for i, d in changes.changed_skills.items()],
            ["name", "category", "description", "synonyms"],
            batch_size=BATCH,
        )


def _category_name(text: str) -> str:
    return cell_text(text, SkillCategory, "name")


def _skill_name(text: str) -> str:
    return cell_text(text, Skill, "name")


def _description(text: str) -> str | None:
    return text or None


def _synonyms(text: str) -> list[str] | None:
    if not text:
        return None
    synonyms = cell_list(text)
    for synonym in synonyms:
        cell_length(synonym, SYNONYM_LENGTH)
    return synonyms


def _draft(
    row: int,
    name: str,
    category: CategoryKey,
    description: str | None,
    synonyms: list[str] | None,
    current: dict[str, CurrentSkill],
) -> SkillDraft:
    existing = current.get(name.lower())
    if description is None:
        description = existing.description if existing else ""
    if synonyms is None:
        synonyms = list(existing.synonyms) if existing else []
    # A skill's own name is no synonym of it.
    synonyms = [s for s in synonyms if s.lower() != name.lower()]
    return SkillDraft(row, name, category, description, synonyms)


def _changed_fields(existing: CurrentSkill, draft: SkillDraft) -> list[str]:
    pairs = {
        "name": (existing.name, draft.name),
        "category": (existing.category_id, draft.category),
        "description": (existing.description, draft.description),
        "synonyms": (existing.synonyms, draft.synonyms),
    }
    return [name for name, (before, after) in pairs.items() if before != after]


def _name_clashes(
    plan: Plan, drafts: list[SkillDraft], current: dict[str, CurrentSkill]
) -> set[int]:
    """Refuse a skill named like another skill's synonym, and a synonym that is another
    skill's name, as the catalogue will be once the file is in. The rows refused."""
    names = {key: skill.name for key, skill in current.items()}
    synonyms = {key: skill.synonyms for key, skill in current.items()}
    for draft in drafts:
        names[draft.name.lower()], synonyms[draft.name.lower()] = draft.name, draft.synonyms
    owners: dict[str, set[str]] = {}
    for key, words in synonyms.items():
        for word in words:
            owners.setdefault(word.lower(), set()).add(key)
    refused = set()
    for draft in drafts:
        key = draft.name.lower()
        others = sorted(names[other] for other in owners.get(key, set()) - {key})
        if others:
            plan.refuse(
                draft.row,
                "skill",
                _(
                    "“%(name)s” is a synonym of %(others)s: write that name to change it, or "
                    "take the synonym off it first."
                )
                % {"name": draft.name, "others": ", ".join(others)},
            )
            refused.add(draft.row)
        for word in draft.synonyms:
            if word.lower() in names and word.lower() != key:
                taken = _("“%(word)s” is the name of another skill.") % {"word": word}
                plan.refuse(draft.row, "synonyms", taken)
                refused.add(draft.row)
    return refused


def _skill(draft: SkillDraft, category_id: int, id_: int | None = None) -> Skill:
    return Skill(
        pk=id_,
        name=draft.name,
        category_id=category_id,
        description=draft.description,
        synonyms=draft.synonyms,
    )


KIND = SkillsKind()
