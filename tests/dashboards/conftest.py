"""A hand-built team for the dashboard tests, and a way to grow a team to any size.

The hand-built team (the org personas of tests/conftest.py)::

    Support Specialist requires   Communication 3 (essential)      category Core
                                  CRM 4 (essential)                category Support tools < Tools
                                  Troubleshooting 2 (desirable)    category Support tools < Tools
    Product Support requires      Troubleshooting 4, Product knowledge 3 (Product < Tools)

    employee  Communication self 4 / manager 2 -> 2   gap 1
              CRM self 4                        -> 4   gap 0
              Troubleshooting unrated           -> 0   gap 2        total 3
              map open to managers, target Product Support: gaps 4 and 3, total 7
    teammate  Communication self 1              -> 1   gap 2
              CRM self 5 / manager 1            -> 1   gap 3
              Troubleshooting self 3            -> 3   gap 0        total 5
              map kept from managers, target Product Support (HR sees gaps 1 and 3, total 4)
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.careermaps.models import CareerMap, Goal, GoalStatus, Milestone, Recognition, Reflection
from apps.employees.models import Employee, RatingSource, SkillRating, SkillRatingHistory
from apps.employees.services import rating_set
from apps.mentoring.models import Mentorship, MentorshipStatus
from apps.roles.models import Importance, Role, RoleRequirement
from apps.skills.models import Skill, SkillCategory
from apps.succession.models import (
    Readiness,
    SuccessionPlan,
    SuccessorCandidate,
    TalentRating,
    TalentReview,
)
from tests.conftest import Org
from tests.factories import JobFamilyFactory, make_employee

PRIVATE_REFLECTION = "Interviewing elsewhere; do not tell anyone"


@dataclass
class Catalogue:
    role: Role
    target: Role
    key_role: Role
    communication: Skill
    crm: Skill
    troubleshooting: Skill
    product: Skill
    core: SkillCategory
    tools: SkillCategory


@pytest.fixture
def catalogue(db: None) -> Catalogue:
    return build_catalogue()


def build_catalogue() -> Catalogue:
    core = SkillCategory.objects.create(name="Core")
    tools = SkillCategory.objects.create(name="Tools")
    support = SkillCategory.objects.create(name="Support tools", parent=tools)
    product_cat = SkillCategory.objects.create(name="Product", parent=tools)
    skills = {
        "communication": Skill.objects.create(name="Communication", category=core),
        "crm": Skill.objects.create(name="CRM", category=support),
        "troubleshooting": Skill.objects.create(name="Troubleshooting", category=support),
        "product": Skill.objects.create(name="Product knowledge", category=product_cat),
    }
    family = JobFamilyFactory(name="Support")
    role = Role.objects.create(title="Support Specialist", family=family)
    target = Role.objects.create(title="Product Support", family=family, level=3)
    key_role = Role.objects.create(title="Head of Support", family=family, level=6)

    def need(on: Role, skill: Skill, level: int, importance: str = Importance.ESSENTIAL) -> None:
        RoleRequirement.objects.create(
            role=on, skill=skill, required_level=level, importance=importance, weight=Decimal(1)
        )

    need(role, skills["communication"], 3)
    need(role, skills["crm"], 4)
    need(role, skills["troubleshooting"], 2, Importance.DESIRABLE)
    need(target, skills["troubleshooting"], 4)
    need(target, skills["product"], 3)
    need(key_role, skills["communication"], 5)
    return Catalogue(role, target, key_role, core=core, tools=tools, **skills)


def rate(employee: Employee, skill: Skill, level: int, *, by_manager: bool = False) -> None:
    source = RatingSource.MANAGER if by_manager else RatingSource.SELF
    rating_set(employee=employee, skill=skill, level=level, source=source, rated_by=None)


@pytest.fixture
def team(org: Org, catalogue: Catalogue) -> Org:
    return build_team(org, catalogue)


def build_team(org: Org, catalogue: Catalogue) -> Org:
    Employee.objects.filter(pk__in=[org.employee.pk, org.teammate.pk]).update(
        current_role=catalogue.role
    )
    org.employee.refresh_from_db()
    org.teammate.refresh_from_db()
    rate(org.employee, catalogue.communication, 4)
    rate(org.employee, catalogue.communication, 2, by_manager=True)
    rate(org.employee, catalogue.crm, 4)
    rate(org.teammate, catalogue.communication, 1)
    rate(org.teammate, catalogue.crm, 1, by_manager=True)
    rate(org.teammate, catalogue.crm, 5)  # self-rated after the manager: to review
    rate(org.teammate, catalogue.troubleshooting, 3)
    CareerMap.objects.create(employee=org.employee, target_role=catalogue.target)
    CareerMap.objects.create(
        employee=org.teammate, target_role=catalogue.target, visible_to_manager=False
    )
    return org


# --------------------------------------------------------------------------- growing a team


def grow_team(manager: Employee, size: int, catalogue: Catalogue) -> list[Employee]:
    """``size`` reports under ``manager``, each with everything every panel reads."""
    now, today = timezone.now(), timezone.localdate()
    people = [
        make_employee(manager=manager, current_role=catalogue.role, department=manager.department)
        for _ in range(size)
    ]
    _ratings(people, catalogue, now)
    maps = CareerMap.objects.bulk_create(
        CareerMap(employee=person, target_role=catalogue.target, created_at=now - timedelta(60))
        for person in people
    )
    goals = _goals(maps, now, today)
    Milestone.objects.bulk_create(
        milestone
        for goal in goals
        for milestone in (
            Milestone(goal=goal, title="Done step", done_at=now - timedelta(days=2)),
            Milestone(goal=goal, title="Next step", due=today + timedelta(days=5)),
        )
    )
    Reflection.objects.bulk_create(
        Reflection(career_map=m, progress=PRIVATE_REFLECTION, confidence=2) for m in maps
    )
    _talent(people, catalogue)
    Mentorship.objects.bulk_create(
        Mentorship(mentor=manager, mentee=person, status=MentorshipStatus.ACCEPTED)
        for person in people[::2]
    )
    Recognition.objects.bulk_create(
        Recognition(career_map=m, goal=g, from_employee=manager, message="Great work")
        for m, g in zip(maps, goals[2::3], strict=True)
    )
    return people


def _ratings(people: list[Employee], catalogue: Catalogue, now: datetime) -> None:
    earlier = timezone.now() - timedelta(days=10)
    SkillRating.objects.bulk_create(
        rating
        for person in people
        for rating in (
            SkillRating(
                employee=person, skill=catalogue.communication, self_level=1, self_rated_at=now
            ),
            SkillRating(
                employee=person,
                skill=catalogue.crm,
                self_level=5,
                self_rated_at=now,
                manager_level=2,
                manager_rated_at=earlier,
            ),
        )
    )
    SkillRatingHistory.objects.bulk_create(
        SkillRatingHistory(employee=p, skill=catalogue.crm, source="self", level=5) for p in people
    )


def _goals(maps: list[CareerMap], now: datetime, today: date) -> list[Goal]:
    def goal(career_map: CareerMap, days: int, status: str) -> Goal:
        achieved = now if status == GoalStatus.ACHIEVED else None
        return Goal(
            career_map=career_map,
            specific=f"Goal due in {days} days",
            measurable="m",
            achievable="a",
            relevant="r",
            target_date=today + timedelta(days=days),
            status=status,
            achieved_at=achieved,
        )

    return Goal.objects.bulk_create(
        g
        for m in maps
        for g in (
            goal(m, -5, GoalStatus.IN_PROGRESS),
            goal(m, 30, GoalStatus.NOT_STARTED),
            goal(m, -1, GoalStatus.ACHIEVED),
        )
    )


def _talent(people: list[Employee], catalogue: Catalogue) -> None:
    today = timezone.localdate()
    review, _ = TalentReview.objects.get_or_create(
        name="2026 H1", defaults={"opens_on": today, "closes_on": today + timedelta(days=30)}
    )
    TalentRating.objects.bulk_create(
        TalentRating(review=review, employee=person, performance=2, potential=3)
        for person in people
    )
    plan, _ = SuccessionPlan.objects.get_or_create(role=catalogue.key_role, incumbent=None)
    SuccessorCandidate.objects.bulk_create(
        SuccessorCandidate(plan=plan, employee=person, readiness=Readiness.ONE_TWO_YEARS, rank=n)
        for n, person in enumerate(people, start=1)
    )


LAZY_PANEL = re.compile(
    r'<div class="cluster" id="([a-z]+)-load" hx-get="([^"]+)" hx-trigger="load"'
)


def whole_dashboard(client: Client, params: dict[str, Any] | None = None) -> str:
    """The page as a reader who scrolls to the end sees it: each panel htmx loads after the page,
    fetched as htmx fetches it, put in place of its loading placeholder."""
    page = client.get(reverse("dashboards:team"), params or {})
    assert page.status_code == 200, page.status_code
    body = page.content.decode()
    for name, url in LAZY_PANEL.findall(body):
        panel = client.get(
            html.unescape(url), headers={"HX-Request": "true", "HX-Trigger": f"{name}-load"}
        )
        assert panel.status_code == 200, (name, panel.status_code)
        assert "HX-Push-Url" not in panel, name  # loading a panel is not a new place to go back to
        start = body.index(f'<div class="cluster" id="{name}-load"')
        end = body.index("</div>", start) + len("</div>")
        body = body[:start] + panel.content.decode() + body[end:]
    return body
