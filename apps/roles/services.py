"""Writes to the role catalogue: job families, roles, required skills and career paths.

Each function validates before it writes and runs in one transaction, so a refused change
leaves nothing half-saved. Errors are keyed by the field they belong beside. The database
constraints stay the last line of defence: a concurrent write that slips past a check comes
back as the same kind of ValidationError, never as a 500.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps.roles import access
from apps.roles.models import (
    Importance,
    JobFamily,
    Role,
    RoleRequirement,
    RoleTransition,
    Track,
    TransitionKind,
)
from apps.skills.models import Skill
from careermap.versioning import lock_current, lock_row, save_current

if TYPE_CHECKING:  # messages may be lazy translations
    from django_stubs_ext import StrOrPromise

LEVEL_MESSAGE = gettext_lazy("Choose a level from 1 (Awareness) to 5 (Expert).")
MONTHS_MESSAGE = gettext_lazy("Typical months must be between 1 and 240.")
FAMILY_EXISTS = "A job family with this name already exists."
MAX_MONTHS = 240
ROLE_FIELDS = (
    "title",
    "family",
    "level",
    "track",
    "summary",
    "responsibilities",
    "is_key_position",
)

Errors = dict[str, list[str]]


def _constraint_message(model: type[models.Model], name: str) -> str:
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return str(constraint.get_violation_error_message())
    raise LookupError(name)


ROLE_EXISTS = _constraint_message(Role, "roles_role_title_ci_unique")
SELF_TRANSITION = _constraint_message(RoleTransition, "roles_transition_not_to_itself")

# A constraint broken by a concurrent write: the field it belongs beside, and what to say.
_CONSTRAINTS: dict[str, tuple[str, StrOrPromise]] = {
    "roles_jobfamily_name_key": ("name", FAMILY_EXISTS),
    "roles_role_title_ci_unique": ("title", ROLE_EXISTS),
    "roles_requirement_unique": (
        "skill",
        _constraint_message(RoleRequirement, "roles_requirement_unique"),
    ),
    "roles_requirement_level_1_5": ("required_level", LEVEL_MESSAGE),
    "roles_rolerequirement_required_level_check": ("required_level", LEVEL_MESSAGE),
    "roles_transition_unique": (
        "to_role",
        _constraint_message(RoleTransition, "roles_transition_unique"),
    ),
    "roles_transition_not_to_itself": ("to_role", SELF_TRANSITION),
}


def _locked[M: models.Model](model: type[M], pk: int, version: int | None) -> M:
    """The row, locked: from an edit form (``version``), refused if saved since."""
    rows = model._default_manager.all()
    return lock_row(rows, pk) if version is None else lock_current(rows, pk, version)


def _save(instance: models.Model, fields: Iterable[str] | None = None) -> None:
    """Save inside a savepoint, turning a known constraint violation into a ValidationError.
    An edit names its ``fields``: only those are written, and the version moves on."""
    try:
        with transaction.atomic():
            if fields is None:
                instance.save()
            else:
                save_current(instance, **{name: getattr(instance, name) for name in fields})
    except IntegrityError as error:
        diag = getattr(error.__cause__, "diag", None)
        known = _CONSTRAINTS.get(getattr(diag, "constraint_name", None) or "")
        if known is None:
            raise
        field, message = known
        raise ValidationError({field: message}) from error


def _field_errors(instance: models.Model, exclude: Iterable[str] = ()) -> Errors:
    """The model's own field checks (choices, lengths, validators), without the uniqueness ones."""
    try:
        instance.full_clean(
            exclude=list(exclude), validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        return dict(error.message_dict)
    return {}


def _raise_if_any(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _add(errors: Errors, field: str, message: StrOrPromise) -> None:
    errors.setdefault(field, []).append(str(message))


def _clean_lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


# ---------------------------------------------------------------- job families


def _validate_family(family: JobFamily) -> None:
    errors = _field_errors(family)
    clash = JobFamily.objects.filter(name__iexact=family.name).exclude(pk=family.pk)
    if family.name and clash.exists():
        _add(errors, "name", FAMILY_EXISTS)
    _raise_if_any(errors)


@transaction.atomic
def family_create(*, name: str, description: str = "") -> JobFamily:
    family = JobFamily(name=name.strip(), description=description.strip())
    _validate_family(family)
    _save(family)
    return family


@transaction.atomic
def family_update(
    *, family: JobFamily, name: str, description: str = "", version: int | None = None
) -> JobFamily:
    family = _locked(JobFamily, family.pk, version)
    family.name, family.description = name.strip(), description.strip()
    _validate_family(family)
    _save(family, ("name", "description"))
    return family


@transaction.atomic
def family_delete(*, family: JobFamily) -> None:
    """Refused while the family still has roles: they must move or go first."""
    family = JobFamily.objects.select_for_update().get(pk=family.pk)
    count = family.roles.count()
    if count:
        raise ValidationError(
            ngettext(
                "%(name)s still has %(count)s role. Move it to another family or delete it first.",
                "%(name)s still has %(count)s roles. Move them to another family or delete them "
                "first.",
                count,
            )
            % {"name": family.name, "count": count}
        )
    family.delete()


# ---------------------------------------------------------------- roles


def _validate_role(role: Role) -> None:
    errors = _field_errors(role, exclude=["public_id"])
    clash = Role.objects.filter(title__iexact=role.title).exclude(pk=role.pk)
    if role.title and clash.exists():
        _add(errors, "title", ROLE_EXISTS)
    _raise_if_any(errors)


def _set_role_fields(
    role: Role,
    *,
    title: str,
    family: JobFamily,
    level: int,
    track: str,
    summary: str,
    responsibilities: str,
    is_key_position: bool,
) -> None:
    role.title, role.family, role.level, role.track = title.strip(), family, level, track
    role.summary, role.responsibilities = summary.strip(), _clean_lines(responsibilities)
    role.is_key_position = is_key_position


@transaction.atomic
def role_create(
    *,
    title: str,
    family: JobFamily,
    level: int,
    track: str = Track.INDIVIDUAL,
    summary: str = "",
    responsibilities: str = "",
    is_key_position: bool = False,
) -> Role:
    role = Role()
    _set_role_fields(
        role,
        title=title,
        family=family,
        level=level,
        track=track,
        summary=summary,
        responsibilities=responsibilities,
        is_key_position=is_key_position,
    )
    _validate_role(role)
    _save(role)
    return role


@transaction.atomic
def role_update(
    *,
    role: Role,
    title: str,
    family: JobFamily,
    level: int,
    track: str,
    summary: str = "",
    responsibilities: str = "",
    is_key_position: bool = False,
    version: int | None = None,
) -> Role:
    # A fresh, locked copy: the caller's instance stays as it was if the change is refused.
    role = _locked(Role, role.pk, version)
    _set_role_fields(
        role,
        title=title,
        family=family,
        level=level,
        track=track,
        summary=summary,
        responsibilities=responsibilities,
        is_key_position=is_key_position,
    )
    _validate_role(role)
    _save(role, ROLE_FIELDS)
    return role


@transaction.atomic
def role_set_key_position(*, role: Role, is_key_position: bool = True) -> Role:
    """Flag ``role`` as a key position (or not). Succession calls it when it plans a role, so
    the catalogue and Succession never disagree about which roles are key."""
    locked = _locked(Role, role.pk, None)
    if locked.is_key_position != is_key_position:
        locked.is_key_position = is_key_position
        _save(locked, ["is_key_position"])
    role.is_key_position, role.version = locked.is_key_position, locked.version
    return locked


@transaction.atomic
def role_delete(*, role: Role) -> tuple[int, int]:
    """Delete an unused role with its requirements and career paths; refuse a held or
    targeted one, naming who holds or targets it. Returns (requirements, paths) removed.
    """
    # The row lock makes a concurrent "give X this role" wait for us, then fail its FK check.
    role = Role.objects.select_for_update().get(pk=role.pk)
    usage = access.role_usage(role)
    if usage.in_use:
        raise ValidationError(
            _("%(sentence)s Give them another role or target first.")
            % {"sentence": usage.sentence(role)}
        )
    counts = (
        role.requirements.count(),
        RoleTransition.objects.filter(models.Q(from_role=role) | models.Q(to_role=role)).count(),
    )
    try:
        role.delete()
    except (ProtectedError, RestrictedError) as error:
        raise ValidationError(
            _("%(title)s is still in use elsewhere, so it was kept.") % {"title": role.title}
        ) from error
    return counts


# ---------------------------------------------------------------- required skills


def _validate_requirement(requirement: RoleRequirement) -> None:
    errors: Errors = {}
    if not 1 <= requirement.required_level <= 5:
        _add(errors, "required_level", LEVEL_MESSAGE)
    errors = _field_errors(requirement, exclude=errors) | errors
    clash = RoleRequirement.objects.filter(
        role_id=requirement.role_id, skill_id=requirement.skill_id
    ).exclude(pk=requirement.pk)
    if clash.exists():
        _add(errors, "skill", f"{requirement.role} already requires {requirement.skill}.")
    _raise_if_any(errors)


@transaction.atomic
def requirement_create(
    *,
    role: Role,
    skill: Skill,
    required_level: int,
    importance: str = Importance.ESSENTIAL,
    weight: Decimal = Decimal("1.00"),
) -> RoleRequirement:
    requirement = RoleRequirement(
        role=role, skill=skill, required_level=required_level, importance=importance, weight=weight
    )
    _validate_requirement(requirement)
    _save(requirement)
    return requirement


@transaction.atomic
def requirement_update(
    *,
    requirement: RoleRequirement,
    skill: Skill,
    required_level: int,
    importance: str,
    weight: Decimal,
    version: int | None = None,
) -> RoleRequirement:
    requirement = _locked(RoleRequirement, requirement.pk, version)
    requirement.skill, requirement.required_level = skill, required_level
    requirement.importance, requirement.weight = importance, weight
    _validate_requirement(requirement)
    _save(requirement, ("skill", "required_level", "importance", "weight"))
    return requirement


@transaction.atomic
def requirement_delete(*, requirement: RoleRequirement) -> None:
    RoleRequirement.objects.filter(pk=requirement.pk).delete()


# ---------------------------------------------------------------- career paths


def _validate_transition(transition: RoleTransition) -> None:
    errors: Errors = {}
    if not 1 <= transition.typical_months <= MAX_MONTHS:
        _add(errors, "typical_months", MONTHS_MESSAGE)
    errors = _field_errors(transition, exclude=errors) | errors
    if transition.from_role_id == transition.to_role_id:
        _add(errors, "to_role", SELF_TRANSITION)
    elif (
        RoleTransition.objects.filter(
            from_role_id=transition.from_role_id, to_role_id=transition.to_role_id
        )
        .exclude(pk=transition.pk)
        .exists()
    ):
        _add(
            errors,
            "to_role",
            _("There is already a path from %(start)s to %(end)s.")
            % {"start": transition.from_role, "end": transition.to_role},
        )
    _raise_if_any(errors)


@transaction.atomic
def transition_create(
    *,
    from_role: Role,
    to_role: Role,
    kind: str = TransitionKind.PROMOTION,
    typical_months: int = 18,
) -> RoleTransition:
    transition = RoleTransition(
        from_role=from_role, to_role=to_role, kind=kind, typical_months=typical_months
    )
    _validate_transition(transition)
    _save(transition)
    return transition


@transaction.atomic
def transition_update(
    *,
    transition: RoleTransition,
    from_role: Role,
    to_role: Role,
    kind: str,
    typical_months: int,
    version: int | None = None,
) -> RoleTransition:
    transition = _locked(RoleTransition, transition.pk, version)
    transition.from_role, transition.to_role = from_role, to_role
    transition.kind, transition.typical_months = kind, typical_months
    _validate_transition(transition)
    _save(transition, ("from_role", "to_role", "kind", "typical_months"))
    return transition


@transaction.atomic
def transition_delete(*, transition: RoleTransition) -> None:
    RoleTransition.objects.filter(pk=transition.pk).delete()
