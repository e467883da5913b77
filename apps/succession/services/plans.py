"""Key positions, their successor slates, and development actions from a successor's note.

Every write validates, runs in one transaction and appends its audit row in that transaction.
A development action created from a slate lands on the person's own career map as ordinary
development: its words must never reveal that a succession plan exists (``_reveals_succession``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.models import User
from apps.careermaps.models import CareerMap, DevelopmentAction, MapTemplate
from apps.careermaps.services.maps import map_create
from apps.careermaps.services.plan import action_create
from apps.employees.models import Employee, EmploymentStatus
from apps.roles.models import Role
from apps.roles.services import role_set_key_position
from apps.succession import access
from apps.succession.audit import audit, snapshot
from apps.succession.models import (
    AuditAction,
    Readiness,
    Risk,
    SuccessionPlan,
    SuccessorCandidate,
)
from careermap.versioning import lock_current, save_current

PLAN_FIELDS = ("role", "incumbent", "risk_of_loss", "impact_of_loss", "notes", "reviewed_at")
PLAN_FORM_FIELDS = ("role", "incumbent", "risk_of_loss", "impact_of_loss", "notes")
CANDIDATE_FIELDS = ("plan", "employee", "readiness", "emergency_cover", "rank", "development_note")

# Words that would tell the person they sit on a slate. Checked on the action's title and detail.
REVEALING = re.compile(
    r"success(or|ion)|slate|key[\s-]*(position|role|seat)|bench[\s-]*strength|talent[\s-]*(pool|review)"
    r"|high[\s-]*potential|9[\s-]*box|nine[\s-]*box",
    re.IGNORECASE,
)
REVEALS_MESSAGE = gettext_lazy(
    "The person will see this on their own career map as ordinary development: do not "
    "mention succession, slates, key positions or talent ratings."
)


def _plan_snapshot(plan: SuccessionPlan) -> dict[str, Any]:
    return {
        **snapshot(plan, PLAN_FIELDS),
        "shared_with": sorted(plan.shared_with.values_list("pk", flat=True)),
    }


def _check_plan(plan: SuccessionPlan) -> None:
    errors: dict[str, list[str]] = {}
    for name, value in (
        ("risk_of_loss", plan.risk_of_loss),
        ("impact_of_loss", plan.impact_of_loss),
    ):
        if value not in Risk.values:
            errors[name] = [_("Choose low, medium or high.")]
    if plan.incumbent is not None and plan.incumbent.status == EmploymentStatus.LEFT:
        errors["incumbent"] = [_("This person has left the organisation.")]
    seat = SuccessionPlan.objects.filter(role=plan.role, incumbent=plan.incumbent)
    if seat.exclude(pk=plan.pk).exists():
        errors["incumbent"] = [
            _("%(role)s already has a key position for %(name)s's seat.")
            % {"role": plan.role, "name": plan.incumbent}
            if plan.incumbent
            else _("%(role)s already has a key position for the role as a whole.")
            % {"role": plan.role}
        ]
    on_slate = plan.pk and plan.incumbent_id and plan.candidates.filter(employee=plan.incumbent)
    if on_slate and on_slate.exists():
        errors["incumbent"] = [
            _("%(incumbent)s is on this slate: remove them from it first.")
            % {"incumbent": plan.incumbent}
        ]
    if errors:
        raise ValidationError(errors)


def _check_shares(plan: SuccessionPlan, users: Iterable[User]) -> None:
    """A plan is shared only with people who may see confidential data about everyone on it."""
    people = access.plan_people(plan) if plan.pk else [p for p in [plan.incumbent] if p]
    found = access.sharers(User.objects.filter(pk__in=[user.pk for user in users]))
    refusals = [reason for user in found if (reason := access.share_refusal(user, people))]
    if refusals:
        raise ValidationError({"shared_with": refusals})


@transaction.atomic
def plan_create(
    *,
    actor: Any,
    role: Role,
    incumbent: Employee | None = None,
    risk_of_loss: str = Risk.MEDIUM,
    impact_of_loss: str = Risk.MEDIUM,
    notes: str = "",
    shared_with: Iterable[User] = (),
) -> SuccessionPlan:
    """Mark ``role`` (or ``incumbent``'s seat in it) as a key position."""
    plan = SuccessionPlan(
        role=role,
        incumbent=incumbent,
        risk_of_loss=risk_of_loss,
        impact_of_loss=impact_of_loss,
        notes=notes.strip(),
    )
    _check_plan(plan)
    shared_with = list(shared_with)
    _check_shares(plan, shared_with)
    plan.save()
    plan.shared_with.set(shared_with)
    role_set_key_position(role=role)  # planned here, so flagged in the catalogue too
    audit(
        actor=actor,
        action=AuditAction.CREATE,
        obj=plan,
        summary=f"Key position created: {plan}",
        after=_plan_snapshot(plan),
    )
    return plan


@transaction.atomic
def plan_update(
    *,
    actor: Any,
    plan: SuccessionPlan,
    role: Role,
    incumbent: Employee | None,
    risk_of_loss: str,
    impact_of_loss: str,
    notes: str,
    shared_with: Iterable[User],
    version: int | None = None,
) -> SuccessionPlan:
    """From the edit form, refused (:class:`StaleVersion`) if saved since ``version``."""
    if version is not None:
        plan = lock_current(SuccessionPlan.objects.all(), plan.pk, version)
    before = _plan_snapshot(plan)
    plan.role, plan.incumbent = role, incumbent
    plan.risk_of_loss, plan.impact_of_loss = risk_of_loss, impact_of_loss
    plan.notes = notes.strip()
    _check_plan(plan)
    shared_with = list(shared_with)
    _check_shares(plan, shared_with)
    save_current(plan, **{name: getattr(plan, name) for name in PLAN_FORM_FIELDS})
    plan.shared_with.set(shared_with)
    role_set_key_position(role=role)
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=plan,
        summary=f"Key position changed: {plan}",
        before=before,
        after=_plan_snapshot(plan),
    )
    return plan


