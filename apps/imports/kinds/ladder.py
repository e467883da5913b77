"""A career ladder (progression framework) from a JSON or YAML file: tracks, their levels, and
competencies with what each level expects, the shape public progression frameworks use::

    {"name": "Engineering progression",
     "tracks": [{"name": "Engineering", "track": "ic",
                 "levels": [{"key": "E1", "title": "Engineer I", "summary": "...",
                             "typical_months": 18}, ...],
                 "competencies": [{"name": "Code quality", "category": "Craft",
                                   "importance": "essential",
                                   "criteria": {"E1": "Writes readable code.", ...},
                                   "levels": {"E1": 2, "E2": 3}}]}]}

It maps to CareerMap as follows:

- a track is a job family (its ``family``, else its ``name``), matched by name in any case;
- a level is a role (its ``title``, matched in any case as the roles import does), with the
  level's position in the track as the role's level (or its ``level``, 1-12), the track's
  ``track`` ("ic" or "manager", a level may say otherwise), its summary, and the criteria every
  competency sets at that level as the role's responsibilities ("Code quality: Writes readable
  code.");
- consecutive levels of a track are a promotion (``typical_months`` of the higher level, 18
  unless given);
- a competency is a skill (matched by name in any case, else created in its ``category``,
  "Competencies" unless given) and, at each level that has criteria for it (or a number in
  ``levels``), a requirement: the number given (1-5), else the level's position in the track
  rescaled to 1-5: ``clamp(round_half_up(1 + 4 * position / (levels - 1)), 1, 5)`` with the
  first level at position 0 (a one-level track: 3).

The file owns what it says: a re-import updates roles, transitions and requirements to match
it, and never deletes anything. YAML is read with PyYAML's safe loader (no tags, no objects).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.imports.kinds.base import Bundle, Plan, Progress, SourceError
from apps.imports.kinds.cells import add_sample
from apps.imports.kinds.taxonomy import (
    CatalogueChanges,
    CatalogueKind,
    Entry,
    Records,
    Ref,
    RequirementDraft,
    Requirements,
    round_half_up,
)
from apps.roles.models import Importance, JobFamily, Role, RoleTransition, Track, TransitionKind
from apps.skills.models import Skill, SkillCategory

MAX_BYTES = 2 * 1024 * 1024
MAX_TRACKS = 50
MAX_LEVELS = 12  # a role's level is 1-12
MAX_COMPETENCIES = 300
DEFAULT_CATEGORY = "Competencies"
DEFAULT_MONTHS = 18
MAX_MONTHS = 240


class Invalid(ValueError):
    """Where the file goes wrong (a path such as ``tracks[1].levels[0].title``) and why."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path, self.message = path, message


