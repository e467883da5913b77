"""Writes behind HR's reports: planned demand (future needs) and the audit row of an export."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from apps.roles.models import Role
from apps.succession.audit import audit, snapshot
from apps.succession.models import AuditAction, DemandPlan, SuccessionPlan

DEMAND_FIELDS = ("role", "headcount", "needed_by", "note")
MAX_HEADCOUNT = 10_000


@transaction.atomic
def demand_create(
    *, actor: Any, role: Role, headcount: int, needed_by: date, note: str = ""
) -> DemandPlan:
    """HR expects to need ``headcount`` people in ``role`` by ``needed_by``."""
    errors: dict[str, list[str]] = {}
    if not 1 <= headcount <= MAX_HEADCOUNT:
        errors["headcount"] = [
            _("Enter a headcount from 1 to %(max)s.")
            % {"max": number_format(MAX_HEADCOUNT, force_grouping=True)}
        ]
    if needed_by < timezone.localdate():
        errors["needed_by"] = [_("Planned demand lies ahead: pick a date from today on.")]
    if errors:
        raise ValidationError(errors)
    demand = DemandPlan.objects.create(
        role=role, headcount=headcount, needed_by=needed_by, note=note.strip(), created_by=actor
    )
    audit(
        actor=actor,
        action=AuditAction.CREATE,
        obj=demand,
        summary=f"Planned demand recorded: {demand}",
        after=snapshot(demand, DEMAND_FIELDS),
    )
    return demand


@transaction.atomic
def demand_delete(*, actor: Any, demand: DemandPlan) -> None:
    audit(
        actor=actor,
        action=AuditAction.DELETE,
        obj=demand,
        summary=f"Planned demand deleted: {demand}",
        before=snapshot(demand, DEMAND_FIELDS),
    )
    demand.delete()


@transaction.atomic
def export_record(*, actor: Any, kind: str, rows: int, scope: str) -> None:
    """Every export of confidential data leaves a trace: who, when, what and how much."""
    audit(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=SuccessionPlan,
        summary=f"Succession report exported as {kind} ({rows} rows, {scope})",
        after={"format": kind, "rows": rows, "scope": scope},
    )
