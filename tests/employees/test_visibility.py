"""Who sees whom: ``Employee.objects.visible_to`` and the per-request answers access.py caches."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import User
from apps.employees.access import has_reports, viewer_employee
from apps.employees.models import Employee
from tests.conftest import Org

pytestmark = pytest.mark.django_db


def _names(user: User | AnonymousUser) -> set[str]:
    return set(Employee.objects.visible_to(user).values_list("full_name", flat=True))


def _fresh(user: User | None) -> User:
    """The user as a new request would load it: nothing cached on it yet."""
    assert user is not None
    return User.objects.get(pk=user.pk)


def test_it_shows_a_manager_themselves_and_everyone_under_them(org: Org) -> None:
    assert _names(_fresh(org.director.user)) == {
        "Director",
        "Manager",
        "Employee",
        "Teammate",
    }


def test_it_shows_an_employee_only_themselves(org: Org) -> None:
    assert _names(_fresh(org.employee.user)) == {"Employee"}


def test_it_shows_hr_everyone(org: Org) -> None:
    assert _names(org.hr_user) == set(Employee.objects.values_list("full_name", flat=True))


def test_it_shows_nobody_to_a_user_without_a_record_or_to_anonymous(org: Org) -> None:
    assert _names(org.nobody) == set()
    assert _names(AnonymousUser()) == set()


def test_it_chains_with_the_other_reads(org: Org) -> None:
    Employee.objects.filter(pk=org.teammate.pk).update(status="left")
    visible = Employee.objects.visible_to(_fresh(org.manager.user)).active()
    assert set(visible.direct_reports_of(org.manager)) == {org.employee}


def test_it_looks_the_viewer_and_their_reports_up_once_per_request(org: Org) -> None:
    user = _fresh(org.manager.user)
    with CaptureQueriesContext(connection) as queries:
        assert viewer_employee(user) == org.manager
        assert has_reports(user)
        assert has_reports(user)
        assert viewer_employee(user) == org.manager
    assert len(queries) == 2


def test_it_says_who_has_reports(org: Org) -> None:
    assert has_reports(_fresh(org.manager.user))
    assert not has_reports(_fresh(org.employee.user))
    assert not has_reports(org.nobody)
