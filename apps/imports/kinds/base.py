"""What every kind of import provides, and what the pipeline gives it.

A kind reads one file (a table, or a bundle of files in a zip for the taxonomies), works out a
``Plan`` against the database as it is (what would be created, updated, left unchanged, and
every problem with its row, column and reason), and applies a plan it made. The pipeline
(``apps/imports/services.py``) runs ``plan`` to check a file, and at HR's confirmation runs
``plan`` again and then ``apply`` inside one transaction: all or nothing.

Business rules stay in the domain apps' services and models (a kind calls them, or does what
they do in bulk when a row-at-a-time service would be too slow for 20,000 rows, and says so).
"""

from __future__ import annotations

import io
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from careermap.tabular import Table, TableError, read_table

if TYPE_CHECKING:  # a type only (django-stubs-ext is a development dependency)
    from django_stubs_ext import StrOrPromise

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
MAX_BUNDLE_BYTES = 200 * 1024 * 1024  # a zip of the ESCO CSV files, unpacked, fits well within
MAX_ISSUES = 5_000  # problems kept per job; the count of the rest is kept in the summary


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table kind, as the upload page and the template describe it."""

    name: str
    description: StrOrPromise  # gettext_lazy: the upload page and the template read it
    example: str
    required: bool = False


@dataclass(frozen=True, slots=True)
class Issue:
    row: int  # as the spreadsheet numbers it (the header is row 1); 0 for the file as a whole
    column: str
    message: str


@dataclass
class Plan:
    """What applying the file would do. ``changes`` is the kind's own payload for ``apply``."""

    create: int = 0
    update: int = 0
    unchanged: int = 0
    leave: int = 0
    issues: list[Issue] = field(default_factory=list)
    # Further counts the preview shows, e.g. {"departments to create": 3}.
    extra: dict[str, int] = field(default_factory=dict)
    # A few examples per action for the preview, e.g. {"leave": ["Ada Lovelace", ...]}.
    samples: dict[str, list[str]] = field(default_factory=dict)
    changes: Any = None

    def refuse(self, row: int, column: str, message: str) -> None:
        self.issues.append(Issue(row, column, message))

    @property
    def has_errors(self) -> bool:
        return bool(self.issues)

    def summary(self) -> dict[str, Any]:
        return {
            "create": self.create,
            "update": self.update,
            "unchanged": self.unchanged,
            "leave": self.leave,
            "errors": len(self.issues),
            "extra": dict(self.extra),
            "samples": {key: list(names[:10]) for key, names in self.samples.items()},
        }


class Progress(Protocol):
    """Where a kind reports how far it is: a phase with a total, then steps through it."""

    def phase(self, label: str, total: int = 0) -> None: ...

    def advance(self, steps: int = 1) -> None: ...


class NoProgress:
    """For callers that watch nothing (tests, scripts)."""

    def phase(self, label: str, total: int = 0) -> None:
        return None

    def advance(self, steps: int = 1) -> None:
        return None


Bundle = Mapping[str, bytes]  # file name (no folders) -> contents


class SourceError(ValueError):
    """The file cannot be read at all; ``str()`` is the message for HR."""


class Kind(ABC):
    """One kind of import. Subclasses set the class attributes and write ``plan``/``apply``."""

    key: ClassVar[str]
    label: ClassVar[StrOrPromise]  # gettext_lazy: read in the language of the page
    description: ClassVar[StrOrPromise]
    # Table kinds list their columns; bundle kinds (a zip of several files) list the files.
    columns: ClassVar[tuple[Column, ...]] = ()
    bundle_files: ClassVar[tuple[str, ...]] = ()
    supports_full_sync: ClassVar[bool] = False
    # A small example of the file, under apps/imports/samples/ (a folder for a bundle kind, a
    # file for a document kind): HR downloads it to see the shape. Table kinds have templates.
    sample: ClassVar[str] = ""
    # Kind-specific choices shown at upload (e.g. an ESCO occupation group); cleaned data is
    # stored on the job as ``options`` (JSON-safe values only).
    options_form: ClassVar[type[forms.Form] | None] = None

    @property
    def is_bundle(self) -> bool:
        return bool(self.bundle_files)

    @property
    def is_table(self) -> bool:
        return bool(self.columns)

    def sample_file(self) -> tuple[str, bytes] | None:
        """The sample as a download: its name and bytes (a bundle's folder zipped)."""
        if not self.sample:
            return None
        path = SAMPLES / self.sample
        if path.is_file():
            return path.name, path.read_bytes()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for member in sorted(path.iterdir()):
                archive.write(member, member.name)
        return f"{self.key}-sample.zip", buffer.getvalue()

    def read(self, data: bytes, file_name: str) -> Table | Bundle:
        """The file as a table (checked for the required columns) or as a bundle of files."""
        return self._read_bundle(data) if self.is_bundle else self._read_table(data, file_name)

    def _read_table(self, data: bytes, file_name: str) -> Table:
        try:
            table = read_table(io.BytesIO(data), file_name)
        except TableError as error:
            raise SourceError(str(error)) from None
        missing = [c.name for c in self.columns if c.required and c.name not in table.columns]
        if missing:
            message = ngettext(
                "The file lacks the required column %(columns)s. Download the template to see "
                "every column.",
                "The file lacks the required columns %(columns)s. Download the template to see "
                "every column.",
                len(missing),
            )
            raise SourceError(message % {"columns": ", ".join(missing)})
        return table

    def _read_bundle(self, data: bytes) -> Bundle:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            members = [m for m in archive.infolist() if not m.is_dir()]
        except zipfile.BadZipFile:
            raise SourceError(_("Upload the files as one .zip archive.")) from None
        if sum(m.file_size for m in members) > MAX_BUNDLE_BYTES:
            raise SourceError(
                _("The archive unpacks to more than %(limit)s MB.")
                % {"limit": MAX_BUNDLE_BYTES // 2**20}
            )
        by_name = {m.filename.rsplit("/", 1)[-1]: m for m in members}
        missing = [name for name in self.bundle_files if name not in by_name]
        if missing:
            raise SourceError(_("The archive lacks %(files)s.") % {"files": ", ".join(missing)})
        return {name: archive.read(by_name[name]) for name in self.bundle_files}

    @abstractmethod
    def plan(
        self, source: Any, *, options: dict[str, Any], full_sync: bool, progress: Progress
    ) -> Plan:
        """Check every row against the database; write nothing."""

    def check_actor(self, plan: Plan, actor: Any) -> None:
        """Refuse, on ``plan``, what the file would do to the person importing it (a kind
        that can close accounts must not close the importer's own). Most kinds cannot."""
        return None

    @abstractmethod
    def apply(self, plan: Plan, *, actor: Any, options: dict[str, Any], progress: Progress) -> None:
        """Write ``plan`` (made by ``plan`` in this same run, with no issues). The pipeline holds
        the transaction: raise to roll everything back."""
