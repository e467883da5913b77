"""Reading one cell of an import file, and finding the records a cell names.

The parsers take the cell's text as ``careermap.tabular`` gives it (trimmed; an XLSX date as
``YYYY-MM-DD``) and return the value, ``None`` for a blank cell, or raise ``CellError`` with the
plain reason HR reads beside the row. The rules come from the domain models (a field's length,
validators and choices), so the file obeys what the pages obey. The lookups load what a file
can name in one query each, never a query per row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from apps.employees.models import Employee
from apps.imports.kinds.base import Plan
from apps.skills.models import Skill
from careermap.fields import plausible_date
from careermap.tabular import Row

if TYPE_CHECKING:  # a type only (django-stubs-ext is a development dependency)
    from django_stubs_ext import StrOrPromise

TRUE_WORDS = frozenset({"yes", "y", "true", "1"})
FALSE_WORDS = frozenset({"no", "n", "false", "0"})
LIST_SEPARATOR = re.compile(r"[;\n\r]+")
ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ][\d:.+-]*)?$")


class CellError(ValueError):
    """A cell we cannot use; ``str()`` is the reason shown beside the row."""


def _field(model: type[models.Model], name: str) -> Any:
    return model._meta.get_field(name)


def field_default(model: type[models.Model], name: str) -> Any:
    """What a new record gets when the file leaves the field blank: the model's default."""
    return _field(model, name).get_default()


def changed_fields(before: Any, after: Any) -> list[str]:
    """The names of the fields two dataclass records differ in."""
    return [f.name for f in fields(before) if getattr(before, f.name) != getattr(after, f.name)]


def cell_text(text: str, model: type[models.Model], field_name: str) -> str:
    """``text`` if it fits the model field's length."""
    return cell_length(text, _field(model, field_name).max_length)


def cell_length(text: str, limit: int | None) -> str:
    if limit and len(text) > limit:
        shown = text if len(text) <= 40 else f"{text[:40]}…"
        raise CellError(
            _("“%(text)s” is %(length)s characters long; the limit is %(limit)s.")
            % {"text": shown, "length": len(text), "limit": limit}
        )
    return text


def cell_bool(text: str) -> bool | None:
    """yes/no, y/n, true/false or 1/0, in any case; ``None`` when blank."""
    word = text.strip().lower()
    if not word:
        return None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(_("Write yes or no (or true/false, 1/0), not “%(text)s”.") % {"text": text})


def cell_date(text: str) -> date | None:
    """A date written ``YYYY-MM-DD`` (an XLSX date cell reads that way too, and a date-and-time
    cell counts its day); ``None`` when blank. 03/04/2024 is refused: it means two dates."""
    if not text:
        return None
    match = ISO_DATE.match(text)
    try:
        if match is None:
            raise ValueError(text)
        day = date.fromisoformat(match[1])
    except ValueError:
        raise CellError(
            _("“%(text)s” is not a date we can read: write it as YYYY-MM-DD.") % {"text": text}
        ) from None
    try:
        plausible_date(day)
    except ValidationError as error:
        raise CellError(
            _("%(day)s: %(reason)s") % {"day": day.isoformat(), "reason": error.messages[0]}
        ) from None
    return day


def cell_past_date(text: str) -> date | None:
    """A ``cell_date`` that is not after today (in the site's time zone)."""
    day = cell_date(text)
    if day is not None and day > local_today():
        raise CellError(_("%(day)s is in the future.") % {"day": day.isoformat()})
    return day


def local_today() -> date:
    return timezone.localdate(timezone.now(), timezone.get_default_timezone())


def local_day(moment: datetime) -> date:
    """The day ``moment`` falls on in the site's time zone: the day a rating shows."""
    return timezone.localdate(moment, timezone.get_default_timezone())


def moment_of(day: date | None, now: datetime) -> datetime:
    """The timestamp a rating given on ``day`` is stored with. Today (or no day) is ``now``,
    as ``rating_set`` records a rating; an earlier day is its noon in the site's time zone,
    which shows as that day to a reader up to eleven hours either side of it."""
    if day is None or day == local_day(now):
        return now
    return timezone.make_aware(datetime.combine(day, time(12)), timezone.get_default_timezone())


