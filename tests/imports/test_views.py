"""The import pages: HR uploads, follows the check, reads the preview, confirms or cancels."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.employees.models import Employee, Invitation
from apps.imports import services
from apps.imports.kinds import KINDS
from apps.imports.kinds.base import NoProgress
from apps.imports.kinds.departments import DepartmentsKind
from apps.imports.models import ImportJob, JobStatus
from tests.conftest import Org, client_for

pytestmark = pytest.mark.django_db

PEOPLE = (
    "external_id,full_name,work_email,department\n"
    "E1,Ana Silva,ana@example.com,Customer Support\n"
    "E2,Ben Okafor,ben@example.com,Engineering\n"
)
BAD_PEOPLE = (
    "external_id,full_name,work_email\n"
    'E1,=HYPERLINK("http://evil.example"),ana@example.com\n'
    "E2,Ben Okafor,not-an-email\n"
    ",,\n"  # blank: skipped, so the rows below keep their numbers as the spreadsheet has them
    "E3,Cleo Park,cleo@example.com\n"
)


@pytest.fixture
def hr(org: Org) -> Client:
    return client_for(org.hr_user)


def upload(client: Client, text: str | bytes, *, kind: str = "employees", **data: Any) -> Any:
    body = text.encode() if isinstance(text, str) else text
    file = SimpleUploadedFile(data.pop("name", f"{kind}.csv"), body, content_type="text/csv")
    return client.post(reverse("imports:index"), {"kind": kind, "file": file, **data})


def checked(org: Org, text: str, kind: str = "employees") -> ImportJob:
    job = services.job_create(
        kind=kind, file_name=f"{kind}.csv", data=text.encode(), actor=org.hr_user, enqueue=False
    )
    return services.job_check(job.pk)


def job_url(job: ImportJob, name: str = "job") -> str:
    return reverse(f"imports:{name}", args=[job.public_id])


def page(client: Client, job: ImportJob) -> str:
    response = client.get(job_url(job))
    assert response.status_code == 200
    return response.content.decode()


# ---------------------------------------------------------------- who sees it


def test_hr_has_an_imports_item_in_the_navigation(org: Org, hr: Client) -> None:
    assert b'href="/imports/"' in hr.get(reverse("imports:index")).content
    employee = client_for(org.employee.user).get(reverse("home"), follow=True)
    assert b'href="/imports/"' not in employee.content


@pytest.mark.parametrize("persona", ["employee", "manager", "director"])
def test_anyone_but_hr_gets_404_for_a_job_and_its_actions(org: Org, persona: str) -> None:
    job = checked(org, PEOPLE)
    client = client_for(getattr(org, persona).user)

    assert client.get(reverse("imports:index")).status_code == 404
    assert client.get(job_url(job)).status_code == 404
    assert client.post(job_url(job, "confirm")).status_code == 404
    job.refresh_from_db()
    assert job.status == JobStatus.READY


def test_someone_signed_out_is_sent_to_sign_in(org: Org) -> None:
    response = Client().get(reverse("imports:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_write_without_the_csrf_token_is_refused(org: Org) -> None:
    job = checked(org, PEOPLE)
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.hr_user)

    assert client.post(job_url(job, "confirm")).status_code == 403
    job.refresh_from_db()
    assert job.status == JobStatus.READY


def test_a_write_url_answers_a_get_with_405(org: Org, hr: Client) -> None:
    job = checked(org, PEOPLE)
    for name in ("confirm", "cancel", "invite"):
        assert hr.get(job_url(job, name)).status_code == 405
    job.refresh_from_db()
    assert job.status == JobStatus.READY


# ---------------------------------------------------------------- the kinds and templates


def test_the_page_lists_each_kind_with_its_columns_and_templates(hr: Client) -> None:
    html = hr.get(reverse("imports:index")).content.decode()

    assert "Employees and reporting lines" in html
    assert "Departments" in html
    assert "<code>work_email</code>" in html
    assert 'href="/imports/templates/employees.csv"' in html
    assert 'href="/imports/templates/departments.xlsx"' in html
    assert "Required" in html


def test_each_taxonomy_kind_offers_its_sample_and_the_sample_imports(hr: Client) -> None:
    html = hr.get(reverse("imports:index")).content.decode()
    for key in ("esco", "onet", "ladder"):
        assert f'href="/imports/samples/{key}/"' in html
    assert 'href="/imports/templates/esco.csv"' not in html
    assert 'href="/imports/templates/ladder.csv"' not in html
    assert hr.get(reverse("imports:template", args=["ladder", "csv"])).status_code == 404

    archive = hr.get(reverse("imports:sample", args=["esco"]))
    assert archive["Content-Disposition"] == 'attachment; filename="esco-sample.zip"'
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert set(KINDS["esco"].bundle_files) <= set(names)
    # What HR downloads is a file the kind reads and plans without a problem.
    for key in ("esco", "onet", "ladder"):
        response = hr.get(reverse("imports:sample", args=[key]))
        name = response["Content-Disposition"].split('"')[1]
        kind = KINDS[key]
        plan = kind.plan(
            kind.read(response.content, name), options={}, full_sync=False, progress=NoProgress()
        )
        assert plan.create > 0, key
        assert not plan.issues, (key, plan.issues[:3])
    assert hr.get(reverse("imports:sample", args=["employees"])).status_code == 404


def test_the_csv_template_is_the_header_and_an_example_row(hr: Client) -> None:
    response = hr.get(reverse("imports:template", args=["departments", "csv"]))

    assert response["Content-Disposition"] == 'attachment; filename="departments-template.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["name", "parent", "head"], ["Customer Support", "Operations", "E1001"]]


def test_the_xlsx_template_describes_each_column_on_a_second_sheet(hr: Client) -> None:
    response = hr.get(reverse("imports:template", args=["employees", "xlsx"]))

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["employees", "Columns"]
    header, example = list(book["employees"].iter_rows(values_only=True))
    assert header[:3] == ("external_id", "full_name", "work_email")
    assert example[:3] == ("E1042", "Ana Silva", "ana.silva@example.com")
    columns = list(book["Columns"].iter_rows(values_only=True))
    assert columns[0] == ("Column", "Required", "What it holds", "Example")
    assert columns[2][:2] == ("full_name", "yes")
    assert columns[1][:2] == ("external_id", "no")


def test_an_unknown_template_is_404(hr: Client) -> None:
    assert hr.get(reverse("imports:template", args=["nope", "csv"])).status_code == 404
    assert hr.get(reverse("imports:template", args=["employees", "pdf"])).status_code == 404


# ---------------------------------------------------------------- upload


def field_errors(response: Any, name: str) -> list[str]:
    return list(response.context["form"].errors.get(name, []))


def test_an_empty_file_is_refused_beside_the_file_field(hr: Client) -> None:
    response = upload(hr, b"")

    assert response.status_code == 200
    assert field_errors(response, "file") == ["The file is empty."]
    html = response.content.decode()
    assert html.index("The file is empty.") > html.index('id="id_file"')
    assert not ImportJob.objects.exists()


def test_a_file_over_the_limit_is_refused_with_the_limit(
    hr: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 2**20)  # 1 MB, not 50 MB of test data

    response = upload(hr, "full_name,work_email\n" + "x" * 2**20)

    assert field_errors(response, "file") == ["The file is larger than 1 MB. Split it."]
    assert not ImportJob.objects.exists()


def test_an_unknown_kind_is_refused_beside_the_kind_field(hr: Client) -> None:
    response = upload(hr, PEOPLE, kind="payroll")

    assert field_errors(response, "kind")
    assert not ImportJob.objects.exists()


def test_full_sync_is_refused_for_a_kind_without_it(hr: Client) -> None:
    response = upload(hr, "name\nOps\n", kind="departments", full_sync="on")

    assert field_errors(response, "full_sync") == ["Full sync is only for employee files."]
    html = response.content.decode()
    assert html.index("Full sync is only for employee files.") > html.index('id="id_full_sync"')
    assert not ImportJob.objects.exists()


def test_an_upload_is_checked_by_the_task_and_its_page_shows_the_preview(
    org: Org, hr: Client, eager_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(hr, PEOPLE)

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job_url(job)
    assert (job.status, job.created_by, job.file_name) == (
        JobStatus.READY,
        org.hr_user,
        "employees.csv",
    )
    html = page(hr, job)
    assert "To create" in html
    assert "Ana Silva" in html  # an example of what it would create
    assert "Confirm and import" in html
    assert not Employee.objects.filter(work_email="ana@example.com").exists()


def test_a_file_in_the_wrong_encoding_ends_failed_with_its_reason_on_the_page(
    hr: Client, eager_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        upload(hr, "full_name,work_email\nJosé Ñúñez,jose@example.com\n".encode("latin-1"))

    job = ImportJob.objects.get()
    assert job.status == JobStatus.FAILED
    html = page(hr, job)
    assert "Could not be imported" in html
    assert "The file is not UTF-8 text" in html
    assert "Confirm and import" not in html


def test_a_file_without_a_required_column_fails_with_the_column_named(org: Org, hr: Client) -> None:
    job = checked(org, "full_name\nAna\n")

    assert "The file lacks the required column work_email." in page(hr, job)


# ---------------------------------------------------------------- the job page


def test_a_running_job_polls_a_progress_fragment_with_a_labelled_bar(org: Org, hr: Client) -> None:
    job = services.job_create(
        kind="employees", file_name="p.csv", data=PEOPLE.encode(), actor=org.hr_user, enqueue=False
    )
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.CHECKING, phase="Checking the people", progress_done=40, progress_total=200
    )

    html = page(hr, job)
    assert 'hx-trigger="every 1s"' in html
    assert 'aria-live="polite"' in html

    fragment = hr.get(job_url(job), headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert "<html" not in text
    assert '<progress class="import-progress" id="import-progress" value="40" max="200">' in text
    assert "40 of 200 (20%)" in text
    assert "Checking the people" in text
    assert "HX-Request" in fragment["Vary"]


def test_the_poll_of_a_finished_job_reloads_the_page_which_polls_no_more(
    org: Org, hr: Client
) -> None:
    job = checked(org, PEOPLE)

    fragment = hr.get(job_url(job), headers={"HX-Request": "true"})

    assert fragment["HX-Refresh"] == "true"
    assert 'hx-trigger="every 1s"' not in page(hr, job)


def test_the_preview_lists_problems_by_row_and_column(org: Org, hr: Client) -> None:
    job = checked(org, BAD_PEOPLE)

    assert job.status == JobStatus.INVALID
    html = page(hr, job)
    assert "1 problem" in html
    assert '<td class="num">3</td><td><code>work_email</code></td>' in html
    assert "Download problems as a workbook" in html
    assert "Confirm and import" not in html
    assert "Cancel this import" in html


def test_the_problems_workbook_puts_reasons_beside_rows_and_escapes_formulas(
    org: Org, hr: Client
) -> None:
    job = checked(org, BAD_PEOPLE)
    (issue,) = job.issues.all()

    response = hr.get(job_url(job, "problems"))

    assert response["Content-Disposition"] == 'attachment; filename="employees-problems.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Rows", "Problem list"]
    rows = list(book["Rows"].iter_rows(values_only=True))
    assert rows[0] == ("Row", "external_id", "full_name", "work_email", "Problems")
    assert rows[1] == (2, "E1", '\'=HYPERLINK("http://evil.example")', "ana@example.com", None)
    assert rows[2] == (3, "E2", "Ben Okafor", "not-an-email", f"work_email: {issue.message}")
    assert rows[3] == (5, "E3", "Cleo Park", "cleo@example.com", None)
    problems = list(book["Problem list"].iter_rows(values_only=True))
    assert problems == [("Row", "Column", "Reason"), (3, "work_email", issue.message)]


def test_a_job_without_problems_has_no_workbook(org: Org, hr: Client) -> None:
    assert hr.get(job_url(checked(org, PEOPLE), "problems")).status_code == 404


def test_the_problems_table_shows_the_first_200_and_says_how_many_there_are(
    org: Org, hr: Client
) -> None:
    rows = "".join(f"E{n},Person {n},bad-{n}\n" for n in range(250))
    job = checked(org, "external_id,full_name,work_email\n" + rows)

    html = page(hr, job)

    assert "250 problems" in html
    assert "The first 200 of 250 are shown here" in html
    assert html.count("<td><code>work_email</code></td>") == 200


def test_the_job_page_takes_the_same_queries_whatever_the_number_of_problems(
    org: Org, hr: Client
) -> None:
    few = checked(org, "external_id,full_name,work_email\nE1,A,bad\n")
    many = checked(
        org,
        "external_id,full_name,work_email\n" + "".join(f"E{n},P,bad{n}\n" for n in range(300)),
    )
    page(hr, few)  # the session and the user, once

    counted = []
    for job in (few, many):
        with CaptureQueriesContext(connection) as queries:
            page(hr, job)
        counted.append(len(queries))

    assert counted[0] == counted[1]
    assert counted[0] <= 12, counted


# ---------------------------------------------------------------- confirm, cancel, invite


def test_confirming_writes_the_file_and_shows_what_it_changed(
    org: Org, hr: Client, eager_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = checked(org, PEOPLE)

    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(job_url(job, "confirm"))

    assert response["Location"] == job_url(job)
    job.refresh_from_db()
    assert (job.status, job.confirmed_by) == (JobStatus.DONE, org.hr_user)
    ana = Employee.objects.get(work_email="ana@example.com")
    assert (ana.full_name, ana.department.name) == ("Ana Silva", "Customer Support")
    html = page(hr, job)
    assert "What it changed" in html
    assert "Created" in html
    assert "Confirm and import" not in html


def test_a_second_confirm_is_refused_with_a_reason(
    org: Org, hr: Client, eager_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = checked(org, PEOPLE)
    with django_capture_on_commit_callbacks(execute=True):
        hr.post(job_url(job, "confirm"))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = hr.post(job_url(job, "confirm"), follow=True)

    assert callbacks == []
    assert "Only a checked file without problems can be imported." in response.content.decode()
    assert Employee.objects.filter(work_email="ana@example.com").count() == 1


def test_an_invalid_job_cannot_be_confirmed(org: Org, hr: Client) -> None:
    job = checked(org, BAD_PEOPLE)

    response = hr.post(job_url(job, "confirm"), follow=True)

    assert "Only a checked file without problems can be imported." in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.INVALID


def test_cancelling_stops_the_job_and_a_second_cancel_is_refused(org: Org, hr: Client) -> None:
    job = checked(org, PEOPLE)

    hr.post(job_url(job, "cancel"))
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    html = page(hr, job)
    assert "Confirm and import" not in html
    assert "Cancel this import" not in html

    response = hr.post(job_url(job, "cancel"), follow=True)
    assert "This import can no longer be cancelled." in response.content.decode()


def test_the_invite_button_counts_the_people_and_queues_their_invitations(
    org: Org, hr: Client, eager_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = checked(org, PEOPLE)
    with django_capture_on_commit_callbacks(execute=True):
        hr.post(job_url(job, "confirm"))
    assert "Invite 2 people" in page(hr, job)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = hr.post(job_url(job, "invite"), follow=True)

    assert "Inviting 2 people" in response.content.decode()
    assert len(callbacks) == 1
    assert not Invitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        callbacks[0]()  # the task, run in-process here (the worker path has its own test)
    invited = set(Invitation.objects.values_list("email", flat=True))
    assert invited == {"ana@example.com", "ben@example.com"}
    assert "Invite 2 people" not in page(hr, job)


def test_there_is_no_invite_button_on_other_kinds(
    org: Org, hr: Client, eager_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = checked(org, "name\nOps\n", kind="departments")
    with django_capture_on_commit_callbacks(execute=True):
        hr.post(job_url(job, "confirm"))

    html = page(hr, job)
    assert "Created" in html
    assert job_url(job, "invite") not in html


def test_a_job_no_worker_has_taken_says_the_worker_may_be_down(org: Org, hr: Client) -> None:
    job = services.job_create(
        kind="employees", file_name="p.csv", data=PEOPLE.encode(), actor=org.hr_user, enqueue=False
    )
    assert "No worker has taken this file yet" not in page(hr, job)

    ImportJob.objects.filter(pk=job.pk).update(created_at=job.created_at - timedelta(minutes=2))

    assert "No worker has taken this file yet" in page(hr, job)


class GroupForm(forms.Form):
    group = forms.ChoiceField(label="Occupation group", choices=[("2", "Professionals")])


class GroupedKind(DepartmentsKind):
    """A kind with upload options, as the taxonomy kinds have."""

    key = "grouped"
    label = "Grouped departments"
    options_form = GroupForm


def grouped_options(response: Any) -> forms.Form:
    return {kind.key: form for kind, form in response.context["options"]}["grouped"]


def test_a_kinds_options_are_asked_for_and_kept_on_the_job(
    hr: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(KINDS, "grouped", GroupedKind())
    assert 'name="grouped-group"' in hr.get(reverse("imports:index")).content.decode()

    refused = upload(hr, "name\nOps\n", kind="grouped")
    assert grouped_options(refused).errors == {"group": ["This field is required."]}
    other = upload(hr, "", kind="departments")  # another kind's options are left alone
    assert not grouped_options(other).is_bound

    upload(hr, "name\nOps\n", kind="grouped", **{"grouped-group": "2"})
    assert ImportJob.objects.get().options == {"group": "2"}
