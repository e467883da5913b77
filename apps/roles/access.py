"""Who may manage the role catalogue, and the scoped reads its pages use.

Only HR (superusers count) manage job families, roles, required skills and career paths.
For anyone else every management URL, fragments included, answers 404 like a page that
does not exist: the views are ``@require(catalogue_editable_by)`` and fetch one record with
``get_object_or_404`` from the querysets here. This app sits below employees and careermaps,
so it reaches the people who hold or target a role through the reverse relations
``Role.holders`` and ``Role.targeted_by``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.roles.models import JobFamily, Role, RoleRequirement, RoleTransition
from apps.skills.models import ProficiencyLevel

# How many names a "held by ..." sentence spells out before it says "and N others".
NAMES_SHOWN = 2


def catalogue_editable_by(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_hr)


def families_for(user: Any) -> QuerySet[JobFamily]:
    if not catalogue_editable_by(user):
        return JobFamily.objects.none()
    return JobFamily.objects.annotate(role_count=Count("roles")).order_by("name")


def roles_for(user: Any) -> QuerySet[Role]:
    """Roles with their family and the counts the catalogue and the role page show."""
    if not catalogue_editable_by(user):
        return Role.objects.none()
    return Role.objects.select_related("family").annotate(
        requirement_count=Count("requirements", distinct=True),
        holder_count=Count("holders", distinct=True),
        target_count=Count("targeted_by", distinct=True),
    )


def requirements_of(role: Role) -> QuerySet[RoleRequirement]:
    """A role's required skills, each with the scale step's name and descriptor (in SQL)."""
    step = ProficiencyLevel.objects.filter(level=OuterRef("required_level"))
    return (
        role.requirements.select_related("skill")
        .annotate(
            level_name=Subquery(step.values("name")[:1]),
            level_descriptor=Subquery(step.values("descriptor")[:1]),
        )
        .order_by("-importance", "skill__name")
    )


def transitions_out_of(role: Role) -> QuerySet[RoleTransition]:
    return role.transitions_out.select_related("to_role__family").order_by(
        "to_role__family__name", "to_role__level", "to_role__title"
    )


def transitions_into(role: Role) -> QuerySet[RoleTransition]:
    return role.transitions_in.select_related("from_role__family").order_by(
        "from_role__family__name", "from_role__level", "from_role__title"
    )


def transitions_of(role: Role) -> QuerySet[RoleTransition]:
    """Career paths with this role at either end: where one path is looked up, by its id."""
    return RoleTransition.objects.select_related("from_role__family", "to_role__family").filter(
        Q(from_role=role) | Q(to_role=role)
    )


def proficiency_scale() -> QuerySet[ProficiencyLevel]:
    """The steps a requirement may ask for: 1 Awareness to 5 Expert."""
    return ProficiencyLevel.objects.filter(level__gte=1).order_by("level")


@dataclass(frozen=True)
class RoleUsage:
    """Who holds or targets a role: the first few names and the totals."""

    holders: list[str]
    holder_count: int
    targeters: list[str]
    target_count: int

    @property
    def in_use(self) -> bool:
        return bool(self.holder_count or self.target_count)

    def sentence(self, role: Role) -> str:
        """E.g. "Analyst is held by Ada Lovelace, Alan Turing and 4 others and targeted by ..."."""
        holders = _names(self.holders, self.holder_count) if self.holder_count else ""
        targeters = _names(self.targeters, self.target_count) if self.target_count else ""
        values = {"role": role.title, "holders": holders, "targeters": targeters}
        if holders and targeters:
            return _("%(role)s is held by %(holders)s and targeted by %(targeters)s.") % values
        if holders:
            return _("%(role)s is held by %(holders)s.") % values
        return _("%(role)s is targeted by %(targeters)s.") % values if targeters else ""


def _names(names: list[str], total: int) -> str:
    if total > len(names) or total > NAMES_SHOWN + 1:
        others = total - NAMES_SHOWN
        shown = ", ".join(names[:NAMES_SHOWN])
        return ngettext(
            "%(names)s and %(count)s other", "%(names)s and %(count)s others", others
        ) % {
            "names": shown,
            "count": others,
        }
    if total == 1:
        return names[0]
    return _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def role_usage(role: Role) -> RoleUsage:
    """Four small queries whatever the number of people: two counts and two short name lists."""
    limit = NAMES_SHOWN + 1
    holders = role.holders.order_by("full_name", "pk")
    maps = role.targeted_by.order_by("employee__full_name", "pk")
    return RoleUsage(
        holders=list(holders.values_list("full_name", flat=True)[:limit]),
        holder_count=holders.count(),
        targeters=list(maps.values_list("employee__full_name", flat=True)[:limit]),
        target_count=maps.count(),
    )
