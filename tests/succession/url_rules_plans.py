"""Access rules for key positions, slates and HR's reports: HR only (404 for everyone else),
except that a manager HR shared a plan with reads its slate, being above everyone on it. The
person on the slate (employee) and the incumbent (teammate) get 404 from every URL, even with
the plan shared with them, and so does a manager of another team it is shared with."""

from __future__ import annotations

from datetime import date
from typing import Any

from apps.employees.models import Employee, EmploymentStatus
from apps.succession.models import DemandPlan, SuccessionPlan
from tests.access_matrix import Expect, signed_in
from tests.conftest import Org
from tests.factories import RoleFactory
from tests.succession.builders import plan_for, slate

HR_READS = signed_in(404, hr=200)
HR_WRITES = signed_in(404, hr=302)
# The matrix posts no data: HR gets the form back with errors beside the fields.
HR_REFUSED = signed_in(404, hr=200)
SHARED_READS = signed_in(404, hr=200, manager=200)


def _plan(org: Org) -> SuccessionPlan:
    plan = plan_for(RoleFactory(title="Head of Support"), incumbent=org.teammate)
    slate(plan, (org.employee, "now"))
    plan.shared_with.add(
        org.manager.user, org.employee.user, org.teammate.user, org.other_manager.user
    )
    return plan


def _plan_id(org: Org) -> dict[str, Any]:
    return {"plan_id": _plan(org).public_id}


def _with_plan(org: Org) -> dict[str, Any]:
    """A page without URL kwargs, with a plan to show."""
    _plan(org)
    return {}


def _with_demand(org: Org) -> dict[str, Any]:
    _demand(org)
    return {}


def _key_role(org: Org) -> dict[str, Any]:
    return {"role_id": RoleFactory(title="Head of Sales", is_key_position=True).public_id}


def _candidate(org: Org) -> dict[str, Any]:
    plan = _plan(org)
    return {"plan_id": plan.public_id, "candidate_id": plan.candidates.last().public_id}


def _leaver(org: Org) -> dict[str, Any]:
    """HR exports anyone's data but their own; the anonymise POST without its confirm box is
    answered with the form and its error."""
    Employee.objects.filter(pk=org.other_employee.pk).update(status=EmploymentStatus.LEFT)
    return {"employee_id": org.other_employee.public_id}


def _demand(org: Org) -> dict[str, Any]:
    demand = DemandPlan.objects.create(role=RoleFactory(), headcount=2, needed_by=date(2031, 1, 1))
    return {"demand_id": demand.public_id}


def _post(codes: dict[str, Any], kwargs: Any = None) -> Expect:
    if kwargs is None:
        return Expect(codes, method="post")
    return Expect(codes, kwargs=kwargs, method="post")


RULES: dict[str, Expect] = {
    "succession:plan-index": Expect(HR_READS, kwargs=_with_plan),
    "succession:org-chart": Expect(HR_READS, kwargs=_with_plan),
    "succession:plan-create": Expect(HR_READS),
    "succession:plan-for-role": _post(HR_WRITES, _key_role),
    "succession:plan-detail": Expect(SHARED_READS, kwargs=_plan_id),
    "succession:plan-edit": Expect(HR_READS, kwargs=_plan_id),
    "succession:plan-delete": _post(HR_WRITES, _plan_id),
    "succession:plan-review": _post(HR_WRITES, _plan_id),
    "succession:plan-suggestions": Expect(HR_READS, kwargs=_plan_id),
    "succession:plan-nominate": _post(HR_WRITES, _plan_id),  # no one chosen: back to the list
    "succession:candidate-add": _post(HR_REFUSED, _plan_id),
    "succession:candidate-edit": Expect(HR_READS, kwargs=_candidate),
    "succession:candidate-up": _post(HR_WRITES, _candidate),
    "succession:candidate-down": _post(HR_WRITES, _candidate),
    "succession:candidate-remove": _post(HR_WRITES, _candidate),
    "succession:candidate-develop": _post(HR_REFUSED, _candidate),
    "succession:report-succession": Expect(HR_READS, kwargs=_with_plan),
    "succession:report-succession-csv": Expect(HR_READS, kwargs=_with_plan),
    "succession:report-succession-xlsx": Expect(HR_READS, kwargs=_with_plan),
    "succession:report-succession-print": Expect(HR_READS, kwargs=_with_plan),
    "succession:report-skills": Expect(HR_READS),
    "succession:report-future": Expect(HR_READS, kwargs=_with_demand),
    "succession:demand-add": _post(HR_REFUSED),
    "succession:demand-delete": _post(HR_WRITES, _demand),
    "succession:report-equity": Expect(HR_READS),
    "succession:leaver-export": Expect(HR_READS, kwargs=_leaver),
    "succession:leaver-anonymise": Expect(HR_READS, kwargs=_leaver),
}
