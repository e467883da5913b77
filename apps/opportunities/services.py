"""Writes: posting and editing opportunities, interest, shortlisting, closing and filling.

Filling is where the other apps meet: for an open role with a role the person's current role
changes (the fill's ``Placement`` is the role history), their career map records it (target
reached, or an achievement), and the succession pipeline follows (they leave the slates of the
role they now hold; a key-position seat in it whose incumbent moved on or left shows them).
For a project, stretch assignment or gig the map gets the assignment as a development action.

Notifications go out after the commit, each once (the reminder log's period names the event),
and a mail failure never undoes a fill.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.careermaps.models import ActionKind, ActionStatus, CareerMap
from apps.careermaps.services.maps import map_create
from apps.careermaps.services.plan import action_create
from apps.employees.models import Department, Employee, EmploymentStatus
from apps.notifications.models import Kind
from apps.notifications.services import Message, deliver
from apps.opportunities.models import (
    ACTIVE_INTEREST,
    Interest,
    InterestStatus,
    Opportunity,
    OpportunityKind,
    OpportunitySkill,
    OpportunityStatus,
    Placement,
)
from apps.roles.models import Importance, Role
from apps.skills.models import Skill
from apps.succession.audit import audit
from apps.succession.models import AuditAction, SuccessionPlan, SuccessorCandidate
from apps.succession.services.plans import candidate_remove

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class NeededSkill:
    skill: Skill
    level: int
    importance: str = Importance.ESSENTIAL


# --------------------------------------------------------------------------- posting


def _check(opportunity: Opportunity, skills: Sequence[NeededSkill]) -> None:
    errors: dict[str, list[str]] = {}
    if opportunity.kind not in OpportunityKind.values:
        errors["kind"] = [_("Choose a kind of opportunity.")]
    if opportunity.status not in (OpportunityStatus.DRAFT, OpportunityStatus.OPEN):
        errors["status"] = [_("Save it as a draft or open it.")]
    today = timezone.localdate()
    closes = opportunity.closes_on
    if opportunity.status == OpportunityStatus.OPEN and closes is not None and closes < today:
        errors["closes_on"] = [_("An open opportunity cannot close in the past.")]
    if opportunity.kind == OpportunityKind.OPEN_ROLE and opportunity.role_id is None:
        errors["role"] = [_("Choose the role that is open: its required skills are used.")]
    if opportunity.role_id is None and not skills and opportunity.status == OpportunityStatus.OPEN:
        errors["skills"] = [_("Name at least one skill, or choose a role.")]
    if any(not 1 <= needed.level <= 5 for needed in skills):
        errors["skills"] = [_("Skill levels go from 1 (Awareness) to 5 (Expert).")]
    if errors:
        raise ValidationError(errors)


def _set_skills(opportunity: Opportunity, skills: Sequence[NeededSkill]) -> None:
    OpportunitySkill.objects.filter(opportunity=opportunity).delete()
    if opportunity.role_id is not None:
        return  # the role's requirements are the needs
    OpportunitySkill.objects.bulk_create(
        OpportunitySkill(
            opportunity=opportunity,
            skill=needed.skill,
            required_level=needed.level,
            importance=needed.importance,
        )
        for needed in {needed.skill.pk: needed for needed in skills}.values()
    )


@transaction.atomic
def opportunity_create(
    *,
    posted_by: Any,
    kind: str,
    title: str,
    description: str = "",
    department: Department | None = None,
    role: Role | None = None,
    time_commitment: str = "",
    duration: str = "",
    closes_on: date | None = None,
    status: str = OpportunityStatus.DRAFT,
    skills: Sequence[NeededSkill] = (),
) -> Opportunity:
    opportunity = Opportunity(
        posted_by=posted_by,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        department=department,
        role=role,
        time_commitment=time_commitment.strip(),
        duration=duration.strip(),
        closes_on=closes_on,
        status=status,
    )
    _check(opportunity, skills)
    opportunity.save()
    _set_skills(opportunity, skills)
    return opportunity


EDITABLE = (
    "kind",
    "title",
    "description",
    "department",
    "role",
    "time_commitment",
    "duration",
    "closes_on",
    "status",
)


@transaction.atomic
def opportunity_update(
    *, opportunity: Opportunity, skills: Sequence[NeededSkill] = (), **fields: Any
) -> Opportunity:
    """Edit a draft or open opportunity (the fields in EDITABLE)."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.status not in (OpportunityStatus.DRAFT, OpportunityStatus.OPEN):
        raise ValidationError(_("A closed or filled opportunity can no longer be edited."))
    for name in EDITABLE:
        if name in fields:
            value = fields[name]
            setattr(opportunity, name, value.strip() if isinstance(value, str) else value)
    _check(opportunity, skills)
    opportunity.save()
    _set_skills(opportunity, skills)
    return opportunity


