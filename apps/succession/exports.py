"""The succession report as CSV and XLSX: one row per successor (or per empty key position).

Cells a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` and control characters
first) are prefixed with an apostrophe: names and notes are typed by people, and an export
must never execute anything when opened.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font

from apps.succession.models import Readiness, Risk, SuccessionPlan
from apps.succession.reports import BenchStrength

HEADER = (
    "Key position",
    "Incumbent",
    "Department",
    "Risk of loss",
    "Impact of loss",
    "Last reviewed",
    "Successor rank",
    "Successor",
    "Successor's current role",
    "Readiness",
    "Emergency cover",
    "Development note",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


def _safe(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _reviewed(value: datetime | None) -> str:
    return value.date().isoformat() if value else ""


def _position(plan: SuccessionPlan) -> list[Cell]:
    incumbent = plan.incumbent
    department = incumbent.department if incumbent and incumbent.department else None
    return [
        plan.role.title,
        incumbent.full_name if incumbent else "(role-wide)",
        department.name if department else "",
        Risk(plan.risk_of_loss).label,
        Risk(plan.impact_of_loss).label,
        _reviewed(plan.reviewed_at),
    ]


def report_rows(plans: Sequence[SuccessionPlan]) -> Iterator[list[Cell]]:
    """The table both formats share (plans from ``reports.plans_for_report``)."""
    for plan in plans:
        slate = list(plan.candidates.all())
        if not slate:
            yield [*_position(plan), None, "", "", "", "", ""]
        for candidate in slate:
            role = candidate.employee.current_role
            yield [
                *_position(plan),
                candidate.rank,
                candidate.employee.full_name,
                role.title if role else "",
                Readiness(candidate.readiness).label,
                "Yes" if candidate.emergency_cover else "No",
                candidate.development_note,
            ]


def to_csv(plans: Sequence[SuccessionPlan]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in report_rows(plans):
        writer.writerow(["" if cell is None else _safe(cell) for cell in row])
    return buffer.getvalue()


def _summary(bench: BenchStrength) -> list[tuple[str, Cell, str]]:
    return [
        ("Key positions", bench.positions, "count"),
        ("Ready-now coverage (%)", bench.ready_now_coverage, "with a ready-now successor ÷ all"),
        ("Any-successor coverage (%)", bench.any_coverage, "with any successor ÷ all"),
        ("Average successors per position", bench.average_successors, "places ÷ positions"),
        ("Positions with no successor", len(bench.no_successor), "count"),
        ("Sole successor for 2+ positions", len(bench.sole_successors), "people"),
    ]


def to_xlsx(plans: Sequence[SuccessionPlan], bench: BenchStrength) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "Succession"
    sheet.append(list(HEADER))
    for row in report_rows(plans):
        sheet.append([_safe(cell) for cell in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    summary = book.create_sheet("Bench strength")
    summary.append(["Figure", "Value", "How it is computed"])
    for figure in _summary(bench):
        summary.append(list(figure))
    for cell in summary[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