def parse(data: bytes, file_name: str) -> Any:
    """The document; ``SourceError`` when it is not JSON or YAML we can read."""
    if len(data) > MAX_BYTES:
        raise SourceError(
            _("A ladder file is at most %(limit)s MB.") % {"limit": MAX_BYTES // 2**20}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError(_("The file is not UTF-8 text.")) from None
    if file_name.lower().endswith(".json") or text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise SourceError(
                _("The JSON cannot be read: %(error)s (line %(line)s).")
                % {"error": error.msg, "line": error.lineno}
            ) from None
    try:
        import yaml  # PyYAML: see the report on making it a runtime dependency
    except ImportError:
        raise SourceError(
            _("This server reads JSON ladders only: upload the file as JSON.")
        ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if mark is None:
            raise SourceError(_("The YAML cannot be read: upload JSON or YAML.")) from None
        raise SourceError(
            _("The YAML cannot be read (line %(line)s): upload JSON or YAML.")
            % {"line": mark.line + 1}
        ) from None


def _list(value: Any, path: str, limit: int) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise Invalid(path, _("Give a list here (at least one item)."))
    if len(value) > limit:
        raise Invalid(path, _("At most %(limit)s items.") % {"limit": limit})
    return value


def _text(node: dict[str, Any], name: str, path: str, limit: int, *, required: bool) -> str:
    value = node.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise Invalid(f"{path}.{name}", _("Write text here."))
    text = " ".join(str(value).split()) if limit < 1000 else str(value).strip()
    if required and not text:
        raise Invalid(f"{path}.{name}", _("This cannot be blank."))
    if len(text) > limit:
        raise Invalid(f"{path}.{name}", _("At most %(limit)s characters.") % {"limit": limit})
    return text


def _number(value: Any, path: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(
            path, _("Write a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
        )
    return value


@dataclass
class Level:
    key: str
    title: str
    summary: str
    number: int
    track: str
    months: int
    lines: list[str] = field(default_factory=list)


@dataclass
class LadderChanges(CatalogueChanges):
    requirements: Requirements = field(
        default_factory=lambda: Requirements(["required_level", "importance"])
    )
    transitions_new: list[tuple[Ref, Ref, int]] = field(default_factory=list)
    transitions_changed: dict[int, int] = field(default_factory=dict)  # id -> months


class LadderFile:
    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.changes = LadderChanges(
            families=Records(JobFamily, "name", "job families", ("description",),
                             one="job family"),
            categories=Records(SkillCategory, "name", "categories", one="category"),
            skills=Records(Skill, "name", "skills"),
            roles=Records(Role, "title", "roles",
                          ("family_id", "level", "track", "summary", "responsibilities")),
        )  # fmt: skip
        self.plan = Plan(changes=self.changes)
        self.titles: dict[str, str] = {}  # lower-case title -> where the file gave it
        self.promotions: list[tuple[Ref, Ref, int]] = []

    def run(self, document: Any) -> Plan:
        self.progress.phase(_("Checking the ladder"))
        try:
            if not isinstance(document, dict):
                raise Invalid("", _("The file must hold one object with a list of tracks."))
            tracks = _list(document.get("tracks"), "tracks", MAX_TRACKS)
            for n, track in enumerate(tracks):
                self._track(track, f"tracks[{n}]")
        except Invalid as problem:
            self.plan.refuse(0, problem.path[:80], problem.message)
            return self.plan
        for records in (self.changes.families, self.changes.categories,
                        self.changes.skills, self.changes.roles):  # fmt: skip
            records.tally(self.plan)
        self.changes.requirements.tally(self.plan)
        self._transitions()
        return self.plan

    def _track(self, track: Any, path: str) -> None:
        if not isinstance(track, dict):
            raise Invalid(path, _("A track is an object with a name, levels and competencies."))
        name = _text(track, "name", path, 120, required=True)
        family_name = _text(track, "family", path, 120, required=False) or name
        family = self.changes.families.claim(family_name)
        if "description" in track:
            family.values["description"] = _text(track, "description", path, 5000,
                                                 required=False)  # fmt: skip
        kind = self._track_kind(track.get("track", Track.INDIVIDUAL.value), f"{path}.track")
        raw_levels = _list(track.get("levels"), f"{path}.levels", MAX_LEVELS)
        levels = [self._level(raw, f"{path}.levels[{n}]", n, kind)
                  for n, raw in enumerate(raw_levels)]  # fmt: skip
        if len({level.key for level in levels}) < len(levels):
            raise Invalid(f"{path}.levels", _("Each level of a track needs its own key."))
        competencies = track.get("competencies") or []
        if competencies:
            competencies = _list(competencies, f"{path}.competencies", MAX_COMPETENCIES)
        roles: dict[str, Ref] = {}
        for level in levels:
            roles[level.key] = self._role(level, family)
        for n, competency in enumerate(competencies):
            self._competency(competency, f"{path}.competencies[{n}]", levels, roles)
        for level in levels:
            entry = self.changes.roles.entries[roles[level.key].key]
            entry.values["responsibilities"] = "\n".join(level.lines)
        for lower, higher in pairwise(levels):
            self.promotions.append((roles[lower.key], roles[higher.key], higher.months))

    def _track_kind(self, value: Any, path: str) -> str:
        wanted = str(value).strip().lower()
        for choice, label in Track.choices:
            if wanted in (choice, str(label).lower()):
                return str(choice)
        raise Invalid(path, _("Write ic or manager."))

    def _level(self, raw: Any, path: str, position: int, kind: str) -> Level:
        if not isinstance(raw, dict):
            raise Invalid(path, _("A level is an object with a key and a title."))
        title = _text(raw, "title", path, 150, required=True)
        key = _text(raw, "key", path, 40, required=False) or title
        holder = self.titles.setdefault(title.lower(), path)
        if holder != path:
            raise Invalid(f"{path}.title",
                          _("%(holder)s has the title “%(title)s” already: each level is its "
                            "own role.") % {"holder": holder, "title": title})  # fmt: skip
        number = _number(raw.get("level", position + 1), f"{path}.level", 1, 12)
        months = _number(raw.get("typical_months", DEFAULT_MONTHS), f"{path}.typical_months", 1,
                         MAX_MONTHS)  # fmt: skip
        track = self._track_kind(raw["track"], f"{path}.track") if "track" in raw else kind
        summary = _text(raw, "summary", path, 5000, required=False)
        return Level(key, title, summary, number, track, months)

    def _role(self, level: Level, family: Entry) -> Ref:
        roles = self.changes.roles
        entry = roles.claim(level.title)
        entry.values.update(
            family_id=self.changes.families.ref(family),
            level=level.number,
            track=level.track,
            summary=level.summary,
        )
        return roles.ref(entry)

    def _competency(self, raw: Any, path: str, levels: list[Level], roles: dict[str, Ref]) -> None:
        if not isinstance(raw, dict):
            raise Invalid(path, _("A competency is an object with a name and criteria."))
        name = _text(raw, "name", path, 120, required=True)
        category_name = _text(raw, "category", path, 120, required=False) or DEFAULT_CATEGORY
        importance = str(raw.get("importance", Importance.ESSENTIAL.value)).strip().lower()
        if importance not in Importance.values:
            raise Invalid(f"{path}.importance", _("Write essential or desirable."))
        criteria = raw.get("criteria") or {}
        numbers = raw.get("levels") or {}
        if not isinstance(criteria, dict) or not isinstance(numbers, dict):
            raise Invalid(path, _("criteria and levels map a level's key to its text or number."))
        keys = {level.key for level in levels}
        for key in [*criteria, *numbers]:
            if str(key) not in keys:
                raise Invalid(
                    f"{path}", _("“%(key)s” is not a level of this track.") % {"key": key}
                )
        skill = self._skill(name, category_name, _text(raw, "description", path, 5000,
                                                          required=False))  # fmt: skip
        for position, level in enumerate(levels):
            text = criteria.get(level.key)
            if text is not None:
                text = " ".join(str(text).split())
                level.lines.append(f"{name}: {text}"[:2000])
            if level.key in numbers:
                required = _number(numbers[level.key], f"{path}.levels.{level.key}", 1, 5)
            elif text:
                required = _position_level(position, len(levels))
            else:
                continue
            self.changes.requirements.add(
                RequirementDraft(roles[level.key], skill, required, importance)
            )

    def _skill(self, name: str, category_name: str, description: str) -> Ref:
        skills = self.changes.skills
        entry = skills.claim(name)
        if entry.pk is None and "category_id" not in entry.on_create:
            category = self.changes.categories.claim(category_name)
            entry.on_create["category_id"] = self.changes.categories.ref(category)
            entry.on_create["description"] = description
        return skills.ref(entry)

    def _transitions(self) -> None:
        changes = self.changes
        role_ids = {pk for a, _, _ in self.promotions if (pk := a.existing_pk()) is not None}
        current = {
            (a, b): (pk, months)
            for pk, a, b, months in RoleTransition.objects.filter(
                from_role_id__in=role_ids
            ).values_list("pk", "from_role_id", "to_role_id", "typical_months")
        }
        for lower, higher, months in self.promotions:
            a, b = lower.existing_pk(), higher.existing_pk()
            found = current.get((a, b)) if a is not None and b is not None else None
            if found is None:
                changes.transitions_new.append((lower, higher, months))
                add_sample(self.plan, "create", f"promotion: {_title(lower)} → {_title(higher)}")
            elif found[1] != months:
                changes.transitions_changed[found[0]] = months
            else:
                self.plan.unchanged += 1
        self.plan.create += len(changes.transitions_new)
        self.plan.update += len(changes.transitions_changed)
        if changes.transitions_new:
            self.plan.extra["promotions to create"] = len(changes.transitions_new)
        if changes.transitions_changed:
            self.plan.extra["promotions to update"] = len(changes.transitions_changed)


def _title(role: Ref) -> str:
    return role.target.entries[role.key].name


def _position_level(position: int, count: int) -> int:
    if count == 1:
        return 3
    return max(1, min(5, round_half_up(1 + 4 * position / (count - 1))))


class LadderKind(CatalogueKind):
    key = "ladder"
    sample = "ladder/engineering-ladder.yaml"
    label = gettext_lazy("Career ladder (JSON or YAML)")
    description = gettext_lazy(
        "A progression framework as JSON or YAML: each track becomes a job family, each "
        "level a role (promotions between consecutive levels), each competency a skill the "
        "roles require at the level its criteria say. Roles and skills are matched by name."
    )

    def read(self, data: bytes, file_name: str) -> Bundle:
        """The file as it came (checked to parse): ``plan`` reads the document from it."""
        parse(data, file_name)
        return {file_name: data}

    def plan(
        self, source: Bundle, *, options: dict[str, Any], full_sync: bool, progress: Progress
    ) -> Plan:
        ((file_name, data),) = source.items()
        return LadderFile(progress).run(parse(data, file_name))

    def apply(self, plan: Plan, *, actor: Any, options: dict[str, Any], progress: Progress) -> None:
        super().apply(plan, actor=actor, options=options, progress=progress)
        changes: LadderChanges = plan.changes
        progress.phase(_("Writing the promotions"))
        promotion = TransitionKind.PROMOTION
        RoleTransition.objects.bulk_create(
            [
                RoleTransition(
                    from_role_id=a.pk(), to_role_id=b.pk(), kind=promotion, typical_months=months
                )
                for a, b, months in changes.transitions_new
            ]
        )
        RoleTransition.objects.bulk_update(
            [
                RoleTransition(pk=pk, typical_months=months)
                for pk, months in changes.transitions_changed.items()
            ],
            ["typical_months"],
        )


KIND = LadderKind()
