"""The employees import: people and reporting lines from a file, checked, previewed, written in
bulk, all or nothing; moves, leavers (full sync), returners, idempotence, bulk invitations."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from apps.careermaps.models import CareerMap
from apps.demo.large import large_layout
from apps.employees.models import (
    Department,
    Employee,
    Invitation,
    RatingSource,
    SkillRating,
    SkillRatingHistory,
)
from apps.employees.services import employee_paths_rebuild, invitation_create, rating_set
from apps.imports import services
from apps.imports.invites import invitable, invite_imported
from apps.imports.kinds.base import NoProgress
from apps.imports.kinds.employees import KIND as employees
from apps.imports.kinds.employees import MAX_DEPTH
from apps.imports.models import ImportJob, JobStatus
from apps.succession.models import AuditLog
from careermap.tabular import read_table
from tests.conftest import Org, client_for
from tests.factories import RoleFactory, SkillFactory, make_hr

pytestmark = pytest.mark.django_db

HEADER = (
    "external_id,full_name,work_email,department,manager,role,location,hire_date,timezone,status"
)
PERSONAS = (  # everyone in the org fixture, as a file lists them (no manager column)
    "full_name,work_email\n"
    "Director,director@example.com\nManager,manager@example.com\n"
    "Employee,employee@example.com\nTeammate,teammate@example.com\n"
    "Other Manager,other_manager@example.com\nOther Employee,other_employee@example.com\n"
)


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows, ""]).encode()


def _check(
    data: bytes, org: Org, *, full_sync: bool = False, name: str = "people.csv"
) -> ImportJob:
    job = services.job_create(
        kind="employees",
        file_name=name,
        data=data,
        actor=org.hr_user,
        full_sync=full_sync,
        enqueue=False,
    )
    return services.job_check(job.pk)


def _write(job: ImportJob, org: Org) -> ImportJob:
    services.job_confirm(job=job, actor=org.hr_user, enqueue=False)
    return services.job_write(job.pk)


def _import(data: bytes, org: Org, *, full_sync: bool = False) -> ImportJob:
    job = _check(data, org, full_sync=full_sync)
    assert job.status == JobStatus.READY, list(job.issues.values_list("row", "column", "message"))
    job = _write(job, org)
    assert job.status == JobStatus.DONE, job.message
    return job


def _issues(job: ImportJob) -> list[tuple[int, str, str]]:
    return [(i.row, i.column, i.message) for i in job.issues.all()]


def _counts(job: ImportJob) -> tuple[int, int, int, int, int]:
    s = job.summary
    return s["create"], s["update"], s["unchanged"], s["leave"], s["errors"]


def _person(email: str) -> Employee:
    return Employee.objects.select_related("manager", "department", "current_role").get(
        work_email=email
    )


def assert_paths_follow_managers() -> None:
    """Every materialised path is the chain of managers down to the person."""
    people = {e.pk: e for e in Employee.objects.all()}
    for person in people.values():
        chain, above = [person.pk], person.manager_id
        while above is not None:
            chain.insert(0, above)
            above = people[above].manager_id
        assert person.path == "/" + "".join(f"{pk}/" for pk in chain), person
        assert person.depth == len(chain) - 1, person


# --------------------------------------------------------------------------- good files


def test_it_creates_people_with_managers_departments_and_roles(org: Org):
    role = RoleFactory(title="Support Specialist")
    data = _csv(
        "E1,Ana Silva,Ana.Silva@Example.com,Sales,director@example.com,,Lisbon,2021-03-15,"
        "europe/lisbon,active",
        "E2,Bo Chen,bo@example.com,sales,E1,support specialist,,,,On Leave",
        "E3,Cy Dee,cy@example.com,Customer Support,bo@example.com,,,,,",
    )

    job = _check(data, org)

    assert _counts(job) == (3, 0, 0, 0, 0)
    assert job.summary["extra"] == {"departments to create": 1}
    assert job.summary["samples"]["create"] == ["Ana Silva", "Bo Chen", "Cy Dee"]
    assert not Employee.objects.filter(external_id__isnull=False).exists()  # only a preview

    _write(job, org)

    ana, bo, cy = map(_person, ("ana.silva@example.com", "bo@example.com", "cy@example.com"))
    assert (ana.external_id, ana.manager, ana.department.name) == ("E1", org.director, "Sales")
    assert (ana.location, ana.hire_date, ana.timezone) == (
        "Lisbon",
        date(2021, 3, 15),
        "Europe/Lisbon",
    )
    assert (bo.manager, bo.current_role, bo.status, bo.timezone) == (ana, role, "leave", "UTC")
    assert bo.department == ana.department  # one Sales, matched whatever the case
    assert (cy.manager, cy.department.name) == (bo, "Customer Support")  # an existing one
    assert cy.path == f"{org.director.path}{ana.pk}/{bo.pk}/{cy.pk}/"
    assert Department.objects.count() == 3
    assert_paths_follow_managers()


def test_it_reads_a_workbook_with_a_date_cell(org: Org):
    book = Workbook()
    sheet = book.active
    sheet.append(["Full name", "Work email", "Hire date", "Manager"])
    sheet.append(["Ana Silva", "ana@example.com", datetime(2020, 2, 29), "manager@example.com"])
    buffer = io.BytesIO()
    book.save(buffer)

    job = _import_xlsx(buffer.getvalue(), org)

    ana = _person("ana@example.com")
    assert (ana.hire_date, ana.manager) == (date(2020, 2, 29), org.manager)
    assert job.file_name == "people.xlsx"


def _import_xlsx(data: bytes, org: Org) -> ImportJob:
    job = _check(data, org, name="people.xlsx")
    assert job.status == JobStatus.READY, _issues(job)
    return _write(job, org)


def test_it_matches_by_external_id_else_email_and_an_email_match_takes_the_files_id(org: Org):
    Employee.objects.filter(pk=org.other_manager.pk).update(external_id="E9")
    data = _csv(
        "E9,Olga Manager,olga@example.com",  # E9 is Other Manager: new email and name
        "E1,Employee,EMPLOYEE@example.com",  # no external id yet: matched by email
        header="external_id,full_name,work_email",
    )

    job = _import(data, org)

    assert _counts(job) == (0, 2, 0, 0, 0)
    other = Employee.objects.get(pk=org.other_manager.pk)
    assert (other.full_name, other.work_email) == ("Olga Manager", "olga@example.com")
    assert Employee.objects.get(pk=org.employee.pk).external_id == "E1"
    assert Employee.objects.count() == 6


def test_the_preview_says_what_changes_for_whom(org: Org):
    role = RoleFactory(title="Team Lead")
    data = _csv(
        ",Manager,manager@example.com,Customer Support,other_manager@example.com,Team Lead,,,,",
        ",Employee,employee@example.com,Customer Support,manager@example.com,,,,,",
        ",Newcomer,new@example.com,Customer Support,manager@example.com,,,,,",
    )

    job = _check(data, org)

    assert _counts(job) == (1, 1, 1, 0, 0)
    assert job.summary["extra"] == {"manager changes": 1, "role changes": 1}
    assert job.summary["samples"] == {
        "update": ["Manager (manager, role)"],
        "unchanged": ["Employee"],
        "create": ["Newcomer"],
    }
    assert Employee.objects.get(pk=org.manager.pk).current_role != role


def test_a_column_left_out_leaves_that_field_as_it_is(org: Org):
    role = RoleFactory(title="Analyst")
    Employee.objects.filter(pk=org.employee.pk).update(current_role=role, location="Porto")

    job = _import(_csv("Employee E.,employee@example.com", header="full_name,work_email"), org)

    assert _counts(job) == (0, 1, 0, 0, 0)
    employee = _person("employee@example.com")
    assert (employee.full_name, employee.current_role, employee.location) == (
        "Employee E.",
        role,
        "Porto",
    )
    assert employee.manager == org.manager


# --------------------------------------------------------------------------- bad files

BAD_ROWS = [
    (",,nameless@example.com,,,,,,,", "full_name", "The full name is missing."),
    (",Ana,,,,,,,,", "work_email", "The work email is missing."),
    (",Ana,ana.example,,,,,,,", "work_email", "“ana.example” is not an email address."),
    (",Ana,ana@example.com,,nobody-known,,,,,", "manager",
     "No one has the external id or work email “nobody-known”, in this file or in CareerMap."),
    ("E1,Ana,ana@example.com,,E1,,,,,", "manager", "A person cannot be their own manager."),
    (",Ana,ana@example.com,,,,,15/03/2021,,", "hire_date",
     "“15/03/2021” is not a date CareerMap can read: write it as YYYY-MM-DD, e.g. 2021-03-15."),
    (",Ana,ana@example.com,,,,,,Lisbon,", "timezone",
     "“Lisbon” is not a time zone: use an IANA name such as Europe/Lisbon or UTC."),
    (",Ana,ana@example.com,,,,,,,retired", "status",
     "“retired” is not a status: use active, on leave or left."),
    (",Ana,ana@example.com,,,Chief Dreamer,,,,", "role",
     "There is no role “Chief Dreamer” in CareerMap: add it to the catalogue (or import the "
     "roles) first, or leave the cell empty."),
    (",Ana,manager@example.com,,employee@example.com,,,,,", "manager",
     "This makes a reporting loop: Ana → Employee → Ana (each reports to the next)."),
]  # fmt: skip


@pytest.mark.parametrize(("row", "column", "message"), BAD_ROWS)
def test_each_problem_is_named_with_its_row_and_column(org: Org, row, column, message):
    job = _check(_csv(",Good Person,good@example.com,,,,,,,", row), org)

    assert job.status == JobStatus.INVALID
    assert _issues(job) == [(3, column, message)]
    assert _counts(job)[:3] == (1, 0, 0)  # the good row is still counted
    assert not Employee.objects.filter(work_email="good@example.com").exists()


def test_duplicates_within_the_file_name_the_first_row(org: Org):
    job = _check(
        _csv(
            "E1,Ana,ana@example.com,,,,,,,",
            "E2,Bo,ANA@example.com,,,,,,,",
            "E1,Cy,cy@example.com,,,,,,,",
        ),
        org,
    )

    assert _issues(job) == [
        (3, "work_email", "The work email ana@example.com appears again: it is on row 2 already."),
        (4, "external_id", "The external id E1 appears again: it is on row 2 already."),
    ]


def test_an_email_that_belongs_to_someone_else_is_refused_naming_them(org: Org):
    Employee.objects.filter(pk=org.manager.pk).update(external_id="M1")
    Employee.objects.filter(pk=org.employee.pk).update(external_id="P1")

    taken = _check(_csv("P1,Employee,manager@example.com,,,,,,,"), org)  # P1 is Employee
    new_id = _check(_csv("X7,Someone,manager@example.com,,,,,,,"), org)  # X7 is nobody yet

    assert _issues(taken) == [
        (2, "work_email", "manager@example.com is already the work email of Manager "
         "(external id M1).")
    ]  # fmt: skip
    assert _issues(new_id) == [
        (2, "work_email", "manager@example.com belongs to Manager (external id M1), not to the "
         "new external id X7.")
    ]  # fmt: skip


def test_a_manager_who_has_left_cannot_take_reports(org: Org):
    Employee.objects.filter(pk=org.other_manager.pk).update(status="left")

    job = _check(_csv(",Ana,ana@example.com,,other_manager@example.com,,,,,"), org)

    assert _issues(job) == [(2, "manager", "Other Manager has left.")]


def test_a_loop_across_the_file_and_careermap_names_everyone_in_it(org: Org):
    # Director now reports to Employee, who (in CareerMap) reports to Manager, under Director.
    job = _check(_csv(",Director,director@example.com,,employee@example.com,,,,,"), org)

    assert _issues(job) == [
        (
            2,
            "manager",
            "This makes a reporting loop: Director → Employee → "
            "Manager → Director (each reports to the next).",
        )
    ]


def test_a_loop_within_the_file_is_refused_on_each_of_its_rows(org: Org):
    job = _check(
        _csv(
            "A,Ana,ana@example.com,,C,,,,,",
            "B,Bo,bo@example.com,,A,,,,,",
            "C,Cy,cy@example.com,,B,,,,,",
        ),
        org,
    )

    assert [(row, column) for row, column, _ in _issues(job)] == [
        (2, "manager"),
        (3, "manager"),
        (4, "manager"),
    ]
    assert _issues(job)[0][2] == (
        "This makes a reporting loop: Ana → Cy → Bo → Ana (each reports to the next)."
    )


def test_a_reporting_line_too_deep_to_keep_is_refused(org: Org):
    rows = [
        f"P{n},Person {n},p{n}@example.com,,{f'P{n - 1}' if n else ''},,,,,"
        for n in range(MAX_DEPTH + 2)
    ]

    job = _check(_csv(*rows), org)

    assert _issues(job) == [
        (
            MAX_DEPTH + 3,
            "manager",
            f"This puts Person {MAX_DEPTH + 1} more "
            f"than {MAX_DEPTH} levels below the top of the organisation, the "
            "most CareerMap keeps.",
        )
    ]


def test_a_file_with_problems_writes_nothing_even_if_confirmed_later(org: Org):
    job = _check(_csv(",Ana,ana@example.com,New Dept,,,,,,", ",Bo,bo@,,,,,,,"), org)

    assert job.status == JobStatus.INVALID
    with pytest.raises(ValidationError):
        services.job_confirm(job=job, actor=org.hr_user, enqueue=False)
    assert not Employee.objects.filter(work_email="ana@example.com").exists()
    assert not Department.objects.filter(name="New Dept").exists()


# --------------------------------------------------------------------------- moves


def test_a_later_file_moves_people_and_their_sub_trees_keeping_their_history(org: Org):
    lead = RoleFactory(title="Team Lead")
    skill = SkillFactory()
    rating_set(
        employee=org.employee,
        skill=skill,
        level=3,
        source=RatingSource.SELF,
        rated_by=org.employee.user,
    )
    career_map = CareerMap.objects.create(employee=org.manager, aspiration="Lead a region")
    invitation = invitation_create(employee=_person_without_account(org), invited_by=org.hr_user)

    # Manager (with Employee and Teammate under them) moves to Other Manager, as a Team Lead.
    job = _import(
        _csv(",Manager,manager@example.com,Engineering,other_manager@example.com,Team Lead,,,,"),
        org,
    )

    assert _counts(job) == (0, 1, 0, 0, 0)
    manager = _person("manager@example.com")
    assert (manager.manager, manager.current_role, manager.department.name) == (
        org.other_manager,
        lead,
        "Engineering",
    )
    employee = _person("employee@example.com")
    assert employee.path == f"/{org.other_manager.pk}/{manager.pk}/{employee.pk}/"
    assert employee.depth == 2
    moved = Employee.objects.in_subtree(org.other_manager).values_list("work_email", flat=True)
    assert {"manager@example.com", "employee@example.com", "teammate@example.com"} <= set(moved)
    assert not Employee.objects.in_subtree(org.director, include_root=False).exists()
    assert_paths_follow_managers()
    assert CareerMap.objects.get(pk=career_map.pk).employee_id == manager.pk
    assert SkillRating.objects.get(employee=org.employee).self_level == 3
    assert SkillRatingHistory.objects.filter(employee=org.employee).count() == 1
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


def _person_without_account(org: Org) -> Employee:
    return Employee.objects.create(
        full_name="Nadia", work_email="nadia@example.com", manager=org.manager, path="/"
    )


def test_a_move_under_someone_new_in_the_same_file_works(org: Org):
    job = _import(
        _csv(
            "N1,New Boss,boss@example.com,,director@example.com,,,,,",
            ",Manager,manager@example.com,Customer Support,N1,,,,,",
        ),
        org,
    )

    boss = _person("boss@example.com")
    assert _person("teammate@example.com").path == (
        f"/{org.director.pk}/{boss.pk}/{org.manager.pk}/{org.teammate.pk}/"
    )
    assert _counts(job) == (1, 1, 0, 0, 0)
    assert_paths_follow_managers()


def test_the_path_rebuild_recomputes_every_stale_path_and_then_changes_nothing(org: Org):
    Employee.objects.update(path="/", depth=0)

    assert employee_paths_rebuild() == 6
    assert_paths_follow_managers()
    assert employee_paths_rebuild() == 0


# --------------------------------------------------------------------------- leavers


def test_full_sync_makes_people_missing_from_the_file_leave_at_once(org: Org):
    CareerMap.objects.create(employee=org.employee, aspiration="Lead")
    signed_in = client_for(org.employee.user)
    assert signed_in.get(reverse("careermaps:mine")).status_code in (200, 302)
    assert _lands_on_login(signed_in) is False
    file = PERSONAS.replace("Employee,employee@example.com\n", "")

    job = _check(file.encode(), org, full_sync=True)

    assert _counts(job) == (0, 0, 5, 1, 0)
    assert job.summary["samples"]["leave"] == ["Employee"]
    assert job.summary["extra"] == {"accounts to deactivate": 1}
    _write(job, org)
    employee = _person("employee@example.com")
    assert employee.status == "left"  # never deleted
    assert not employee.user.is_active
    assert CareerMap.objects.filter(employee=employee).exists()
    assert employee.manager == org.manager  # their last line stays on record
    assert _lands_on_login(signed_in)  # the open session stops working
    entry = AuditLog.objects.get(object_id=str(job.public_id))
    assert entry.summary.endswith("0 created, 0 updated, 5 unchanged, 1 left")


def test_full_sync_refuses_to_close_the_importers_own_account(org: Org):
    hr_employee = make_hr(org.employee.user)  # an HR person who is an employee in the file
    file = PERSONAS.replace("Employee,employee@example.com\n", "")
    job = services.job_create(
        kind="employees", file_name="people.csv", data=file.encode(), actor=hr_employee,
        full_sync=True, enqueue=False,
    )  # fmt: skip

    job = services.job_check(job.pk)

    assert job.status == JobStatus.INVALID
    ((row, column, message),) = _issues(job)
    assert (row, column) == (0, "status")
    assert "would close your own account (employee@example.com)" in message
    hr_employee.refresh_from_db()
    assert hr_employee.is_active
    # Another HR person may run the same file: the refusal is about who imports it.
    assert _check(file.encode(), org, full_sync=True).status == JobStatus.READY


def _lands_on_login(client) -> bool:
    response = client.get(reverse("careermaps:mine"))
    return response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_without_full_sync_people_missing_from_the_file_stay(org: Org):
    job = _import(_csv("Ana,ana@example.com", header="full_name,work_email"), org)

    assert _counts(job) == (1, 0, 0, 0, 0)
    assert not Employee.objects.filter(status="left").exists()


def test_full_sync_refuses_a_manager_who_would_leave(org: Org):
    file = (
        PERSONAS.replace("Manager,manager@example.com\n", "")
        .replace(
            "Employee,employee@example.com", "Employee,employee@example.com,manager@example.com"
        )
        .replace("full_name,work_email", "full_name,work_email,manager")
    )

    job = _check(file.encode(), org, full_sync=True)

    assert (
        3,
        "manager",
        "Manager is not in the file, so full sync would make them leave: add "
        "them to the file or name another manager.",
    ) in _issues(job)


def test_a_row_marked_left_closes_the_account_and_cannot_manage_anyone(org: Org):
    job = _check(
        _csv(
            ",Teammate,teammate@example.com,,manager@example.com,,,,,Left",
            ",Ana,ana@example.com,,teammate@example.com,,,,,",
        ),
        org,
    )

    assert _issues(job) == [(3, "manager", "Teammate is marked as left in this file.")]

    job = _import(
        _csv(",Teammate,teammate@example.com,Customer Support,manager@example.com,,,,,left"), org
    )

    assert job.summary["extra"] == {"status changes": 1, "accounts to deactivate": 1}
    assert not _person("teammate@example.com").user.is_active


def test_someone_who_left_and_reappears_comes_back_with_their_account(org: Org):
    _import(PERSONAS.replace("Employee,employee@example.com\n", "").encode(), org, full_sync=True)
    assert not _person("employee@example.com").user.is_active

    job = _import(
        _csv("Employee,employee@example.com,on leave", header="full_name,work_email,status"), org
    )

    assert job.summary["extra"] == {"status changes": 1, "accounts to reactivate": 1}
    employee = _person("employee@example.com")
    assert (employee.status, employee.user.is_active) == ("leave", True)
    assert _lands_on_login(client_for(employee.user)) is False


def test_an_account_closed_by_an_admin_is_not_reopened_by_an_import(org: Org):
    user = org.employee.user
    user.is_active = False
    user.save()

    _import(_csv("Employee,employee@example.com,active", header="full_name,work_email,status"), org)

    user.refresh_from_db()
    assert not user.is_active


# --------------------------------------------------------------------------- idempotence


def test_the_same_file_again_changes_nothing_and_writes_nothing(org: Org):
    RoleFactory(title="Support Specialist")
    data = _csv(
        "E1,Ana Silva,ana@example.com,Sales,director@example.com,Support Specialist,Lisbon,"
        "2021-03-15,Europe/Lisbon,active",
        "E2,Bo Chen,bo@example.com,Sales,E1,,,,,on leave",
        ",Manager,manager@example.com,Customer Support,E1,,,,,",
    )
    _import(data, org, full_sync=False)
    before = list(Employee.objects.order_by("pk").values())

    job = _check(data, org)
    with CaptureQueriesContext(connection) as queries:
        job = _write(job, org)

    assert _counts(job) == (0, 0, 3, 0, 0)
    assert job.summary["extra"] == {}
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert [sql for sql in writes if "employees_" in sql or "accounts_" in sql] == []
    assert list(Employee.objects.order_by("pk").values()) == before


# --------------------------------------------------------------------------- large files


def _large_file(total: int, domain: str = "big.example.com") -> bytes:
    """``total`` people six levels deep under one top person, as an HR system exports them."""
    lines = ["external_id,full_name,work_email,department,manager,timezone"]
    for level in large_layout(total, top=1):
        for slot in level:
            manager = f"P{slot.manager}" if slot.manager else ""
            lines.append(
                f"P{slot.index},Person {slot.index},p{slot.index}@{domain},"
                f"Dept {slot.index % 7},{manager},Europe/Lisbon"
            )
    return ("\n".join(lines) + "\n").encode()


def test_a_failure_at_row_19_999_of_20_000_leaves_nothing(org: Org, caplog):
    # A real failure in the last batch of the write: the database refuses the 19,999th person.
    with connection.cursor() as cursor:
        cursor.execute("""
            CREATE FUNCTION test_refuse_person() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
            CREATE TRIGGER test_refuse_person BEFORE INSERT ON employees_employee FOR EACH ROW
                WHEN (NEW.external_id = 'P19999') EXECUTE FUNCTION test_refuse_person();
        """)
    job = _check(_large_file(20_000), org)
    assert _counts(job) == (20_000, 0, 0, 0, 0)

    job = _write(job, org)

    assert job.status == JobStatus.FAILED
    assert "nothing was changed" in job.message
    assert "disk full" in caplog.text  # it failed where the test made it fail
    assert Employee.objects.count() == 6
    assert Department.objects.count() == 2
    assert not AuditLog.objects.exists()


def test_the_check_asks_the_database_the_same_number_of_times_for_50_or_500_rows(org: Org):
    def queries_to_check(rows: int) -> int:
        table = read_table(io.BytesIO(_large_file(rows)), "people.csv")
        with CaptureQueriesContext(connection) as queries:
            plan = employees.plan(table, options={}, full_sync=True, progress=NoProgress())
        assert plan.create == rows
        return len(queries)

    assert queries_to_check(50) == queries_to_check(500) == 3


def test_a_large_file_is_written_with_correct_paths_and_then_found_unchanged(org: Org):
    job = _import(_large_file(2_000), org)

    assert _counts(job) == (2_000, 0, 0, 0, 0)
    assert_paths_follow_managers()
    again = _check(_large_file(2_000), org)
    assert _counts(again) == (0, 0, 2_000, 0, 0)


# --------------------------------------------------------------------------- bulk invite


def test_it_invites_the_imported_people_who_cannot_sign_in_yet(
    org: Org, eager_tasks, django_capture_on_commit_callbacks
):
    pending = _person_without_account(org)
    invitation_create(employee=pending, invited_by=org.hr_user)
    job = _import(
        _csv(
            ",Ana,ana@example.com,,,,,,,",  # new: invited
            ",Bo,bo@example.com,,,,,,,left",  # left: not invited
            ",Nadia,nadia@example.com,,manager@example.com,,,,,",  # an open invitation already
            ",Employee,employee@example.com,,manager@example.com,,,,,",  # can sign in
            ",No Record,nobody@example.com,,,,,,,",  # an account exists with this email
            ",Teammate T.,teammate@example.com,,manager@example.com,,,,,",  # has an account
        ),
        org,
    )
    assert list(invitable(job).values_list("work_email", flat=True)) == ["ana@example.com"]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        invited = invite_imported(job=job, actor=org.hr_user)

    assert invited == 1
    invitation = Invitation.objects.get(email="ana@example.com")
    assert invitation.invited_by == org.hr_user
    assert [message.to for message in mail.outbox] == [["ana@example.com"]]
    assert invite_imported(job=job, actor=org.hr_user) == 0  # a second click invites nobody
    assert AuditLog.objects.filter(summary="Invited 1 person of the import people.csv").exists()


def test_people_an_import_found_unchanged_are_invited_too(org: Org):
    data = _csv(",Ana,ana@example.com,,,,,,,")
    _import(data, org)

    again = _import(data, org)

    assert _counts(again) == (0, 0, 1, 0, 0)
    assert invite_imported(job=again, actor=org.hr_user) == 1
    assert Invitation.objects.get().email == "ana@example.com"


def test_only_a_finished_employee_import_can_invite(org: Org):
    job = _check(_csv(",Ana,ana@example.com,,,,,,,"), org)

    with pytest.raises(ValidationError):
        invite_imported(job=job, actor=org.hr_user)
    assert not Invitation.objects.exists()


# --------------------------------------------------------------------------- the command


def test_the_management_command_checks_and_writes_the_same_way(org: Org, tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_bytes(_csv(",Ana,ana@example.com,,director@example.com,,,,,"))

    call_command("import_data", "employees", str(path), "--write", "--as", "hr@example.com")

    assert _person("ana@example.com").manager == org.director
    assert "Imported" in capsys.readouterr().out