def cell_choice(text: str, choices: type[models.Choices], refusal: StrOrPromise) -> Any:
    """A choice by its value or its label (in the reader's language or in English, as a file
    may be written in either), in any case; ``None`` when blank. ``refusal`` is the whole
    sentence (“%(text)s” is not a track: use %(names)s.), so each language words it."""
    if not text:
        return None
    wanted = text.strip().lower()
    with override("en-gb"):
        english = [str(label).lower() for label in choices.labels]
    for (value, label), in_english in zip(choices.choices, english, strict=True):
        if wanted in (str(value).lower(), str(label).lower(), in_english):
            return value
    joiner = " {} ".format(pgettext("between two choices", "or"))
    names = joiner.join(_("“%(label)s”") % {"label": label} for label in choices.labels)
    raise CellError(str(refusal) % {"text": text, "names": names})


def cell_level(text: str, scale: Sequence[tuple[int, StrOrPromise]]) -> int | None:
    """A level of ``scale`` (a field's ``(value, label)`` choices) by number or name (in the
    reader's language or in English)."""
    if not text:
        return None
    wanted = text.strip().lower()
    with override("en-gb"):
        english = [str(label).lower() for _value, label in scale]
    for (value, label), in_english in zip(scale, english, strict=True):
        if wanted in (str(value), str(label).lower(), in_english):
            return value
    (low, low_label), (high, high_label) = scale[0], scale[-1]
    raise CellError(
        _(
            "“%(text)s” is a level off the scale: use %(low)s (%(low_label)s) to "
            "%(high)s (%(high_label)s)."
        )
        % {"text": text, "low": low, "low_label": low_label, "high": high, "high_label": high_label}
    )


def level_scale(model: type[models.Model], field_name: str) -> list[tuple[int, StrOrPromise]]:
    """The levels a model field accepts, lowest first (its choices; the labels stay lazy, so
    a reason names them in the reader's language)."""
    choices = _field(model, field_name).choices
    return sorted(((int(value), label) for value, label in choices), key=lambda c: c[0])


def field_bounds(model: type[models.Model], field_name: str) -> tuple[Any, Any]:
    """The lowest and highest value a field's validators allow."""
    validators = _field(model, field_name).validators
    low = next(v.limit_value for v in validators if isinstance(v, MinValueValidator))
    high = next(v.limit_value for v in validators if isinstance(v, MaxValueValidator))
    return low, high


def cell_whole_number(text: str, model: type[models.Model], field_name: str) -> int | None:
    """A whole number within the field's validators; ``None`` when blank."""
    if not text:
        return None
    low, high = field_bounds(model, field_name)
    try:
        number = int(text)
        _field(model, field_name).run_validators(number)
    except (ValueError, ValidationError):
        raise CellError(
            _("“%(text)s” is not a whole number from %(low)s to %(high)s.")
            % {"text": text, "low": low, "high": high}
        ) from None
    return number


def cell_decimal(text: str, model: type[models.Model], field_name: str) -> Decimal | None:
    """A decimal the field accepts (its validators and places); a decimal comma is read as a
    point, as in a semicolon-separated file from a European spreadsheet. ``None`` when blank."""
    if not text:
        return None
    field = _field(model, field_name)
    low, high = field_bounds(model, field_name)
    try:
        number = Decimal(text.replace(",", ".") if "." not in text else text)
        if not number.is_finite():
            raise InvalidOperation
        field.run_validators(number)
    except (InvalidOperation, ValidationError):
        places = field.decimal_places
        raise CellError(
            _(
                "“%(text)s” is not a number from %(low)s to %(high)s (at most %(places)s "
                "decimal places)."
            )
            % {"text": text, "low": low, "high": high, "places": places}
        ) from None
    return number


def cell_list(text: str) -> list[str]:
    """Items separated by ``;`` or new lines, trimmed, each once (the first spelling kept)."""
    seen: set[str] = set()
    items = []
    for item in LIST_SEPARATOR.split(text):
        item = item.strip()
        if item and item.lower() not in seen:
            seen.add(item.lower())
            items.append(item)
    return items