# --------------------------------------------------------------------------- interest


def _check_open(opportunity: Opportunity) -> None:
    closes = opportunity.closes_on
    if not opportunity.is_open or (closes is not None and closes < timezone.localdate()):
        raise ValidationError(_("This opportunity is no longer open."))


@transaction.atomic
def interest_express(
    *, opportunity: Opportunity, employee: Employee, note: str = "", tell_manager: bool = False
) -> Interest:
    """Say "I'm interested" (again, after withdrawing). The manager hears only if asked to."""
    _check_open(opportunity)
    if employee.status == EmploymentStatus.LEFT:
        raise ValidationError(_("People who have left cannot express interest."))
    interest, _created = Interest.objects.select_for_update().get_or_create(
        opportunity=opportunity, employee=employee
    )
    if interest.status in (InterestStatus.SELECTED, InterestStatus.NOT_SELECTED):
        raise ValidationError(_("This opportunity is no longer open."))
    interest.note, interest.tell_manager = note.strip(), tell_manager
    interest.status = InterestStatus.INTERESTED
    interest.save()
    manager = employee.manager
    if tell_manager and manager is not None and manager.user_id is not None:
        _notify_later(
            manager.user_id, f"interest:{interest.public_id}", partial(_manager_message, interest)
        )
    return interest


@transaction.atomic
def interest_withdraw(*, interest: Interest) -> Interest:
    if interest.status not in ACTIVE_INTEREST:
        raise ValidationError(_("There is no open interest to withdraw."))
    interest.status = InterestStatus.WITHDRAWN
    interest.save(update_fields=["status", "updated_at"])
    return interest


@transaction.atomic
def interest_shortlist(*, interest: Interest, shortlisted: bool) -> Interest:
    if interest.status not in ACTIVE_INTEREST:
        raise ValidationError(_("Only active interest can be shortlisted."))
    interest.status = InterestStatus.SHORTLISTED if shortlisted else InterestStatus.INTERESTED
    interest.save(update_fields=["status", "updated_at"])
    return interest


# --------------------------------------------------------------------------- closing and filling


def _locked(opportunity: Opportunity) -> Opportunity:
    locked = (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("role")
        .get(pk=opportunity.pk)
    )
    if locked.status not in (OpportunityStatus.OPEN, OpportunityStatus.CLOSED):
        raise ValidationError(_("Only an open or closed opportunity can be filled or closed."))
    return locked


@transaction.atomic
def opportunity_close(*, opportunity: Opportunity) -> Opportunity:
    """Close without filling; everyone still interested is told."""
    opportunity = _locked(opportunity)
    opportunity.status = OpportunityStatus.CLOSED
    opportunity.save(update_fields=["status", "updated_at"])
    for interest in _active(opportunity):
        _notify_later(
            interest.employee.user_id,
            f"closed:{opportunity.public_id}",
            partial(_closed, opportunity),
        )
    return opportunity


def _active(opportunity: Opportunity) -> list[Interest]:
    return list(
        opportunity.interests.filter(status__in=ACTIVE_INTEREST, employee__user__isnull=False)
        .select_related("employee")
        .order_by("id")
    )


