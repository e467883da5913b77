"""Sharing a slate: only with people who may see confidential data about everyone on the plan.

A slate tells its readers how ready each successor is ("Ready now"). HR may share it with a
manager above the incumbent and every successor; never with someone on it, nor their peers,
nor a manager of another team. A share that stops holding (someone outside the manager's line
joins the slate) grants nothing from then on, and the plan page says who can see it.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.employees.services import employee_set_manager
from apps.succession.models import AuditLog, Readiness, SuccessionPlan
from apps.succession.services import plans as services
from tests.conftest import Org, client_for
from tests.factories import RoleFactory, UserFactory, make_employee, make_hr
from tests.succession.builders import plan_for, slate

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(org: Org) -> SuccessionPlan:
    """Role-wide, with the employee ready now: the manager and the director are above them."""
    plan = plan_for(RoleFactory(title="Team Lead"))
    slate(plan, (org.employee, Readiness.READY_NOW))
    return plan


def _edit(org: Org, plan: SuccessionPlan, shared: str):
    data = {"role": plan.role_id, "incumbent": "", "risk_of_loss": "low",
            "impact_of_loss": "low", "shared_with": shared}  # fmt: skip
    data["version"] = SuccessionPlan.objects.get(pk=plan.pk).version  # the form as opened now
    return client_for(org.hr_user).post(
        reverse("succession:plan-edit", args=[plan.public_id]), data
    )


def _detail(plan: SuccessionPlan) -> str:
    return reverse("succession:plan-detail", args=[plan.public_id])


def test_hr_shares_with_managers_above_everyone_on_it(org: Org, plan: SuccessionPlan) -> None:
    response = _edit(org, plan, "manager@example.com\ndirector@example.com")
    assert response.status_code == 302
    assert set(plan.shared_with.all()) == {org.manager.user, org.director.user}
    page = client_for(org.manager.user).get(_detail(plan))
    assert page.status_code == 200
    assert "Ready now" in page.content.decode()


@pytest.mark.parametrize(
    ("who", "why"),
    [
        ("employee", "Employee is on this plan: nobody sees a plan about themselves."),
        ("teammate", "Teammate may not see confidential data about Employee"),  # a peer
        ("other_manager", "Other Manager may not see confidential data about Employee"),
    ],
)
def test_sharing_with_anyone_else_is_refused_beside_the_field(
    org: Org, plan: SuccessionPlan, who: str, why: str
) -> None:
    before = AuditLog.objects.count()
    response = _edit(org, plan, f"manager@example.com\n{who}@example.com")
    assert response.status_code == 200
    errors = response.context["form"].errors["shared_with"]
    assert len(errors) == 1
    assert errors[0].startswith(why)
    assert why.split(":")[0].replace("'", "&#x27;") in response.content.decode()
    plan.refresh_from_db()
    assert (plan.risk_of_loss, list(plan.shared_with.all())) == ("medium", [])  # nothing saved
    assert AuditLog.objects.count() == before


def test_a_seat_is_shared_only_above_its_holder(org: Org) -> None:
    """The manager is above his report's successor but not above his own manager's seat."""
    with pytest.raises(ValidationError, match="may not see confidential data about Director"):
        services.plan_create(
            actor=org.hr_user, role=RoleFactory(), incumbent=org.director,
            shared_with=[org.manager.user],
        )  # fmt: skip
    assert not SuccessionPlan.objects.exists()


def test_an_account_without_employee_record_is_refused(org: Org, plan: SuccessionPlan) -> None:
    response = _edit(org, plan, "nobody@example.com")
    (error,) = response.context["form"].errors["shared_with"]
    assert error == "No Record has no employee record, so may see no one's talent data."


def test_another_hr_person_may_be_shared_with_unless_on_the_plan(
    org: Org, plan: SuccessionPlan
) -> None:
    colleague = make_hr(UserFactory(email="hr2@example.com", name="Second HR"))
    assert _edit(org, plan, "hr2@example.com").status_code == 302
    make_employee(user=colleague, name="Second HR")
    services.candidate_add(
        actor=org.hr_user, plan=plan, employee=colleague.employee, readiness="3-5"
    )
    (error,) = _edit(org, plan, "hr2@example.com").context["form"].errors["shared_with"]
    assert error.startswith("Second HR is on this plan")


def test_a_share_that_stopped_holding_grants_nothing(org: Org, plan: SuccessionPlan) -> None:
    plan.shared_with.add(org.manager.user)
    manager = client_for(org.manager.user)
    assert manager.get(_detail(plan)).status_code == 200

    # Someone from another team joins the slate: the manager may not read their readiness.
    services.candidate_add(
        actor=org.hr_user, plan=plan, employee=org.other_employee, readiness="now"
    )
    assert manager.get(_detail(plan)).status_code == 404
    assert plan.shared_with.filter(pk=org.manager.user.pk).exists()  # the share is still there

    # HR sees why on the plan page.
    page = client_for(org.hr_user).get(_detail(plan)).content.decode()
    audience = page[
        page.index('id="audience"') : page.index("</section>", page.index('id="audience"'))
    ]
    assert "Manager" in audience
    assert "No access" in audience
    assert "may not see confidential data about Other Employee" in audience


def test_a_share_ends_when_the_person_joins_the_slate(org: Org, plan: SuccessionPlan) -> None:
    plan.shared_with.add(org.manager.user, org.director.user)
    services.candidate_add(actor=org.hr_user, plan=plan, employee=org.manager, readiness="1-2")
    assert client_for(org.manager.user).get(_detail(plan)).status_code == 404
    assert client_for(org.director.user).get(_detail(plan)).status_code == 200


def test_a_share_ends_when_the_manager_no_longer_manages_the_successor(
    org: Org, plan: SuccessionPlan
) -> None:
    plan.shared_with.add(org.manager.user)
    boss = make_employee(name="New Boss", department=org.manager.department)
    employee_set_manager(employee=org.employee, manager=boss)
    assert client_for(org.manager.user).get(_detail(plan)).status_code == 404


def test_the_page_says_who_can_see_it(org: Org, plan: SuccessionPlan) -> None:
    plan.shared_with.add(org.manager.user, org.other_manager.user)
    for user in (org.hr_user, org.manager.user):
        page = client_for(user).get(_detail(plan)).content.decode()
        start = page.index('id="audience"')
        audience = page[start : page.index("</section>", start)]
        assert "Who can see this plan" in audience
        assert "HR, except anyone this plan is about." in audience
        assert "Manager" in audience
    # The manager is not told about a share that grants nothing; HR is.
    assert "No access" not in audience
    assert "Other Manager" not in audience


def test_the_plan_page_asks_the_same_queries_for_1_or_20_shares(
    org: Org, plan: SuccessionPlan
) -> None:
    client = client_for(org.hr_user)
    plan.shared_with.add(org.manager.user)

    def count() -> int:
        client.get(_detail(plan))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_detail(plan)).status_code == 200
        return len(queries)

    one = count()
    for n in range(19):
        extra = UserFactory(email=f"share{n}@example.com")
        make_employee(user=extra, name=f"Share {n}")
        plan.shared_with.add(extra)
    assert count() == one
