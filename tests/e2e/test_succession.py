"""HR marks a key position, nominates a suggested successor, sets their readiness in place,
then reads the succession report and exports it as CSV."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect

from apps.employees.models import Employee
from apps.succession.models import AuditLog, SuccessorCandidate
from tests.conftest import Org
from tests.e2e.test_foundation_journeys import sign_in
from tests.factories import RoleFactory, SkillFactory
from tests.succession.builders import rate, require

pytestmark = pytest.mark.django_db(transaction=True)


def _role_with_a_strong_candidate(org: Org) -> None:
    role = RoleFactory(title="Head of Support")
    coaching = SkillFactory(name="Coaching")
    require(role, coaching, 4)
    rate(org.teammate, coaching, manager=4)  # 100% ready: the top suggestion
    rate(org.employee, coaching, own=2)
    Employee.objects.filter(pk=org.director.pk).update(current_role=role)


def test_hr_builds_a_slate_from_suggestions_and_exports_the_report(
    org: Org, live_server, page: Page
) -> None:
    _role_with_a_strong_candidate(org)
    sign_in(page, live_server.url, "hr@example.com")
    page.goto(f"{live_server.url}/succession/key-positions/")
    page.get_by_role("link", name="New key position").first.click()
    page.get_by_label("Role").select_option(label="Head of Support")
    incumbent = page.get_by_label("Incumbent")
    incumbent.fill("direc")  # the people search suggests as you type
    suggestion = page.locator("datalist option[value='director@example.com']")
    expect(suggestion).to_have_count(1)
    expect(suggestion).to_have_text(re.compile("Director"))
    incumbent.fill("director@example.com")  # what picking the suggestion puts in the box
    page.get_by_role("group", name=re.compile("Risk of loss")).get_by_label("High").check()
    page.get_by_role("group", name=re.compile("Impact of loss")).get_by_label("Medium").check()
    page.get_by_role("button", name="Create key position").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Head of Support")

    page.get_by_role("link", name="Suggested successors").first.click()
    expect(page.get_by_text("How the score is computed")).to_be_visible()
    first = page.locator("table.suggestions tbody tr").first
    expect(first).to_contain_text("Teammate")
    expect(first).to_contain_text("= 100.0 + 0 + 0 + 0")
    first.get_by_role("button", name=re.compile("Nominate")).click()
    expect(page.get_by_text(re.compile("Nominated Teammate as number 1"))).to_be_visible()

    slot = page.locator(".slate__item").first
    expect(slot).to_contain_text("Ready now")  # started from 100% skill readiness
    slot.get_by_role("link", name=re.compile("Edit")).click()
    editor = page.locator(".slate__item form.form").first  # swapped in place of the entry
    expect(editor.get_by_role("heading", name="Edit Teammate")).to_be_visible()
    editor.get_by_label("Ready in 1-2 years").check()
    editor.get_by_label(re.compile("Emergency cover")).check()
    editor.get_by_label("Development note").fill("Lead the escalation rota")
    editor.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved Teammate.")).to_be_visible()  # swapped in place
    expect(page.locator(".slate__item").first).to_contain_text("Ready in 1-2 years")
    expect(page.locator(".slate__item").first).to_contain_text("Emergency cover")
    candidate = SuccessorCandidate.objects.get()
    assert (candidate.readiness, candidate.emergency_cover) == ("1-2", True)

    page.goto(f"{live_server.url}/succession/reports/")
    expect(page.get_by_role("heading", name="Succession & bench strength")).to_be_visible()
    expect(page.get_by_text("1 of 1 positions have at least one successor.")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    with open(download.path(), encoding="utf-8") as exported:
        rows = list(csv.DictReader(io.StringIO(exported.read())))
    assert [(r["Key position"], r["Successor"], r["Readiness"]) for r in rows] == [
        ("Head of Support", "Teammate", "Ready in 1-2 years")
    ]
    assert AuditLog.objects.filter(action="export").count() == 1
