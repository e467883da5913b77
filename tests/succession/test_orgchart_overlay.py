"""HR's succession overlay on the org chart: key positions and their cover, successors."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.employees.models import Employee
from apps.succession.models import Readiness
from tests.conftest import Org, client_for
from tests.factories import RoleFactory, make_employee
from tests.succession.builders import plan_for, slate

pytestmark = pytest.mark.django_db


def _page(org: Org, **params: str) -> str:
    response = client_for(org.hr_user).get(reverse("succession:org-chart"), params)
    assert response.status_code == 200
    return response.content.decode()


def _marks(html: str) -> list[str]:
    return re.findall(r'class="orgchart__mark[^"]*">([^<]+)<', html)


def test_key_positions_show_their_cover_and_successors_their_readiness(org: Org) -> None:
    head = RoleFactory(title="Head")
    Employee.objects.filter(pk=org.director.pk).update(current_role=head)
    role_wide = plan_for(head)  # every holder of the role: the director's box
    slate(role_wide, (org.manager, Readiness.ONE_TWO_YEARS))
    seat = plan_for(RoleFactory(), incumbent=org.manager)  # the manager's own seat: no successor
    slate(seat, (org.employee, Readiness.READY_NOW))
    slate(seat, (org.teammate, Readiness.THREE_FIVE_YEARS))
    html = _page(org)
    marks = _marks(html)
    assert "Key · 0 of 1 ready now" in marks  # the director's role-wide plan
    assert "Key · 1 of 2 ready now" in marks  # the manager's seat
    assert "Successor · ready now" in marks  # the employee
    assert "Successor · 3-5 years" in marks  # the teammate
    assert "orgchart__stripe--covered" in html
    assert "orgchart__stripe--thin" in html


def test_the_overlay_is_for_hr_only_and_costs_fixed_queries(org: Org) -> None:
    url = reverse("succession:org-chart")
    assert client_for(org.director.user).get(url).status_code == 404
    plain = client_for(org.hr_user).get(reverse("employees:chart")).content.decode()
    assert "orgchart__mark" not in plain  # the plain chart shows no slate data
    assert "Show succession overlay" in plain

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _page(org, depth="3")
        return len(captured)

    small = queries()
    for _ in range(20):
        person = make_employee(manager=org.employee)
        slate(plan_for(RoleFactory(), incumbent=person), (org.teammate, Readiness.READY_NOW))
    assert queries() == small
