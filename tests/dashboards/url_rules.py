"""Who may use My team (collected by tests/project/test_url_access.py).

Managers (manager, director) open their own dashboard; HR is sent to the list of managers and
opens any of them with ?manager= (see test_access.py, which also covers naming someone outside
one's sub-tree). Without reports there is no dashboard: 404 on every URL. Fragments answer a
plain request by sending it to the page. Rating and recognising act on people strictly below
the viewer, so only the employee's managers get them; HR, the employee and peers get 404.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from apps.careermaps.models import CareerMap, Goal, GoalStatus, Milestone
from tests.access_matrix import Expect, signed_in
from tests.conftest import Org
from tests.factories import SkillFactory

MANAGERS = signed_in(404, manager=200, director=200)
MANAGERS_REDIRECTED = signed_in(404, manager=302, director=302)
THEIR_MANAGERS_WRITE = signed_in(404, manager=(200, 302), director=(200, 302))


def _skill(org: Org) -> dict[str, Any]:
    return {"employee_id": org.employee.public_id, "skill_id": SkillFactory().pk}


def _achieved_goal(org: Org) -> Goal:
    career_map = CareerMap.objects.create(employee=org.employee)
    return Goal.objects.create(
        career_map=career_map,
        specific="Run the weekly triage",
        measurable="m",
        achievable="a",
        relevant="r",
        target_date=date(2030, 1, 1),
        status=GoalStatus.ACHIEVED,
        achieved_at=timezone.now(),
    )


def _goal(org: Org) -> dict[str, Any]:
    return {"goal_id": _achieved_goal(org).public_id}


def _milestone(org: Org) -> dict[str, Any]:
    goal = _achieved_goal(org)
    milestone = Milestone.objects.create(goal=goal, title="First step", done_at=timezone.now())
    return {"milestone_id": milestone.public_id}


RULES: dict[str, Expect] = {
    "dashboards:team": Expect(signed_in(404, manager=200, director=200, hr=302)),
    "dashboards:heatmap": Expect(MANAGERS_REDIRECTED),
    "dashboards:summary": Expect(MANAGERS_REDIRECTED),
    "dashboards:stats": Expect(MANAGERS_REDIRECTED),
    "dashboards:health": Expect(MANAGERS_REDIRECTED),
    "dashboards:feed": Expect(MANAGERS_REDIRECTED),
    "dashboards:reviews": Expect(MANAGERS_REDIRECTED),
    "dashboards:heatmap-csv": Expect(MANAGERS),
    "dashboards:managers": Expect(signed_in(404, hr=200)),
    "dashboards:rate": Expect(MANAGERS, kwargs=_skill),
    "dashboards:recognise-milestone": Expect(MANAGERS, kwargs=_milestone),
    "dashboards:recognise-goal": Expect(MANAGERS, kwargs=_goal),
}

# The same writes as plain POSTs (test_access.py runs these for every persona).
POST_RULES: dict[str, Expect] = {
    "dashboards:rate": Expect(
        THEIR_MANAGERS_WRITE, kwargs=_skill, method="post", data={"level": "3"}
    ),
    "dashboards:recognise-milestone": Expect(
        THEIR_MANAGERS_WRITE, kwargs=_milestone, method="post", data={"message": "Well done"}
    ),
    "dashboards:recognise-goal": Expect(
        THEIR_MANAGERS_WRITE, kwargs=_goal, method="post", data={"message": "Well done"}
    ),
}
