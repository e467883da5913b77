"""The succession report as CSV and XLSX: one row per successor (or per empty key position).

The downloads are built by careermap.exports, which keeps every cell from running as a
formula when opened: names and notes are typed by people.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.succession.models import Readiness, Risk, SuccessionPlan
from apps.succession.reports import BenchStrength
from careermap.exports import Cell, Sheet, csv_response, xlsx_response

HEADER = (
    gettext_lazy("Key position"),
    gettext_lazy("Incumbent"),
    gettext_lazy("Department"),
    gettext_lazy("Risk of loss"),
    gettext_lazy("Impact of loss"),
    gettext_lazy("Last reviewed"),
    gettext_lazy("Successor rank"),
    gettext_lazy("Successor"),
    gettext_lazy("Successor's current role"),
    gettext_lazy("Readiness"),
    gettext_lazy("Emergency cover"),
    gettext_lazy("Development note"),
)
SUMMARY_HEADER = (gettext_lazy("Figure"), gettext_lazy("Value"), gettext_lazy("How it is computed"))


def _reviewed(value: datetime | None) -> str:
    return value.date().isoformat() if value else ""


def _position(plan: SuccessionPlan) -> list[Cell]:
    incumbent = plan.incumbent
    department = incumbent.department if incumbent and incumbent.department else None
    return [
        plan.role.title,
        incumbent.full_name if incumbent else _("(role-wide)"),
        department.name if department else "",
        str(Risk(plan.risk_of_loss).label),
        str(Risk(plan.impact_of_loss).label),
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
                str(Readiness(candidate.readiness).label),
                _("Yes") if candidate.emergency_cover else _("No"),
                candidate.development_note,
            ]


def _summary(bench: BenchStrength) -> list[tuple[str, Cell, str]]:
    return [
        (_("Key positions"), bench.positions, _("count")),
        (
            _("Ready-now coverage (%)"),
            bench.ready_now_coverage,
            _("with a ready-now successor ÷ all"),
        ),
        (_("Any-successor coverage (%)"), bench.any_coverage, _("with any successor ÷ all")),
        (
            _("Average successors per position"),
            bench.average_successors,
            _("places ÷ positions"),
        ),
        (_("Positions with no successor"), len(bench.no_successor), _("count")),
        (_("Sole successor for 2+ positions"), len(bench.sole_successors), _("people")),
    ]


def to_csv(rows: Sequence[list[Cell]], filename: str) -> HttpResponse:
    """``rows`` from ``report_rows``."""
    return csv_response(filename, HEADER, rows)


def to_xlsx(rows: Sequence[list[Cell]], bench: BenchStrength, filename: str) -> HttpResponse:
    """``rows`` from ``report_rows``, and a second sheet with the bench-strength figures."""
    return xlsx_response(
        filename,
        Sheet(_("Succession"), HEADER, rows),
        Sheet(_("Bench strength"), SUMMARY_HEADER, _summary(bench)),
    )