@transaction.atomic
def plan_mark_reviewed(*, actor: Any, plan: SuccessionPlan) -> SuccessionPlan:
    before = snapshot(plan, ["reviewed_at"])
    plan.reviewed_at = timezone.now()
    plan.save(update_fields=["reviewed_at"])
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=plan,
        summary=f"Key position reviewed: {plan}",
        before=before,
        after=snapshot(plan, ["reviewed_at"]),
    )
    return plan


@transaction.atomic
def plan_delete(*, actor: Any, plan: SuccessionPlan) -> None:
    before = {
        **_plan_snapshot(plan),
        "successors": list(plan.candidates.values_list("employee_id", flat=True)),
    }
    audit(
        actor=actor,
        action=AuditAction.DELETE,
        obj=plan,
        summary=f"Key position deleted: {plan}",
        before=before,
    )
    plan.delete()


# --------------------------------------------------------------------------- the slate


def _check_candidate(candidate: SuccessorCandidate) -> None:
    errors: dict[str, list[str]] = {}
    if candidate.readiness not in Readiness.values:
        errors["readiness"] = [_("Choose ready now, in 1-2 years or in 3-5 years.")]
    employee = candidate.employee
    if employee.status == EmploymentStatus.LEFT:
        errors["employee"] = [_("%(employee)s has left the organisation.") % {"employee": employee}]
    if employee.pk == candidate.plan.incumbent_id:
        errors["employee"] = [
            _("%(employee)s holds this seat: they cannot succeed themselves.")
            % {"employee": employee}
        ]
    if len(candidate.development_note) > 2000:
        errors["development_note"] = [_("Keep the note under 2,000 characters.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def candidate_add(
    *,
    actor: Any,
    plan: SuccessionPlan,
    employee: Employee,
    readiness: str,
    emergency_cover: bool = False,
    development_note: str = "",
) -> SuccessorCandidate:
    """Put ``employee`` at the bottom of ``plan``'s slate."""
    last = plan.candidates.aggregate(last=Max("rank"))["last"] or 0
    candidate = SuccessorCandidate(
        plan=plan,
        employee=employee,
        readiness=readiness,
        emergency_cover=emergency_cover,
        development_note=development_note.strip(),
        rank=last + 1,
        added_by=actor,
    )
    _check_candidate(candidate)
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError as error:
        raise ValidationError(
            {"employee": [_("%(employee)s is already on this slate.") % {"employee": employee}]}
        ) from error
    audit(
        actor=actor,
        action=AuditAction.CREATE,
        obj=candidate,
        summary=f"Successor added: {employee} for {plan}",
        after=snapshot(candidate, CANDIDATE_FIELDS),
    )
    return candidate


@transaction.atomic
def candidate_update(
    *,
    actor: Any,
    candidate: SuccessorCandidate,
    readiness: str,
    emergency_cover: bool,
    development_note: str,
    version: int | None = None,
) -> SuccessorCandidate:
    """From the edit form, refused (:class:`StaleVersion`) if saved since ``version``."""
    if version is not None:
        candidate = lock_current(SuccessorCandidate.objects.all(), candidate.pk, version)
    before = snapshot(candidate, CANDIDATE_FIELDS)
    candidate.readiness, candidate.emergency_cover = readiness, emergency_cover
    candidate.development_note = development_note.strip()
    _check_candidate(candidate)
    save_current(
        candidate,
        readiness=readiness,
        emergency_cover=emergency_cover,
        development_note=candidate.development_note,
    )
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=candidate,
        summary=f"Successor changed: {candidate.employee} for {candidate.plan}",
        before=before,
        after=snapshot(candidate, CANDIDATE_FIELDS),
    )
    return candidate


