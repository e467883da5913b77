"""Key position is one concept (issue 15): the catalogue's flag and Succession's plans agree.

Flagging a role in the catalogue offers its plan in one click (the role page, and the key
positions list for every flagged role still without one); planning a role in Succession flags
it; unflagging keeps the plan and its history and says so; the succession report claims no
coverage when there is nothing to cover.
"""

from __future__ import annotations

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.roles.models import Role, Track
from apps.succession.models import AuditLog, Readiness, SuccessionPlan
from apps.succession.services import plans as services
from tests.conftest import Org, client_for
from tests.factories import RoleFactory
from tests.succession.builders import plan_for, slate

INDEX = reverse("succession:plan-index")
REPORT = reverse("succession:report-succession")


def _edit(role: Role) -> str:
    return reverse("roles:role-edit", args=[role.public_id])


def _for_role(role: Role) -> str:
    return reverse("succession:plan-for-role", args=[role.public_id])


def _save_role(client: Client, role: Role, *, key: bool) -> str:
    """Post the catalogue's role form with the flag set or not; the page it lands on."""
    role.refresh_from_db()
    data = {
        "title": role.title,
        "family": role.family_id,
        "level": role.level,
        "track": Track.INDIVIDUAL,
        "version": role.version,
    } | ({"is_key_position": "on"} if key else {})
    response = client.post(_edit(role), data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_flagging_a_role_offers_its_plan_and_one_click_puts_it_in_succession(org: Org) -> None:
    hr = client_for(org.hr_user)
    role = RoleFactory(title="Head of Sales")

    page = _save_role(hr, role, key=True)
    assert "It is a key position now: open its succession plan below." in page
    assert f'action="{_for_role(role)}"' in page
    assert "Head of Sales" in hr.get(INDEX).content.decode()  # listed, waiting for its plan

    response = hr.post(_for_role(role))

    plan = SuccessionPlan.objects.get(role=role)
    assert plan.incumbent is None
    assert response["Location"] == reverse("succession:plan-detail", args=[plan.public_id])
    assert AuditLog.objects.filter(summary=f"Key position created: {plan}").exists()
    index = hr.get(INDEX).content.decode()
    assert "1 key position" in index
    assert "Flagged in the catalogue, no plan yet" not in index


def test_the_one_click_opens_the_plan_it_already_has(org: Org) -> None:
    hr = client_for(org.hr_user)
    role = RoleFactory(title="Head of Sales", is_key_position=True)
    seat = plan_for(role, incumbent=org.director)

    response = hr.post(_for_role(role))

    assert response["Location"] == reverse("succession:plan-detail", args=[seat.public_id])
    assert SuccessionPlan.objects.filter(role=role).count() == 1


def test_an_unflagged_role_has_no_plan_button_on_its_page(org: Org) -> None:
    role = RoleFactory(title="Head of Sales")
    page = client_for(org.hr_user).get(_edit(role)).content.decode()
    assert _for_role(role) not in page


def test_a_plan_made_in_succession_flags_its_role_in_the_catalogue(org: Org) -> None:
    role = RoleFactory(title="Head of Sales")
    services.plan_create(actor=org.hr_user, role=role, incumbent=org.director)
    role.refresh_from_db()
    assert role.is_key_position
    assert "Key position" in client_for(org.hr_user).get(_edit(role)).content.decode()


def test_moving_a_plan_to_another_role_flags_that_role(org: Org) -> None:
    plan = services.plan_create(actor=org.hr_user, role=RoleFactory(title="Head of Sales"))
    other = RoleFactory(title="Head of Support")
    services.plan_update(
        actor=org.hr_user,
        plan=plan,
        role=other,
        incumbent=None,
        risk_of_loss=plan.risk_of_loss,
        impact_of_loss=plan.impact_of_loss,
        notes="",
        shared_with=[],
    )
    other.refresh_from_db()
    assert other.is_key_position


def test_unflagging_keeps_the_plan_and_its_slate_and_says_what_happens(org: Org) -> None:
    hr = client_for(org.hr_user)
    role = RoleFactory(title="Head of Sales", is_key_position=True)
    plan = plan_for(role)
    slate(plan, (org.employee, Readiness.READY_NOW))

    page = _save_role(hr, role, key=False)

    assert "It is no longer a key position. Any succession plan for it is kept" in page
    assert SuccessionPlan.objects.get(pk=plan.pk).candidates.count() == 1
    index = hr.get(INDEX).content.decode()
    assert re.search(r"Head of Sales</a>\s*<span[^>]*>No longer flagged in the catalogue", index)
    assert "Flagged in the catalogue, no plan yet" not in index


def test_nobody_but_hr_may_create_a_plan_from_the_catalogue(org: Org) -> None:
    role = RoleFactory(title="Head of Sales", is_key_position=True)
    for user in (org.employee.user, org.manager.user, org.director.user):
        assert client_for(user).post(_for_role(role)).status_code == 404
    assert not SuccessionPlan.objects.exists()


def test_the_report_claims_no_coverage_when_there_is_nothing_to_cover(org: Org) -> None:
    hr = client_for(org.hr_user)
    RoleFactory(title="Head of Sales", is_key_position=True)  # flagged, not yet planned

    empty = hr.get(REPORT).content.decode()
    assert "Every position has at least one successor." not in empty
    assert "No key positions have a plan yet, so there is nothing to cover" in empty

    plan = plan_for(Role.objects.get(title="Head of Sales"))
    slate(plan, (org.employee, Readiness.READY_NOW))
    assert "Every position has at least one successor." in hr.get(REPORT).content.decode()


def _index_queries(client: Client) -> int:
    client.get(INDEX)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INDEX).status_code == 200
    return len(queries)


def test_the_key_positions_list_runs_the_same_queries_for_1_or_20_unplanned_roles(
    org: Org,
) -> None:
    hr = client_for(org.hr_user)
    RoleFactory(title="Unplanned 0", is_key_position=True)
    small = _index_queries(hr)
    for n in range(1, 20):
        RoleFactory(title=f"Unplanned {n}", is_key_position=True)
    assert _index_queries(hr) == small
    assert hr.get(INDEX).content.decode().count("Create its plan") == 20
