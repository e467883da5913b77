"""Reading an uploaded spreadsheet (CSV or XLSX) into rows, safely, or a clear reason why not.

What an HR user uploads is untrusted: it may be empty, in the wrong encoding, cut short, over
the size limit, a zip bomb, or a "CSV bomb" of millions of blank lines. ``read_table`` refuses
each with a message a person can act on (``TableError``) and never holds more than the limits
below in memory. Cells come back as text as written (trimmed): a cell starting with ``=``, ``+``,
``-`` or ``@`` is kept as plain text (it is never evaluated here, and every export escapes it
again, see ``careermap.exports``).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024  # an upload; 20,000 employee rows are about 3 MB of CSV
MAX_ROWS = 50_000
MAX_BLANK_RUN = 1_000  # blank lines in a row before we call the rest of the file empty
MAX_UNZIPPED = 200 * 1024 * 1024  # an XLSX's contents, unpacked
DELIMITERS = (",", ";", "\t")


class TableError(ValueError):
    """A file we cannot read as a table; ``str()`` is the message to show beside the upload."""


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: its number as a spreadsheet shows it (the header is row 1) and its cells
    by column name (missing cells are empty strings)."""

    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class Table:
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    sheet: str = ""


def _size_label(limit: int) -> str:
    return _("%(size)s MB") % {"size": limit // (1024 * 1024)}


def read_table(
    upload: IO[bytes],
    name: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
) -> Table:
    """The file's header and rows. Columns are normalised (trimmed, lower case, spaces and dashes
    as underscores); blank rows are skipped; ``TableError`` says what is wrong otherwise."""
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TableError(
            _("The file is larger than %(size)s. Split it and import the parts one after another.")
            % {"size": _size_label(max_bytes)}
        )
    if not data.strip():
        raise TableError(_("The file is empty."))
    if name.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        table = _read_xlsx(data, max_rows)
    else:
        table = _read_csv(data, max_rows)
    if not table.rows:
        raise TableError(_("The file has a header row but no data rows."))
    return table


def normalise_column(name: object) -> str:
    text = "" if name is None else str(name)
    return "_".join(text.strip().lstrip("\ufeff").lower().replace("-", " ").split())


def _header(cells: list[str]) -> list[str]:
    columns = [normalise_column(cell) for cell in cells]
    while columns and not columns[-1]:
        columns.pop()
    if not any(columns):
        raise TableError(_("The first row must name the columns; it is empty."))
    seen: set[str] = set()
    for column in columns:
        if column and column in seen:
            raise TableError(
                _("The column “%(column)s” appears twice in the first row.") % {"column": column}
            )
        seen.add(column)
    return columns


def _rows(columns: list[str], lines: Iterable[list[str]], max_rows: int) -> Iterator[Row]:
    """Data rows, numbered from 2; stops at a long run of blank lines (the rest is padding)."""
    blank_run = kept = 0
    for number, cells in enumerate(lines, start=2):
        values = [_text(cell) for cell in cells]
        if not any(values):
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                return
            continue
        blank_run = 0
        kept += 1
        if kept > max_rows:
            raise TableError(
                _(
                    "The file has more than %(rows)s rows. Split it and import the parts one "
                    "after another."
                )
                % {"rows": number_format(max_rows, force_grouping=True)}
            )
        yield Row(number, {c: v for c, v in zip(columns, values, strict=False) if c})


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --------------------------------------------------------------------------- CSV


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableError(
            _(
                "The file is not UTF-8 text (a character at byte %(byte)s cannot be read). In "
                "Excel choose “Save as: CSV UTF-8”, or upload the .xlsx file itself."
            )
            % {"byte": number_format(error.start, force_grouping=True)}
        ) from None


def _delimiter(first_line: str) -> str:
    """The separator of the header row: whichever of , ; or tab it holds most of."""
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(data: bytes, max_rows: int) -> Table:
    text = _decode(data)
    if "\x00" in text:
        raise TableError(_("The file holds binary data (NUL bytes): upload a CSV or XLSX file."))
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        columns = _header(next(reader, []))
        rows = list(_rows(columns, reader, max_rows))
    except csv.Error as error:
        raise TableError(_("The CSV file cannot be read: %(error)s.") % {"error": error}) from None
    return Table(columns, rows)


# --------------------------------------------------------------------------- XLSX


def _read_xlsx(data: bytes, max_rows: int) -> Table:
    from openpyxl import load_workbook  # only imports when someone uploads a workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise TableError(_("The file is not a readable .xlsx workbook.")) from None
    if unpacked > MAX_UNZIPPED:
        raise TableError(
            _("The workbook unpacks to more than %(size)s.") % {"size": _size_label(MAX_UNZIPPED)}
        )
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise TableError(_("The file is not a readable .xlsx workbook.")) from None
    if not book.worksheets:
        raise TableError(_("The workbook has no sheet."))
    sheet = book.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    columns = _header([_text(cell) for cell in next(lines, ())])
    rows = list(_rows(columns, ([*line] for line in lines), max_rows))
    book.close()
    return Table(columns, rows, sheet=sheet.title)
