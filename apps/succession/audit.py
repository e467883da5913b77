"""Writing the append-only audit log of confidential talent data.

Services call ``audit(...)`` inside their own ``transaction.atomic`` block, so a change and its
audit row commit or roll back together. ``snapshot`` turns a model instance into the JSON-safe
``before``/``after`` dictionaries the log stores.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from apps.succession.models import (
    AuditAction,
    AuditLog,
    CalibrationMove,
    SuccessionPlan,
    SuccessorCandidate,
    TalentRating,
)


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_json_safe(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of ``instance`` as a JSON-safe dict; a foreign key is stored as its id."""
    result: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            result[name] = getattr(instance, field.attname)
        else:
            result[name] = _json_safe(getattr(instance, name))
    return result


def _object_type(obj: models.Model | type[models.Model] | str) -> str:
    if isinstance(obj, str):
        return obj
    return obj._meta.label


def _object_id(obj: models.Model | type[models.Model] | str) -> str:
    if isinstance(obj, models.Model):
        public_id = getattr(obj, "public_id", None)
        return str(public_id if public_id is not None else obj.pk or "")
    return ""


def subjects_of(obj: models.Model | type[models.Model] | str) -> list[int]:
    """The employees a record is confidential about: a rating's person; for a plan or one of
    its slate entries, the incumbent and everyone on the slate (a plan is about each of them)."""
    if isinstance(obj, TalentRating):
        return [obj.employee_id]
    if isinstance(obj, CalibrationMove):
        return [obj.rating.employee_id]
    plan = obj.plan if isinstance(obj, SuccessorCandidate) else obj
    if not isinstance(plan, SuccessionPlan) or plan.pk is None:
        return []
    people = set(plan.candidates.values_list("employee_id", flat=True))
    if isinstance(obj, SuccessorCandidate):
        people.add(obj.employee_id)
    if plan.incumbent_id is not None:
        people.add(plan.incumbent_id)
    return sorted(people)


def audit(
    *,
    actor: Any,
    action: AuditAction | str,
    obj: models.Model | type[models.Model] | str,
    summary: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    subjects: Iterable[int] | None = None,
) -> AuditLog:
    """Append one audit row. ``obj`` is the record (or, for exports, its model or a label).

    The object id is the record's opaque ``public_id`` when it has one, so the log never leaks
    enumerable ids that the URLs hide. ``subjects`` (``subjects_of(obj)`` unless given) are the
    people the row is about, who never read it.
    """
    # No savepoint: the caller's transaction is the unit; alone, this still runs atomically.
    with transaction.atomic(savepoint=False):
        return AuditLog.objects.create(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action=str(action),
            object_type=_object_type(obj),
            object_id=_object_id(obj),
            summary=summary[:300],
            before=_json_safe(before) if before is not None else None,
            after=_json_safe(after) if after is not None else None,
            subjects=sorted(set(subjects)) if subjects is not None else subjects_of(obj),
        )
