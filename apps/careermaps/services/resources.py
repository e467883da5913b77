"""The learning-resource catalogue: browsing it, HR maintaining it, adding a resource to a plan.

Reads other pages can reuse:

- ``resources_for_skills(skill_ids)``: the resources that build each skill, in one query, best
  first (the highest level reached, then the fewest hours).
- ``catalogue(...)``: the filtered catalogue with the skills each resource builds (two queries).

Who may do what is decided by ``can_browse`` / ``can_manage`` below: everyone with an employee
record (and HR) browses; only HR maintains the catalogue; to anyone else the management URLs do
not exist (404).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from apps.careermaps.models import (
    ActionStatus,
    CareerMap,
    DevelopmentAction,
    LearningResource,
    ResourceKind,
    ResourceSkill,
)
from apps.careermaps.services.maps import map_create
from apps.careermaps.services.plan import action_create, kind_for_resource
from apps.employees.access import viewer_employee
from apps.employees.models import Employee
from apps.skills.models import Level, Skill

LEVEL_MESSAGE = "Choose a level from 1 (Awareness) to 5 (Expert)."
COST_MESSAGE = "The cost cannot be negative. Use 0 for a free resource."

# --------------------------------------------------------------------------- access


def can_browse(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_hr or viewer_employee(user) is not None))


def can_manage(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_hr)


def require_browse(user: Any) -> None:
    if not can_browse(user):
        raise Http404("No learning catalogue here")


def require_manage(user: Any) -> None:
    if not can_manage(user):
        raise Http404("No such page")


def resource_for_manager(user: Any, resource_id: UUID) -> LearningResource:
    require_manage(user)
    return _resource(resource_id)


def resource_for_browser(user: Any, resource_id: UUID) -> LearningResource:
    require_browse(user)
    return _resource(resource_id)


def _resource(resource_id: UUID) -> LearningResource:
    resource = with_skills(LearningResource.objects.filter(public_id=resource_id)).first()
    if resource is None:
        raise Http404("No such learning resource")
    return resource


# --------------------------------------------------------------------------- reads


@dataclass(frozen=True, slots=True)
class SkillResource:
    """A resource as a way to build one skill, and the level it takes a learner to."""

    resource: LearningResource
    level: int

    def reaches(self, level: int) -> bool:
        return self.level >= level


def with_skills(resources: QuerySet[LearningResource]) -> QuerySet[LearningResource]:
    """Each resource's ``builds`` (skill and level, strongest first) in one more query."""
    builds = ResourceSkill.objects.select_related("skill").order_by("-level", "skill__name")
    return resources.prefetch_related(Prefetch("builds", queryset=builds))


def catalogue(
    *,
    query: str = "",
    kind: str = "",
    skill: Skill | None = None,
    career_map: CareerMap | None = None,
) -> QuerySet[LearningResource]:
    """The catalogue, searched by title, provider or skill and filtered by kind and skill.

    With ``career_map``, each resource carries ``in_plan``: it is on that map's plan already.
    """
    resources = LearningResource.objects.all()
    if query:
        by_skill = ResourceSkill.objects.filter(
            resource=OuterRef("pk"), skill__name__icontains=query
        )
        resources = resources.filter(
            Q(title__icontains=query) | Q(provider__icontains=query) | Exists(by_skill)
        )
    if kind:
        resources = resources.filter(kind=kind)
    if skill is not None:
        resources = resources.filter(
            Exists(ResourceSkill.objects.filter(resource=OuterRef("pk"), skill=skill))
        )
    if career_map is not None:
        resources = resources.annotate(in_plan=Exists(_open_actions(career_map, OuterRef("pk"))))
    return with_skills(resources).order_by("title", "id")


