"""careermap/db.py: repeated queries are prepared on the server; prefix scopes never are."""

from __future__ import annotations

import pytest
from django.db import connection

from apps.employees.models import Employee
from careermap.db import PreparingCursor
from careermap.env import database_options

pytestmark = pytest.mark.django_db


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_repeated_query_is_prepared_on_the_server() -> None:
    for _ in range(4):
        list(Employee.objects.filter(manager_id=-1).values_list("pk", flat=True))
    prepared = [sql for sql in _prepared() if "employees_employee" in sql]
    assert any('"manager_id" = $1' in sql for sql in prepared), prepared


def test_a_subtree_scope_is_planned_each_time() -> None:
    for _ in range(5):
        list(Employee.objects.filter(path__startswith="/1/").values_list("pk", flat=True))
    assert not [sql for sql in _prepared() if "LIKE" in sql]


def test_the_results_are_the_same_either_way() -> None:
    # A literal and a bound parameter of each common type come back as they went in.
    with connection.cursor() as cursor:
        for _ in range(3):
            cursor.execute("SELECT %s::int + 1, %s::text, %s::boolean", [41, "x", True])
            assert cursor.fetchone() == (42, "x", True)


def test_a_pooler_without_prepared_statements_can_turn_them_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert database_options()["cursor_factory"] is PreparingCursor
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "false")
    assert database_options() == {"options": "-c jit=off"}