@transaction.atomic
def opportunity_fill(*, actor: Any, opportunity: Opportunity, interest: Interest) -> Placement:
    """Fill ``opportunity`` with the person behind ``interest`` (see the module docstring)."""
    opportunity = _locked(opportunity)
    interest = Interest.objects.select_for_update().get(pk=interest.pk)
    if interest.opportunity_id != opportunity.pk or interest.status not in ACTIVE_INTEREST:
        raise ValidationError(_("Choose someone who is still interested."))
    employee = Employee.objects.select_for_update().get(pk=interest.employee_id)
    if employee.status == EmploymentStatus.LEFT:
        raise ValidationError(_("This person has left the organisation."))
    others = [other for other in _active(opportunity) if other.pk != interest.pk]
    placement = _place(actor, opportunity, employee)
    opportunity.status, opportunity.filled_by = OpportunityStatus.FILLED, employee
    opportunity.filled_at = placement.at
    opportunity.save(update_fields=["status", "filled_by", "filled_at", "updated_at"])
    Interest.objects.filter(pk=interest.pk).update(status=InterestStatus.SELECTED)
    Interest.objects.filter(pk__in=[o.pk for o in others]).update(
        status=InterestStatus.NOT_SELECTED
    )
    _tell_outcome(opportunity, employee, others)
    return placement


def _place(actor: Any, opportunity: Opportunity, employee: Employee) -> Placement:
    from_role = employee.current_role
    moves = opportunity.kind == OpportunityKind.OPEN_ROLE and opportunity.role is not None
    to_role = opportunity.role if moves else from_role
    if moves and to_role is not None:
        Employee.objects.filter(pk=employee.pk).update(current_role=to_role)
        employee.current_role = to_role
        succession_follow(actor=actor, employee=employee, role=to_role)
    _record_on_map(employee, opportunity, role_changed=moves)
    return Placement.objects.create(
        opportunity=opportunity,
        employee=employee,
        from_role=from_role,
        to_role=to_role,
        filled_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _map_of(employee: Employee) -> CareerMap:
    existing = CareerMap.objects.filter(employee=employee).select_related("target_role").first()
    return existing or map_create(employee=employee)


def _record_on_map(employee: Employee, opportunity: Opportunity, *, role_changed: bool) -> None:
    career_map = _map_of(employee)
    today = timezone.localdate()
    if role_changed and opportunity.role is not None:
        reached = career_map.target_role_id == opportunity.role_id
        title = (
            _("Target role reached: started as %(role)s") if reached else _("Started as %(role)s")
        ) % {"role": opportunity.role.title}
        action_create(
            career_map=career_map,
            kind=ActionKind.PROJECT,
            title=title[:400],
            detail=_("Through the internal opportunity “%(title)s”.")
            % {"title": opportunity.title},
            status=ActionStatus.DONE,
            evidence=_("Selected on %(day)s.") % {"day": today.isoformat()},
        )
        return
    action_create(
        career_map=career_map,
        kind=ActionKind.PROJECT,
        title=opportunity.title[:400],
        detail=_opportunity_detail(opportunity),
        status=ActionStatus.IN_PROGRESS,
    )


def _opportunity_detail(opportunity: Opportunity) -> str:
    parts = [
        _("%(kind)s through internal opportunities.") % {"kind": opportunity.get_kind_display()},
        opportunity.time_commitment,
        opportunity.duration,
    ]
    return " ".join(part for part in parts if part)[:1000]


def succession_follow(*, actor: Any, employee: Employee, role: Role) -> None:
    """The pipeline after ``employee`` took ``role``: they leave its slates (one holds a role,
    it does not succeed to it), and a seat in it whose incumbent moved on or left is theirs."""
    for candidate in SuccessorCandidate.objects.filter(
        plan__role=role, employee=employee
    ).select_related("plan", "employee"):
        candidate_remove(actor=actor, candidate=candidate)
    seat = (
        SuccessionPlan.objects.select_for_update(of=("self",))
        .filter(role=role, incumbent__isnull=False)
        .exclude(incumbent__current_role=role, incumbent__status__in=_STAYING)
        .exclude(incumbent=employee)
        .order_by("id")
        .first()
    )
    if seat is not None:
        _take_seat(actor, seat, employee)


_STAYING = (EmploymentStatus.ACTIVE, EmploymentStatus.ON_LEAVE)


def _take_seat(actor: Any, seat: SuccessionPlan, employee: Employee) -> None:
    before = {"incumbent": seat.incumbent_id}
    SuccessionPlan.objects.filter(pk=seat.pk).update(incumbent=employee)
    seat.incumbent = employee
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=seat,
        summary=f"Key position incumbent changed by an internal opportunity: {seat}",
        before=before,
        after={"incumbent": employee.pk},
    )


