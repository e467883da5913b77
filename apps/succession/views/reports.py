"""HR's reports: succession and bench strength (with exports and a print layout), skill supply
and demand, future needs, and equity of opportunity. HR only: 404 for everyone else.

Each page shows how its figures are computed (the ``HOW_*`` texts of apps.succession.reports).
Every export is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from apps.employees.models import Department
from apps.succession import access, exports, reports
from apps.succession.forms.plans import DemandForm, DepartmentFilterForm
from apps.succession.models import Readiness, Risk, SuccessionPlan
from apps.succession.reports import PrintedPlan, PrintedSuccessor
from apps.succession.services import reports as services
from careermap.web import AuthedHttpRequest, render_page, require, submit

REPORT_PAGE_SIZE = 50
LISTED_IN_SUMMARY = 10  # names per summary list or grid cell before "and N more"

REPORTS = (
    ("succession", "succession:report-succession", gettext_lazy("Succession & bench strength")),
    ("skills", "succession:report-skills", gettext_lazy("Skill supply & demand")),
    ("future", "succession:report-future", gettext_lazy("Future needs")),
    ("equity", "succession:report-equity", gettext_lazy("Equity of opportunity")),
)


def _page(
    request: AuthedHttpRequest, template: str, report: str, context: dict[str, Any]
) -> HttpResponse:
    tabs = [{"key": key, "url": name, "label": label} for key, name, label in REPORTS]
    context = {**context, "report": report, "report_tabs": tabs, "nav_active": "talent"}
    return render_page(request, template, context)


def _filtered(request: AuthedHttpRequest) -> tuple[DepartmentFilterForm, Department | None]:
    form = DepartmentFilterForm(request.GET or None)
    return form, form.chosen()


def _succession(
    request: AuthedHttpRequest,
) -> tuple[QuerySet[SuccessionPlan], Department | None, DepartmentFilterForm]:
    form, department = _filtered(request)
    plans = reports.report_plans(access.plans_visible_to(request.user), department)
    return plans, department, form


@require(access.is_hr)
@require_GET
def succession(request: AuthedHttpRequest) -> HttpResponse:
    plans, department, form = _succession(request)
    # The figures cover every key position (counted in SQL); the table shows one page of them
    # with their slates (the CSV, XLSX and print layout carry them all).
    page = Paginator(reports.with_slates(plans), REPORT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "department": department,
        "page": page,
        "bench": reports.bench_strength(plans, listed=LISTED_IN_SUMMARY),
        "listed": LISTED_IN_SUMMARY,
        "neg_listed": -LISTED_IN_SUMMARY,  # for "and {{ n|add:neg_listed }} more"
        "how": reports.HOW_BENCH_STRENGTH_IS_COMPUTED,
        "query": request.GET.urlencode(),
    }
    return _page(request, "succession/reports/succession.html", "succession", context)


@require(access.is_hr)
@require_GET
def succession_print(request: AuthedHttpRequest) -> HttpResponse:
    """The same report laid out for paper (or "Save as PDF" in the browser's print dialog)."""
    scoped, department, _form = _succession(request)
    plans = reports.printed_slates(scoped)
    # Printing (or saving a PDF) takes the data out of the app like an export does.
    rows = sum(max(1, len(plan.slate)) for plan in plans)
    services.export_record(actor=request.user, kind="print", rows=rows, scope=_scope(department))
    context = {
        "department": department,
        "plans": plans,
        # The figures from the slates just loaded: the plans are not read a second time.
        "bench": reports.bench_strength_of(plans),
        "rows": _printed_rows(plans),
        "how": reports.HOW_BENCH_STRENGTH_IS_COMPUTED,
        "printed_at": timezone.now(),
        "printed_by": request.user,
    }
    return render_page(request, "succession/reports/succession_print.html", context)


class _PrintedRows:
    """The print layout's key position rows, built in Python, every value escaped. It lists
    every position and successor (500 and ~1,500 over the bench org): through the template
    engine each row resolved a dozen lookups and each get_*_display translated every label of
    its choices again (~80% of the page's time), and format_html per cell still cost ~50 ms.
    Here the labels are translated once per page and each row is one f-string of escaped
    values: html.escape, which is what Django's escape() and autoescaping apply (without
    their lazy-string wrapper, half the time here)."""

    def __init__(self) -> None:
        self.risk = {value: escape(str(label)) for value, label in Risk.choices}
        self.readiness = {value: escape(str(label).lower()) for value, label in Readiness.choices}
        self.day = _("j M Y")
        self.never = escape(_("never"))
        self.cover = escape(_("emergency cover"))
        self.nobody = f"<strong>{escape(_('No successor.'))}</strong>"

    def successor(self, candidate: PrintedSuccessor) -> str:
        cover = f", {self.cover}" if candidate.emergency_cover else ""
        note = candidate.development_note
        shown_note = f'. <span class="muted">{escape(note)}</span>' if note else ""
        readiness = self.readiness.get(candidate.readiness) or escape(candidate.readiness)
        return f"<li>{escape(candidate.full_name)}: {readiness}{cover}{shown_note}</li>"

    def row(self, plan: PrintedPlan) -> str:
        successors = "".join(self.successor(candidate) for candidate in plan.slate)
        slate = f'<ol class="report-slate">{successors}</ol>' if successors else self.nobody
        reviewed = (
            escape(formats.date_format(timezone.localtime(plan.reviewed_at), self.day))
            if plan.reviewed_at
            else self.never
        )
        incumbent = plan.incumbent_name
        holder = f" \N{MIDDLE DOT} {escape(incumbent)}" if incumbent is not None else ""
        risk = self.risk.get(plan.risk_of_loss) or escape(plan.risk_of_loss)
        impact = self.risk.get(plan.impact_of_loss) or escape(plan.impact_of_loss)
        return (
            f'<tr><th scope="row">{escape(plan.role_title)}{holder}</th><td>{risk}</td>'
            f"<td>{impact}</td><td>{reviewed}</td><td>{slate}</td></tr>\n"
        )


def _printed_rows(plans: Sequence[PrintedPlan]) -> SafeString:
    printed = _PrintedRows()
    # Safe: every value in a row went through escape() above.
    return mark_safe("".join(printed.row(plan) for plan in plans))  # noqa: S308  # nosec B308 B703


def _scope(department: Department | None) -> str:
    return f"department {department.name}" if department else "whole organisation"


def _filename(extension: str) -> str:
    return f"succession-{timezone.localdate().isoformat()}.{extension}"


@require(access.is_hr)
@require_GET
def succession_csv(request: AuthedHttpRequest) -> HttpResponse:
    scoped, department, _form = _succession(request)
    rows = list(exports.report_rows(list(reports.with_slates(scoped, successor_details=True))))
    services.export_record(actor=request.user, kind="CSV", rows=len(rows), scope=_scope(department))
    return exports.to_csv(rows, _filename("csv"))


@require(access.is_hr)
@require_GET
def succession_xlsx(request: AuthedHttpRequest) -> HttpResponse:
    scoped, department, _form = _succession(request)
    rows = list(exports.report_rows(list(reports.with_slates(scoped, successor_details=True))))
    services.export_record(
        actor=request.user, kind="XLSX", rows=len(rows), scope=_scope(department)
    )
    return exports.to_xlsx(rows, reports.bench_strength(scoped), _filename("xlsx"))


@require(access.is_hr)
@require_GET
def skills(request: AuthedHttpRequest) -> HttpResponse:
    form, department = _filtered(request)
    context = {
        "form": form,
        "department": department,
        "data": reports.skill_supply(department),
        "how": reports.HOW_SKILL_SUPPLY_IS_COMPUTED,
    }
    return _page(request, "succession/reports/skills.html", "skills", context)


def _future(request: AuthedHttpRequest, form: DemandForm) -> HttpResponse:
    context = {
        "rows": reports.future_needs(),
        "form": form,
        "how": reports.HOW_FUTURE_NEEDS_ARE_COMPUTED,
        "ready_from": reports.READY_BY_SKILLS_FROM,
    }
    return _page(request, "succession/reports/future.html", "future", context)


@require(access.is_hr)
@require_GET
def future(request: AuthedHttpRequest) -> HttpResponse:
    return _future(request, DemandForm(auto_id="demand-%s"))


@require(access.is_hr)
@require_POST
def demand_add(request: AuthedHttpRequest) -> HttpResponse:
    form = DemandForm(request.POST, auto_id="demand-%s")
    demand = submit(form, lambda data: services.demand_create(actor=request.user, **data))
    if demand is None:
        return _future(request, form)
    messages.success(request, _("Recorded: %(demand)s.") % {"demand": demand})
    return redirect("succession:report-future")


@require(access.is_hr)
@require_POST
def demand_delete(request: AuthedHttpRequest, demand_id: UUID) -> HttpResponse:
    demands = access.demands_visible_to(request.user).select_related("role")
    demand = get_object_or_404(demands, public_id=demand_id)
    services.demand_delete(actor=request.user, demand=demand)
    messages.success(request, _("Deleted: %(demand)s.") % {"demand": demand})
    return redirect("succession:report-future")


@require(access.is_hr)
@require_GET
def equity(request: AuthedHttpRequest) -> HttpResponse:
    context = {
        "data": reports.equity(timezone.localdate()),
        "how": reports.HOW_EQUITY_IS_COMPUTED,
        "measures": [(m, reports.MEASURE_LABELS[m]) for m in reports.MEASURES],
        "min_group": reports.MIN_GROUP,
    }
    return _page(request, "succession/reports/equity.html", "equity", context)
