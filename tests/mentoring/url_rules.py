"""Who may use mentoring: people with an employee record (HR needs no mentoring pages). A
mentorship is visible only to its mentor and mentee; only the mentor answers a request."""

from __future__ import annotations

from typing import Any

from apps.mentoring.models import MentorOffer, Mentorship
from tests.access_matrix import Expect, signed_in
from tests.conftest import Org
from tests.factories import SkillFactory


def _mentor(org: Org) -> dict[str, Any]:
    """other_employee (another team) mentors SQL."""
    offer = MentorOffer.objects.create(employee=org.other_employee, is_open=True)
    offer.skills.add(SkillFactory(name="SQL"))
    return {"employee_id": org.other_employee.public_id}


def _request(org: Org) -> dict[str, Any]:
    """employee has asked other_employee for mentoring."""
    _mentor(org)
    mentorship = Mentorship.objects.create(
        mentor=org.other_employee, mentee=org.employee, message="Could you help me with SQL?"
    )
    return {"mentorship_id": mentorship.public_id}


EMPLOYEES = signed_in(200, nobody=404, hr=404)
THE_PAIR = signed_in(404, employee=200, other_employee=200)
THE_MENTOR = signed_in(404, other_employee=302)
EITHER = signed_in(404, employee=302, other_employee=302)

RULES: dict[str, Expect] = {
    "mentoring:index": Expect(EMPLOYEES),
    "mentoring:offer": Expect(EMPLOYEES),
    "mentoring:request": Expect(EMPLOYEES, kwargs=_mentor),
    "mentoring:detail": Expect(THE_PAIR, kwargs=_request),
    "mentoring:accept": Expect(THE_MENTOR, kwargs=_request, method="post"),
    "mentoring:decline": Expect(THE_MENTOR, kwargs=_request, method="post"),
    "mentoring:end": Expect(EITHER, kwargs=_request, method="post"),
}