# --------------------------------------------------------------------------- notifications


def _tell_outcome(opportunity: Opportunity, chosen: Employee, others: list[Interest]) -> None:
    if chosen.user_id is not None:
        _notify_later(
            chosen.user_id, f"filled:{opportunity.public_id}", partial(_selected, opportunity)
        )
    for other in others:
        _notify_later(
            other.employee.user_id, f"filled:{opportunity.public_id}", partial(_filled, opportunity)
        )


def _notify_later(user_id: int | None, period: str, compose: Callable[[], Message]) -> None:
    if user_id is not None:
        transaction.on_commit(lambda: _send(user_id, period, compose))


def _send(user_id: int, period: str, compose: Callable[[], Message]) -> None:
    """Once per person and event (the period); a failed send is logged, the write stands.
    The message is built inside deliver, in the recipient's language."""
    try:
        deliver(
            user_id=user_id, kind=Kind.OPPORTUNITY, periods=[period], compose=lambda _: compose()
        )
    except Exception:  # mail down: the in-app notice rolled back with it; the fill stays
        log.exception("Could not send the opportunity notice %s to user %s", period, user_id)


def _link(opportunity: Opportunity) -> str:
    return reverse("opportunities:detail", args=[opportunity.public_id])


def _manager_message(interest: Interest) -> Message:
    opportunity, employee = interest.opportunity, interest.employee
    names = {"name": employee.full_name, "title": opportunity.title}
    return Message(
        kind=Kind.OPPORTUNITY,
        subject=_("%(name)s is interested in “%(title)s”") % names,
        summary=_("%(name)s asked us to tell you they are interested in “%(title)s”.") % names,
        intro=_("They chose to let you know. A conversation about it may help them."),
        action_label=_("See the opportunity"),
        action_url=_link(opportunity),
    )


def _selected(opportunity: Opportunity) -> Message:
    names = {"title": opportunity.title}
    return Message(
        kind=Kind.OPPORTUNITY,
        subject=_("You have been selected for “%(title)s”") % names,
        summary=_("You have been selected for “%(title)s”. Your career map shows it.") % names,
        action_label=_("See the opportunity"),
        action_url=_link(opportunity),
    )


def _filled(opportunity: Opportunity) -> Message:
    names = {"title": opportunity.title}
    return Message(
        kind=Kind.OPPORTUNITY,
        subject=_("“%(title)s” has been filled") % names,
        summary=_("“%(title)s”, which you were interested in, has been filled.") % names,
        intro=_("Thank you for your interest. Other opportunities are open now."),
        action_label=_("See open opportunities"),
        action_url=reverse("opportunities:index"),
    )


def _closed(opportunity: Opportunity) -> Message:
    names = {"title": opportunity.title}
    return Message(
        kind=Kind.OPPORTUNITY,
        subject=_("“%(title)s” has closed") % names,
        summary=_("“%(title)s”, which you were interested in, closed without being filled.")
        % names,
        action_label=_("See open opportunities"),
        action_url=reverse("opportunities:index"),
    )
