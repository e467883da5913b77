"""Creating a map, choosing a target role, map settings, and the export of a whole map."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.careermaps.blueprints import BLUEPRINTS, Blueprint
from apps.careermaps.models import (
    CADENCE_DAYS,
    Cadence,
    CareerMap,
    DevelopmentAction,
    Goal,
    MapTemplate,
    Milestone,
)
from apps.employees.models import Employee
from apps.roles.models import Role
from careermap.versioning import lock_row, save_current, save_if_current


def _months_from(start: date, months: int) -> date:
    return start + timedelta(days=round(months * 30.44))


@transaction.atomic
def map_create(*, employee: Employee, template: str = MapTemplate.BLANK) -> CareerMap:
    """Start ``employee``'s map, pre-filled from one of the method's example maps."""
    if template not in MapTemplate.values:
        raise ValidationError({"template": _("Choose one of the starting points.")})
    if CareerMap.objects.filter(employee=employee).exists():
        raise ValidationError(_("You already have a career map."))
    career_map = CareerMap.objects.create(employee=employee, template=template)
    if blueprint := BLUEPRINTS.get(template):
        _apply_blueprint(career_map, blueprint, timezone.localdate())
    return career_map


def _apply_blueprint(career_map: CareerMap, blueprint: Blueprint, today: date) -> None:
    # The suggestions are written in the language the owner started the map in: they are
    # the owner's text from now on.
    for position, draft in enumerate(blueprint.goals):
        goal = Goal.objects.create(
            career_map=career_map,
            horizon=draft.horizon,
            specific=str(draft.specific),
            measurable=str(draft.measurable),
            achievable=str(draft.achievable),
            relevant=str(draft.relevant),
            target_date=_months_from(today, draft.months),
            position=position,
        )
        Milestone.objects.bulk_create(
            Milestone(goal=goal, title=str(title), due=_months_from(today, months))
            for title, months in draft.milestones
        )
    DevelopmentAction.objects.bulk_create(
        DevelopmentAction(
            career_map=career_map,
            kind=action.kind,
            title=str(action.title),
            due=_months_from(today, action.months),
            position=position,
        )
        for position, action in enumerate(blueprint.actions)
    )


def _this_map(career_map: CareerMap) -> Any:
    return CareerMap.objects.filter(pk=career_map.pk)


@transaction.atomic
def map_target_set(
    *, career_map: CareerMap, role: Role | None, version: int | None = None
) -> CareerMap:
    """From the overview's form (``version``: refused if the map changed meanwhile), or a
    one-click "Set as my target" from the role pages (a command, not an edit: no version)."""
    if role is not None and role.pk == career_map.employee.current_role_id:
        raise ValidationError(
            {"role": _("That is your current role: choose where you want to go.")}
        )
    if version is None:
        return save_current(lock_row(_this_map(career_map), career_map.pk), target_role=role)
    return save_if_current(_this_map(career_map), career_map.pk, version, target_role=role)


@transaction.atomic
def map_settings_update(
    *,
    career_map: CareerMap,
    version: int,
    visible_to_manager: bool | None = None,
    reflection_cadence: str | None = None,
) -> CareerMap:
    """The settings given (a page that shows only one saves only that one)."""
    if reflection_cadence is not None and reflection_cadence not in Cadence.values:
        raise ValidationError({"reflection_cadence": _("Choose how often to reflect.")})
    given = {"visible_to_manager": visible_to_manager, "reflection_cadence": reflection_cadence}
    changes = {name: value for name, value in given.items() if value is not None}
    return save_if_current(_this_map(career_map), career_map.pk, version, **changes)


def next_reflection_due(career_map: CareerMap, last_reflection_at: Any) -> date | None:
    """When the next reflection is due: one cadence after the last (or after the map began)."""
    days = CADENCE_DAYS.get(Cadence(career_map.reflection_cadence))
    if days is None:
        return None
    since = last_reflection_at or career_map.created_at
    return timezone.localdate(since) + timedelta(days=days)
