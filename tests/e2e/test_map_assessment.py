"""An employee assesses themselves: rates a skill, fills the SWOT board, takes the assessment."""

from __future__ import annotations

import importlib
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from apps.careermaps import quiz
from apps.careermaps.models import AssessmentResult
from apps.careermaps.services.maps import map_create
from apps.employees.models import Employee, SkillRatingHistory
from apps.roles.models import JobFamily
from apps.skills.models import ProficiencyLevel
from tests.conftest import Org
from tests.e2e.test_foundation_journeys import sign_in
from tests.factories import RoleFactory, RoleRequirementFactory, SkillFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCALE = importlib.import_module("apps.skills.migrations.0002_proficiency_scale").LEVELS
ADVANCED = SCALE[4][2]


def _prepare(org: Org) -> str:
    # Transactional tests flush the migration's scale rows: put them back.
    for level, name, descriptor in SCALE:
        ProficiencyLevel.objects.update_or_create(
            level=level, defaults={"name": name, "descriptor": descriptor}
        )
    role = RoleFactory(
        title="Customer Service Representative",
        family=JobFamily.objects.create(name="Customer Support", description="Helping customers"),
    )
    RoleRequirementFactory(role=role, skill=SkillFactory(name="Time management skills"))
    Employee.objects.filter(pk=org.employee.pk).update(current_role=role)
    career_map = map_create(employee=org.employee)
    return reverse("careermaps:assessment", args=[career_map.public_id])


def _answer_all_but(page: Page, skipped: set[int]) -> None:
    for question in quiz.QUESTIONS:
        if question.number in skipped:
            continue
        answer = "Strongly agree" if question.dimension == "social" else "Neither"
        group = page.get_by_role("group", name=f"{question.number}. {question.text}")
        group.get_by_label(answer, exact=True).check()


def test_an_employee_assesses_themselves(org: Org, live_server, page: Page) -> None:
    tab = live_server.url + _prepare(org)
    sign_in(page, live_server.url, "employee@example.com")
    page.goto(tab)
    expect(page.get_by_role("heading", name="Skill ratings")).to_be_visible()

    # Rate a skill, the scale's descriptors in view.
    ratings = page.locator("#ratings")
    expect(ratings.get_by_text(ADVANCED)).to_be_visible()
    expect(ratings.get_by_text("Not rated yet from your roles:")).to_be_visible()
    page.get_by_label("Skill", exact=True).select_option(label="Time management skills")
    page.get_by_label(re.compile("4 · Advanced")).check()
    page.get_by_role("button", name="Save my rating").click()
    expect(page.get_by_text("Saved: Time management skills at 4 · Advanced.")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Time management skills"))
    expect(row.get_by_text("4 · Advanced")).to_be_visible()
    expect(row.get_by_text("Not rated")).to_be_visible()  # no manager rating yet
    assert SkillRatingHistory.objects.filter(employee=org.employee, level=4).exists()

    # One SWOT item in each quadrant, added in place; an empty one is refused.
    items = {
        "strengths": "Calm with customers",
        "weaknesses": "Debugging",
        "opportunities": "New support tier",
        "threats": "<b>Budget</b> cuts",
    }
    for quadrant, text in items.items():
        page.get_by_label(f"Add to {quadrant}").fill(text)
        page.get_by_role("button", name=f"Add to {quadrant}").click()
        expect(page.get_by_text(text, exact=True)).to_be_visible()
        # Focus returns to the quadrant's input, ready for another item.
        expect(page.get_by_label(f"Add to {quadrant}")).to_be_focused()
    page.get_by_label("Add to weaknesses").fill("   ")
    page.get_by_role("button", name="Add to weaknesses").click()
    expect(page.get_by_text("Write something for this item: it cannot be empty.")).to_be_visible()
    expect(page.get_by_label("Add to weaknesses")).to_be_focused()

    # Edit one in place, then remove another after confirming.
    page.get_by_role("link", name="Edit item “Debugging”").click()
    page.get_by_label("Edit the item").fill("Debugging production issues")
    page.locator("#swot-W").get_by_role("button", name="Save").click()
    expect(page.get_by_text("Debugging production issues", exact=True)).to_be_visible()
    threat = page.locator("#swot-T li", has_text="<b>Budget</b> cuts")
    threat.locator("summary").click()
    threat.get_by_role("button", name="Yes, remove").click()
    expect(page.get_by_text("<b>Budget</b> cuts", exact=True)).to_have_count(0)
    expect(page.locator("#swot-T").get_by_text("Nothing here yet.")).to_be_visible()
    page.reload()
    expect(page.get_by_text("Debugging production issues", exact=True)).to_be_visible()
    expect(page.get_by_text("<b>Budget</b> cuts", exact=True)).to_have_count(0)

    # Take the assessment: a skipped statement is named, the answers given are kept.
    page.get_by_role("link", name="Take the assessment").click()
    _answer_all_but(page, skipped={5})
    page.get_by_role("button", name="See my result").click()
    expect(page.get_by_text("Please answer every statement. Still to answer: 5.")).to_be_visible()
    first = page.get_by_role("group", name=f"1. {quiz.QUESTIONS[0].text}")
    expect(first.get_by_label("Neither", exact=True)).to_be_checked()
    page.get_by_role("link", name=f"5. {quiz.QUESTIONS[4].text}").click()
    page.get_by_role("group", name=f"5. {quiz.QUESTIONS[4].text}").get_by_label(
        "Agree", exact=True
    ).check()
    expect(page.get_by_label("Keep this result on my map")).to_be_checked()
    page.get_by_role("button", name="See my result").click()

    expect(page.get_by_text("This result is kept on your map.")).to_be_visible()
    expect(page.locator(".result__code")).to_have_text("SAR")  # S 100, A 63, then R (50)
    expect(page.get_by_text("In our catalogue: Customer Support.")).to_be_visible()
    page.get_by_role("link", name="Back to self-assessment").click()
    expect(page.locator("#career-assessment .result__code")).to_have_text("SAR")
    expect(page.get_by_role("link", name="Retake the assessment")).to_be_visible()
    assert (
        AssessmentResult.objects.filter(career_map__employee=org.employee, kept_on_map=True).count()
        == 1
    )