def cell_lines(text: str) -> str:
    """A multi-line cell as the catalogue stores it: trimmed lines, blank ones dropped."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


# ---------------------------------------------------------------- rows


class RowReader:
    """Reads one row's cells, noting every problem on the plan (not only the first), so HR
    fixes a row once. ``ok`` says whether the row can be used."""

    def __init__(self, plan: Plan, row: Row) -> None:
        self.plan, self.row, self.ok = plan, row, True

    def refuse(self, column: str, message: str) -> None:
        self.plan.refuse(self.row.number, column, message)
        self.ok = False

    def take[T](self, column: str, parse: Callable[[str], T]) -> T | None:
        """The cell read by ``parse``; ``None`` (and the reason noted) when it cannot be."""
        try:
            return parse(self.row.get(column))
        except CellError as error:
            self.refuse(column, str(error))
            return None

    def required[T](self, column: str, blank: StrOrPromise, parse: Callable[[str], T]) -> T | None:
        """A cell that must be filled in; ``blank`` is the whole reason when it is not (“Give
        the skill: this column cannot be blank.”), one sentence per column to translate."""
        if not self.row.get(column):
            self.refuse(column, str(blank))
            return None
        return self.take(column, parse)


SAMPLES_PER_ACTION = 10


def add_sample(plan: Plan, action: str, text: str) -> None:
    """One more example for the preview's ``action`` (a few are enough)."""
    names = plan.samples.setdefault(action, [])
    if len(names) < SAMPLES_PER_ACTION:
        names.append(text)


# ---------------------------------------------------------------- people


@dataclass(frozen=True, slots=True)
class PersonRef:
    id: int
    full_name: str
    user_id: int | None


class PersonLookup:
    """People named by external id (exact) or work email (any case), loaded in one query for
    every reference in the file. An external id wins over someone else's email."""

    def __init__(self, references: Iterable[str]) -> None:
        wanted = {ref for ref in references if ref}
        emails = {ref.lower() for ref in wanted if "@" in ref}
        rows = (
            Employee.objects.annotate(email_key=Lower("work_email"))
            .filter(models.Q(external_id__in=wanted) | models.Q(email_key__in=emails))
            .values_list("pk", "full_name", "user_id", "external_id", "email_key")
        )
        self.by_external_id: dict[str, PersonRef] = {}
        self.by_email: dict[str, PersonRef] = {}
        for pk, full_name, user_id, external_id, email in rows:
            person = PersonRef(pk, full_name, user_id)
            if external_id:
                self.by_external_id[external_id] = person
            self.by_email[email] = person

    def find(self, reference: str) -> PersonRef:
        person = self.by_external_id.get(reference) or self.by_email.get(reference.lower())
        if person is None:
            raise CellError(
                _("No one has the external id or work email “%(reference)s”.")
                % {"reference": reference}
            )
        return person


# ---------------------------------------------------------------- skills


class SkillLookup:
    """Skills by name, else by synonym (any case), from one query over the catalogue.

    A name always wins; a synonym that several skills share names none of them, and the
    reason lists them so HR can write the name instead.
    """

    def __init__(self) -> None:
        self.by_name: dict[str, tuple[int, str]] = {}
        self.by_synonym: dict[str, list[tuple[int, str]]] = {}
        for pk, name, synonyms in Skill.objects.values_list("pk", "name", "synonyms"):
            self.by_name[name.lower()] = (pk, name)
            for synonym in synonyms:
                self.by_synonym.setdefault(synonym.lower(), []).append((pk, name))

    def find(self, text: str) -> tuple[int, str]:
        """The skill's (id, name)."""
        key = text.lower()
        if key in self.by_name:
            return self.by_name[key]
        matches = self.by_synonym.get(key, [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            names = ", ".join(sorted(name for _, name in matches))
            raise CellError(
                _("“%(text)s” is a synonym of several skills (%(names)s): use the name.")
                % {"text": text, "names": names}
            )
        raise CellError(_("There is no skill “%(text)s” (by name or synonym).") % {"text": text})
