"""The development plan and the networking contacts of a career map.

Writes are the ``action_*`` and ``contact_*`` services. The tab also needs one read model, built
here so that it runs a fixed number of queries: the map's actions grouped as in the method's
template, its contacts, and the catalogue the forms choose from (the target role's skill gaps,
every skill, every learning resource with the skills it builds).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.postgres.aggregates import ArrayAgg
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps.careermaps.models import (
    ActionKind,
    ActionStatus,
    CareerMap,
    DevelopmentAction,
    NetworkContact,
)
from apps.careermaps.services.maps import map_create
from apps.employees.gaps import SkillGap, skill_gaps
from apps.employees.models import Employee
from apps.learning.models import LearningResource, ResourceKind, ResourceSkill
from apps.skills.models import Level, Skill
from careermap.versioning import lock_current, save_current

CLOSED = frozenset({ActionStatus.DONE, ActionStatus.DROPPED})
PAST_DUE = gettext_lazy("A due date in the past cannot be planned for: pick a date from today on.")
EVIDENCE_REQUIRED = gettext_lazy(
    "Add evidence of completion before marking this done: what you did and what shows it "
    "(a certificate, a link, a result)."
)

# --------------------------------------------------------------------------- reads


@dataclass(frozen=True, slots=True)
class Catalogue:
    """What the plan's forms choose from. ``skills`` is loaded only for the owner's forms."""

    gaps: list[SkillGap]
    skills: list[Skill]
    resources: list[LearningResource]
    # resource id -> {skill id: the level the resource takes a learner to}
    builds: dict[int, dict[int, int]]

    def gap_for(self, skill_id: int | None) -> SkillGap | None:
        return next((gap for gap in self.gaps if gap.skill_id == skill_id), None)

    def skill(self, skill_id: int | None) -> Skill | None:
        return next((skill for skill in self.skills if skill.pk == skill_id), None)

    def resource(self, resource_id: int | None) -> LearningResource | None:
        return next((r for r in self.resources if r.pk == resource_id), None)

    def resources_for(self, skill_id: int | None) -> list[LearningResource]:
        """The resources that build ``skill_id``, the ones taking a learner highest first."""
        if skill_id is None:
            return []
        building = [r for r in self.resources if skill_id in self.builds[r.pk]]
        return sorted(building, key=lambda r: -self.builds[r.pk][skill_id])


def resource_catalogue() -> tuple[list[LearningResource], dict[int, dict[int, int]]]:
    """Every learning resource, and the skills each builds with their levels (one query)."""
    has_skill = Q(builds__isnull=False)
    rows = LearningResource.objects.annotate(
        skill_ids=ArrayAgg(
            "builds__skill_id", filter=has_skill, order_by="builds__skill_id", default=[]
        ),
        levels=ArrayAgg("builds__level", filter=has_skill, order_by="builds__skill_id", default=[]),
    ).order_by("title", "id")
    builds = {r.pk: dict(zip(r.skill_ids, r.levels, strict=True)) for r in rows}
    return list(rows), builds


def catalogue_for(career_map: CareerMap, *, with_skills: bool) -> Catalogue:
    target = career_map.target_role
    gaps = [g for g in skill_gaps(career_map.employee, target) if g.gap] if target else []
    skills = list(Skill.objects.only("id", "name").order_by("name", "id")) if with_skills else []
    resources, builds = resource_catalogue()
    return Catalogue(gaps=gaps, skills=skills, resources=resources, builds=builds)


@dataclass(frozen=True, slots=True)
class PlannedAction:
    """One action as the tab shows it: with the gap it closes and whether it is late."""

    action: DevelopmentAction
    gap: SkillGap | None
    today: date

    @property
    def is_overdue(self) -> bool:
        due = self.action.due
        return due is not None and due < self.today and self.action.status not in CLOSED


@dataclass(frozen=True, slots=True)
class ActionGroup:
    """One part of the development plan (a kind of action), with its progress."""

    kind: ActionKind
    items: list[PlannedAction]
    add_form: Any = None

    @property
    def done(self) -> int:
        return sum(item.action.status == ActionStatus.DONE for item in self.items)

    @property
    def total(self) -> int:
        """Actions that count towards progress: dropped ones do not."""
        return sum(item.action.status != ActionStatus.DROPPED for item in self.items)

    @property
    def overdue(self) -> int:
        return sum(item.is_overdue for item in self.items)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def meter_step(self) -> int:
        """The percentage rounded to the meter's steps of 5."""
        return 5 * round(self.percent / 5)


@dataclass(frozen=True, slots=True)
class ResourceOffer:
    """A learning resource offered for a gap: the level it reaches, where it would go in the
    plan, and whether it is in the plan already."""

    resource: LearningResource
    level: int
    closes_gap: bool
    kind: ActionKind
    planned: bool


@dataclass(frozen=True, slots=True)
class GapWithResources:
    gap: SkillGap
    offers: list[ResourceOffer]


@dataclass(frozen=True, slots=True)
class ContactRow:
    contact: NetworkContact
    today: date

    @property
    def follow_up_due(self) -> bool:
        return self.contact.next_follow_up is not None and self.contact.next_follow_up <= self.today


