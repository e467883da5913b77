"""The seed's worked example on the demo employee's map: the three goals and the development
plan word for word, with the rest of a map filled in as Maya might have."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from apps.careermaps.models import (
    ActionKind,
    ActionStatus,
    CareerMap,
    DevelopmentAction,
    Goal,
    GoalStatus,
    Horizon,
    MapTemplate,
    Milestone,
    NetworkContact,
    Quadrant,
    Reflection,
    SwotItem,
)
from apps.demo import data
from apps.employees.models import Employee
from apps.roles.models import Role

SECTION_KINDS = {
    "Educational Development": ActionKind.EDUCATION,
    "Skill Enhancement": ActionKind.SKILL,
}


def worked_example_seed() -> bool:
    """Put the worked example on the demo employee's map, unless they have a map already."""
    maya = Employee.objects.filter(work_email=data.WORKED_EXAMPLE_EMPLOYEE).first()
    if maya is None or CareerMap.objects.filter(employee=maya).exists():
        return False
    _worked_example_map(maya)
    return True


@transaction.atomic
def _worked_example_map(maya: Employee) -> CareerMap:
    today = timezone.localdate()
    started = timezone.now() - timedelta(days=75)
    career_map = CareerMap.objects.create(
        employee=maya,
        target_role=Role.objects.get(title=data.WORKED_EXAMPLE_TARGET_ROLE),
        template=MapTemplate.BLANK,
        created_at=started,
        aspiration="Grow from customer service into technical product support, and later lead "
        "a support knowledge team.",
        strengths="Patient with upset customers; clear writer; knows our CRM inside out.",
        weaknesses="Technical troubleshooting; explaining product internals.",
        values="Helping people; learning; a team that shares what it knows.",
        interests="How the product works under the hood; writing help articles.",
    )
    for position, (specific, smart) in enumerate(
        zip(data.WORKED_EXAMPLE_GOALS, data.WORKED_EXAMPLE_SMART, strict=True)
    ):
        measurable, achievable, relevant, months = smart
        goal = Goal.objects.create(
            career_map=career_map,
            horizon=Horizon.LONG if position == 2 else Horizon.SHORT,
            specific=specific,
            measurable=measurable,
            achievable=achievable,
            relevant=relevant,
            target_date=today + timedelta(days=30 * months),
            position=position,
            status=GoalStatus.IN_PROGRESS if position < 2 else GoalStatus.NOT_STARTED,
            progress=40 if position == 0 else (20 if position == 1 else 0),
        )
        if position == 0:
            Milestone.objects.create(
                goal=goal,
                title="Enrol in the certification course",
                due=today - timedelta(days=20),
                done_at=timezone.now() - timedelta(days=6),
            )
            Milestone.objects.create(
                goal=goal, title="Pass the practice exam", due=today + timedelta(days=45)
            )
    _worked_example_plan(career_map, today)
    SwotItem.objects.bulk_create(
        [
            SwotItem(career_map=career_map, quadrant=Quadrant.STRENGTH, text="Calm with customers"),
            SwotItem(career_map=career_map, quadrant=Quadrant.WEAKNESS, text="Debugging"),
            SwotItem(
                career_map=career_map,
                quadrant=Quadrant.OPPORTUNITY,
                text="New support tier opening next year",
            ),
            SwotItem(
                career_map=career_map,
                quadrant=Quadrant.THREAT,
                text="External candidates with support experience",
            ),
        ]
    )
    NetworkContact.objects.create(
        career_map=career_map,
        name="Ben Carter",
        organisation="Product Support",
        how_they_help="Senior Product Support Specialist: can show me the ticket workflow",
        last_contact=today - timedelta(days=14),
        next_follow_up=today + timedelta(days=14),
    )
    Reflection.objects.create(
        career_map=career_map,
        created_at=timezone.now() - timedelta(days=20),
        progress="Enrolled in the certification course.",
        went_well="Found study time.",
        adjust="Ask Ben for sandbox access sooner.",
        confidence=3,
        shared_with_manager=True,
    )
    return career_map


def _worked_example_plan(career_map: CareerMap, today: date) -> None:
    actions: list[DevelopmentAction] = []
    for section in data.WORKED_EXAMPLE_DEVELOPMENT_PLAN:
        for title in section.actions:
            actions.append(
                DevelopmentAction(
                    career_map=career_map,
                    kind=SECTION_KINDS[section.heading],
                    title=title,
                    due=today + timedelta(days=60 * (len(actions) + 1)),
                    position=len(actions),
                    status=ActionStatus.IN_PROGRESS if not actions else ActionStatus.PLANNED,
                )
            )
    DevelopmentAction.objects.bulk_create(actions)
