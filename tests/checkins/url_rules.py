"""Who may use the check-in URLs (collected by tests/project/test_url_access.py).

A check-in is private to the employee and their manager: managers further up, peers and HR
(unless CHECKINS_HR_CAN_READ, tests/checkins/test_checkins.py) get 404, as for nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from apps.careermaps.models import CareerMap
from apps.checkins.models import CheckIn
from tests.access_matrix import Expect, signed_in
from tests.conftest import Org

THE_TWO = signed_in(404, employee=200, manager=200)
THE_TWO_WRITE = signed_in(404, employee=(200, 302), manager=(200, 302))


def _map(org: Org) -> CareerMap:
    return CareerMap.objects.create(employee=org.employee)


def _map_kwargs(org: Org) -> dict[str, Any]:
    return {"map_id": _map(org).public_id}


def _checkin_kwargs(org: Org) -> dict[str, Any]:
    # Today: the meeting day, so holding it and agreeing actions are open.
    checkin = CheckIn.objects.create(
        career_map=_map(org), manager=org.manager, meeting_date=timezone.localdate()
    )
    return {"checkin_id": checkin.public_id}


def _later() -> str:
    return (date.today() + timedelta(days=10)).isoformat()


def _post(codes: dict[str, Any], kwargs: Callable[[Org], dict[str, Any]], **data: Any) -> Expect:
    return Expect(codes, kwargs=kwargs, method="post", data=data)


RULES: dict[str, Expect] = {
    "checkins:index": Expect(THE_TWO, kwargs=_map_kwargs),
    "checkins:schedule": _post(
        THE_TWO_WRITE, _map_kwargs, meeting_date=_later(), cadence="monthly"
    ),
    "checkins:detail": Expect(THE_TWO, kwargs=_checkin_kwargs),
    "checkins:prepare": _post(THE_TWO_WRITE, _checkin_kwargs, progress="p", manager_notes="n"),
    "checkins:reschedule": _post(
        THE_TWO_WRITE, _checkin_kwargs, meeting_date=_later(), cadence="weekly"
    ),
    "checkins:hold": _post(signed_in(404, employee=302, manager=302), _checkin_kwargs),
    "checkins:agree": _post(THE_TWO_WRITE, _checkin_kwargs, title="Shadow a lead", kind="project"),
}
