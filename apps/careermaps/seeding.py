"""Demo data of the career map: the method's worked example, on the demo employee's map."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

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
from apps.employees import demo
from apps.employees.models import Employee
from apps.learning.models import LearningResource, ResourceKind, ResourceSkill
from apps.mentoring.models import MentorOffer
from apps.roles.models import Role
from apps.skills.models import Skill

# The seed text gives each goal as one sentence: that sentence is the goal's specific outcome,
# word for word. The other SMART parts are the demo employee's own words.
WORKED_EXAMPLE_SMART = (
    (
        "Pass the product certification exam with a score of 80% or more",
        "The certification programme runs alongside my job with two study hours a week agreed",
        "Product Support Specialists are expected to hold the product certification",
        4,
    ),
    (
        "Resolve 20 practice tickets in the helpdesk sandbox and shadow the support team "
        "for a week",
        "The support team lead has agreed to let me shadow and use the sandbox",
        "Helpdesk tools and ticketing are the daily work of the target role",
        7,
    ),
    (
        "An offer for a product support specialist role or internship",
        "Certification plus hands-on ticket experience make me a credible internal candidate",
        "It is the targeted role of this map",
        12,
    ),
)
SECTION_KINDS = {
    "Educational Development": ActionKind.EDUCATION,
    "Skill Enhancement": ActionKind.SKILL,
}


def _log_quiet(message: str) -> None:
    pass


def demo_seed(*, log: Callable[[str], object] = _log_quiet) -> bool:
    """The learning catalogue, a few mentors, and the worked example on the demo employee's map.

    Each part is added only when missing, so running it again changes nothing.
    """
    added = resources_seed() + mentors_seed()
    if added:
        log(f"Learning and mentoring: {added} new resources and mentor offers")
    maya = Employee.objects.filter(work_email=demo.WORKED_EXAMPLE_EMPLOYEE).first()
    if maya is None or CareerMap.objects.filter(employee=maya).exists():
        return bool(added)
    _worked_example_map(maya)
    log("Career map: the worked example on the demo employee's map")
    return True


# (title, provider, kind, hours, cost, url, {skill: level})
RESOURCES = (
    (
        "Product Support Fundamentals",
        "CareerMap Academy",
        ResourceKind.COURSE,
        12,
        None,
        "https://learning.example.com/product-support",
        {
            "Technical proficiency in the specific product or software being supported": 3,
            "Ability to explain technical concepts to non-technical users": 3,
        },
    ),
    (
        "Certified Helpdesk Analyst",
        "Service Desk Institute",
        ResourceKind.CERTIFICATION,
        30,
        Decimal("450.00"),
        "https://learning.example.com/helpdesk-analyst",
        {"Experience with helpdesk software and support ticketing systems": 4},
    ),
    (
        "Debugging for Support Teams",
        "Internal engineering",
        ResourceKind.WORKSHOP,
        6,
        None,
        "",
        {
            "Knowledge of software troubleshooting and debugging techniques": 3,
            "Strong problem-solving and analytical skills": 4,
        },
    ),
    (
        "The Effortless Experience",
        "Book",
        ResourceKind.BOOK,
        8,
        Decimal("20.00"),
        "",
        {"Excellent communication and customer service skills": 4},
    ),
    (
        "Support Shadowing Programme",
        "Product Support team",
        ResourceKind.PROGRAMME,
        20,
        None,
        "",
        {
            "Technical proficiency in the specific product or software being supported": 4,
            "Experience with helpdesk software and support ticketing systems": 3,
        },
    ),
)
# (work email, skills they offer to mentor)
MENTORS = (
    (
        "ben.carter@demo.careermap.test",
        (
            "Knowledge of software troubleshooting and debugging techniques",
            "Experience with helpdesk software and support ticketing systems",
        ),
    ),
    (
        "ethan.brooks@demo.careermap.test",
        (
            "Technical proficiency in the specific product or software being supported",
            "Ability to explain technical concepts to non-technical users",
        ),
    ),
)


@transaction.atomic
def resources_seed() -> int:
    added = 0
    skills = {skill.name: skill for skill in Skill.objects.all()}
    for title, provider, kind, hours, cost, url, builds in RESOURCES:
        resource, created = LearningResource.objects.get_or_create(
            title=title,
            defaults={"provider": provider, "kind": kind, "hours": hours, "cost": cost, "url": url},
        )
        added += created
        for name, level in builds.items():
            if name in skills:
                ResourceSkill.objects.get_or_create(
                    resource=resource, skill=skills[name], defaults={"level": level}
                )
    return added


@transaction.atomic
def mentors_seed() -> int:
    added = 0
    for email, skill_names in MENTORS:
        employee = Employee.objects.filter(work_email=email).first()
        if employee is None or MentorOffer.objects.filter(employee=employee).exists():
            continue
        offer = MentorOffer.objects.create(
            employee=employee, note="Happy to help people moving into product support."
        )
        offer.skills.set(Skill.objects.filter(name__in=skill_names))
        added += 1
    return added


@transaction.atomic
def _worked_example_map(maya: Employee) -> CareerMap:
    today = timezone.localdate()
    started = timezone.now() - timedelta(days=75)
    career_map = CareerMap.objects.create(
        employee=maya,
        target_role=Role.objects.get(title=demo.WORKED_EXAMPLE_TARGET_ROLE),
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
        zip(demo.WORKED_EXAMPLE_GOALS, WORKED_EXAMPLE_SMART, strict=True)
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
    for section in demo.WORKED_EXAMPLE_DEVELOPMENT_PLAN:
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
