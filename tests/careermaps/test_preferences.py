"""The notification preferences page: reflection cadence and which reminders to receive."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from apps.careermaps.models import Cadence, CareerMap
from apps.careermaps.services.maps import map_create
from apps.notifications.models import Kind
from apps.notifications.services import enabled_kinds, preference_set
from tests.conftest import Org, client_for

pytestmark = pytest.mark.django_db
URL = "/preferences/"


def _checkboxes(html: str) -> set[str]:
    return {kind for kind in Kind.values if f'name="kind_{kind}"' in html}


def test_it_lives_at_preferences() -> None:
    assert reverse("careermaps:preferences") == URL


def test_an_employee_chooses_their_cadence_and_their_own_reminders(org: Org) -> None:
    map_create(employee=org.employee)
    html = client_for(org.employee.user).get(URL).content.decode()

    assert 'name="reflection_cadence"' in html
    assert "in the morning of your time zone (UTC)" in html
    assert _checkboxes(html) == {Kind.REFLECTION, Kind.GOAL_DUE, Kind.FOLLOW_UP, Kind.CHECKIN_PREP}


def test_a_manager_can_opt_out_of_the_team_digest(org: Org) -> None:
    html = client_for(org.manager.user).get(URL).content.decode()
    assert Kind.MANAGER_DIGEST in _checkboxes(html)
    assert "Never the content of anyone's reflections" in html


def test_hr_gets_the_hr_reminders(org: Org) -> None:
    html = client_for(org.hr_user).get(URL).content.decode()
    assert _checkboxes(html) == {Kind.SUCCESSION_REVIEW, Kind.REVIEW_CLOSING}
    assert 'name="reflection_cadence"' not in html  # HR's account has no map


def test_someone_with_nothing_to_be_reminded_of_is_told_so(org: Org) -> None:
    html = client_for(org.nobody).get(URL).content.decode()
    assert "Nothing to set up" in html
    assert '<form class="form"' not in html


def test_the_boxes_show_what_is_on(org: Org) -> None:
    preference_set(user=org.employee.user, kind=Kind.FOLLOW_UP, enabled=False)
    html = client_for(org.employee.user).get(URL).content.decode()
    boxes = dict(re.findall(r'<input type="checkbox" name="kind_(\w+)"[^>]*?( checked)?>', html))
    assert boxes == {
        "reflection": " checked",
        "goal_due": " checked",
        "follow_up": "",
        "checkin_prep": " checked",
    }


def test_saving_changes_the_cadence_and_the_reminders(org: Org) -> None:
    career_map = map_create(employee=org.manager)
    data = {
        "version": career_map.version,
        "reflection_cadence": Cadence.FORTNIGHTLY,
        "kind_reflection": "on",
        "kind_goal_due": "on",
        # follow-ups and the digest left unticked
    }

    client = client_for(org.manager.user)
    response = client.post(URL, data)

    assert response.status_code == 302
    assert response["Location"] == URL
    career_map.refresh_from_db()
    assert career_map.reflection_cadence == Cadence.FORTNIGHTLY
    assert career_map.visible_to_manager is True  # untouched
    on = enabled_kinds(org.manager.user)
    assert {Kind.REFLECTION, Kind.GOAL_DUE} <= on
    assert not {Kind.FOLLOW_UP, Kind.MANAGER_DIGEST} & on
    followed = client.get(URL).content.decode()
    assert "Notification preferences saved." in followed


def test_an_unknown_cadence_is_explained_beside_the_field(org: Org) -> None:
    career_map = map_create(employee=org.employee)

    response = client_for(org.employee.user).post(
        URL, {"reflection_cadence": "hourly", "version": career_map.version}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_reflection_cadence_error"' in html
    assert "Select a valid choice" in html
    assert CareerMap.objects.get(pk=career_map.pk).reflection_cadence == Cadence.MONTHLY
    assert enabled_kinds(org.employee.user) == set(Kind.values)


def test_nobody_changes_anyone_elses_preferences(org: Org) -> None:
    # The page only ever edits the signed-in person's own choices: there is no id to change.
    client_for(org.teammate.user).post(URL, {})
    assert enabled_kinds(org.employee.user) == set(Kind.values)
    assert Kind.REFLECTION not in enabled_kinds(org.teammate.user)


def test_the_page_has_no_inline_style(org: Org) -> None:
    html = client_for(org.manager.user).get(URL).content.decode()
    assert "style=" not in html
    assert "<style" not in html
