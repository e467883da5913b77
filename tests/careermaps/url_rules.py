"""Who may use the career map's URLs (collected by tests/project/test_url_access.py).

The owner, managers up the line and HR read a map; only the owner writes. Everyone signed in has
a preferences page (it offers only the reminders they can get).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from apps.careermaps.models import (
    CareerMap,
    DevelopmentAction,
    Goal,
    Milestone,
    NetworkContact,
    Reflection,
    SwotItem,
)
from tests.access_matrix import Expect, signed_in
from tests.conftest import Org


def _map_of_employee(org: Org) -> CareerMap:
    career_map = CareerMap.objects.create(employee=org.employee)
    goal = Goal.objects.create(
        career_map=career_map,
        specific="s",
        measurable="m",
        achievable="a",
        relevant="r",
        target_date=date(2030, 1, 1),
    )
    Milestone.objects.create(goal=goal, title="first step")
    SwotItem.objects.create(career_map=career_map, quadrant="S", text="calm")
    DevelopmentAction.objects.create(career_map=career_map, kind="education", title="course")
    NetworkContact.objects.create(career_map=career_map, name="Ada")
    Reflection.objects.create(career_map=career_map, progress="p", confidence=3)
    return career_map


def _no_kwargs_with_map(org: Org) -> dict[str, Any]:
    _map_of_employee(org)
    return {}


def map_kwargs(**children: str) -> Callable[[Org], dict[str, Any]]:
    """URL kwargs for the employee's map, and one child of it per ``name=relation``."""

    def build(org: Org) -> dict[str, Any]:
        career_map = _map_of_employee(org)
        kwargs: dict[str, Any] = {"map_id": career_map.public_id}
        for name, relation in children.items():
            if relation == "milestones":
                kwargs[name] = Milestone.objects.get(goal__career_map=career_map).public_id
            else:
                kwargs[name] = getattr(career_map, relation).get().public_id
        return kwargs

    return build


# A career map: the owner, managers up the line and HR read it; only the owner writes.
MAP_READERS = signed_in(404, employee=200, manager=200, director=200, hr=200)
OWNER_ONLY = signed_in(404, employee=200)
OWNER_WRITES = signed_in(404, employee=(200, 302))


def owner_post(**children: str) -> Expect:
    return Expect(OWNER_WRITES, kwargs=map_kwargs(**children), method="post")


RULES: dict[str, Expect] = {
    # The employee has a map (sent to it); the others are sent to start one.
    "careermaps:mine": Expect(signed_in(302, nobody=404, hr=404), kwargs=_no_kwargs_with_map),
    "careermaps:start": Expect(
        signed_in(200, nobody=404, hr=404, employee=302), kwargs=_no_kwargs_with_map
    ),
    "careermaps:overview": Expect(MAP_READERS, kwargs=map_kwargs()),
    "careermaps:print": Expect(MAP_READERS, kwargs=map_kwargs()),
    "careermaps:export": Expect(OWNER_ONLY, kwargs=map_kwargs()),
    "careermaps:target-set": owner_post(),
    "careermaps:settings-edit": owner_post(),
    "careermaps:assessment": Expect(MAP_READERS, kwargs=map_kwargs()),
    "careermaps:about-edit": owner_post(),
    "careermaps:rating-set": owner_post(),
    "careermaps:swot-add": owner_post(),
    "careermaps:swot-edit": Expect(OWNER_ONLY, kwargs=map_kwargs(item_id="swot_items")),
    "careermaps:swot-delete": owner_post(item_id="swot_items"),
    "careermaps:quiz": Expect(OWNER_ONLY, kwargs=map_kwargs()),
    "careermaps:goals": Expect(MAP_READERS, kwargs=map_kwargs()),
    "careermaps:goal-add": owner_post(),
    "careermaps:goal-edit": Expect(OWNER_ONLY, kwargs=map_kwargs(goal_id="goals")),
    "careermaps:goal-delete": owner_post(goal_id="goals"),
    "careermaps:milestone-add": owner_post(goal_id="goals"),
    "careermaps:milestone-toggle": owner_post(milestone_id="milestones"),
    "careermaps:milestone-delete": owner_post(milestone_id="milestones"),
    "careermaps:plan": Expect(MAP_READERS, kwargs=map_kwargs()),
    "careermaps:action-add": owner_post(),
    "careermaps:action-edit": Expect(OWNER_ONLY, kwargs=map_kwargs(action_id="actions")),
    "careermaps:action-delete": owner_post(action_id="actions"),
    "careermaps:contact-add": owner_post(),
    "careermaps:contact-edit": Expect(OWNER_ONLY, kwargs=map_kwargs(contact_id="contacts")),
    "careermaps:contact-delete": owner_post(contact_id="contacts"),
    "careermaps:journal": Expect(MAP_READERS, kwargs=map_kwargs()),
    "careermaps:reflection-add": owner_post(),
    "careermaps:reflection-share": owner_post(reflection_id="reflections"),
    "careermaps:preferences": Expect(signed_in(200)),
    # Everyone gets a card; it is empty unless they may read the map (tests/careermaps/test_access).
    "careermaps:profile-card": Expect(
        signed_in(200), kwargs=lambda org: {"employee_id": _map_of_employee(org).employee.public_id}
    ),
}
