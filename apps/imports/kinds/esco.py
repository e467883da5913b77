"""ESCO, the European Commission's classification of skills and occupations, from its CSV files.

The bundle is a .zip of five files of the published CSV download (English): ``skills_en.csv``,
``skillGroups_en.csv``, ``broaderRelationsSkillPillar_en.csv``, ``occupations_en.csv`` and
``occupationSkillRelations_en.csv``; ``ISCOGroups_en.csv`` is read too when present (it names the
job families). They map to CareerMap as follows:

- a skill group is a skill category, under its broader group; a skill goes in the nearest group
  above it (a skill under another skill takes that skill's group; a skill with none goes in
  "ESCO skills without a group");
- a skill is a skill: its preferred label the name, its description, its alternative labels
  (new lines inside the cell) the synonyms. A synonym that is another skill's name, or longer
  than 120 characters, is left out (counted in the preview);
- an occupation is a role, in the job family of its ISCO unit group (named from
  ``ISCOGroups_en.csv``, else "ISCO group 2512"); its description is the role's summary. The
  level, track and key-position flag are HR's: a new role takes the defaults, an update keeps
  them;
- an occupation's essential skills are essential requirements, its optional skills desirable
  ones (unless HR leaves optional skills out). ESCO has no levels: a new requirement takes the
  level HR chose for the import (3 for essential, 2 for optional unless changed); an existing
  one keeps the level and weight HR set, only its importance follows ESCO.

Every record keeps its ESCO URI (``source_uri``), so importing a newer release, or another
group of occupations, updates records instead of duplicating them (see ``taxonomy`` for how an
existing record of the same name is matched, and how clashing or overlong names are handled).
Nothing is ever deleted.

HR chooses the subset at upload: occupations whose ISCO group starts with one of the given codes
("2512", or "25 2631"), and either the skills those occupations need or every skill.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.imports.kinds.base import Bundle, Plan, Progress
from apps.imports.kinds.taxonomy import (
    CatalogueChanges,
    CatalogueKind,
    Member,
    Records,
    Ref,
    RequirementDraft,
    Requirements,
    clean_options,
    prefixes,
    read_member,
)
from apps.roles.models import Importance, JobFamily, Role
from apps.skills.models import Skill, SkillCategory

SKILLS = "skills_en.csv"
GROUPS = "skillGroups_en.csv"
BROADER = "broaderRelationsSkillPillar_en.csv"
OCCUPATIONS = "occupations_en.csv"
RELATIONS = "occupationSkillRelations_en.csv"
ISCO = "ISCOGroups_en.csv"  # optional: the job families' names
UNGROUPED = "ESCO skills without a group"
ISCO_URI = "http://data.europa.eu/esco/isco/C"
SYNONYM_LIMIT = 120
LEVEL_CHOICES = [(n, f"{n}") for n in range(1, 6)]

COLUMNS = {
    SKILLS: ("conceptUri", "preferredLabel", "altLabels", "skillType", "description"),
    GROUPS: ("conceptUri", "preferredLabel", "description", "code"),
    BROADER: ("conceptType", "conceptUri", "broaderType", "broaderUri"),
    OCCUPATIONS: ("conceptUri", "iscoGroup", "preferredLabel", "description", "code"),
    RELATIONS: ("occupationUri", "relationType", "skillUri"),
}


class EscoOptions(forms.Form):
    isco_group = forms.CharField(
        label=gettext_lazy("ISCO groups"),
        required=False,
        max_length=200,
        validators=[
            RegexValidator(
                r"^[\d\s,]*$", gettext_lazy("Write ISCO codes (digits), comma-separated.")
            )
        ],
        help_text=gettext_lazy(
            "Occupations whose ISCO group starts with one of these codes, e.g. 2512 or "
            "25, 2631. Blank: every occupation."
        ),
    )
    skills = forms.ChoiceField(
        label=gettext_lazy("Skills"),
        choices=[
            ("required", gettext_lazy("Only the skills the chosen occupations need")),
            ("all", gettext_lazy("Every skill in the files")),
        ],
        initial="required",
    )
    include_optional = forms.BooleanField(
        label=gettext_lazy("Optional skills as desirable requirements"),
        required=False,
        initial=True,
    )
    essential_level = forms.TypedChoiceField(
        label=gettext_lazy("Level for an essential skill"),
        choices=LEVEL_CHOICES,
        coerce=int,
        initial=3,
        help_text=gettext_lazy(
            "ESCO has no levels: new requirements start here; HR adjusts them per role."
        ),
    )
    optional_level = forms.TypedChoiceField(
        label=gettext_lazy("Level for an optional skill"),
        choices=LEVEL_CHOICES,
        coerce=int,
        initial=2,
    )


@dataclass(frozen=True, slots=True)
class Concept:
    uri: str
    label: str
    description: str
    hint: str  # what tells two concepts of the same label apart (a code, a type)
    row: int
    extra: tuple[str, ...] = ()  # skills: the alternative labels; occupations: the ISCO group


@dataclass
class EscoChanges(CatalogueChanges):
    requirements: Requirements = field(default_factory=lambda: Requirements(["importance"]))


class EscoFile:
    """Planning one bundle: read the five files, choose the subset, match every record."""

    def __init__(self, bundle: Bundle, options: dict[str, Any], progress: Progress) -> None:
        self.bundle, self.options, self.progress = bundle, options, progress
        self.plan = Plan()
        self.changes = EscoChanges(
            families=Records(JobFamily, "name", "job families", ("description",), one="job family"),
            categories=Records(
                SkillCategory, "name", "categories", ("description", "parent_id"), one="category"
            ),
            skills=Records(Skill, "name", "skills", ("description", "category_id", "synonyms")),
            roles=Records(Role, "title", "roles", ("summary", "family_id")),
        )
        self.plan.changes = self.changes

    def run(self) -> Plan:
        members = {name: self._read(name) for name in COLUMNS}
        groups = _concepts(members[GROUPS], "code")
        skills = _concepts(members[SKILLS], "skillType", extra="altLabels")
        broader = _broader(members[BROADER])
        occupations = self._occupations(members[OCCUPATIONS])
        relations = self._relations(members[RELATIONS], occupations, skills)
        if self.plan.issues:
            return self.plan
        wanted = self._wanted_skills(skills, relations)
        placed = _Placement(groups, skills, broader)
        self._categories(placed, [placed.group_of(uri) for uri in wanted])
        skill_refs = self._skills(wanted, skills, placed)
        role_refs = self._roles(occupations)
        self._requirements(relations, role_refs, skill_refs)
        for records in (
            self.changes.families,
            self.changes.categories,
            self.changes.skills,
            self.changes.roles,
        ):
            records.tally(self.plan)
        self.changes.requirements.tally(self.plan)
        return self.plan

    def _read(self, name: str) -> Member:
        self.progress.phase(_("Reading %(file)s") % {"file": name})
        return read_member(self.bundle, name, COLUMNS[name])

    def _occupations(self, member: Member) -> dict[str, Concept]:
        wanted = prefixes(self.options["isco_group"])
        found: dict[str, Concept] = {}
        for number, cells in member.rows:
            group = member.cell(cells, "iscoGroup")
            if wanted and not group.startswith(wanted):
                continue
            uri, label = member.cell(cells, "conceptUri"), member.cell(cells, "preferredLabel")
            if not uri or not label:
                self.plan.refuse(number, member.where("preferredLabel"),
                                 _("An occupation needs its URI and preferred label."))  # fmt: skip
                continue
            hint = member.cell(cells, "code") or group
            description = member.cell(cells, "description")
            found[uri] = Concept(uri, label, description, hint, number, (group,))
        if not found:
            self.plan.refuse(0, member.where("iscoGroup"),
                             _("No occupation is in the ISCO groups chosen."))  # fmt: skip
        return found

    def _relations(
        self, member: Member, occupations: dict[str, Concept], skills: dict[str, Concept]
    ) -> list[tuple[str, str, str]]:
        """(occupation, skill, importance) of the chosen occupations."""
        self.progress.phase(_("Checking the occupations' skills"), len(member.rows))
        include_optional = self.options["include_optional"]
        found = []
        for count, (number, cells) in enumerate(member.rows, start=1):
            if count % 1000 == 0:
                self.progress.advance(1000)
            occupation = member.cell(cells, "occupationUri")
            if occupation not in occupations:
                continue
            kind = member.cell(cells, "relationType").lower()
            skill = member.cell(cells, "skillUri")
            if kind not in ("essential", "optional"):
                self.plan.refuse(number, member.where("relationType"),
                                 _("“%(kind)s” is neither essential nor optional.")
                                 % {"kind": kind})  # fmt: skip
            elif skill not in skills:
                self.plan.refuse(number, member.where("skillUri"),
                                 _("The skill %(skill)s is not in %(file)s: use files of the "
                                   "same ESCO release.")
                                 % {"skill": skill, "file": SKILLS})  # fmt: skip
            elif kind == "essential" or include_optional:
                importance = Importance.ESSENTIAL if kind == "essential" else Importance.DESIRABLE
                found.append((occupation, skill, importance.value))
        return found

    def _wanted_skills(
        self, skills: dict[str, Concept], relations: list[tuple[str, str, str]]
    ) -> list[str]:
        if self.options["skills"] == "all":
            return list(skills)
        needed = {skill for _, skill, _ in relations}
        return [uri for uri in skills if uri in needed]  # in the file's order

    def _categories(self, placed: _Placement, needed: list[str | None]) -> None:
        """The groups the skills go in, and every group above them, under their parents."""
        categories, plan = self.changes.categories, self.plan
        chosen: list[str] = []
        seen: set[str] = set()
        for uri in needed:
            for group in placed.chain(uri):
                if group not in seen:
                    seen.add(group)
                    chosen.append(group)
        if None in needed:
            entry = categories.claim(UNGROUPED)
            entry.values["parent_id"] = None
        for loop in placed.loops:
            plan.refuse(0, BROADER, _("The groups above %(loop)s make a loop.") % {"loop": loop})
        chosen.sort(key=lambda uri: placed.groups[uri].row)  # names in the file's order
        for uri in chosen:
            concept = placed.groups[uri]
            categories.claim(concept.label, uri=uri, hint=concept.hint)
        for uri in chosen:  # every parent is claimed by now
            entry, concept = categories.entries[uri], placed.groups[uri]
            parent = placed.parent.get(uri)
            entry.values["description"] = concept.description
            entry.values["parent_id"] = (
                categories.ref(categories.entries[parent]) if parent else None
            )

    def _skills(
        self, wanted: list[str], skills: dict[str, Concept], placed: _Placement
    ) -> dict[str, Ref]:
        records, categories = self.changes.skills, self.changes.categories
        self.progress.phase(_("Matching the skills"), len(wanted))
        entries = []
        for uri in wanted:
            concept = skills[uri]
            entry = records.claim(concept.label, uri=uri, hint=concept.hint)
            group = placed.group_of(uri)
            category = categories.entries[group] if group else categories.claim(UNGROUPED)
            entry.values["category_id"] = categories.ref(category)
            entry.values["description"] = concept.description
            entries.append((entry, concept))
            self.progress.advance()
        names, dropped = records.names(), 0
        for entry, concept in entries:
            synonyms, left_out = _synonyms(concept.extra, entry.name, names)
            entry.values["synonyms"] = synonyms
            dropped += left_out
        if dropped:
            self.plan.extra["synonyms left out (another skill's name, or too long)"] = dropped
        return {entry.uri: records.ref(entry) for entry, _ in entries}

    def _roles(self, occupations: dict[str, Concept]) -> dict[str, Ref]:
        families, roles = self.changes.families, self.changes.roles
        names = _isco_names(self.bundle)
        found = {}
        for uri, concept in occupations.items():
            group = concept.extra[0]
            family_label, family_description = names.get(group, (f"ISCO group {group}", ""))
            family = families.claim(family_label, uri=f"{ISCO_URI}{group}", hint=group)
            if family_description or "description" not in family.values:
                family.values["description"] = family_description
            entry = roles.claim(concept.label, uri=uri, hint=concept.hint)
            entry.values["family_id"] = families.ref(family)
            entry.values["summary"] = concept.description
            found[uri] = roles.ref(entry)
        return found

    def _requirements(
        self,
        relations: list[tuple[str, str, str]],
        roles: dict[str, Ref],
        skills: dict[str, Ref],
    ) -> None:
        levels = {
            Importance.ESSENTIAL.value: self.options["essential_level"],
            Importance.DESIRABLE.value: self.options["optional_level"],
        }
        requirements = self.changes.requirements
        for occupation, skill, importance in relations:
            draft = RequirementDraft(roles[occupation], skills[skill], levels[importance],
                                     importance)  # fmt: skip
            # A skill listed as both essential and optional is essential.
            requirements.add(draft, stronger=lambda new, old: new.importance == "essential")


class _Placement:
    """Where each skill and group sits in ESCO's hierarchy (``broaderRelationsSkillPillar``)."""

    def __init__(
        self,
        groups: dict[str, Concept],
        skills: dict[str, Concept],
        broader: dict[str, list[str]],
    ) -> None:
        self.groups, self.skills, self.broader = groups, skills, broader
        self.parent: dict[str, str] = {}
        for uri in groups:
            parent = next((b for b in broader.get(uri, ()) if b in groups), None)
            if parent is not None:
                self.parent[uri] = parent
        self.loops = self._loops()
        self._group_of: dict[str, str | None] = {}

    def _loops(self) -> list[str]:
        found = []
        for start in self.groups:
            seen, node = {start}, self.parent.get(start)
            while node is not None and node not in seen:
                seen.add(node)
                node = self.parent.get(node)
            if node == start:
                found.append(self.groups[start].label)
                self.parent.pop(start)  # so the plan can go on to list everything else
        return found

    def group_of(self, skill: str) -> str | None:
        """The nearest group above a skill, through the skills above it (first listed first)."""
        if skill in self._group_of:
            return self._group_of[skill]
        self._group_of[skill] = None  # a loop of skills ends here
        found = None
        above = self.broader.get(skill, [])
        found = next((b for b in above if b in self.groups), None)
        if found is None:
            for other in above:
                if other in self.skills:
                    found = self.group_of(other)
                    if found:
                        break
        self._group_of[skill] = found
        return found

    def chain(self, group: str | None) -> list[str]:
        """The group and every group above it, nearest first."""
        found: list[str] = []
        while group is not None and group not in found:
            found.append(group)
            group = self.parent.get(group)
        return found