def _renumber(plan: SuccessionPlan, ordered: list[SuccessorCandidate]) -> None:
    for rank, item in enumerate(ordered, start=1):
        item.rank = rank
    SuccessorCandidate.objects.bulk_update(ordered, ["rank"])


@transaction.atomic
def candidate_move(*, actor: Any, candidate: SuccessorCandidate, up: bool) -> SuccessorCandidate:
    """Swap ``candidate`` with the successor above (``up``) or below it; ranks stay 1..n."""
    slate = list(candidate.plan.candidates.select_for_update().order_by("rank", "id"))
    index = next(i for i, item in enumerate(slate) if item.pk == candidate.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(slate):
        before = {"rank": slate[index].rank}
        slate[index], slate[other] = slate[other], slate[index]
        _renumber(candidate.plan, slate)
        candidate.rank = slate.index(next(s for s in slate if s.pk == candidate.pk)) + 1
        audit(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=candidate,
            summary=f"Successor moved {'up' if up else 'down'}: {candidate.employee}",
            before=before,
            after={"rank": candidate.rank},
        )
    return candidate


@transaction.atomic
def candidate_remove(*, actor: Any, candidate: SuccessorCandidate) -> None:
    plan = candidate.plan
    audit(
        actor=actor,
        action=AuditAction.DELETE,
        obj=candidate,
        summary=f"Successor removed: {candidate.employee} from {plan}",
        before=snapshot(candidate, CANDIDATE_FIELDS),
    )
    candidate.delete()
    _renumber(plan, list(plan.candidates.order_by("rank", "id")))


# --------------------------------------------------------------------------- development


def reveals_succession(text: str) -> bool:
    return bool(REVEALING.search(text))


@transaction.atomic
def development_action_create(
    *,
    actor: Any,
    candidate: SuccessorCandidate,
    kind: str,
    title: str,
    detail: str = "",
    due: date | None = None,
) -> DevelopmentAction:
    """An action on the successor's own career map (started for them if they have none).

    It reads as ordinary development: nothing in it may mention succession, and nothing on the
    action points back to the plan. The audit log is the only place that records the link.
    """
    errors = {
        name: [REVEALS_MESSAGE]
        for name, text in (("title", title), ("detail", detail))
        if reveals_succession(text)
    }
    if errors:
        raise ValidationError(errors)
    employee = candidate.employee
    career_map = CareerMap.objects.filter(employee=employee).first() or map_create(
        employee=employee, template=MapTemplate.BLANK
    )
    action = action_create(
        career_map=career_map, kind=kind, title=title, detail=detail.strip(), due=due
    )
    audit(
        actor=actor,
        action=AuditAction.CREATE,
        obj=candidate,
        summary=f"Development action added to {employee}'s map: {action.title}",
        after={"action": str(action.public_id), "kind": action.kind, "title": action.title},
    )
    return action
