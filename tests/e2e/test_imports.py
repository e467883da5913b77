"""HR brings the organisation in, in the browser, with a real Redis broker and Celery worker:
upload an employee file, watch the check's progress, read the preview, confirm, see it done.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from apps.employees.models import Employee
from apps.imports.models import ImportJob, JobStatus
from tests.celery_worker import running_worker
from tests.conftest import Org
from tests.e2e.test_foundation_journeys import sign_in

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]
PEOPLE = 3_000  # enough rows for the check to take a moment, and the bar to show it
SCREENSHOTS = os.environ.get("IMPORT_SCREENSHOTS")  # a folder, to look at the pages by eye


def _people_file(folder: Path) -> Path:
    rows = ["external_id,full_name,work_email,department,manager"]
    rows.append("P0,Pat Head,pat.head@example.com,Operations,")
    rows += [f"P{n},Person {n},person{n}@example.com,Operations,P0" for n in range(1, PEOPLE)]
    path = folder / "people.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _stat(page: Page, label: str) -> Locator:
    """The value of the preview's count called ``label``."""
    stat = page.locator(".import-counts .stat").filter(has=page.get_by_text(label, exact=True))
    return stat.locator("dd")


def _shot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def test_hr_uploads_people_follows_the_check_confirms_and_sees_them_imported(
    org: Org, live_server, page: Page, redis_url: str, tmp_path: Path
) -> None:
    sign_in(page, live_server.url, "hr@example.com")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_text("Organisation").click()  # HR's administration pages share one menu
    nav.get_by_role("link", name="Imports").click()
    expect(page.get_by_role("heading", name="Imports", level=1)).to_be_visible()
    _shot(page, "index")

    # The worker starts booting here and takes a few seconds: the upload is queued meanwhile.
    with running_worker(redis_url, tmp_path / "mail"):
        page.get_by_label("What the file holds").select_option(
            label="Employees and reporting lines"
        )
        page.get_by_label("File", exact=True).set_input_files(_people_file(tmp_path))
        page.get_by_role("button", name="Upload and check").click()

        expect(page.get_by_role("heading", name="people.csv", level=1)).to_be_visible()
        status = page.locator("#import-status")
        expect(status).to_have_attribute("aria-live", "polite")
        expect(status.locator("progress")).to_be_visible()
        _shot(page, "running")

        # htmx polls; when the check ends the page reloads with the preview.
        expect(page.get_by_role("heading", name="What it would change")).to_be_visible(
            timeout=90_000
        )
        expect(status.locator("progress")).to_have_count(0)
        expect(page.get_by_text("Checked: ready to import")).to_be_visible()
        expect(_stat(page, "To create")).to_have_text(f"{PEOPLE:,}")
        expect(_stat(page, "Departments to create")).to_have_text("1")
        _shot(page, "preview")
        assert not Employee.objects.filter(work_email="pat.head@example.com").exists()

        page.get_by_role("button", name="Confirm and import").click()

        expect(page.get_by_role("heading", name="What it changed")).to_be_visible(timeout=90_000)
        expect(page.get_by_text("Imported", exact=True)).to_be_visible()
        expect(_stat(page, "Created")).to_have_text(f"{PEOPLE:,}")
        expect(_stat(page, "Departments created")).to_have_text("1")
        expect(
            page.get_by_role("button", name=f"Invite {PEOPLE:,} people", exact=True)
        ).to_be_visible()
        _shot(page, "done")

    job = ImportJob.objects.get()
    assert (job.status, job.confirmed_by) == (JobStatus.DONE, org.hr_user)
    head = Employee.objects.get(work_email="pat.head@example.com")
    assert head.department is not None
    assert head.department.name == "Operations"
    assert Employee.objects.filter(manager=head).count() == PEOPLE - 1
