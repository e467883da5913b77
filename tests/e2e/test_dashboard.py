"""A manager opens My team, widens the scope, filters the heatmap, rates a skill beside the
self-rating and recognises a milestone, all without a page reload (HTMX)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.careermaps.models import CareerMap, Goal, Milestone, Recognition
from apps.employees.models import SkillRating, SkillRatingHistory
from tests.conftest import Org
from tests.dashboards.conftest import build_catalogue, build_team
from tests.e2e.test_foundation_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _milestone_done(org: Org) -> Milestone:
    goal = Goal.objects.create(
        career_map=CareerMap.objects.get(employee=org.employee),
        specific="Become the team's CRM expert",
        measurable="m",
        achievable="a",
        relevant="r",
        target_date=timezone.localdate().replace(year=timezone.localdate().year + 1),
    )
    return Milestone.objects.create(goal=goal, title="Pass the CRM course", done_at=timezone.now())


def test_a_manager_reviews_the_team_rates_a_skill_and_recognises_a_milestone(
    org: Org, live_server, page: Page
) -> None:
    catalogue = build_catalogue()
    build_team(org, catalogue)
    milestone = _milestone_done(org)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text))

    sign_in(page, live_server.url, "director@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My team")
    heatmap = page.locator("#heatmap")
    expect(heatmap.get_by_role("rowheader")).to_have_count(1)  # direct reports: the manager

    # The whole sub-tree.
    page.get_by_role("link", name=re.compile("Whole team, all levels")).click()
    expect(heatmap.get_by_role("rowheader")).to_have_count(3)
    expect(heatmap.get_by_role("rowheader", name=re.compile("Teammate"))).to_be_visible()

    # Filters and sort swap the heatmap and the summary in place, and the URL follows.
    page.get_by_label("Skill category").select_option(label="Core")
    expect(page).to_have_url(re.compile(r"category=\d+"))
    expect(heatmap.get_by_role("columnheader", name="Communication")).to_be_visible()
    expect(heatmap.get_by_role("columnheader", name="CRM")).to_have_count(0)
    summary = page.locator("#gap-summary")
    expect(summary.get_by_role("heading", name="Communication")).to_be_visible()
    expect(summary.get_by_role("heading", name="CRM")).to_have_count(0)
    page.get_by_label("Sort by").select_option(label="Largest gap first")
    expect(heatmap.get_by_role("rowheader").first).to_contain_text("Teammate")
    cell = heatmap.locator("tbody tr").first.locator("td[class^='heat--']")
    expect(cell).to_have_text(re.compile(r"^2"))  # Teammate: has 1, needs 3

    # Rate the teammate's CRM beside her self-rating of 5: 2 levels apart is flagged.
    to_review = page.locator("#dash-stats .stat", has_text="skill ratings to review")
    to_review = to_review.locator(".stat__value")
    worth = page.locator("#disagreements")
    before = int(to_review.inner_text())
    expect(worth.get_by_role("listitem").filter(has_text="CRM")).to_contain_text("manager 1")
    row = page.locator("#reviews tr", has_text="Teammate").filter(has_text="CRM")
    row.get_by_label(re.compile("Your rating of CRM for Teammate")).select_option(
        label="3 · Intermediate"
    )
    row.get_by_role("button", name=re.compile("Save")).click()
    saved = page.locator("#reviews tr", has_text="Your rating is in their history")
    expect(saved).to_contain_text("talk it through")
    # What the rating changed elsewhere on the page updates with it: one fewer to review, and
    # the conversation list shows the new manager rating (5 against 3, still worth a talk).
    expect(to_review).to_have_text(str(before - 1))
    expect(worth.get_by_role("listitem").filter(has_text="CRM")).to_contain_text("manager 3")
    rating = SkillRating.objects.get(employee=org.teammate, skill=catalogue.crm)
    assert (rating.manager_level, rating.manager_rated_by) == (3, org.director.user)
    assert SkillRatingHistory.objects.filter(source="manager", level=3).count() == 1

    # Recognise the employee's milestone from the feed.
    item = page.locator("#feed li", has_text="Pass the CRM course")
    item.get_by_text("Recognise", exact=True).click()
    item.get_by_label("Message to Employee").fill("Top marks on the CRM course!")
    item.get_by_role("button", name="Send recognition").click()
    expect(page.locator("#feed").get_by_role("status")).to_contain_text("Recognised")
    recognition = Recognition.objects.get()
    assert (recognition.milestone, recognition.from_employee) == (milestone, org.director)
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p]
