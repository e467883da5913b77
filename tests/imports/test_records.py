"""Rows given as data (the API's and SCIM's writes): the employees import's own check and write,
at once, all or nothing, row-by-row reasons, one audit row."""

from __future__ import annotations

import pytest

from apps.employees.models import Employee, EmploymentStatus
from apps.imports.services import records_apply
from apps.succession.models import AuditLog
from tests.conftest import Org

pytestmark = pytest.mark.django_db


def _apply(org: Org, *records: dict[str, str]):
    return records_apply(kind="employees", records=records, actor=org.hr_user, source="SCIM")


def test_a_new_person_is_written_with_their_manager_and_department(org: Org) -> None:
    plan = _apply(
        org,
        {"full_name": "Ada Lovelace", "work_email": "ada@example.com",
         "manager": "manager@example.com", "department": "Analytics"},
    )  # fmt: skip
    assert (plan.create, plan.issues) == (1, [])
    ada = Employee.objects.get(work_email="ada@example.com")
    assert (ada.manager, ada.department.name, ada.status) == (org.manager, "Analytics", "active")
    assert ada.path.startswith(org.manager.path)  # the reporting tree is maintained
    entry = AuditLog.objects.get(object_type="SCIM write")
    assert (entry.actor, entry.summary) == (
        org.hr_user,
        "SCIM wrote employees and reporting lines: 1 created, 0 updated, 0 unchanged",
    )


def test_an_update_changes_only_the_fields_given(org: Org) -> None:
    plan = _apply(org, {"work_email": "employee@example.com", "full_name": "Em Ployee"})
    assert (plan.update, plan.issues) == (1, [])
    org.employee.refresh_from_db()
    assert (org.employee.full_name, org.employee.manager) == ("Em Ployee", org.manager)


def test_marking_someone_left_closes_their_account_at_once(org: Org) -> None:
    _apply(org, {"work_email": "teammate@example.com", "full_name": "Teammate", "status": "left"})
    org.teammate.refresh_from_db()
    org.teammate.user.refresh_from_db()
    assert org.teammate.status == EmploymentStatus.LEFT
    assert not org.teammate.user.is_active


def test_bad_rows_are_refused_with_reasons_and_nothing_is_written(org: Org) -> None:
    plan = _apply(
        org,
        {"full_name": "Ada", "work_email": "ada@example.com"},
        {"full_name": "Bo", "work_email": "bo@example.com", "manager": "ghost@example.com"},
    )
    assert [(i.row, i.column) for i in plan.issues] == [(3, "manager")]
    assert not Employee.objects.filter(work_email__in=["ada@example.com", "bo@example.com"])
    assert not AuditLog.objects.filter(object_type="SCIM write").exists()


def test_a_reporting_loop_is_refused(org: Org) -> None:
    plan = _apply(
        org, {"work_email": "director@example.com", "full_name": "Director",
              "manager": "employee@example.com"},
    )  # fmt: skip
    assert [i.column for i in plan.issues] == ["manager"]
    org.director.refresh_from_db()
    assert org.director.manager is None


def test_required_fields_missing_from_every_record_are_named(org: Org) -> None:
    plan = _apply(org, {"work_email": "ada@example.com"})
    assert [(i.row, i.column) for i in plan.issues] == [(0, "full_name")]
