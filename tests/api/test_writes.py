"""Writes through the API (HR, write scope): each is one row of an import, checked like a
file's, and can only ever change the record its URL names."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.employees.models import Department, Employee, EmploymentStatus
from apps.roles.models import Role
from apps.succession.models import AuditLog
from tests.api.conftest import get, secret_for, send
from tests.conftest import Org
from tests.factories import JobFamilyFactory, RoleFactory, make_employee

NEW = {"full_name": "Ada Lovelace", "work_email": "ada@example.com"}


@pytest.fixture
def hr_writer(org: Org) -> str:
    return secret_for(org.hr_user, "read", "write")


def _url(person: Employee) -> str:
    return f"/api/v1/employees/{person.public_id}"


def _errors(response: Any) -> dict[str, str]:
    assert response["Content-Type"] == "application/problem+json"
    return {error["field"]: error["message"] for error in response.json()["errors"]}


# --------------------------------------------------------------------------- who may write


def test_a_read_token_may_not_write(org: Org) -> None:
    response = send(secret_for(org.hr_user, "read"), "POST", "/api/v1/employees", NEW)

    assert response.status_code == 403
    assert not Employee.objects.filter(work_email="ada@example.com").exists()


def test_a_write_token_of_someone_no_longer_in_hr_gets_404(org: Org, hr_writer: str) -> None:
    org.hr_user.groups.clear()
    org.hr_user.is_superuser = False
    org.hr_user.save()

    assert send(hr_writer, "POST", "/api/v1/employees", NEW).status_code == 404
    patch = send(hr_writer, "PATCH", _url(org.employee), {"location": "Lisbon"})
    assert patch.status_code == 404
    org.employee.refresh_from_db()
    assert org.employee.location != "Lisbon"


def test_a_managers_token_cannot_hold_the_write_scope(org: Org) -> None:
    from django.core.exceptions import ValidationError

    assert org.manager.user is not None
    with pytest.raises(ValidationError):
        secret_for(org.manager.user, "write")


def test_an_unknown_id_answers_404(org: Org, hr_writer: str) -> None:
    url = "/api/v1/employees/00000000-0000-0000-0000-000000000000"

    assert send(hr_writer, "PATCH", url, {"location": "Lisbon"}).status_code == 404


# --------------------------------------------------------------------------- create


def test_hr_creates_an_employee_with_department_manager_and_role(org: Org, hr_writer: str) -> None:
    RoleFactory(title="Support Agent")
    body = {
        **NEW,
        "external_id": "E42",
        "department": "Research",
        "manager": str(org.manager.public_id),
        "role": "support agent",
        "hire_date": "2024-03-01",
        "timezone": "europe/lisbon",
        "status": "on_leave",
    }

    response = send(hr_writer, "POST", "/api/v1/employees", body)

    assert response.status_code == 201, response.json()
    person = Employee.objects.get(work_email="ada@example.com")
    assert response["Location"].endswith(f"/api/v1/employees/{person.public_id}")
    assert response["ETag"] == get(hr_writer, _url(person))["ETag"]
    created = response.json()
    assert created["department"]["name"] == "Research"
    assert created["manager"]["id"] == str(org.manager.public_id)
    assert created["role"]["title"] == "Support Agent"
    assert (created["external_id"], created["hire_date"]) == ("E42", "2024-03-01")
    assert (person.timezone, person.status) == ("Europe/Lisbon", EmploymentStatus.ON_LEAVE)
    assert person.path == f"{org.manager.path}{person.pk}/"
    assert AuditLog.objects.filter(summary__startswith="API wrote").exists()


def test_a_taken_email_is_a_conflict_and_writes_nothing(org: Org, hr_writer: str) -> None:
    body = {**NEW, "work_email": "EMPLOYEE@example.com", "department": "Brand New"}

    response = send(hr_writer, "POST", "/api/v1/employees", body)

    assert response.status_code == 409
    assert "work_email" in _errors(response)
    assert not Department.objects.filter(name="Brand New").exists()
    assert Employee.objects.filter(work_email__iexact="employee@example.com").count() == 1


def test_a_taken_external_id_is_a_conflict(org: Org, hr_writer: str) -> None:
    make_employee(external_id="E7")

    response = send(hr_writer, "POST", "/api/v1/employees", {**NEW, "external_id": "E7"})

    assert response.status_code == 409
    assert "external_id" in _errors(response)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"work_email": "not an email"}, "work_email"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"role": "No Such Role"}, "role"),
        ({"manager": "00000000-0000-0000-0000-000000000000"}, "manager"),
        ({"full_name": "   "}, "full_name"),
        ({"full_name": "x" * 151}, "full_name"),
        ({"location": "nul\x00byte"}, "location"),
        ({"hire_date": "0001-01-01"}, "hire_date"),
        ({"status": "retired"}, "status"),
        ({"salary": 10}, "salary"),
    ],
)
def test_the_imports_rules_answer_422_naming_the_field(
    org: Org, hr_writer: str, change: dict[str, Any], field: str
) -> None:
    response = send(hr_writer, "POST", "/api/v1/employees", {**NEW, **change})

    assert response.status_code == 422, response.json()
    assert field in _errors(response)
    assert not Employee.objects.filter(full_name="Ada Lovelace").exists()


# --------------------------------------------------------------------------- update


def test_a_patch_changes_only_the_fields_sent(org: Org, hr_writer: str) -> None:
    before = get(hr_writer, _url(org.employee)).json()

    response = send(hr_writer, "PATCH", _url(org.employee), {"location": "Lisbon"})

    assert response.status_code == 200, response.json()
    after = response.json()
    assert after["location"] == "Lisbon"
    unchanged = {k: v for k, v in before.items() if k not in {"location", "updated_at"}}
    assert unchanged == {k: v for k, v in after.items() if k in unchanged}


def test_a_patch_keeps_a_leaver_a_leaver(org: Org, hr_writer: str) -> None:
    Employee.objects.filter(pk=org.teammate.pk).update(status=EmploymentStatus.LEFT)

    response = send(hr_writer, "PATCH", _url(org.teammate), {"location": "Porto"})

    assert response.status_code == 200
    assert response.json()["status"] == EmploymentStatus.LEFT


def test_a_patch_moves_a_person_and_clears_their_manager(org: Org, hr_writer: str) -> None:
    moved = send(
        hr_writer, "PATCH", _url(org.employee), {"manager": str(org.other_manager.public_id)}
    )
    assert moved.json()["manager"]["id"] == str(org.other_manager.public_id)

    cleared = send(hr_writer, "PATCH", _url(org.employee), {"manager": None, "role": None})

    assert cleared.status_code == 200
    assert (cleared.json()["manager"], cleared.json()["role"]) == (None, None)
    org.employee.refresh_from_db()
    assert org.employee.path == f"/{org.employee.pk}/"


def test_a_reporting_loop_is_refused(org: Org, hr_writer: str) -> None:
    response = send(
        hr_writer, "PATCH", _url(org.director), {"manager": str(org.employee.public_id)}
    )

    assert response.status_code == 422
    assert "manager" in _errors(response)
    org.director.refresh_from_db()
    assert org.director.manager_id is None


def test_null_is_refused_for_what_a_person_always_has(org: Org, hr_writer: str) -> None:
    response = send(hr_writer, "PATCH", _url(org.employee), {"full_name": None})

    assert response.status_code == 422
    assert "full_name" in _errors(response)


def test_a_person_with_an_external_id_can_change_email(org: Org, hr_writer: str) -> None:
    Employee.objects.filter(pk=org.employee.pk).update(external_id="E1")

    response = send(hr_writer, "PATCH", _url(org.employee), {"work_email": "new@example.com"})

    assert response.status_code == 200, response.json()
    org.employee.refresh_from_db()
    assert org.employee.work_email == "new@example.com"


def test_someone_elses_email_is_a_conflict_and_changes_nobody(org: Org, hr_writer: str) -> None:
    Employee.objects.filter(pk=org.employee.pk).update(external_id="E1")
    body = {"work_email": org.teammate.work_email, "full_name": "Hijacked"}

    response = send(hr_writer, "PATCH", _url(org.employee), body)

    assert response.status_code == 409
    assert "work_email" in _errors(response)
    assert set(Employee.objects.values_list("full_name", flat=True)) >= {"Employee", "Teammate"}
    assert not Employee.objects.filter(full_name="Hijacked").exists()


def test_a_patch_without_external_id_never_reaches_the_holder_of_the_new_email(
    org: Org, hr_writer: str
) -> None:
    # The import would match this row to the teammate by email: the API must refuse it.
    body = {"work_email": org.teammate.work_email, "full_name": "Hijacked"}

    response = send(hr_writer, "PATCH", _url(org.employee), body)

    assert response.status_code == 422
    assert "work_email" in _errors(response)
    assert not Employee.objects.filter(full_name="Hijacked").exists()
    assert Employee.objects.count() == 6


def test_a_patch_without_external_id_cannot_create_a_person(org: Org, hr_writer: str) -> None:
    response = send(hr_writer, "PATCH", _url(org.employee), {"work_email": "fresh@example.com"})

    assert response.status_code == 422
    assert Employee.objects.count() == 6


def test_hr_cannot_mark_themselves_left(org: Org, hr_writer: str) -> None:
    me = make_employee(user=org.hr_user)

    response = send(hr_writer, "PATCH", _url(me), {"status": "left"})

    assert response.status_code == 422
    assert "status" in _errors(response)


def _patch_queries(secret: str, person: Employee, location: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert send(secret, "PATCH", _url(person), {"location": location}).status_code == 200
    return len(queries)


def test_a_patch_costs_the_same_queries_at_any_size(org: Org, hr_writer: str) -> None:
    _patch_queries(hr_writer, org.employee, "Warm-up")  # records the token's last use
    small = _patch_queries(hr_writer, org.employee, "Lisbon")
    for _ in range(25):
        make_employee(manager=org.employee, department=org.employee.department)

    assert _patch_queries(hr_writer, org.employee, "Porto") == small


# --------------------------------------------------------------------------- departments


def test_hr_creates_and_moves_a_department(org: Org, hr_writer: str) -> None:
    parent = Department.objects.get(name="Engineering")

    created = send(hr_writer, "POST", "/api/v1/departments", {"name": "Platform"})
    assert created.status_code == 201, created.json()
    url = f"/api/v1/departments/{created.json()['id']}"
    assert created["Location"].endswith(url)

    moved = send(hr_writer, "PATCH", url, {"parent_id": parent.pk, "name": "PLATFORM"})

    assert moved.status_code == 200, moved.json()
    assert (moved.json()["parent_id"], moved.json()["name"]) == (parent.pk, "PLATFORM")


def test_a_department_name_taken_in_any_case_is_a_conflict(org: Org, hr_writer: str) -> None:
    response = send(hr_writer, "POST", "/api/v1/departments", {"name": "engineering"})

    assert response.status_code == 409
    assert Department.objects.count() == 2


def test_a_department_cannot_be_renamed_or_loop(org: Org, hr_writer: str) -> None:
    department = Department.objects.get(name="Engineering")
    url = f"/api/v1/departments/{department.pk}"

    renamed = send(hr_writer, "PATCH", url, {"name": "Software"})
    looped = send(hr_writer, "PATCH", url, {"parent_id": department.pk})

    assert renamed.status_code == 422
    assert "name" in _errors(renamed)
    assert looped.status_code == 422
    assert "parent_id" in _errors(looped)
    assert not Department.objects.filter(name="Software").exists()


# --------------------------------------------------------------------------- roles


def test_hr_creates_and_changes_a_role(org: Org, hr_writer: str) -> None:
    body = {"title": "Data Engineer", "job_family": "Data", "level": 4, "is_key_position": True}

    created = send(hr_writer, "POST", "/api/v1/roles", body)
    assert created.status_code == 201, created.json()
    role = Role.objects.get(title="Data Engineer")
    assert (role.family.name, role.level, role.is_key_position) == ("Data", 4, True)

    url = f"/api/v1/roles/{role.public_id}"
    changed = send(hr_writer, "PATCH", url, {"track": "manager", "summary": "Runs pipelines."})

    assert changed.status_code == 200, changed.json()
    assert (changed.json()["track"], changed.json()["summary"]) == ("manager", "Runs pipelines.")
    assert changed.json()["level"] == 4


def test_role_rules_answer_422_or_409(org: Org, hr_writer: str) -> None:
    role = RoleFactory(title="Analyst", family=JobFamilyFactory(), summary="Reads data.", level=3)
    url = f"/api/v1/roles/{role.public_id}"

    taken = send(hr_writer, "POST", "/api/v1/roles", {"title": "ANALYST", "job_family": "X"})
    high = send(hr_writer, "PATCH", url, {"level": 13})
    renamed = send(hr_writer, "PATCH", url, {"title": "Scientist"})
    emptied = send(hr_writer, "PATCH", url, {"summary": ""})

    assert taken.status_code == 409
    assert high.status_code == 422
    assert "level" in _errors(high)
    assert renamed.status_code == 422
    assert "title" in _errors(renamed)
    assert emptied.status_code == 422
    assert "summary" in _errors(emptied)
    role.refresh_from_db()
    assert (role.title, role.summary, role.level) == ("Analyst", "Reads data.", 3)