def _concepts(member: Member, hint: str, extra: str = "") -> dict[str, Concept]:
    found = {}
    for number, cells in member.rows:
        uri, label = member.cell(cells, "conceptUri"), member.cell(cells, "preferredLabel")
        if not uri or not label:
            continue
        more = tuple(member.cell(cells, extra).splitlines()) if extra else ()
        hint_text = member.cell(cells, hint).replace("skill/competence", "skill")
        found[uri] = Concept(uri, label, member.cell(cells, "description"), hint_text, number,
                             more)  # fmt: skip
    return found


def _broader(member: Member) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for _number, cells in member.rows:
        found.setdefault(member.cell(cells, "conceptUri"), []).append(
            member.cell(cells, "broaderUri")
        )
    return found


def _synonyms(labels: tuple[str, ...], name: str, names: set[str]) -> tuple[list[str], int]:
    """The alternative labels a skill keeps, and how many were left out."""
    kept, seen, dropped = [], {name.lower()}, 0
    for label in labels:
        text = " ".join(label.split())
        key = text.lower()
        if not text or key in seen:
            continue
        seen.add(key)
        if len(text) > SYNONYM_LIMIT or key in names:
            dropped += 1
            continue
        kept.append(text)
    return kept, dropped


def _isco_names(bundle: Bundle) -> dict[str, tuple[str, str]]:
    """ISCO code -> (label, description), when the optional file came in the bundle."""
    if ISCO not in bundle:
        return {}
    member = read_member(bundle, ISCO, ("code", "preferredLabel"))
    has_description = "description" in member.index
    return {
        member.cell(cells, "code"): (
            member.cell(cells, "preferredLabel"),
            member.cell(cells, "description") if has_description else "",
        )
        for _, cells in member.rows
    }


class EscoKind(CatalogueKind):
    key = "esco"
    sample = "esco"
    label = gettext_lazy("ESCO skills and occupations")
    description = gettext_lazy(
        "The ESCO classification's CSV files (English), in one .zip: skill groups become "
        "categories, skills keep their alternative labels as synonyms, occupations become "
        "roles with their essential and optional skills as requirements. Choose the ISCO "
        "groups to import; re-importing updates what an earlier import made."
    )
    bundle_files = (SKILLS, GROUPS, BROADER, OCCUPATIONS, RELATIONS)
    options_form = EscoOptions

    def read(self, data: bytes, file_name: str) -> Bundle:
        bundle = dict(self._read_bundle(data))
        archive = zipfile.ZipFile(BytesIO(data))  # read and size-checked just above
        for member in archive.infolist():
            if member.filename.rsplit("/", 1)[-1] == ISCO:
                bundle[ISCO] = archive.read(member)
        return bundle

    def plan(
        self, source: Bundle, *, options: dict[str, Any], full_sync: bool, progress: Progress
    ) -> Plan:
        return EscoFile(source, clean_options(EscoOptions, options), progress).run()


KIND = EscoKind()
