"""The demo's internal opportunities: an open role, a gig, a project, a stretch assignment and
a draft, posted by the demo team lead and HR through the services, added only when missing.

The gig asks for what the worked example's employee (a Customer Service Representative aiming
at Product Support Specialist) already does well, and practises a skill she lacks for her
target, so it comes first on her list with the "towards your target" badge. Two of her
colleagues are interested in the open role.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.demo import data
from apps.employees.models import Department, Employee
from apps.opportunities.models import Opportunity, OpportunityKind, OpportunityStatus
from apps.opportunities.services import NeededSkill, interest_express, opportunity_create
from apps.roles.models import Importance, Role
from apps.skills.models import Skill

COMMUNICATION = "Excellent communication and customer service skills"
HELPDESK = "Experience with helpdesk software and support ticketing systems"
COMPUTER = "Basic computer skills"
PROBLEMS = "Strong problem-solving and analytical skills"
TIME = "Time management skills"
CRM = "Customer relationship management (CRM) software proficiency"


@dataclass(frozen=True)
class Spec:
    title: str
    kind: str
    department: str
    description: str
    time_commitment: str
    duration: str
    closes_in_days: int
    poster: str  # a login
    role: str = ""
    skills: tuple[tuple[str, int, str], ...] = ()
    status: str = OpportunityStatus.OPEN


SPECS = (
    Spec(
        "Help-centre article sprint",
        OpportunityKind.GIG,
        "Customer Support",
        "Turn the ten most frequent ticket answers into help-centre articles with the product "
        "team. Good practice with the ticketing system and with explaining the product.",
        "Half a day a week",
        "Six weeks",
        21,
        data.MANAGER_LOGIN,
        skills=(
            (COMMUNICATION, 3, Importance.ESSENTIAL),
            (HELPDESK, 2, Importance.ESSENTIAL),
            (COMPUTER, 3, Importance.DESIRABLE),
        ),
    ),
    Spec(
        data.WORKED_EXAMPLE_TARGET_ROLE,
        OpportunityKind.OPEN_ROLE,
        "Product & Engineering",
        "A permanent place in the product support team: second-line support, bug reports to "
        "engineering, and product training for the front line.",
        "Full time",
        "Permanent",
        30,
        data.HR_LOGIN,
        role=data.WORKED_EXAMPLE_TARGET_ROLE,
    ),
    Spec(
        "Customer feedback analysis",
        OpportunityKind.PROJECT,
        "Operations",
        "Read a quarter of customer feedback, find the five themes that cost the most contacts "
        "and present them to the operations leads.",
        "One day a week",
        "Three months",
        28,
        data.HR_LOGIN,
        skills=((PROBLEMS, 4, Importance.ESSENTIAL), (TIME, 3, Importance.DESIRABLE)),
    ),
    Spec(
        "CRM clean-up pilot",
        OpportunityKind.STRETCH,
        "Sales & Marketing",
        "Lead the clean-up of duplicate accounts in the CRM for one region, with a sales "
        "operations mentor.",
        "Two days a week",
        "Two months",
        35,
        data.HR_LOGIN,
        skills=((CRM, 4, Importance.ESSENTIAL), (PROBLEMS, 3, Importance.ESSENTIAL)),
    ),
    Spec(
        "Team lead cover",
        OpportunityKind.STRETCH,
        "Customer Support",
        "Cover the team lead's one-to-ones and rota while she is on leave.",
        "Full time",
        "Four weeks",
        60,
        data.MANAGER_LOGIN,
        skills=((COMMUNICATION, 4, Importance.ESSENTIAL), (TIME, 4, Importance.ESSENTIAL)),
        status=OpportunityStatus.DRAFT,
    ),
)


def _skills(spec: Spec) -> list[NeededSkill]:
    found = {s.name: s for s in Skill.objects.filter(name__in=[n for n, _l, _i in spec.skills])}
    return [
        NeededSkill(skill=found[name], level=level, importance=importance)
        for name, level, importance in spec.skills
        if name in found
    ]


def _create(spec: Spec) -> Opportunity:
    return opportunity_create(
        posted_by=User.objects.get(email=spec.poster),
        kind=spec.kind,
        title=spec.title,
        description=spec.description,
        department=Department.objects.filter(name=spec.department).first(),
        role=Role.objects.filter(title=spec.role).first() if spec.role else None,
        time_commitment=spec.time_commitment,
        duration=spec.duration,
        closes_on=timezone.localdate() + timedelta(days=spec.closes_in_days),
        status=spec.status,
        skills=_skills(spec),
    )


def _interest_in(opening: Opportunity) -> None:
    """Two of the demo employee's colleagues in her role are interested in the open role."""
    colleagues = (
        Employee.objects.filter(current_role__title=data.WORKED_EXAMPLE_CURRENT_ROLE)
        .exclude(user__email=data.WORKED_EXAMPLE_EMPLOYEE)
        .order_by("full_name")[:2]
    )
    for colleague in colleagues:
        interest_express(
            opportunity=opening,
            employee=colleague,
            note="I have covered second-line tickets during the last release.",
        )


@transaction.atomic
def opportunities_seed() -> int:
    """Add the demo opportunities that are missing; returns how many were added."""
    existing = set(Opportunity.objects.values_list("title", flat=True))
    added = 0
    for spec in SPECS:
        if spec.title in existing:
            continue
        opportunity = _create(spec)
        if spec.kind == OpportunityKind.OPEN_ROLE:
            _interest_in(opportunity)
        added += 1
    return added