@dataclass(frozen=True, slots=True)
class Plan:
    groups: list[ActionGroup]
    gaps: list[GapWithResources]

    @property
    def done(self) -> int:
        return sum(group.done for group in self.groups)

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)

    @property
    def overdue(self) -> int:
        return sum(group.overdue for group in self.groups)


def actions_of(career_map: CareerMap) -> list[DevelopmentAction]:
    return list(career_map.actions.select_related("skill", "resource"))


def plan_for(career_map: CareerMap, catalogue: Catalogue, *, today: date) -> Plan:
    """The map's actions grouped in the template's order, and the gaps with their resources."""
    actions = actions_of(career_map)
    groups = [
        ActionGroup(
            kind,
            [
                PlannedAction(action, catalogue.gap_for(action.skill_id), today)
                for action in actions
                if action.kind == kind
            ],
        )
        for kind in ActionKind
    ]
    planned = {a.resource_id for a in actions if a.status != ActionStatus.DROPPED}
    gaps = [GapWithResources(gap, _offers(catalogue, gap, planned)) for gap in catalogue.gaps]
    return Plan(groups=groups, gaps=gaps)


def _offers(catalogue: Catalogue, gap: SkillGap, planned: set[int | None]) -> list[ResourceOffer]:
    offers = []
    for resource in catalogue.resources_for(gap.skill_id):
        level = catalogue.builds[resource.pk][gap.skill_id]
        offers.append(
            ResourceOffer(
                resource,
                level,
                level >= gap.required_level,
                kind_for_resource(resource),
                resource.pk in planned,
            )
        )
    return offers


def contacts_of(career_map: CareerMap, *, today: date) -> list[ContactRow]:
    return [ContactRow(contact, today) for contact in career_map.contacts.all()]


def kind_for_resource(resource: LearningResource) -> ActionKind:
    """Where a resource added from the gaps panel goes in the plan."""
    if resource.kind == ResourceKind.CERTIFICATION:
        return ActionKind.CERTIFICATION
    return ActionKind.EDUCATION


# --------------------------------------------------------------------------- writes


Errors = dict[str, list[str]]
# What the edit forms change (and so what an update saves).
ACTION_FIELDS = (
    "kind",
    "title",
    "detail",
    "skill",
    "resource",
    "due",
    "status",
    "evidence",
    "completed_at",
)
CONTACT_FIELDS = ("name", "organisation", "how_they_help", "last_contact", "next_follow_up")


def _model_errors(instance: Any, exclude: list[str]) -> Errors:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        return dict(error.message_dict)
    return {}


def _check_action(action: DevelopmentAction, *, due_changed: bool) -> None:
    """Every rule of an action at once, so each message lands beside its field."""
    action.title, action.evidence = action.title.strip(), action.evidence.strip()
    errors = _model_errors(action, ["career_map", "skill", "resource"])
    # A new or moved due date must lie ahead; one that simply passed is shown as overdue.
    late = action.due is not None and action.due < timezone.localdate()
    if due_changed and late and action.status not in CLOSED:
        errors.setdefault("due", []).append(str(PAST_DUE))
    if action.status == ActionStatus.DONE and not action.evidence:
        errors.setdefault("evidence", []).append(str(EVIDENCE_REQUIRED))
    if errors:
        raise ValidationError(errors)


def _stamp_completion(action: DevelopmentAction, *, was_done: bool) -> None:
    """completed_at records when the action became done, and only while it is."""
    if action.status != ActionStatus.DONE:
        action.completed_at = None
    elif not was_done or action.completed_at is None:
        action.completed_at = timezone.now()


@transaction.atomic
def action_create(
    *,
    career_map: CareerMap,
    kind: str,
    title: str,
    detail: str = "",
    skill: Skill | None = None,
    resource: LearningResource | None = None,
    due: date | None = None,
    status: str = ActionStatus.PLANNED,
    evidence: str = "",
) -> DevelopmentAction:
    action = DevelopmentAction(
        career_map=career_map,
        kind=kind,
        title=title,
        detail=detail,
        skill=skill,
        resource=resource,
        due=due,
        status=status,
        evidence=evidence,
    )
    _check_action(action, due_changed=True)
    _stamp_completion(action, was_done=False)
    last = career_map.actions.aggregate(last=Max("position"))["last"]
    action.position = 0 if last is None else last + 1
    action.save()
    return action


@transaction.atomic
def action_update(
    *,
    career_map: CareerMap,
    action: DevelopmentAction,
    version: int,
    kind: str,
    title: str,
    detail: str,
    skill: Skill | None,
    resource: LearningResource | None,
    due: date | None,
    status: str,
    evidence: str,
) -> DevelopmentAction:
    """Refused (:class:`StaleVersion`) if the action was saved since ``version``."""
    if action.career_map_id != career_map.pk:
        raise ValidationError(_("That action is not on this map."))
    current = lock_current(career_map.actions.all(), action.pk, version)
    was_done, due_changed = current.status == ActionStatus.DONE, current.due != due
    current.kind, current.title, current.detail = kind, title, detail
    current.skill, current.resource, current.due = skill, resource, due
    current.status, current.evidence = status, evidence
    _check_action(current, due_changed=due_changed)
    _stamp_completion(current, was_done=was_done)
    return save_current(current, **{name: getattr(current, name) for name in ACTION_FIELDS})


