"""A token sees exactly what its owner sees: a manager their sub-tree, HR everyone; another
person's ids answer 404; the HR reports need the confidential scope and an HR owner."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import User
from apps.employees.gaps import readiness_for
from apps.roles.models import Importance
from apps.succession.models import Readiness
from tests.api.conftest import get, secret_for
from tests.conftest import Org
from tests.factories import RoleFactory, SkillFactory, make_employee
from tests.succession.builders import plan_for, rate, require, slate


def _user(org: Org, persona: str) -> User:
    user = getattr(org, persona).user
    assert user is not None
    return user


def _names(response: object) -> set[str]:
    return {row["full_name"] for row in response.json()["items"]}  # type: ignore[attr-defined]


def test_a_managers_token_lists_only_their_sub_tree(org: Org) -> None:
    response = get(secret_for(_user(org, "manager")), "/api/v1/employees")

    assert response.status_code == 200
    assert _names(response) == {"Manager", "Employee", "Teammate"}


def test_an_hr_token_lists_everyone(org: Org) -> None:
    response = get(secret_for(org.hr_user), "/api/v1/employees")

    assert _names(response) == {
        "Director", "Manager", "Employee", "Teammate", "Other Manager", "Other Employee"
    }  # fmt: skip


def test_an_employee_record_reads_with_department_role_manager_and_status(org: Org) -> None:
    role = RoleFactory(title="Support Agent")
    org.employee.current_role = role
    org.employee.save()
    url = f"/api/v1/employees/{org.employee.public_id}"

    body = get(secret_for(_user(org, "manager")), url).json()

    assert body["full_name"] == "Employee"
    assert body["department"]["name"] == "Customer Support"
    assert body["role"] == {"id": str(role.public_id), "title": "Support Agent"}
    assert body["manager"] == {"id": str(org.manager.public_id), "full_name": "Manager"}
    assert body["status"] == org.employee.status


@pytest.mark.parametrize("path", ["", "/ratings", "/fit/{role}"], ids=["record", "ratings", "fit"])
def test_another_persons_ids_answer_404(org: Org, path: str) -> None:
    role = RoleFactory()
    url = f"/api/v1/employees/{org.other_employee.public_id}" + path.format(role=role.public_id)

    response = get(secret_for(_user(org, "manager")), url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "No such resource."


def test_ratings_show_self_and_manager_levels(org: Org) -> None:
    skill = SkillFactory(name="Triage")
    rate(org.employee, skill, own=2, manager=3)

    body = get(
        secret_for(_user(org, "manager")), f"/api/v1/employees/{org.employee.public_id}/ratings"
    ).json()

    [row] = body["items"]
    assert row["skill"]["name"] == "Triage"
    assert (row["self_level"], row["manager_level"], row["current_level"]) == (2, 3, 3)


def test_fit_gives_the_gap_engines_readiness_and_gaps(org: Org) -> None:
    role = RoleFactory()
    triage, writing = SkillFactory(name="Triage"), SkillFactory(name="Writing")
    require(role, triage, 4)
    require(role, writing, 2, Importance.DESIRABLE)
    rate(org.employee, triage, own=2)
    rate(org.employee, writing, own=2, manager=1)
    url = f"/api/v1/employees/{org.employee.public_id}/fit/{role.public_id}"

    body = get(secret_for(_user(org, "manager")), url).json()

    assert body["readiness"] == readiness_for(org.employee, role)
    gaps = {row["skill"]["name"]: row["gap"] for row in body["skills"]}
    assert gaps == {"Triage": 2, "Writing": 1}


def test_a_read_token_may_not_open_the_confidential_reports(org: Org) -> None:
    for report in ("bench-strength", "skill-supply"):
        response = get(secret_for(org.hr_user, "read"), f"/api/v1/reports/{report}")
        assert response.status_code == 403
        assert "confidential" in response.json()["detail"]


def test_a_confidential_token_of_someone_no_longer_in_hr_gets_404(org: Org) -> None:
    secret = secret_for(org.hr_user, "read", "confidential")
    org.hr_user.groups.clear()

    for report in ("bench-strength", "skill-supply"):
        assert get(secret, f"/api/v1/reports/{report}").status_code == 404


def test_hr_reads_bench_strength_with_the_confidential_scope(org: Org) -> None:
    covered, empty = (
        plan_for(RoleFactory(title="Head of Support"), org.manager),
        plan_for(RoleFactory(title="CTO"), org.other_manager),
    )
    slate(covered, (org.employee, Readiness.READY_NOW))

    body = get(secret_for(org.hr_user, "confidential"), "/api/v1/reports/bench-strength").json()

    assert (body["positions"], body["with_ready_now"], body["with_any_successor"]) == (2, 1, 1)
    assert body["ready_now_coverage"] == 50.0
    assert [p["id"] for p in body["positions_without_successor"]] == [str(empty.public_id)]


def test_hr_reads_skill_supply_and_demand(org: Org) -> None:
    role, skill = RoleFactory(), SkillFactory(name="Triage")
    require(role, skill, 3)
    for person in (org.employee, org.teammate):
        person.current_role = role
        person.save()
    rate(org.employee, skill, own=3)

    body = get(secret_for(org.hr_user, "confidential"), "/api/v1/reports/skill-supply").json()

    [row] = body["items"]
    assert (row["skill"]["name"], row["needed"], row["met"], row["shortfall"]) == (
        "Triage", 2, 1, 1
    )  # fmt: skip


def _queries(secret: str, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert get(secret, url).status_code == 200
    return len(queries)


def _grow(org: Org, n: int) -> None:
    for _ in range(n):
        make_employee(manager=org.employee, department=org.employee.department)
        role = RoleFactory()
        require(role, SkillFactory(), 2)
        require(role, SkillFactory(), 3)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/employees",
        "/api/v1/employees?updated_since=2000-01-01T00:00:00Z",
        "/api/v1/roles",
        "/api/v1/roles?updated_since=2000-01-01T00:00:00Z",
        "/api/v1/skills",
    ],
)
def test_a_page_costs_the_same_queries_at_any_size(org: Org, url: str) -> None:
    secret = secret_for(org.hr_user)
    get(secret, url)  # the first call records the token's last use
    _grow(org, 2)
    small = _queries(secret, url)
    _grow(org, 30)

    assert _queries(secret, url) == small
