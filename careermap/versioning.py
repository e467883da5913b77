"""No silent lost updates: every edit of an existing row names the version it started from.

The one mechanism every edit form uses (two tabs, two colleagues, one row):

- ``version_field()``: the model's ``version`` column, 1 when created, +1 on every save.
- ``VersionedForm``: an edit form's first base; adds the hidden ``version`` field and, when the
  row changed meanwhile, ``form.stale`` (the current value of each field beside the user's) for
  ``components/stale_version.html``, which ``{{ form }}`` renders above the fields.
- ``save_if_current(queryset, pk, version, **changes)``: locks the row, refuses with
  ``StaleVersion`` (carrying the current row) unless it is still at ``version``, then saves only
  ``changes`` (a partial form never re-saves the other fields' old values) and bumps the version.
  ``lock_current`` + ``save_current`` are its two halves, for services that read the locked row
  first (to keep an audit "before", or to apply rules that depend on what is stored); a
  one-click command that shows no values to edit uses ``lock_row`` + ``save_current`` (it still
  bumps the version, so forms open elsewhere learn of it).
- ``careermap.web.submit`` turns a ``StaleVersion`` into ``form.stale``: the form comes back with
  the user's values kept and the current version, so saving again is a deliberate choice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

STALE_HEADLINE = gettext_lazy(
    "Someone saved this since you opened it (in another tab, window or session)."
)
STALE_DETAIL = gettext_lazy(
    "Here is the current version beside yours; your changes are kept below so you can "
    "re-apply them. Saving the form again replaces the current version with what it says."
)
GONE = gettext_lazy("This was removed since you opened it.")
EMPTY = gettext_lazy("(empty)")


def version_field() -> models.PositiveIntegerField[int, int]:
    """The optimistic-concurrency counter of a row that an edit form changes."""
    # db_default too: rows written by raw SQL (the benches, bulk loads) start at 1 as well.
    return models.PositiveIntegerField(default=1, db_default=1, editable=False)


class StaleVersion(ValidationError):
    """The row was saved elsewhere since the form was opened; ``current`` is what is stored."""

    def __init__(self, current: models.Model) -> None:
        super().__init__(STALE_HEADLINE, code="stale")
        self.current = current


def lock_row[M: models.Model](queryset: QuerySet[M], pk: Any) -> M:
    """The row of ``queryset``, locked until the transaction ends (a one-click command, which
    edits no value the person was shown, takes it as it is)."""
    model = queryset.model
    # Lock through the plain table: the scoped queryset may hold joins FOR UPDATE refuses.
    current = (
        model._base_manager.select_for_update()
        .filter(pk__in=queryset.filter(pk=pk).values("pk"))
        .first()
    )
    if current is None:
        raise Http404(GONE)
    return current


def lock_current[M: models.Model](
    queryset: QuerySet[M], pk: Any, version: int, *, attr: str = "version"
) -> M:
    """The row of ``queryset``, locked until the transaction ends, if still at ``version``
    (``attr`` names another counter where parts of a row are edited by different people)."""
    current = lock_row(queryset, pk)
    if getattr(current, attr) != version:
        raise StaleVersion(current)
    return current


def save_current[M: models.Model](row: M, **changes: Any) -> M:
    """Save ``changes`` (only those columns, and the timestamps) on a row ``lock_current`` gave."""
    for name, value in changes.items():
        setattr(row, name, value)
    row.version += 1  # type: ignore[attr-defined]
    stamped = [f.name for f in row._meta.concrete_fields if getattr(f, "auto_now", False)]
    row.save(update_fields={*changes, "version", *stamped})
    return row


def save_if_current[M: models.Model](
    queryset: QuerySet[M], pk: Any, version: int, **changes: Any
) -> M:
    """``UPDATE … SET changes, version = version + 1 WHERE pk = … AND version = …``, or
    :class:`StaleVersion` with the row as it is now."""
    return save_current(lock_current(queryset, pk, version), **changes)


# ------------------------------------------------------------------------------------ forms


@dataclass(frozen=True)
class Difference:
    label: str
    current: str
    yours: str

    @property
    def differs(self) -> bool:
        return self.current != self.yours


@dataclass(frozen=True)
class Stale:
    """What ``components/stale_version.html`` shows in a form whose row changed (the headline
    is the form's non-field error)."""

    detail: str
    rows: list[Difference]


class VersionedForm(forms.BaseForm):
    """The first base of every form that edits an existing row: ``MyForm(VersionedForm,
    forms.Form)``, built with ``version=row.version`` (0 for a row not created yet)."""

    stale_headline: StrOrPromise = STALE_HEADLINE  # subclasses set their own (lazy) text
    stale: Stale | None = None
    # The row's counter this form edits against (a form over one person's part of a shared
    # row keeps its own, so another person's save is no conflict).
    version_attr = "version"

    def __init__(self, *args: Any, version: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, min_value=0, required=False, initial=version
        )

    def clean_version(self) -> int:
        """None given counts as "never saw a saved row": a conflict if there is one now."""
        return int(self.cleaned_data.get("version") or 0)

    def compared_fields(self) -> Iterable[str]:
        return (name for name in self.fields if name != "version" and not self[name].is_hidden)

    def current_value(self, current: models.Model, name: str) -> Any:
        """What ``current`` holds for field ``name`` (override where the names differ)."""
        return getattr(current, name, None)

    def headline(self, current: models.Model) -> str:
        return str(self.stale_headline)

    def mark_stale(self, current: models.Model) -> None:
        """Keep what the user typed, show the stored values beside it, and rebase the form on
        the current version so that saving again is a deliberate overwrite."""
        yours = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        rows = [
            Difference(
                label=str(self.fields[name].label or name.replace("_", " ").capitalize()),
                current=shown(self.fields[name], self.current_value(current, name)),
                yours=shown(self.fields[name], yours.get(name)),
            )
            for name in self.compared_fields()
        ]
        self.stale = Stale(str(STALE_DETAIL), rows)
        # An error too: every view already treats a form with errors as "not saved".
        self.add_error(None, self.headline(current))
        data = QueryDict(mutable=True)
        data.update(self.data)
        data[self.add_prefix("version")] = str(getattr(current, self.version_attr))
        self.data = data


def shown(field: forms.Field, value: Any) -> str:
    """A value as the person reads it: choice labels, dates, yes/no, names."""
    if value is None or value == "":
        return str(EMPTY)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime | date):
        return date_format(value)
    if isinstance(value, list | tuple | set | QuerySet):
        return ", ".join(sorted(str(item) for item in value)) or str(EMPTY)
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        labels = {str(key): label for key, label in _flat_choices(field)}
        return str(labels.get(str(value), value))
    return str(value)


def _flat_choices(field: forms.ChoiceField) -> Iterable[tuple[Any, Any]]:
    choices = cast(Iterable[tuple[Any, Any]], field.choices)  # normalised by the field
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield key, label
