"""A person signs in, finds their way around, and HR brings a new colleague in."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from apps.employees.models import Employee
from apps.roles.models import RoleRequirement
from tests.conftest import Org
from tests.factories import PASSWORD, RoleFactory, SkillFactory

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, base: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label(re.compile("email", re.I)).fill(email)
    page.get_by_label(re.compile("password", re.I)).first.fill(password)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()


def test_an_employee_signs_in_sees_their_profile_and_signs_out(
    org: Org, live_server, page: Page
) -> None:
    role = RoleFactory(title="Customer Service Representative")
    RoleRequirement.objects.create(
        role=role, skill=SkillFactory(name="Strong communication skills"), required_level=3
    )
    Employee.objects.filter(pk=org.employee.pk).update(current_role=role)
    sign_in(page, live_server.url, "employee@example.com")
    # No map yet: home offers to start one.
    expect(page.get_by_role("heading", level=1)).to_have_text("Start your career map")
    page.get_by_label(re.compile("Account menu")).click()  # "My profile" lives there
    page.get_by_role("link", name="My profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Employee")
    expect(
        page.get_by_text("Fit for current role: Customer Service Representative")
    ).to_be_visible()
    expect(page.get_by_role("rowheader", name="Strong communication skills")).to_be_visible()
    page.get_by_text("How this is computed").click()
    expect(page.get_by_text("Readiness is the weighted share")).to_be_visible()
    # Persona navigation: no HR or admin entries for an employee.
    nav = page.get_by_role("navigation", name=re.compile("main", re.I))
    expect(nav.get_by_role("link", name="Invitations")).to_have_count(0)
    expect(nav.get_by_role("link", name="Admin")).to_have_count(0)
    expect(nav.get_by_text("Organisation")).to_have_count(0)
    page.get_by_label(re.compile("Account menu")).click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile("/accounts/login/"))
    page.goto(f"{live_server.url}/people/")
    expect(page).to_have_url(re.compile("/accounts/login/"))


def test_a_manager_browses_their_team_with_htmx(org: Org, live_server, page: Page) -> None:
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/people/")
    rows = page.locator("#directory-results tbody tr")
    expect(rows).to_have_count(3)  # themselves and two reports; never the other team
    expect(page.get_by_text("Other Employee")).to_have_count(0)
    page.get_by_label("Search people").fill("teammate")
    expect(rows).to_have_count(1)
    expect(page).to_have_url(re.compile(r"q=teammate"))
    page.goto(f"{live_server.url}/people/tree/")
    page.get_by_role("link", name=re.compile("Show 2 reports")).click()
    expect(page.get_by_role("link", name="Teammate")).to_be_visible()


def test_hr_invites_a_colleague_who_then_joins(
    org: Org, live_server, page: Page, eager_tasks, browser
) -> None:
    newcomer = Employee.objects.create(
        full_name="Nadia Newcomer", work_email="nadia@example.com", manager=org.manager, path="/"
    )
    sign_in(page, live_server.url, "hr@example.com")
    page.goto(f"{live_server.url}/people/{newcomer.public_id}/")
    page.get_by_role("button", name="Invite to CareerMap").click()
    expect(page.get_by_text("Invitation sent to nadia@example.com")).to_be_visible()
    link = re.search(r"http://\S+/people/join/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("/people/", 1)[1]
    guest = browser.new_context().new_page()
    guest.goto(f"{live_server.url}/people/{path}")
    guest.get_by_label("Choose a password").fill("short")
    guest.get_by_label("Repeat the password").fill("short")
    guest.get_by_role("button", name="Create my account").click()
    expect(guest.get_by_text(re.compile("too short"))).to_be_visible()
    guest.get_by_label("Choose a password").fill("a-long-and-unusual-passphrase")
    guest.get_by_label("Repeat the password").fill("a-long-and-unusual-passphrase")
    guest.get_by_role("button", name="Create my account").click()
    expect(guest.get_by_text("Welcome to CareerMap")).to_be_visible()
    expect(guest.get_by_role("heading", level=1)).to_have_text("Start your career map")
    guest.get_by_label(re.compile("Account menu")).click()
    guest.get_by_role("link", name="My profile").click()
    expect(guest.get_by_role("heading", level=1)).to_have_text("Nadia Newcomer")
