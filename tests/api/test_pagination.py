"""Cursor pagination: follow ``next`` to read every row once; limits and cursors are checked."""

from __future__ import annotations

from http import HTTPStatus

from apps.api.pagination import decode, encode
from tests.api.conftest import get, secret_for
from tests.conftest import Org
from tests.factories import make_employee


def test_following_next_reads_every_row_once_and_ends_with_null(org: Org) -> None:
    for _ in range(5):
        make_employee(department=org.employee.department)
    secret = secret_for(org.hr_user)
    seen: list[str] = []
    url: str | None = "/api/v1/employees?limit=4"
    pages = 0
    while url:
        body = get(secret, url).json()
        seen += [row["id"] for row in body["items"]]
        url, pages = body["next"], pages + 1

    assert pages == 3  # 11 people, 4 a page
    assert len(seen) == len(set(seen)) == 11


def test_next_is_an_absolute_url_keeping_the_other_parameters(org: Org) -> None:
    body = get(secret_for(org.hr_user), "/api/v1/employees", limit=2).json()

    assert body["next"].startswith("http://testserver/api/v1/employees?")
    assert "limit=2" in body["next"]
    assert "cursor=" in body["next"]


def test_a_limit_over_500_is_a_validation_problem(org: Org) -> None:
    response = get(secret_for(org.hr_user), "/api/v1/employees", limit=501)

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert (body["type"], body["title"], body["status"]) == (
        "about:blank", HTTPStatus(422).phrase, 422
    )  # fmt: skip
    assert [error["field"] for error in body["errors"]] == ["limit"]


def test_a_cursor_not_from_us_is_a_validation_problem(org: Org) -> None:
    for cursor in ("nonsense", encode(1)[:-2], "djE6LTE", "djE6OTk5OTk5OTk5OTk5OTk5OTk5OTk5"):
        response = get(secret_for(org.hr_user), "/api/v1/employees", cursor=cursor)
        assert response.status_code == 422, cursor
        assert response.json()["errors"][0]["field"] == "cursor"


def test_a_cursor_round_trips_and_is_opaque() -> None:
    assert decode(encode(12345)) == 12345
    assert "12345" not in encode(12345)
