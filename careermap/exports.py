"""Spreadsheet downloads every app shares: CSV and XLSX that never run a formula when opened.

People type the names, titles and notes an export carries, and a spreadsheet runs a cell that
starts with ``=``, ``+``, ``-`` or ``@`` as a formula (some also skip a leading tab or carriage
return first). ``safe_cell`` puts an apostrophe before such text so it stays text; numbers,
dates and empty cells pass through as they are. Every cell of a download, the header row
included, goes through it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from itertools import chain

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Cell = str | int | float | Decimal | date | time | None
Row = Sequence[object]


def safe_cell(value: object) -> Cell:
    """``value`` as a cell that cannot run: text (anything but a number, a date or None)
    that would start a formula gets a leading apostrophe."""
    if value is None or isinstance(value, int | float | Decimal | date | time):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _download(body: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Exports carry personal data: no cache along the way keeps a copy.
    response["Cache-Control"] = "no-store"
    return response


def csv_response(filename: str, header: Row, rows: Iterable[Row]) -> HttpResponse:
    """A CSV download: ``header`` then ``rows``, every cell made safe (None is empty)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([safe_cell(cell) for cell in row] for row in chain([header], rows))
    return _download(buffer.getvalue(), CSV_TYPE, filename)


@dataclass(frozen=True)
class Sheet:
    """One worksheet of an XLSX download: a bold, frozen header row above the rows."""

    title: str
    header: Row
    rows: Iterable[Row]


def _xlsx_cell(value: object) -> Cell:
    cell = safe_cell(value)
    # XML cannot hold most control characters; openpyxl refuses a cell containing one.
    return ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell


def xlsx_bytes(*sheets: Sheet) -> bytes:
    book = Workbook()
    book.remove(book.worksheets[0])  # the empty sheet a new workbook starts with
    for sheet in sheets:
        page = book.create_sheet(sheet.title)
        page.append([_xlsx_cell(cell) for cell in sheet.header])
        for row in sheet.rows:
            page.append([_xlsx_cell(cell) for cell in row])
        for cell in page[1]:
            cell.font = Font(bold=True)
        page.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(filename: str, *sheets: Sheet) -> HttpResponse:
    """An XLSX download of ``sheets``, every cell made safe."""
    return _download(xlsx_bytes(*sheets), XLSX_TYPE, filename)
