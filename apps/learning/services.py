"""The learning catalogue: browsing it and HR maintaining it.

Reads other pages can reuse: ``resources_for_skills(skill_ids)``, the resources that build
each skill, in one query, best first (the highest level reached, then the fewest hours). The
catalogue's own reads are ``LearningResource.objects.matching(...).with_skills()`` (models.py).

Who may do what is decided in access.py. Putting a resource on one's development plan is the
career map's business (``apps.careermaps.services.plan.action_from_resource``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.learning.models import LearningResource, ResourceKind, ResourceSkill
from apps.skills.models import Level, Skill
from careermap.versioning import lock_current, save_current

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

LEVEL_MESSAGE = gettext_lazy("Choose a level from 1 (Awareness) to 5 (Expert).")
COST_MESSAGE = gettext_lazy("The cost cannot be negative. Use 0 for a free resource.")

# --------------------------------------------------------------------------- reads


@dataclass(frozen=True, slots=True)
class SkillResource:
    """A resource as a way to build one skill, and the level it takes a learner to."""

    resource: LearningResource
    level: int

    def reaches(self, level: int) -> bool:
        return self.level >= level


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


# --------------------------------------------------------------------------- writes (HR)


def _check_resource(resource: LearningResource) -> None:
    resource.title, resource.provider = resource.title.strip(), resource.provider.strip()
    resource.url = resource.url.strip()
    errors: dict[str, StrOrPromise] = {}
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
    version: int | None = None,
) -> LearningResource:
    """From the edit form, refused (:class:`StaleVersion`) if saved since ``version``."""
    if version is not None:
        resource = lock_current(LearningResource.objects.all(), resource.pk, version)
    resource.title, resource.provider, resource.url = title, provider, url
    resource.kind, resource.hours, resource.cost = kind, hours, cost
    _check_resource(resource)
    fields = ("title", "provider", "url", "kind", "hours", "cost")
    return save_current(resource, **{name: getattr(resource, name) for name in fields})


@transaction.atomic
def resource_delete(*, resource: LearningResource) -> int:
    """Delete the resource; returns how many plan actions lose their link to it (they stay).

    ``actions`` is the reverse side of the plan's foreign key: maps point at resources, never
    the other way, so the catalogue only counts them.
    """
    linked = resource.actions.count()
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
            row, _created = ResourceSkill.objects.update_or_create(
                resource=resource, skill=skill, defaults={"level": level}
            )
    except IntegrityError:  # two HR tabs adding the same skill at once
        raise ValidationError(
            {"skill": _("%(skill)s is already listed.") % {"skill": skill.name}}
        ) from None
    return row


@transaction.atomic
def resource_skill_remove(*, resource: LearningResource, skill: Skill) -> None:
    ResourceSkill.objects.filter(resource=resource, skill=skill).delete()


# --------------------------------------------------------------------------- add to my plan


def skill_choices_of(resource: LearningResource) -> list[ResourceSkill]:
    """The skills a resource builds (from the prefetched ``builds``)."""
    return list(resource.builds.all())
