"""The org chart: the reporting tree under one person, laid out on the server, drawn as SVG."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.employees.models import Employee
from apps.employees.orgchart import MAX_NODES, NODE_WIDTH, org_chart
from tests.conftest import Org, client_for
from tests.factories import make_employee

pytestmark = pytest.mark.django_db


def _chart(user, **params: str):
    response = client_for(user).get(reverse("employees:chart"), params)
    return response


def _names(html: str) -> list[str]:
    return re.findall(r'class="orgchart__name">([^<]+)<', html)


def test_hr_sees_the_top_of_the_organisation_two_levels_deep(org: Org) -> None:
    html = _chart(org.hr_user).content.decode()
    # Two trees (two tops): HR starts at the first top by name; employee is two levels down.
    assert _names(html) == ["Director", "Manager", "Employee", "Teammate"]
    assert html.count('class="orgchart__edge"') == 3


def test_a_manager_starts_at_themselves_and_never_sees_outside_their_sub_tree(org: Org) -> None:
    html = _chart(org.manager.user).content.decode()
    assert _names(html) == ["Manager", "Employee", "Teammate"]
    assert "Up to" not in html  # the director is above the manager's view
    other = _chart(org.manager.user, root=str(org.other_manager.public_id))
    assert other.status_code == 404


def test_a_manager_sits_centred_over_their_reports(org: Org) -> None:
    chart = org_chart(Employee.objects.visible_to(org.hr_user), org.director, 2)
    boxes = {box.person.full_name: box for box in chart.boxes}
    employee, teammate, manager = boxes["Employee"], boxes["Teammate"], boxes["Manager"]
    assert teammate.x - employee.x >= NODE_WIDTH  # side by side, not overlapping
    assert manager.x == (employee.x + teammate.x) / 2
    assert employee.y > manager.y > boxes["Director"].y


def test_depth_zooms_and_search_jump_to_a_person(org: Org) -> None:
    one = _chart(org.hr_user, depth="1").content.decode()
    assert _names(one) == ["Director", "Manager"]
    assert "+2" in one  # the manager's two reports are not drawn: the box says so
    jump = _chart(org.hr_user, person="manager@example.com")
    assert jump.status_code == 302
    zoomed = client_for(org.hr_user).get(jump["Location"]).content.decode()
    assert _names(zoomed) == ["Manager", "Employee", "Teammate"]
    assert "Up to Director" in zoomed
    missing = _chart(org.manager.user, person="other_employee@example.com").content.decode()
    assert "No one in your part of the organisation" in missing  # not "exists elsewhere"


def test_user_text_is_escaped(org: Org) -> None:
    Employee.objects.filter(pk=org.manager.pk).update(full_name="<script>x</script>")
    html = _chart(org.hr_user).content.decode()
    assert "<script>x" not in html
    assert "&lt;script&gt;x" in html


def test_a_wide_organisation_is_cut_with_a_note_in_fixed_queries(org: Org) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert _chart(org.hr_user, depth="3").status_code == 200
        return len(captured)

    small = queries()
    for _ in range(MAX_NODES + 5):
        make_employee(manager=org.employee)
    html = _chart(org.hr_user, depth="3").content.decode()
    assert len(_names(html)) == MAX_NODES
    assert "more people at this depth are not drawn" in html
    assert queries() == small + 1  # the count of everyone, once cut
