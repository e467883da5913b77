"""``updated_at`` is kept by a database trigger, so every write counts (bulk ones and
``queryset.update()`` too); the lists take ``updated_since``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection

from apps.employees.models import Department, Employee
from apps.imports.services import records_apply
from apps.roles.models import Role
from tests.api.conftest import get, secret_for
from tests.conftest import Org
from tests.factories import RoleFactory

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)
SINCE = "2021-01-01T00:00:00Z"


def _backdate(*models: Any) -> None:
    """Every row to 2020. The trigger would stamp the UPDATE itself, so it is switched off
    for this statement (in the test's transaction: undone with it)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for model in models:
            cursor.execute(f"UPDATE {model._meta.db_table} SET updated_at = %s", [LONG_AGO])
        cursor.execute("SET LOCAL session_replication_role = origin")


def _stamp(model: Any, pk: int) -> datetime:
    return model.objects.values_list("updated_at", flat=True).get(pk=pk)


def test_a_new_row_is_stamped(org: Org) -> None:
    assert _stamp(Employee, org.employee.pk) > LONG_AGO
    assert _stamp(Department, org.employee.department_id) > LONG_AGO


@pytest.mark.parametrize("write", ["save", "update", "bulk_update"])
def test_every_kind_of_update_stamps_the_row(org: Org, write: str) -> None:
    _backdate(Employee)
    person = Employee.objects.get(pk=org.employee.pk)
    person.location = "Lisbon"
    if write == "save":
        person.save()
    elif write == "update":
        Employee.objects.filter(pk=person.pk).update(location="Lisbon")
    else:
        Employee.objects.bulk_update([person], ["location"])

    assert _stamp(Employee, person.pk) > LONG_AGO
    assert _stamp(Employee, org.teammate.pk) == LONG_AGO


def test_an_update_that_changes_nothing_keeps_the_stamp(org: Org) -> None:
    _backdate(Employee)

    Employee.objects.filter(pk=org.employee.pk).update(location=org.employee.location)

    assert _stamp(Employee, org.employee.pk) == LONG_AGO


def test_an_import_stamps_the_departments_and_roles_it_changes(org: Org) -> None:
    role, other = RoleFactory(title="Analyst"), RoleFactory(title="Clerk")
    _backdate(Department, Role)

    roles = [{"title": "Analyst", "job_family": "Data", "level": "7"}]
    departments = [{"name": "Engineering", "parent": "Customer Support"}]
    assert not records_apply(kind="roles", records=roles, actor=org.hr_user, source="test").issues
    plan = records_apply(kind="departments", records=departments, actor=org.hr_user, source="t")
    assert not plan.issues

    assert _stamp(Role, role.pk) > LONG_AGO
    assert _stamp(Role, other.pk) == LONG_AGO
    assert _stamp(Department, Department.objects.get(name="Engineering").pk) > LONG_AGO
    assert _stamp(Department, Department.objects.get(name="Customer Support").pk) == LONG_AGO


def _names(response: Any, key: str) -> set[str]:
    assert response.status_code == 200, response.json()
    return {row[key] for row in response.json()["items"]}


def test_the_lists_answer_only_what_changed_since(org: Org) -> None:
    role = RoleFactory(title="Analyst")
    RoleFactory(title="Clerk")
    _backdate(Employee, Department, Role)
    Employee.objects.filter(pk=org.employee.pk).update(location="Lisbon")
    Department.objects.filter(name="Engineering").update(name="Software")
    Role.objects.filter(pk=role.pk).update(level=5)
    secret = secret_for(org.hr_user)

    assert _names(get(secret, "/api/v1/employees", updated_since=SINCE), "full_name") == {
        "Employee"
    }
    assert _names(get(secret, "/api/v1/departments", updated_since=SINCE), "name") == {"Software"}
    assert _names(get(secret, "/api/v1/roles", updated_since=SINCE), "title") == {"Analyst"}
    assert len(_names(get(secret, "/api/v1/employees"), "full_name")) == 6


def test_a_managers_token_sees_only_their_sub_trees_changes(org: Org) -> None:
    _backdate(Employee)
    Employee.objects.filter(pk__in=[org.employee.pk, org.other_employee.pk]).update(location="X")
    assert org.manager.user is not None

    response = get(secret_for(org.manager.user), "/api/v1/employees", updated_since=SINCE)

    assert _names(response, "full_name") == {"Employee"}


def test_the_lists_show_updated_at(org: Org) -> None:
    _backdate(Employee)

    rows = get(secret_for(org.hr_user), "/api/v1/employees").json()["items"]

    assert {row["updated_at"] for row in rows} == {"2020-01-01T00:00:00Z"}


@pytest.mark.parametrize("value", ["2021-01-01T00:00:00", "yesterday", "2021-13-01T00:00:00Z"])
def test_updated_since_needs_a_time_with_its_zone(org: Org, value: str) -> None:
    response = get(secret_for(org.hr_user), "/api/v1/employees", updated_since=value)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "updated_since"
