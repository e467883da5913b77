"""No silent lost updates on the map: two sessions open one edit form from the same version;
the first saves, the second is refused with the current value beside its own, the database
keeps the first, and the second can re-apply from the rebased form (careermap/versioning.py).
Goals have their own tests (test_goals.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from apps.careermaps.models import Cadence, CareerMap, DevelopmentAction, NetworkContact
from apps.careermaps.services import assessment, plan
from apps.careermaps.services.maps import map_create, map_settings_update
from careermap.versioning import StaleVersion
from tests.conftest import Org, client_for
from tests.factories import RoleFactory

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
ABOUT = {"strengths": "", "weaknesses": "", "values": "", "interests": "", "aspiration": ""}


@pytest.fixture
def career_map(org: Org) -> CareerMap:
    return map_create(employee=org.employee)


@pytest.fixture
def owner(org: Org) -> Client:
    return client_for(org.employee.user)


def url(name: str, career_map: CareerMap, *args: Any) -> str:
    return reverse(f"careermaps:{name}", args=[career_map.public_id, *args])


def assert_refused_beside(response: HttpResponse, current: str, yours: str, version: int) -> None:
    """The second session's answer: the conflict, both values, the form rebased to re-apply."""
    html = response.content.decode()
    assert response.status_code == 200
    assert "since you opened" in html
    table = html.split('class="table table--compact stale-version__table"')[1].split("</table>")[0]
    assert "Current value" in table
    assert "Your value" in table
    assert current in table
    assert yours in table
    assert re.search(rf'name="version" value="{version}"', html)


def two_sessions(client: Client, target: str, first: dict[str, Any], second: dict[str, Any]) -> Any:
    saved = client.post(target, first)
    assert saved.status_code == 302, saved.content.decode()[:500]
    return client.post(target, second, headers=HX)


# ---------------------------------------------------------------------------- SWOT items


def test_a_swot_item_saved_in_another_session_is_not_overwritten(
    owner: Client, career_map: CareerMap
) -> None:
    item = assessment.swot_item_add(career_map=career_map, quadrant="S", text="Calm")
    target = url("swot-edit", career_map, item.public_id)
    second = two_sessions(
        owner,
        target,
        {"text": "Calm under pressure", "version": 1},
        {"text": "Patient with customers", "version": 1},
    )
    assert_refused_beside(second, "Calm under pressure", "Patient with customers", version=2)
    item.refresh_from_db()
    assert (item.text, item.version) == ("Calm under pressure", 2)
    again = owner.post(target, {"text": "Patient with customers", "version": 2})
    assert again.status_code == 302
    item.refresh_from_db()
    assert (item.text, item.version) == ("Patient with customers", 3)


def test_the_swot_service_refuses_a_stale_version(career_map: CareerMap) -> None:
    item = assessment.swot_item_add(career_map=career_map, quadrant="O", text="New team")
    assessment.swot_item_update(career_map=career_map, item=item, version=1, text="A new team")
    with pytest.raises(StaleVersion) as stale:
        assessment.swot_item_update(career_map=career_map, item=item, version=1, text="Mine")
    assert stale.value.current.text == "A new team"  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------ about me


def test_about_me_saved_in_another_session_is_not_overwritten(
    owner: Client, career_map: CareerMap
) -> None:
    second = two_sessions(
        owner,
        url("about-edit", career_map),
        {**ABOUT, "aspiration": "Lead a support team", "version": 1},
        {**ABOUT, "aspiration": "Move into product", "version": 1},
    )
    assert_refused_beside(second, "Lead a support team", "Move into product", version=2)
    career_map.refresh_from_db()
    assert career_map.aspiration == "Lead a support team"


def test_about_me_saves_only_its_own_fields(owner: Client, career_map: CareerMap) -> None:
    role = RoleFactory()
    CareerMap.objects.filter(pk=career_map.pk).update(
        visible_to_manager=False, reflection_cadence=Cadence.WEEKLY, target_role=role
    )
    posted = {
        **ABOUT,
        "strengths": "Calm",
        "version": 1,
        # Fields of other forms smuggled in: the about form neither reads nor saves them.
        "visible_to_manager": "on",
        "reflection_cadence": Cadence.OFF,
        "target_role": "",
    }
    assert owner.post(url("about-edit", career_map), posted).status_code == 302
    career_map.refresh_from_db()
    assert career_map.strengths == "Calm"
    assert (career_map.visible_to_manager, career_map.reflection_cadence) == (
        False,
        Cadence.WEEKLY,
    )
    assert career_map.target_role == role