def resources_for_skills(skill_ids: Iterable[int]) -> dict[int, list[SkillResource]]:
    """The resources that build each of ``skill_ids`` (one query), best first.

    Every asked-for skill has a key, with an empty list when nothing in the catalogue builds it.
    Best first means the highest level reached, then the fewest hours, then the title.
    """
    wanted = list(dict.fromkeys(skill_ids))
    found: dict[int, list[SkillResource]] = {skill_id: [] for skill_id in wanted}
    rows = (
        ResourceSkill.objects.filter(skill_id__in=wanted)
        .select_related("resource")
        .order_by("skill_id", "-level", "resource__hours", "resource__title", "resource_id")
    )
    for row in rows:
        found[row.skill_id].append(SkillResource(row.resource, row.level))
    return found


def _open_actions(career_map: CareerMap, resource: Any) -> QuerySet[DevelopmentAction]:
    return DevelopmentAction.objects.filter(career_map=career_map, resource=resource).exclude(
        status=ActionStatus.DROPPED
    )


# --------------------------------------------------------------------------- writes (HR)


def _check_resource(resource: LearningResource) -> None:
    resource.title, resource.provider = resource.title.strip(), resource.provider.strip()
    resource.url = resource.url.strip()
    errors: dict[str, str] = {}
    if resource.cost is not None and resource.cost < 0:
        errors["cost"] = COST_MESSAGE
    try:
        resource.full_clean(validate_unique=False)
    except ValidationError as error:
        raise ValidationError({**error.message_dict, **errors}) from None
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def resource_create(
    *,
    title: str,
    provider: str = "",
    url: str = "",
    kind: str = ResourceKind.COURSE,
    hours: int | None = None,
    cost: Decimal | None = None,
) -> LearningResource:
    resource = LearningResource(
        title=title, provider=provider, url=url, kind=kind, hours=hours, cost=cost
    )
    _check_resource(resource)
    resource.save()
    return resource


@transaction.atomic
def resource_update(
    *,
    resource: LearningResource,
    title: str,
    provider: str,
    url: str,
    kind: str,
    hours: int | None,
    cost: Decimal | None,
) -> LearningResource:
    resource.title, resource.provider, resource.url = title, provider, url
    resource.kind, resource.hours, resource.cost = kind, hours, cost
    _check_resource(resource)
    resource.save()
    return resource


@transaction.atomic
def resource_delete(*, resource: LearningResource) -> int:
    """Delete the resource; returns how many plan actions lose their link to it (they stay)."""
    linked = DevelopmentAction.objects.filter(resource=resource).count()
    resource.delete()
    return linked


def _check_level(level: int | None) -> int:
    if level is None or level not in Level.values or level < 1:
        raise ValidationError({"level": LEVEL_MESSAGE})
    return level


@transaction.atomic
def resource_skill_set(*, resource: LearningResource, skill: Skill, level: int) -> ResourceSkill:
    """The resource builds ``skill`` up to ``level`` (adds the skill or changes its level)."""
    level = _check_level(level)
    try:
        with transaction.atomic():
            row, _ = ResourceSkill.objects.update_or_create(
                resource=resource, skill=skill, defaults={"level": level}
            )
    except IntegrityError:  # two HR tabs adding the same skill at once
        raise ValidationError({"skill": f"{skill.name} is already listed."}) from None
    return row


@transaction.atomic
def resource_skill_remove(*, resource: LearningResource, skill: Skill) -> None:
    ResourceSkill.objects.filter(resource=resource, skill=skill).delete()


# --------------------------------------------------------------------------- add to my plan


def skill_choices_of(resource: LearningResource) -> list[ResourceSkill]:
    """The skills a resource builds (from the prefetched ``builds``)."""
    return list(resource.builds.all())


@transaction.atomic
def resource_add_to_plan(
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
        raise ValidationError({"skill": "Choose one of the skills this resource builds."})
    career_map = CareerMap.objects.filter(employee=employee).first() or map_create(
        employee=employee
    )
    if _open_actions(career_map, resource).exists():
        raise ValidationError(f"“{resource.title}” is already in your development plan.")
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
    facts = [resource.provider, f"{resource.hours} hours" if resource.hours else ""]
    where = ", ".join(fact for fact in facts if fact)
    parts = [f"({where})" if where else ""]
    if skill and level:
        parts.insert(0, f"Builds {skill.name} to level {level} ({Level(level).label}).")
    return " ".join(part for part in parts if part)
