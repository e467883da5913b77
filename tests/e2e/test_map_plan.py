"""The owner works on their development plan and network, all in place with htmx."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.careermaps.models import DevelopmentAction
from apps.careermaps.services.maps import map_create
from apps.employees.models import RatingSource
from apps.employees.services import rating_set
from apps.learning.models import LearningResource, ResourceSkill
from apps.roles.models import RoleRequirement
from tests.conftest import Org
from tests.e2e.test_foundation_journeys import sign_in
from tests.factories import RoleFactory, SkillFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _map_with_gaps(org: Org) -> str:
    role = RoleFactory(title="Product Support Specialist")
    troubleshooting = SkillFactory(name="Troubleshooting")
    helpdesk = SkillFactory(name="Helpdesk software")
    RoleRequirement.objects.create(role=role, skill=troubleshooting, required_level=4)
    RoleRequirement.objects.create(role=role, skill=helpdesk, required_level=3)
    rating_set(
        employee=org.employee,
        skill=troubleshooting,
        level=2,
        source=RatingSource.SELF,
        rated_by=org.employee.user,
    )
    certificate = LearningResource.objects.create(
        title="Helpdesk certification", provider="Acme", kind="certification", hours=20
    )
    ResourceSkill.objects.create(resource=certificate, skill=helpdesk, level=3)
    career_map = map_create(employee=org.employee)
    career_map.target_role = role
    career_map.save()
    return str(career_map.public_id)


def test_the_owner_plans_for_a_gap_completes_an_action_and_keeps_a_contact(
    org: Org, live_server, page: Page
) -> None:
    map_id = _map_with_gaps(org)
    today = timezone.localdate()
    sign_in(page, live_server.url, "employee@example.com")
    page.goto(f"{live_server.url}/map/{map_id}/plan/")
    page.evaluate("window.stillTheSamePage = true")
    gaps = page.locator("#gaps")
    expect(gaps.get_by_role("heading", name="Troubleshooting")).to_be_visible()

    # Pick a gap from the panel: the skill-enhancement form opens, pre-filled.
    gaps.get_by_role("link", name="Plan an action for Troubleshooting").click()
    form = page.locator("#add-skill")
    expect(form.get_by_label("What will you do?")).to_have_value("Close my gap in Troubleshooting")
    expect(form.get_by_label(re.compile("Skill or gap"))).to_have_value(re.compile(r"\d+"))
    form.get_by_label("What will you do?").fill("Shadow the senior specialist weekly")
    form.get_by_label(re.compile("^Due")).fill((today + timedelta(days=30)).isoformat())
    form.get_by_role("button", name="Add to skill enhancement").click()
    skills = page.locator("#group-skill")
    expect(
        skills.get_by_role("heading", name="Shadow the senior specialist weekly")
    ).to_be_visible()
    expect(skills.locator(".action").get_by_text("gap \u22122")).to_be_visible()
    expect(page.locator("#plan-notice")).to_contain_text("Added “Shadow the senior specialist")

    # Add a learning resource for another gap straight to the plan.
    page.locator("#gaps").get_by_role("button", name="Add to plan “Helpdesk certification”").click()
    certifications = page.locator("#group-certification")
    expect(certifications.get_by_role("heading", name="Helpdesk certification")).to_be_visible()
    expect(page.locator("#gaps").get_by_text("In your plan")).to_be_visible()

    # Mark it done: evidence is asked for first.
    certifications.get_by_role("link", name=re.compile("Edit “Helpdesk certification”")).click()
    edit = certifications.locator("form.action-form")
    edit.get_by_label("Status").select_option("done")
    edit.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text(re.compile("Add evidence of completion before marking"))
    ).to_be_visible()
    edit = page.locator("#group-certification form.action-form")
    edit.get_by_label("Evidence of completion").fill("Certificate HD-1234, passed with 92%")
    edit.get_by_role("button", name="Save").click()
    certifications = page.locator("#group-certification")
    expect(certifications.get_by_text("Certificate HD-1234, passed with 92%")).to_be_visible()
    expect(certifications.get_by_text("1/1 done")).to_be_visible()
    assert DevelopmentAction.objects.get(title="Helpdesk certification").completed_at

    # A networking contact, added and then edited in place.
    network = page.locator("#network")
    network.get_by_text("Add a contact").click()
    adding = page.locator("#contact-add")
    adding.get_by_label("Name").fill("Ben Carter")
    adding.get_by_label("Organisation").fill("Product Support")
    adding.get_by_label("How they can help").fill("Can show me the ticket workflow")
    adding.get_by_label("Last contact").fill(today.isoformat())
    adding.get_by_label("Next follow-up").fill((today - timedelta(days=1)).isoformat())
    adding.get_by_role("button", name="Add contact").click()
    expect(page.get_by_text(re.compile("cannot be before your last contact"))).to_be_visible()
    page.locator("#contact-add").get_by_label("Next follow-up").fill(
        (today + timedelta(days=14)).isoformat()
    )
    page.locator("#contact-add").get_by_role("button", name="Add contact").click()
    network = page.locator("#network")
    expect(network.get_by_role("heading", name=re.compile("Ben Carter"))).to_be_visible()
    expect(network.get_by_text("Follow-up due")).to_have_count(0)

    network.get_by_role("link", name="Edit Ben Carter").click()
    editing = network.locator("li.contact form")
    expect(editing.get_by_label("Name")).to_have_value("Ben Carter")
    editing.get_by_label("Next follow-up").fill(today.isoformat())
    editing.get_by_role("button", name="Save").click()
    network = page.locator("#network")
    expect(network.get_by_text("1 follow-up due")).to_be_visible()
    expect(network.locator("li.contact").get_by_text("Follow-up due")).to_be_visible()
    expect(page.locator("#plan-notice")).to_contain_text("Saved Ben Carter.")
    # Every step swapped a fragment: the page itself never reloaded.
    assert page.evaluate("window.stillTheSamePage") is True