def test_settings_save_only_the_settings_given(career_map: CareerMap) -> None:
    assessment.about_update(career_map=career_map, version=1, **{**ABOUT, "values": "Honesty"})
    map_settings_update(career_map=career_map, version=2, reflection_cadence=Cadence.OFF)
    career_map.refresh_from_db()
    assert (career_map.values, career_map.visible_to_manager) == ("Honesty", True)
    assert (career_map.reflection_cadence, career_map.version) == (Cadence.OFF, 3)


# ------------------------------------------------------------------ map settings and target


def test_map_settings_saved_in_another_session_are_not_overwritten(
    owner: Client, career_map: CareerMap
) -> None:
    second = two_sessions(
        owner,
        url("settings-edit", career_map),
        {"reflection_cadence": Cadence.WEEKLY, "visible_to_manager": "on", "version": 1},
        {"reflection_cadence": Cadence.QUARTERLY, "version": 1},
    )
    assert_refused_beside(second, "Every week", "Every quarter", version=2)
    career_map.refresh_from_db()
    assert (career_map.reflection_cadence, career_map.visible_to_manager) == (Cadence.WEEKLY, True)


def test_a_target_chosen_in_another_session_is_not_overwritten(
    owner: Client, career_map: CareerMap
) -> None:
    first, second_role = RoleFactory(title="Team lead"), RoleFactory(title="Data analyst")
    second = two_sessions(
        owner,
        url("target-set", career_map),
        {"role": first.pk, "version": 1},
        {"role": second_role.pk, "version": 1},
    )
    assert_refused_beside(second, "Team lead", "Data analyst", version=2)
    career_map.refresh_from_db()
    assert career_map.target_role == first


def test_the_preferences_page_does_not_undo_a_visibility_change(
    org: Org, owner: Client, career_map: CareerMap
) -> None:
    """It shows the cadence only: it never re-saves the map's other settings' old values."""
    opened = owner.get(reverse("careermaps:preferences")).content.decode()
    assert 'name="version" value="1"' in opened
    map_settings_update(career_map=career_map, version=1, visible_to_manager=False)
    response = owner.post(
        reverse("careermaps:preferences"),
        {"reflection_cadence": Cadence.WEEKLY, "version": 1},
    )
    assert_refused_beside(response, "Every month", "Every week", version=2)
    career_map.refresh_from_db()
    assert (career_map.visible_to_manager, career_map.reflection_cadence) == (
        False,
        Cadence.MONTHLY,
    )
    saved = owner.post(
        reverse("careermaps:preferences"), {"reflection_cadence": Cadence.WEEKLY, "version": 2}
    )
    assert saved.status_code == 302
    career_map.refresh_from_db()
    assert (career_map.visible_to_manager, career_map.reflection_cadence) == (
        False,
        Cadence.WEEKLY,
    )


# --------------------------------------------------------------------- actions, contacts


def _action_data(action: DevelopmentAction, **changes: Any) -> dict[str, Any]:
    data = {"kind": action.kind, "title": action.title, "status": action.status}
    return {**data, "detail": "", "skill": "", "resource": "", "due": "", **changes}


def test_a_development_action_saved_in_another_session_is_not_overwritten(
    owner: Client, career_map: CareerMap
) -> None:
    action = plan.action_create(career_map=career_map, kind="education", title="A course")
    second = two_sessions(
        owner,
        url("action-edit", career_map, action.public_id),
        _action_data(action, title="The SQL course", version=1),
        _action_data(action, title="The Python course", version=1),
    )
    assert_refused_beside(second, "The SQL course", "The Python course", version=2)
    action.refresh_from_db()
    assert (action.title, action.version) == ("The SQL course", 2)


def test_a_contact_saved_in_another_session_is_not_overwritten(
    owner: Client, career_map: CareerMap
) -> None:
    contact = plan.contact_create(career_map=career_map, name="Ada")
    second = two_sessions(
        owner,
        url("contact-edit", career_map, contact.public_id),
        {"name": "Ada", "how_they_help": "Intros to the data team", "version": 1},
        {"name": "Ada", "how_they_help": "Reviews my CV", "version": 1},
    )
    assert_refused_beside(second, "Intros to the data team", "Reviews my CV", version=2)
    contact = NetworkContact.objects.get(pk=contact.pk)
    assert (contact.how_they_help, contact.version) == ("Intros to the data team", 2)


def test_a_form_without_a_version_never_overwrites_a_saved_row(
    owner: Client, career_map: CareerMap
) -> None:
    """A page cached from before this change posts no version: it is told, not obeyed."""
    contact = plan.contact_create(career_map=career_map, name="Ada", organisation="Acme")
    response = owner.post(
        url("contact-edit", career_map, contact.public_id), {"name": "Ada", "organisation": ""}
    )
    assert_refused_beside(response, "Acme", "(empty)", version=1)
    contact.refresh_from_db()
    assert contact.organisation == "Acme"
