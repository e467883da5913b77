"""Importing departments: names, parents (in the file or in CareerMap) and heads."""

from __future__ import annotations

import pytest

from apps.employees.models import Department
from apps.imports import services
from apps.imports.kinds import KINDS
from apps.imports.models import ImportJob, JobStatus
from apps.succession.models import AuditLog
from tests.conftest import Org

pytestmark = pytest.mark.django_db

# The org fixture already has Customer Support and Engineering (both at the top, no head).
FILE = (
    "name,parent,head\n"
    "Operations,,director@example.com\n"  # 2: new, top
    "Customer Support,Operations,manager@example.com\n"  # 3: existing, moved under a new one
    "Service Desk,Customer Support,\n"  # 4: new, under an existing one
    "Engineering,,\n"  # 5: existing, unchanged
)


def check(org: Org, text: str) -> ImportJob:
    job = services.job_create(
        kind="departments",
        file_name="departments.csv",
        data=text.encode(),
        actor=org.hr_user,
        enqueue=False,
    )
    return services.job_check(job.pk)


def write(org: Org, job: ImportJob) -> ImportJob:
    assert job.status == JobStatus.READY, issues(job)
    services.job_confirm(job=job, actor=org.hr_user, enqueue=False)
    job = services.job_write(job.pk)
    assert job.status == JobStatus.DONE, job.message
    return job


def counts(job: ImportJob) -> tuple[int, int, int, int]:
    s = job.summary
    return s["create"], s["update"], s["unchanged"], s["errors"]


def issues(job: ImportJob) -> list[tuple[int, str, str]]:
    return [(i.row, i.column, i.message) for i in job.issues.all()]


def tree() -> dict[str, tuple[str | None, str | None]]:
    return {
        d.name: (d.parent.name if d.parent else None, d.head.full_name if d.head else None)
        for d in Department.objects.select_related("parent", "head")
    }


def test_departments_come_between_requirements_and_employees() -> None:
    keys = list(KINDS)
    assert keys.index("requirements") < keys.index("departments") < keys.index("employees")


def test_it_creates_moves_and_heads_departments_as_the_file_says(org: Org) -> None:
    job = check(org, FILE)

    assert counts(job) == (2, 1, 1, 0)
    assert job.summary["samples"] == {
        "create": ["Operations", "Service Desk"],
        "update": ["Customer Support (parent, head)"],
    }
    assert Department.objects.count() == 2  # nothing before HR confirms

    write(org, job)

    assert tree() == {
        "Customer Support": ("Operations", "Manager"),
        "Engineering": (None, None),
        "Operations": (None, "Director"),
        "Service Desk": ("Customer Support", None),
    }
    assert AuditLog.objects.filter(summary__startswith="Imported departments.csv").count() == 1


def test_re_running_the_same_file_changes_nothing(org: Org) -> None:
    write(org, check(org, FILE))

    again = check(org, FILE)

    assert counts(again) == (0, 0, 4, 0)
    write(org, again)
    assert Department.objects.count() == 4


def test_a_child_row_may_come_before_its_parents_row(org: Org) -> None:
    write(org, check(org, "name,parent\nTeam A,Division\nDivision,Group\nGroup,\n"))

    assert tree()["Team A"] == ("Division", None)
    assert tree()["Division"] == ("Group", None)
    assert tree()["Group"] == (None, None)


def test_a_column_left_out_keeps_the_field_and_an_empty_cell_clears_it(org: Org) -> None:
    write(org, check(org, FILE))

    # No head column: heads stay. An empty parent: Customer Support goes back to the top.
    job = check(org, "name,parent\nCustomer Support,\n")

    assert counts(job) == (0, 1, 0, 0)
    assert job.summary["samples"]["update"] == ["Customer Support (parent)"]
    write(org, job)
    assert tree()["Customer Support"] == (None, "Manager")
    assert tree()["Operations"] == (None, "Director")


def test_a_name_matches_in_any_case_and_takes_the_files_spelling(org: Org) -> None:
    job = check(org, "name\ncustomer support\nENGINEERING\nLegal\n")

    assert counts(job) == (1, 2, 0, 0)
    write(org, job)
    assert set(Department.objects.values_list("name", flat=True)) == {
        "customer support",
        "ENGINEERING",
        "Legal",
    }


def test_every_bad_row_is_named_with_its_column_and_reason(org: Org) -> None:
    text = (
        "name,parent,head\n"
        ",Operations,\n"  # 2: no name
        "Operations,Nowhere,\n"  # 3: a parent found nowhere
        "operations,,\n"  # 4: the same department again
        "Legal,Legal,\n"  # 5: its own parent
        f"{'x' * 121},,\n"  # 6: too long
        "Finance,,nobody-here@example.com\n"  # 7: an unknown head
        "Payroll,Finance,\n"  # 8: fine, under a refused row's department
    )

    job = check(org, text)

    assert job.status == JobStatus.INVALID
    assert issues(job) == [
        (2, "name", "Give the department's name: this column cannot be blank."),
        (3, "parent", "There is no department “Nowhere” in this file or in CareerMap."),
        (4, "name", "Row 3 already holds the department “operations”."),
        (5, "parent", "A department cannot be its own parent."),
        (6, "name", f"“{'x' * 40}…” is 121 characters long; the limit is 120."),
        (7, "head", "No one has the external id or work email “nobody-here@example.com”."),
    ]
    assert counts(job) == (1, 0, 0, 6)  # Payroll alone could be created
    assert Department.objects.count() == 2


def test_a_loop_with_departments_already_in_careermap_is_spelt_out(org: Org) -> None:
    support = Department.objects.get(name="Customer Support")
    Department.objects.create(name="Service Desk", parent=support)

    job = check(org, "name,parent\nCustomer Support,Service Desk\n")

    assert issues(job) == [
        (2, "parent", "This parent makes a loop: Customer Support → Service Desk → Customer "
                      "Support.")
    ]  # fmt: skip


def test_a_loop_within_the_file_is_refused_on_every_row_that_closes_it(org: Org) -> None:
    job = check(org, "name,parent\nA,B\nB,C\nC,A\nD,A\n")

    assert issues(job) == [
        (2, "parent", "This parent makes a loop: A → B → C → A."),
        (3, "parent", "This parent makes a loop: B → C → A → B."),
        (4, "parent", "This parent makes a loop: C → A → B → C."),
    ]  # D hangs under the loop without being in it
    assert counts(job)[:3] == (1, 0, 0)


def test_a_file_without_the_name_column_fails_with_the_reason(org: Org) -> None:
    job = check(org, "parent\nOperations\n")

    assert job.status == JobStatus.FAILED
    assert job.message == (
        "The file lacks the required column name. Download the template to see every column."
    )
