"""ETags on one employee, department or role, and If-Match on their PATCH: a write made
against a stale read is refused (412), and can be required (428)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from apps.employees.models import Department, Employee
from tests.api.conftest import get, secret_for, send
from tests.conftest import Org
from tests.factories import RoleFactory

STRONG = re.compile(r'^"[0-9a-f]{32}"$')


@pytest.fixture
def hr_writer(org: Org) -> str:
    return secret_for(org.hr_user, "read", "write")


def _urls(org: Org) -> dict[str, str]:
    department = Department.objects.get(name="Customer Support")
    return {
        "employee": f"/api/v1/employees/{org.employee.public_id}",
        "department": f"/api/v1/departments/{department.pk}",
        "role": f"/api/v1/roles/{RoleFactory().public_id}",
    }


# What a PATCH of each changes, for the tests below.
CHANGES: dict[str, dict[str, Any]] = {
    "employee": {"location": "Lisbon"},
    "department": {"name": "CUSTOMER SUPPORT"},
    "role": {"summary": "Answers the customers."},
}
KINDS = list(CHANGES)


@pytest.mark.parametrize("kind", KINDS)
def test_a_record_has_a_strong_etag_that_is_stable(org: Org, hr_writer: str, kind: str) -> None:
    url = _urls(org)[kind]

    first, second = get(hr_writer, url), get(hr_writer, url)

    assert STRONG.match(first["ETag"])
    assert first["ETag"] == second["ETag"]


def test_the_etag_changes_with_anything_the_record_shows(org: Org, hr_writer: str) -> None:
    url = _urls(org)["employee"]
    before = get(hr_writer, url)["ETag"]

    # Not the employee's own row: their manager's name, which the representation shows.
    Employee.objects.filter(pk=org.manager.pk).update(full_name="Renamed Manager")

    assert get(hr_writer, url)["ETag"] != before


@pytest.mark.parametrize("kind", KINDS)
def test_a_patch_with_the_current_etag_succeeds(org: Org, hr_writer: str, kind: str) -> None:
    url = _urls(org)[kind]
    tag = get(hr_writer, url)["ETag"]

    response = send(hr_writer, "PATCH", url, CHANGES[kind], if_match=tag)

    assert response.status_code == 200, response.json()
    assert response["ETag"] != tag
    assert response["ETag"] == get(hr_writer, url)["ETag"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_patch_with_a_stale_etag_is_412_and_writes_nothing(
    org: Org, hr_writer: str, kind: str
) -> None:
    url = _urls(org)[kind]
    stale = get(hr_writer, url)["ETag"]
    assert send(hr_writer, "PATCH", url, CHANGES[kind]).status_code == 200  # someone else
    current = get(hr_writer, url).json()

    response = send(hr_writer, "PATCH", url, {}, if_match=stale)

    assert response.status_code == 412
    assert response["Content-Type"] == "application/problem+json"
    assert get(hr_writer, url).json() == current


def test_a_stale_etag_stops_a_real_change(org: Org, hr_writer: str) -> None:
    url = _urls(org)["employee"]
    stale = get(hr_writer, url)["ETag"]
    send(hr_writer, "PATCH", url, {"location": "Porto"})

    response = send(hr_writer, "PATCH", url, {"location": "Lisbon"}, if_match=stale)

    assert response.status_code == 412
    org.employee.refresh_from_db()
    assert org.employee.location == "Porto"


@pytest.mark.parametrize(
    ("header", "status"),
    [("*", 200), ('"nope", {tag}', 200), ("W/{tag}", 412), ('"nope"', 412)],
    ids=["any", "one-of-a-list", "weak-never-matches", "other"],
)
def test_if_match_forms(org: Org, hr_writer: str, header: str, status: int) -> None:
    url = _urls(org)["employee"]
    tag = get(hr_writer, url)["ETag"]

    response = send(hr_writer, "PATCH", url, {"location": "Lisbon"}, header.format(tag=tag))

    assert response.status_code == status


def test_if_match_can_be_required(org: Org, hr_writer: str, settings: Any) -> None:
    settings.API_REQUIRE_IF_MATCH = True
    url = _urls(org)["employee"]

    missing = send(hr_writer, "PATCH", url, {"location": "Lisbon"})
    given = send(hr_writer, "PATCH", url, {"location": "Lisbon"}, get(hr_writer, url)["ETag"])

    assert missing.status_code == 428
    assert given.status_code == 200


def test_if_match_is_optional_by_default(org: Org, hr_writer: str) -> None:
    url = _urls(org)["employee"]

    assert send(hr_writer, "PATCH", url, {"location": "Lisbon"}).status_code == 200


def test_a_create_answers_the_etag_of_what_it_made(org: Org, hr_writer: str) -> None:
    response = send(hr_writer, "POST", "/api/v1/roles", {"title": "Scribe", "job_family": "Ops"})

    assert response.status_code == 201
    assert response["ETag"] == get(hr_writer, response["Location"])["ETag"]
