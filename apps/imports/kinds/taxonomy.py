"""What the taxonomy kinds (ESCO, O*NET, career ladders) share: reading the member files of a
bundle, fitting names to the model fields, and matching each record of the source to
CareerMap's records so a second import updates instead of duplicating.

Matching (``Records.claim``): a record of the source is the CareerMap record that carries its
identifier (``source_uri``); else the record of the same name (exactly, else in any case) that
carries no identifier yet, which then gets it; else a new record. A name is never taken from
another record: when the source's label is already another record's name (or another entry of
the same import took it), the new record's name gets the source's code in brackets
("mathematics (knowledge)"), then a number. A label longer than the field is shortened at a
word boundary and ends with "…" (counted in the preview as "names shortened").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps.imports.kinds.base import Bundle, Kind, Plan, Progress, SourceError
from apps.imports.kinds.cells import add_sample
from apps.roles.models import RoleRequirement
from apps.skills.models import SkillCategory

# What the progress bar says while each kind of record is written (Records.label keys it).
WRITING = {
    "job families": gettext_lazy("Writing the job families"),
    "categories": gettext_lazy("Writing the categories"),
    "skills": gettext_lazy("Writing the skills"),
    "roles": gettext_lazy("Writing the roles"),
}
# A source name that no numbered suffix makes unique, per kind of record.
TOO_MANY = {
    "job families": gettext_lazy("Too many job families are called “%(name)s”."),
    "categories": gettext_lazy("Too many categories are called “%(name)s”."),
    "skills": gettext_lazy("Too many skills are called “%(name)s”."),
    "roles": gettext_lazy("Too many roles are called “%(name)s”."),
}

BATCH = 2000
ELLIPSIS = "…"


# --------------------------------------------------------------------------- reading


@dataclass
class Member:
    """One file of a bundle: its columns by name, and its data rows with their numbers as a
    spreadsheet shows them (the header is row 1)."""

    name: str
    index: dict[str, int]
    rows: list[tuple[int, list[str]]]

    def cell(self, cells: list[str], column: str) -> str:
        at = self.index[column.lower()]
        return cells[at].strip() if at < len(cells) else ""

    def where(self, column: str) -> str:
        return f"{self.name}: {column}"[:80]


def _decode(data: bytes, name: str, *, lenient: bool) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if lenient:  # older O*NET releases are Latin-1; every byte decodes
            return data.decode("cp1252", errors="replace")
        raise SourceError(
            _(
                "%(file)s is not UTF-8 text (byte %(byte)s cannot be read): use the files as "
                "published."
            )
            % {"file": name, "byte": error.start}
        ) from None


def read_member(
    bundle: Bundle,
    name: str,
    columns: Sequence[str],
    *,
    delimiter: str = ",",
    quoted: bool = True,
    lenient: bool = False,
) -> Member:
    """A member file as rows; ``SourceError`` names the file and the columns it lacks."""
    text = _decode(bundle[name], name, lenient=lenient)
    stream = io.StringIO(text, newline="")
    if quoted:
        reader = csv.reader(stream, delimiter=delimiter)
    else:  # O*NET's text files: a quote is a character like any other
        reader = csv.reader(stream, delimiter=delimiter, quoting=csv.QUOTE_NONE)
    try:
        header = [cell.strip().lstrip("\ufeff").lower() for cell in next(reader, [])]
        index = {column: at for at, column in reversed(list(enumerate(header)))}
        missing = [column for column in columns if column.lower() not in index]
        if missing:
            lacks = ngettext(
                "%(file)s lacks the column %(columns)s: upload the files as published, unchanged.",
                "%(file)s lacks the columns %(columns)s: upload the files as published, unchanged.",
                len(missing),
            )
            raise SourceError(lacks % {"file": name, "columns": ", ".join(missing)})
        rows = [(n, cells) for n, cells in enumerate(reader, start=2) if any(cells)]
    except csv.Error as error:
        raise SourceError(
            _("%(file)s cannot be read as a table: %(error)s.") % {"file": name, "error": error}
        ) from None
    return Member(name, index, rows)


def clean_options(form_class: type[forms.Form], options: dict[str, Any]) -> dict[str, Any]:
    """The kind's options through its own form (the job keeps what the upload page cleaned;
    ``import_data --option`` gives strings), with the form's initial values for what is not
    given. ``SourceError`` says what is wrong."""
    defaults = {name: f.initial for name, f in form_class.base_fields.items()}
    form = form_class(data={**defaults, **options})
    if not form.is_valid():
        reasons = "; ".join(
            f"{form.fields[name].label or name}: {' '.join(str(e) for e in errors)}"
            for name, errors in form.errors.items()
        )
        raise SourceError(
            _("The import's options are not valid. %(reasons)s") % {"reasons": reasons}
        )
    return form.cleaned_data


def prefixes(text: str) -> tuple[str, ...]:
    """Codes separated by commas or spaces; none means everything."""
    return tuple(part for part in text.replace(",", " ").split() if part)


def round_half_up(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --------------------------------------------------------------------------- names


def fit(text: str, limit: int, suffix: str = "") -> str:
    """``text`` + ``suffix`` within ``limit`` characters: the text is shortened at a word
    boundary, with "…", when it is too long (the suffix is kept whole)."""
    text = " ".join(text.split())
    room = limit - len(suffix)
    if len(text) <= room:
        return text + suffix
    cut = text[: room - 1]
    if " " in cut[room // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + ELLIPSIS + suffix


@dataclass(frozen=True, slots=True)
class Ref:
    """A foreign key to a record of this import, whether it exists yet or not."""

    target: Records
    key: str

    def existing_pk(self) -> int | None:
        return self.target.entries[self.key].pk

    def pk(self) -> int:
        pk = self.target.entries[self.key].pk
        if pk is None:
            raise RuntimeError("A record is referenced before it is written.")
        return pk


@dataclass(slots=True)
class Entry:
    key: str
    uri: str
    pk: int | None  # the existing record, None to create one
    name: str
    values: dict[str, Any] = field(default_factory=dict)  # compared, and written when changed
    on_create: dict[str, Any] = field(default_factory=dict)  # only for a new record
    changed: list[str] = field(default_factory=list)


class Records:
    """One model's records as a taxonomy import finds them (one query), and what it makes of
    them: ``claim`` each source record, ``set`` its values, ``tally`` the plan, ``write``."""

    def __init__(self, model: type[models.Model], name_field: str, label: str,
                 fields: Sequence[str] = (), *, one: str = "") -> None:  # fmt: skip
        self.model, self.name_field, self.label = model, name_field, label
        self.one = one or label.removesuffix("s")  # what one record is called
        name_model_field = cast(models.CharField, model._meta.get_field(name_field))
        self.limit = name_model_field.max_length or 255
        self.current: dict[int, dict[str, Any]] = {}
        self.by_uri: dict[str, int] = {}
        self.exact: dict[str, int] = {}
        self.folded: dict[str, int] = {}
        columns = ("pk", name_field, "source_uri", *fields)
        for values in (
            model._default_manager.order_by("pk").values_list(*columns).iterator(chunk_size=5000)
        ):
            row = dict(zip(columns, values, strict=True))
            pk = row["pk"]
            self.current[pk] = row
            if row["source_uri"]:
                self.by_uri[row["source_uri"]] = pk
            self.exact[row[name_field]] = pk
            self.folded.setdefault(row[name_field].lower(), pk)
        self.entries: dict[str, Entry] = {}
        self.claimed: set[int] = set()
        self.taken: dict[str, str] = {}  # lower-case name -> key of the entry that has it
        self.shortened = 0

    def claim(self, label: str, *, uri: str = "", hint: str = "") -> Entry:
        """The entry for this source record (the same one when claimed twice)."""
        key = uri or f"name:{label.lower()}"
        if key in self.entries:
            return self.entries[key]
        pk = self.by_uri.get(uri) if uri else None
        if pk is None:
            pk = self._by_name(fit(label, self.limit), anyone=not uri)
        name = self._name(label, hint, pk)
        if len(label) > self.limit:
            self.shortened += 1
        if pk is not None:
            self.claimed.add(pk)
        entry = self.entries[key] = Entry(key, uri, pk, name)
        self.taken[name.lower()] = key
        if uri:
            entry.values["source_uri"] = uri
        entry.values[self.name_field] = name
        return entry

    def _by_name(self, name: str, *, anyone: bool) -> int | None:
        pk = self.exact.get(name)
        if pk is None:
            pk = self.folded.get(name.lower())
        if pk is None or pk in self.claimed:
            return None
        return pk if anyone or not self.current[pk]["source_uri"] else None

    def _name(self, label: str, hint: str, pk: int | None) -> str:
        if pk is not None:  # a name that differs only in case is not a change
            current = self.current[pk][self.name_field]
            if current.lower() == fit(label, self.limit).lower() and self._free(current, pk):
                return current
        suffixes = ["", f" ({hint})" if hint else " (2)"]
        suffixes += [f" ({hint} {n})" if hint else f" ({n})" for n in range(2, 1000)]
        for suffix in suffixes:
            name = fit(label, self.limit, suffix)
            if self._free(name, pk):
                return name
        raise SourceError(str(TOO_MANY[self.label]) % {"name": label[:60]})

    def _free(self, name: str, pk: int | None) -> bool:
        holder = self.folded.get(name.lower())
        if holder is not None and holder != pk:
            return False
        return name.lower() not in self.taken

    def ref(self, entry: Entry) -> Ref:
        return Ref(self, entry.key)

    def names(self) -> set[str]:
        """Every name (lower case) the catalogue will hold once the import is in."""
        return set(self.folded) | set(self.taken)

    # ------------------------------------------------------------------ the plan

    def tally(self, plan: Plan) -> None:
        """Count each entry as created, updated or unchanged (comparing only what it sets)."""
        created = updated = 0
        for entry in self.entries.values():
            if entry.pk is None:
                created += 1
                add_sample(plan, "create", f"{self.one}: {entry.name}")
                continue
            current = self.current[entry.pk]
            entry.changed = [
                name for name, value in entry.values.items() if _differs(current, name, value)
            ]
            if entry.changed:
                updated += 1
                add_sample(plan, "update", f"{self.one}: {entry.name} ({', '.join(entry.changed)})")
            else:
                plan.unchanged += 1
        plan.create += created
        plan.update += updated
        for action, count in (("to create", created), ("to update", updated)):
            if count:
                plan.extra[f"{self.label} {action}"] = count
        if self.shortened:
            plan.extra[f"{self.label}: names shortened to {self.limit} characters"] = self.shortened

    # ------------------------------------------------------------------ the write

    def write(self, *, self_refs: Sequence[str] = ()) -> None:
        """Update the changed records, then create the new ones (a name a record gives up is
        free by then); ``self_refs`` are foreign keys to this same model, set afterwards."""
        changed = [e for e in self.entries.values() if e.pk is not None and e.changed]
        columns = sorted({name for e in changed for name in e.changed} - set(self_refs))
        if columns:
            self.model._default_manager.bulk_update(
                [self._instance(e, skip=self_refs) for e in changed], columns, batch_size=BATCH
            )
        new = [e for e in self.entries.values() if e.pk is None]
        made = self.model._default_manager.bulk_create(
            [self._instance(e, skip=self_refs, create=True) for e in new], batch_size=BATCH
        )
        for entry, record in zip(new, made, strict=True):
            entry.pk = record.pk
            entry.changed = list(entry.values)
        for name in self_refs:
            moved = [e for e in self.entries.values() if name in e.changed]
            self.model._default_manager.bulk_update(
                [self.model(pk=e.pk, **{name: _value(e.values[name])}) for e in moved],
                [name],
                batch_size=BATCH,
            )

    def _instance(self, entry: Entry, *, skip: Sequence[str], create: bool = False) -> models.Model:
        values = {**entry.on_create, **entry.values} if create else entry.values
        kwargs = {n: _value(v) for n, v in values.items() if n not in skip}
        return self.model(pk=entry.pk, **kwargs)


def _value(value: Any) -> Any:
    return value.pk() if isinstance(value, Ref) else value


def _differs(current: dict[str, Any], name: str, value: Any) -> bool:
    before = current[name]
    if isinstance(value, Ref):
        return before is None or before != value.existing_pk()
    return bool(before != value)


# --------------------------------------------------------------------------- requirements


@dataclass(slots=True)
class RequirementDraft:
    role: Ref
    skill: Ref
    required_level: int
    importance: str


class Requirements:
    """Role requirements an import sets: a new one for a new (role, skill) pair; an existing one
    is compared, and updated, on the ``owned`` fields only (e.g. an ESCO import owns the
    importance, while the level is HR's once set)."""

    def __init__(self, owned: Sequence[str]) -> None:
        self.owned = tuple(owned)
        self.drafts: dict[tuple[str, str], RequirementDraft] = {}
        self.new: list[RequirementDraft] = []
        self.changed: dict[int, RequirementDraft] = {}

    def add(self, draft: RequirementDraft, *, stronger: Callable[[RequirementDraft,
            RequirementDraft], bool] | None = None) -> None:  # fmt: skip
        key = (draft.role.key, draft.skill.key)
        earlier = self.drafts.get(key)
        if earlier is None or (stronger is not None and stronger(draft, earlier)):
            self.drafts[key] = draft

    def tally(self, plan: Plan) -> None:
        role_ids = {pk for d in self.drafts.values() if (pk := d.role.existing_pk()) is not None}
        current = {
            (role, skill): (pk, {"required_level": level, "importance": importance})
            for pk, role, skill, level, importance in RoleRequirement.objects.filter(
                role_id__in=role_ids
            ).values_list("pk", "role_id", "skill_id", "required_level", "importance")
        }
        for draft in self.drafts.values():
            role, skill = draft.role.existing_pk(), draft.skill.existing_pk()
            found = current.get((role, skill)) if role and skill else None
            if found is None:
                self.new.append(draft)
                continue
            pk, before = found
            if any(before[name] != getattr(draft, name) for name in self.owned):
                self.changed[pk] = draft
            else:
                plan.unchanged += 1
        plan.create += len(self.new)
        plan.update += len(self.changed)
        for action, count in (("to create", len(self.new)), ("to update", len(self.changed))):
            if count:
                plan.extra[f"requirements {action}"] = count

    def write(self) -> None:
        RoleRequirement.objects.bulk_create(
            [
                RoleRequirement(
                    role_id=d.role.pk(),
                    skill_id=d.skill.pk(),
                    required_level=d.required_level,
                    importance=d.importance,
                )
                for d in self.new
            ],
            batch_size=BATCH,
        )
        if self.changed and self.owned:
            RoleRequirement.objects.bulk_update(
                [
                    RoleRequirement(pk=pk, **{name: getattr(d, name) for name in self.owned})
                    for pk, d in self.changed.items()
                ],
                list(self.owned),
                batch_size=BATCH,
            )


def write_all(records: Sequence[Records], requirements: Requirements | None,
              progress: Progress) -> None:  # fmt: skip
    """Write an import's records, each model after the ones it points to (``records`` in that
    order: categories before skills, families before roles), then the requirements."""
    for each in records:
        progress.phase(str(WRITING[each.label]))
        each.write(self_refs=["parent_id"] if each.model is SkillCategory else ())
    if requirements is not None:
        progress.phase(_("Writing the requirements"))
        requirements.write()


@dataclass
class CatalogueChanges:
    """What a taxonomy kind writes: catalogue records, then the requirements between them."""

    families: Records
    categories: Records
    skills: Records
    roles: Records
    requirements: Requirements

    def write(self, progress: Progress) -> None:
        write_all(
            [self.categories, self.families, self.skills, self.roles], self.requirements, progress
        )


class CatalogueKind(Kind):
    """A kind whose plan's changes are ``CatalogueChanges`` (ESCO, O*NET, career ladders)."""

    def apply(self, plan: Plan, *, actor: Any, options: dict[str, Any], progress: Progress) -> None:
        changes: CatalogueChanges = plan.changes
        changes.write(progress)
