"""Check-ins: who sees them, when each side sees the other's preparation, agreed actions on the
map, the next one from the cadence, and a tab that costs the same queries whatever its history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.careermaps.models import CareerMap, DevelopmentAction
from apps.checkins.models import AgreedAction, CheckIn, CheckInStatus
from apps.employees.services import employee_set_manager
from tests.conftest import Org, client_for

pytestmark = pytest.mark.django_db

SECRET_PROGRESS = "Finished the SQL course module three"
SECRET_NOTES = "Raise the promotion timeline gently"


@pytest.fixture
def career_map(org: Org) -> CareerMap:
    return CareerMap.objects.create(employee=org.employee)


def _checkin(career_map: CareerMap, org: Org, days: int = 7, **fields: Any) -> CheckIn:
    today = timezone.localdate()
    return CheckIn.objects.create(
        career_map=career_map,
        manager=org.manager,
        meeting_date=today + timedelta(days=days),
        **fields,
    )


def _detail(checkin: CheckIn) -> str:
    return reverse("checkins:detail", args=[checkin.public_id])


def _index(career_map: CareerMap) -> str:
    return reverse("checkins:index", args=[career_map.public_id])


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _prepare(client: Client, checkin: CheckIn, **answers: str) -> Any:
    return client.post(reverse("checkins:prepare", args=[checkin.public_id]), answers)


# --------------------------------------------------------------------------- visibility


def test_each_side_sees_only_its_own_preparation_until_both_wrote(
    org: Org, career_map: CareerMap
) -> None:
    checkin = _checkin(career_map, org)
    employee, manager = client_for(org.employee.user), client_for(org.manager.user)
    assert _prepare(employee, checkin, progress=SECRET_PROGRESS).status_code == 302

    assert SECRET_PROGRESS in _page(employee, _detail(checkin))
    manager_page = _page(manager, _detail(checkin))
    assert SECRET_PROGRESS not in manager_page
    assert "you see each other's once you have both written yours" in manager_page

    assert _prepare(manager, checkin, manager_notes=SECRET_NOTES).status_code == 302
    assert SECRET_NOTES in _page(employee, _detail(checkin))
    assert SECRET_PROGRESS in _page(manager, _detail(checkin))


def test_on_the_meeting_date_each_side_sees_the_other_even_if_one_never_wrote(
    org: Org, career_map: CareerMap
) -> None:
    checkin = _checkin(career_map, org, days=3)
    _prepare(client_for(org.employee.user), checkin, progress=SECRET_PROGRESS)
    manager = client_for(org.manager.user)
    assert SECRET_PROGRESS not in _page(manager, _detail(checkin))

    CheckIn.objects.filter(pk=checkin.pk).update(meeting_date=timezone.localdate())
    assert SECRET_PROGRESS in _page(manager, _detail(checkin))


def test_saving_a_side_by_htmx_returns_the_preparation_fragment(
    org: Org, career_map: CareerMap
) -> None:
    checkin = _checkin(career_map, org, manager_notes=SECRET_NOTES)
    CheckIn.objects.filter(pk=checkin.pk).update(manager_prepared_at=timezone.now())
    response = client_for(org.employee.user).post(
        reverse("checkins:prepare", args=[checkin.public_id]),
        {"progress": SECRET_PROGRESS},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section class="stack" id="preparation"')
    assert SECRET_NOTES in body  # both have written now: revealed in the swap
    assert "<html" not in body


def test_an_empty_preparation_is_refused_with_the_reason_and_nothing_saved(
    org: Org, career_map: CareerMap
) -> None:
    checkin = _checkin(career_map, org)
    response = _prepare(client_for(org.employee.user), checkin, progress="   ")
    assert response.status_code == 200
    assert "Write at least one answer" in response.content.decode()
    checkin.refresh_from_db()
    assert checkin.employee_prepared_at is None


def test_a_side_cannot_write_the_other_sides_fields(org: Org, career_map: CareerMap) -> None:
    checkin = _checkin(career_map, org)
    _prepare(client_for(org.employee.user), checkin, progress="p", manager_notes="forged")
    checkin.refresh_from_db()
    assert (checkin.progress, checkin.manager_notes, checkin.manager_prepared_at) == ("p", "", None)


def test_a_second_tab_saving_an_older_preparation_is_shown_the_newer_one_not_saved_over_it(
    org: Org, career_map: CareerMap
) -> None:
    checkin = _checkin(career_map, org)
    employee = client_for(org.employee.user)
    opened = {"progress": "first tab", "version": "0"}
    assert _prepare(employee, checkin, **opened).status_code == 302

    response = _prepare(employee, checkin, progress="second tab", version="0")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Someone saved this since you opened it" in body
    assert "first tab" in body  # the stored one
    assert "second tab" in body  # beside theirs
    checkin.refresh_from_db()
    assert (checkin.progress, checkin.employee_prep_version) == ("first tab", 1)

    # Saving again from the rebased form is a deliberate overwrite.
    assert _prepare(employee, checkin, progress="second tab", version="1").status_code == 302
    checkin.refresh_from_db()
    assert checkin.progress == "second tab"


def test_the_other_side_writing_theirs_does_not_make_my_open_form_stale(
    org: Org, career_map: CareerMap
) -> None:
    checkin = _checkin(career_map, org)
    manager = client_for(org.manager.user)
    assert _prepare(manager, checkin, manager_notes=SECRET_NOTES, version="0").status_code == 302
    employee = client_for(org.employee.user)
    assert _prepare(employee, checkin, progress=SECRET_PROGRESS, version="0").status_code == 302
    checkin.refresh_from_db()
    assert (checkin.progress, checkin.manager_notes) == (SECRET_PROGRESS, SECRET_NOTES)


# --------------------------------------------------------------------------- access


@pytest.mark.parametrize("persona", ["director", "teammate", "other_employee"])
def test_everyone_else_gets_404_even_managers_up_the_line(
    org: Org, career_map: CareerMap, persona: str
) -> None:
    checkin = _checkin(career_map, org)
    client = client_for(getattr(org, persona).user)
    assert client.get(_detail(checkin)).status_code == 404
    assert client.get(_index(career_map)).status_code == 404


def test_the_check_ins_tab_shows_only_to_those_who_may_open_it(
    org: Org, career_map: CareerMap, settings: Any
) -> None:
    overview = reverse("careermaps:overview", args=[career_map.public_id])
    tab_link = f'href="{_index(career_map)}"'
    for user in (org.employee.user, org.manager.user):
        assert tab_link in _page(client_for(user), overview)
    # The director and HR see the map, but its check-ins answer 404 to them: no tab either.
    for user in (org.director.user, org.hr_user):
        assert tab_link not in _page(client_for(user), overview)
    settings.CHECKINS_HR_CAN_READ = True
    assert tab_link in _page(client_for(org.hr_user), overview)


def test_hr_reads_only_when_the_setting_allows_and_never_writes(
    org: Org, career_map: CareerMap, settings: Any
) -> None:
    checkin = _checkin(career_map, org, progress=SECRET_PROGRESS)
    hr = client_for(org.hr_user)
    assert hr.get(_detail(checkin)).status_code == 404

    settings.CHECKINS_HR_CAN_READ = True
    assert SECRET_PROGRESS in _page(hr, _detail(checkin))
    assert _page(hr, _index(career_map))
    assert _prepare(hr, checkin, progress="hr wrote this").status_code == 404
    checkin.refresh_from_db()
    assert checkin.progress == SECRET_PROGRESS


def test_a_former_manager_loses_every_check_in_when_the_reporting_line_changes(
    org: Org, career_map: CareerMap
) -> None:
    past = _checkin(career_map, org, days=-30, status=CheckInStatus.HELD)
    employee_set_manager(employee=org.employee, manager=org.other_manager)
    old = client_for(org.manager.user)
    assert old.get(_detail(past)).status_code == 404
    assert old.get(_index(career_map)).status_code == 404
    # The new manager does not inherit the old conversations; the employee keeps them.
    assert client_for(org.other_manager.user).get(_detail(past)).status_code == 404
    assert client_for(org.employee.user).get(_detail(past)).status_code == 200


def test_the_new_manager_gets_the_next_check_in(org: Org, career_map: CareerMap) -> None:
    employee_set_manager(employee=org.employee, manager=org.other_manager)
    client = client_for(org.other_manager.user)
    later = (date.today() + timedelta(days=5)).isoformat()
    response = client.post(
        reverse("checkins:schedule", args=[career_map.public_id]),
        {"meeting_date": later, "cadence": "weekly"},
    )
    assert response.status_code == 302
    checkin = CheckIn.objects.get(career_map=career_map)
    assert checkin.manager == org.other_manager
    assert client.get(_detail(checkin)).status_code == 200


def test_hiding_the_map_from_managers_hides_the_check_ins(org: Org, career_map: CareerMap) -> None:
    checkin = _checkin(career_map, org)
    CareerMap.objects.filter(pk=career_map.pk).update(visible_to_manager=False)
    assert client_for(org.manager.user).get(_detail(checkin)).status_code == 404


def test_a_date_in_the_past_is_refused_next_to_the_field(org: Org, career_map: CareerMap) -> None:
    response = client_for(org.employee.user).post(
        reverse("checkins:schedule", args=[career_map.public_id]),
        {"meeting_date": "2020-01-01", "cadence": "monthly"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose today or a later date." in body
    assert 'aria-invalid="true"' in body
    assert not CheckIn.objects.exists()


# --------------------------------------------------------------------------- meeting


def test_an_agreed_action_lands_on_the_map_linked_to_the_check_in(
    org: Org, career_map: CareerMap
) -> None:
    checkin = _checkin(career_map, org, days=0)
    due = (date.today() + timedelta(days=30)).isoformat()
    response = client_for(org.manager.user).post(
        reverse("checkins:agree", args=[checkin.public_id]),
        {"title": "Shadow the support lead", "kind": "project", "due": due},
    )
    assert response.status_code == 302
    action = DevelopmentAction.objects.get(career_map=career_map)
    assert (action.title, action.kind, action.due.isoformat()) == (
        "Shadow the support lead",
        "project",
        due,
    )
    assert AgreedAction.objects.get(action=action).checkin == checkin
    plan = _page(
        client_for(org.employee.user), reverse("careermaps:plan", args=[career_map.public_id])
    )
    assert "Shadow the support lead" in plan


def test_actions_wait_for_the_meeting(org: Org, career_map: CareerMap) -> None:
    checkin = _checkin(career_map, org, days=2)
    response = client_for(org.employee.user).post(
        reverse("checkins:agree", args=[checkin.public_id]), {"title": "x", "kind": "project"}
    )
    assert response.status_code == 404
    assert not DevelopmentAction.objects.exists()


def test_holding_a_check_in_schedules_the_next_from_the_cadence(
    org: Org, career_map: CareerMap
) -> None:
    checkin = _checkin(career_map, org, days=0, cadence="fortnightly")
    hold = reverse("checkins:hold", args=[checkin.public_id])
    assert client_for(org.employee.user).post(hold).status_code == 302
    checkin.refresh_from_db()
    assert checkin.status == CheckInStatus.HELD
    following = CheckIn.objects.get(career_map=career_map, status=CheckInStatus.UPCOMING)
    assert following.meeting_date == checkin.meeting_date + timedelta(days=14)
    assert (following.cadence, following.manager) == ("fortnightly", org.manager)


def test_a_check_in_cannot_be_held_before_its_day(org: Org, career_map: CareerMap) -> None:
    checkin = _checkin(career_map, org, days=3)
    client_for(org.employee.user).post(reverse("checkins:hold", args=[checkin.public_id]))
    checkin.refresh_from_db()
    assert checkin.status == CheckInStatus.UPCOMING


def test_the_tab_lists_past_check_ins_newest_first(org: Org, career_map: CareerMap) -> None:
    for days in (-60, -10, -30):
        _checkin(career_map, org, days=days, status=CheckInStatus.HELD)
    body = _page(client_for(org.employee.user), _index(career_map))
    dates = [(date.today() + timedelta(days=d)).isoformat() for d in (-10, -30, -60)]
    positions = [body.index(f'datetime="{d}"') for d in dates]
    assert positions == sorted(positions)


def test_the_map_has_a_check_ins_tab(org: Org, career_map: CareerMap) -> None:
    body = _page(
        client_for(org.employee.user), reverse("careermaps:overview", args=[career_map.public_id])
    )
    assert f'href="{_index(career_map)}">Check-ins</a>' in body


# --------------------------------------------------------------------------- query counts


def _fill(career_map: CareerMap, org: Org, total: int) -> None:
    CheckIn.objects.filter(career_map=career_map).delete()
    for n in range(total):
        held = _checkin(career_map, org, days=-7 * (n + 1), status=CheckInStatus.HELD)
        action = DevelopmentAction.objects.create(career_map=career_map, kind="project", title="a")
        AgreedAction.objects.create(checkin=held, action=action, agreed_by=org.manager)
    _checkin(career_map, org, days=5)


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["employee", "manager"])
def test_the_tab_runs_a_fixed_number_of_queries(
    org: Org, career_map: CareerMap, persona: str
) -> None:
    client = client_for(getattr(org, persona).user)
    counts = []
    for total in (3, 30):
        _fill(career_map, org, total)
        counts.append(_count(client, _index(career_map)))
    assert counts[0] == counts[1]


def test_a_check_in_page_runs_a_fixed_number_of_queries(org: Org, career_map: CareerMap) -> None:
    client = client_for(org.employee.user)
    checkin = _checkin(career_map, org, days=0)
    counts = []
    for total in (2, 20):
        AgreedAction.objects.filter(checkin=checkin).delete()
        for _ in range(total):
            action = DevelopmentAction.objects.create(
                career_map=career_map, kind="skill", title="a"
            )
            AgreedAction.objects.create(checkin=checkin, action=action)
        counts.append(_count(client, _detail(checkin)))
    assert counts[0] == counts[1]
