"""Recognition: a manager's short message for a completed milestone or an achieved goal.

The manager dashboard writes them; the employee's map shows them (``recognitions_for_map``)
and the dashboard's development health counts them. Only someone up the owner's reporting
line recognises, each achievement once.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy

from apps.careermaps.models import CareerMap, Goal, Milestone, Recognition
from apps.employees.models import Employee
from careermap.fields import SHORT

MESSAGE_MAX = SHORT * 2
SHOWN_ON_MAP = 10
EMPTY = gettext_lazy("Write a few words: what they did and why it matters.")
TOO_LONG = gettext_lazy("Keep it short: at most %(limit)s characters.")
NOT_DONE = gettext_lazy("Only a completed milestone or an achieved goal can be recognised.")
NOT_THEIR_MANAGER = gettext_lazy("Only a manager up their reporting line can recognise this.")
ALREADY = gettext_lazy("You have already recognised this.")


def _check_message(message: str) -> str:
    message = message.strip()
    if not message:
        raise ValidationError({"message": EMPTY})
    if len(message) > MESSAGE_MAX:
        raise ValidationError({"message": TOO_LONG % {"limit": MESSAGE_MAX}})
    return message


def _check_sender(sender: Employee, owner: Employee) -> None:
    if sender.pk == owner.pk or not owner.path.startswith(sender.path):
        raise ValidationError(NOT_THEIR_MANAGER)


@transaction.atomic
def recognition_create(
    *,
    from_employee: Employee,
    message: str,
    milestone: Milestone | None = None,
    goal: Goal | None = None,
) -> Recognition:
    """Recognise one milestone or one goal (exactly one of them)."""
    if (milestone is None) == (goal is None):
        raise ValueError("Recognise either a milestone or a goal.")
    message = _check_message(message)
    # Lock the achievement so two clicks cannot recognise it twice.
    if milestone is not None:
        milestone = (
            Milestone.objects.select_for_update().select_related("goal").get(pk=milestone.pk)
        )
        done, map_id = milestone.done_at is not None, milestone.goal.career_map_id
    elif goal is not None:
        goal = Goal.objects.select_for_update().get(pk=goal.pk)
        done, map_id = goal.achieved_at is not None, goal.career_map_id
    if not done:
        raise ValidationError(NOT_DONE)
    career_map = CareerMap.objects.select_related("employee").get(pk=map_id)
    _check_sender(from_employee, career_map.employee)
    earlier = Recognition.objects.filter(
        from_employee=from_employee, milestone=milestone, goal=goal
    )
    if earlier.exists():
        raise ValidationError(ALREADY)
    return Recognition.objects.create(
        career_map=career_map,
        milestone=milestone,
        goal=goal,
        from_employee=from_employee,
        message=message,
    )


def recognitions_for_map(career_map: CareerMap, limit: int = SHOWN_ON_MAP) -> list[Recognition]:
    """The latest recognitions on a map, with who sent them and for what (one query)."""
    return list(
        career_map.recognitions.select_related("from_employee", "milestone", "goal").order_by(
            "-created_at", "-id"
        )[:limit]
    )