@transaction.atomic
def action_delete(*, career_map: CareerMap, action: DevelopmentAction) -> None:
    if action.career_map_id != career_map.pk:
        raise ValidationError(_("That action is not on this map."))
    action.delete()


def _date_errors(last_contact: date | None, next_follow_up: date | None) -> Errors:
    if last_contact and last_contact > timezone.localdate():
        return {
            "last_contact": [
                _(
                    "The last contact cannot be in the future: put a planned "
                    "conversation in the next follow-up."
                )
            ]
        }
    if last_contact and next_follow_up and next_follow_up < last_contact:
        when = date_format(last_contact, "DATE_FORMAT")
        return {
            "next_follow_up": [
                _("The next follow-up cannot be before your last contact (%(date)s).")
                % {"date": when}
            ]
        }
    return {}


def _check_contact(contact: NetworkContact) -> None:
    for name in ("name", "organisation", "how_they_help"):
        setattr(contact, name, getattr(contact, name).strip())
    errors = _model_errors(contact, ["career_map"])
    for name, messages in _date_errors(contact.last_contact, contact.next_follow_up).items():
        errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contact_create(
    *,
    career_map: CareerMap,
    name: str,
    organisation: str = "",
    how_they_help: str = "",
    last_contact: date | None = None,
    next_follow_up: date | None = None,
) -> NetworkContact:
    contact = NetworkContact(
        career_map=career_map,
        name=name,
        organisation=organisation,
        how_they_help=how_they_help,
        last_contact=last_contact,
        next_follow_up=next_follow_up,
    )
    _check_contact(contact)
    contact.save()
    return contact


@transaction.atomic
def contact_update(
    *,
    career_map: CareerMap,
    contact: NetworkContact,
    version: int,
    name: str,
    organisation: str,
    how_they_help: str,
    last_contact: date | None,
    next_follow_up: date | None,
) -> NetworkContact:
    """Refused (:class:`StaleVersion`) if the contact was saved since ``version``."""
    if contact.career_map_id != career_map.pk:
        raise ValidationError(_("That contact is not on this map."))
    current = lock_current(career_map.contacts.all(), contact.pk, version)
    current.name, current.organisation, current.how_they_help = name, organisation, how_they_help
    current.last_contact, current.next_follow_up = last_contact, next_follow_up
    _check_contact(current)
    return save_current(current, **{name: getattr(current, name) for name in CONTACT_FIELDS})


@transaction.atomic
def contact_delete(*, career_map: CareerMap, contact: NetworkContact) -> None:
    if contact.career_map_id != career_map.pk:
        raise ValidationError(_("That contact is not on this map."))
    contact.delete()


def open_actions_for(career_map: CareerMap, resource: Any) -> QuerySet[DevelopmentAction]:
    """The map's actions that use ``resource`` and are not dropped (``resource``: a pk or an
    ``OuterRef``)."""
    return DevelopmentAction.objects.filter(career_map=career_map, resource=resource).exclude(
        status=ActionStatus.DROPPED
    )


@transaction.atomic
def action_from_resource(
    *, employee: Employee, resource: LearningResource, skill: Skill | None
) -> DevelopmentAction:
    """Put ``resource`` on the employee's development plan, for one of the skills it builds.

    Starts the employee's map first if they have none. A certification becomes a
    "Certifications" action, anything else "Educational development".
    """
    builds = {row.skill_id: row for row in ResourceSkill.objects.filter(resource=resource)}
    if not builds:
        skill = None
    elif skill is None or skill.pk not in builds:
        raise ValidationError({"skill": _("Choose one of the skills this resource builds.")})
    career_map = CareerMap.objects.filter(employee=employee).first() or map_create(
        employee=employee
    )
    if open_actions_for(career_map, resource).exists():
        raise ValidationError(
            _("“%(title)s” is already in your development plan.") % {"title": resource.title}
        )
    detail = _plan_detail(resource, skill, builds[skill.pk].level if skill else None)
    return action_create(
        career_map=career_map,
        kind=kind_for_resource(resource),
        title=resource.title,
        detail=detail,
        skill=skill,
        resource=resource,
    )


def _plan_detail(resource: LearningResource, skill: Skill | None, level: int | None) -> str:
    """E.g. "Builds SQL to level 4 (Advanced). (DataCamp, 12 hours)"."""
    hours = ngettext("%(hours)s hour", "%(hours)s hours", resource.hours or 0)
    facts = [resource.provider, hours % {"hours": resource.hours} if resource.hours else ""]
    where = ", ".join(fact for fact in facts if fact)
    parts = [f"({where})" if where else ""]
    if skill and level:
        parts.insert(
            0,
            _("Builds %(skill)s to level %(level)s (%(name)s).")
            % {"skill": skill.name, "level": level, "name": Level(level).label},
        )
    return " ".join(part for part in parts if part)
