"""Who sees which team: the sub-tree only, HR everyone, and 404 for anything else."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.careermaps.models import CareerMap, Goal, GoalStatus, Milestone, Reflection
from apps.employees.models import Employee
from tests.access_matrix import Expect
from tests.conftest import PERSONAS, Org, client_for, persona_user
from tests.dashboards.conftest import PRIVATE_REFLECTION, whole_dashboard
from tests.dashboards.url_rules import POST_RULES
from tests.project.test_url_access import _check

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
TEAM = reverse("dashboards:team")
FRAGMENTS = (
    "dashboards:heatmap",
    "dashboards:summary",
    "dashboards:stats",
    "dashboards:health",
    "dashboards:reviews",
    "dashboards:feed",
)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(POST_RULES))
def test_persona_gets_what_the_rules_say_when_posting(org: Org, persona: str, name: str) -> None:
    expect: Expect = POST_RULES[name]
    url = reverse(name, kwargs=expect.kwargs(org))
    response = client_for(persona_user(org, persona)).post(url, expect.data)
    _check(response, expect.codes[persona], url, persona)


def _people_on(response) -> set[str]:
    body = response.content.decode()
    return set(re.findall(r'class="link" href="/people/[^"]+/">([^<]+)</a>', body))


def test_a_manager_sees_their_direct_reports_and_never_another_team(org: Org) -> None:
    response = client_for(org.manager.user).get(TEAM)
    assert response.status_code == 200
    assert _people_on(response) == {"Employee", "Teammate"}


def test_the_scope_switch_reaches_the_whole_sub_tree(org: Org) -> None:
    client = client_for(org.director.user)
    assert _people_on(client.get(TEAM)) == {"Manager"}
    assert _people_on(client.get(TEAM, {"scope": "subtree"})) == {
        "Manager",
        "Employee",
        "Teammate",
    }


def test_a_director_opens_the_team_of_a_manager_below_them(org: Org) -> None:
    response = client_for(org.director.user).get(TEAM, {"manager": org.manager.public_id})
    assert response.status_code == 200
    assert "Team of Manager" in response.content.decode()
    assert _people_on(response) == {"Employee", "Teammate"}


@pytest.mark.parametrize(
    "named", ["other_manager", "director", "employee", "not-a-uuid", "unknown"]
)
def test_naming_anyone_outside_the_sub_tree_or_without_reports_is_404(org: Org, named: str) -> None:
    if named == "unknown":
        manager = str(uuid.uuid4())
    elif named == "not-a-uuid":
        manager = named
    else:
        manager = str(getattr(org, named).public_id)
    client = client_for(org.manager.user)
    assert client.get(TEAM, {"manager": manager}).status_code == 404
    for name in FRAGMENTS:
        assert client.get(reverse(name), {"manager": manager}, headers=HX).status_code == 404
    assert client.get(reverse("dashboards:heatmap-csv"), {"manager": manager}).status_code == 404


def test_hr_opens_any_manager_and_every_fragment(org: Org) -> None:
    client = client_for(org.hr_user)
    assert client.get(TEAM)["Location"] == reverse("dashboards:managers")
    for manager in (org.manager, org.other_manager, org.director):
        query = {"manager": manager.public_id}
        assert client.get(TEAM, query).status_code == 200
        for name in FRAGMENTS:
            assert client.get(reverse(name), query, headers=HX).status_code == 200
        assert client.get(reverse("dashboards:heatmap-csv"), query).status_code == 200


def test_hr_lists_the_managers_only(org: Org) -> None:
    body = client_for(org.hr_user).get(reverse("dashboards:managers")).content.decode()
    for name in ("Director", "Manager", "Other Manager"):
        assert f'<th scope="row">{name}</th>' in body
    assert "Teammate" not in body


def test_an_employee_without_reports_gets_404_on_every_dashboard_url(org: Org) -> None:
    client = client_for(org.employee.user)
    for name in (*FRAGMENTS, "dashboards:team", "dashboards:heatmap-csv", "dashboards:managers"):
        assert client.get(reverse(name), headers=HX).status_code == 404
        assert client.get(reverse(name), {"manager": org.manager.public_id}).status_code == 404


class _Buttons(HTMLParser):
    """The name of every button on a page as a screen reader says it (hidden text included)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "button":
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "button" and self._text is not None:
            self.names.append(" ".join("".join(self._text).split()))
            self._text = None


def _rate_and_recognise_buttons(body: str) -> list[str]:
    parser = _Buttons()
    parser.feed(body)
    return [name for name in parser.names if name.startswith(("Save rating", "Send recognition"))]


@pytest.fixture
def milestone_done(team: Org) -> Milestone:
    """The employee (open map) completed a milestone today: the feed offers to recognise it."""
    goal = Goal.objects.create(
        career_map=CareerMap.objects.get(employee=team.employee),
        specific="Lead the weekly triage",
        measurable="m",
        achievable="a",
        relevant="r",
        target_date=timezone.localdate() + timedelta(days=30),
        status=GoalStatus.IN_PROGRESS,
    )
    return Milestone.objects.create(goal=goal, title="Pass the CRM course", done_at=timezone.now())


def test_hr_oversees_but_does_not_rate_or_recognise(team: Org, milestone_done: Milestone) -> None:
    body = whole_dashboard(client_for(team.hr_user), {"manager": team.manager.public_id})
    # HR sees the same ratings to review and the same achievement as the manager...
    assert 'id="review-' in body
    assert "Pass the CRM course" in body
    # ...without a button to rate or recognise.
    assert _rate_and_recognise_buttons(body) == []


def test_the_same_check_finds_the_buttons_on_the_managers_own_dashboard(
    team: Org, milestone_done: Milestone
) -> None:
    """The check above can fail: on a page that has the buttons, it finds them."""
    buttons = _rate_and_recognise_buttons(whole_dashboard(client_for(team.manager.user)))
    assert "Save rating of CRM for Teammate" in buttons
    assert "Send recognition" in buttons


def test_my_team_is_in_the_navigation_of_managers_and_hr_only(org: Org) -> None:
    home = reverse("employees:directory")
    for user in (org.manager.user, org.director.user, org.hr_user):
        assert b'href="/team/"' in client_for(user).get(home).content
    for user in (org.employee.user, org.teammate.user):
        assert b'href="/team/"' not in client_for(user).get(home).content


def test_a_private_reflection_leaks_nothing_but_the_days_since(org: Org) -> None:
    career_map = CareerMap.objects.create(employee=org.employee)
    Reflection.objects.create(career_map=career_map, progress=PRIVATE_REFLECTION, confidence=1)
    client = client_for(org.manager.user)
    page = whole_dashboard(client)
    assert PRIVATE_REFLECTION not in page
    assert "0 days ago" in page
    csv_body = client.get(reverse("dashboards:heatmap-csv"), {"all": "1"}).content.decode()
    assert PRIVATE_REFLECTION not in csv_body
    assert "reflect" not in csv_body.lower()


def test_a_map_kept_from_managers_shows_only_that_it_exists(org: Org) -> None:
    career_map = CareerMap.objects.create(employee=org.employee, visible_to_manager=False)
    Reflection.objects.create(career_map=career_map, progress=PRIVATE_REFLECTION, confidence=1)
    page = whole_dashboard(client_for(org.manager.user))
    assert "Map started; they keep it private from managers" in page
    assert "days ago" not in page
    assert str(career_map.public_id) not in page


def test_leavers_are_not_on_the_dashboard(org: Org) -> None:
    Employee.objects.filter(pk=org.teammate.pk).update(status="left")
    assert _people_on(client_for(org.manager.user).get(TEAM)) == {"Employee"}
