"""The Goals & roadmap tab: SMART goals, milestones, celebrations, concurrency and the roadmap."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from apps.careermaps.models import (
    ActionStatus,
    CareerMap,
    DevelopmentAction,
    Goal,
    GoalStatus,
    Milestone,
)
from apps.careermaps.roadmap import MARGIN_DAYS, MAX_TICK_LABELS
from apps.careermaps.services import goals as services
from apps.careermaps.services.maps import map_create
from tests.conftest import Org, client_for

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
TODAY = timezone.localdate()
SOON = TODAY + timedelta(days=90)
YESTERDAY = TODAY - timedelta(days=1)
SMART = {
    "specific": "Become a product support specialist",
    "measurable": "An accepted offer for the role",
    "achievable": "I already handle second-line questions",
    "relevant": "It is my target role",
}


@pytest.fixture
def career_map(org: Org) -> CareerMap:
    return map_create(employee=org.employee)


def _goal(career_map: CareerMap, **fields: Any) -> Goal:
    return services.goal_create(
        career_map=career_map,
        horizon=fields.pop("horizon", "short"),
        target_date=fields.pop("target_date", SOON),
        **{**SMART, **fields},
    )


def _post_data(**fields: Any) -> dict[str, Any]:
    return {"horizon": "short", "target_date": SOON.isoformat(), **SMART, **fields}


def _edit_data(goal: Goal, **fields: Any) -> dict[str, Any]:
    data = _post_data(status=goal.status, progress=goal.progress, version=goal.version)
    return {**data, "target_date": goal.target_date.isoformat(), **fields}


def _url(name: str, career_map: CareerMap, *args: Any) -> str:
    return reverse(f"careermaps:{name}", args=[career_map.public_id, *args])


def _grow(career_map: CareerMap, goals: int, milestones: int = 3) -> None:
    for n in range(goals):
        goal = _goal(career_map, specific=f"Goal number {n}")
        for m in range(milestones):
            Milestone.objects.create(
                goal=goal,
                title=f"Step {m}",
                due=SOON - timedelta(days=m),
                done_at=timezone.now() if m == 0 else None,
            )
    DevelopmentAction.objects.bulk_create(
        DevelopmentAction(career_map=career_map, kind="education", title=f"Course {n}", due=SOON)
        for n in range(goals)
    )


# ---------------------------------------------------------------- SMART validation


@pytest.mark.parametrize("part", ["specific", "measurable", "achievable", "relevant"])
def test_a_missing_smart_part_is_explained(career_map: CareerMap, part: str) -> None:
    with pytest.raises(ValidationError) as error:
        _goal(career_map, **{part: "   "})
    assert error.value.message_dict == {part: [services.MISSING[part]]}
    assert not career_map.goals.exists()


def test_a_target_date_in_the_past_is_refused_with_a_reason(career_map: CareerMap) -> None:
    with pytest.raises(ValidationError) as error:
        _goal(career_map, target_date=YESTERDAY)
    assert error.value.message_dict == {
        "target_date": ["A target date in the past cannot motivate: pick a date from today on."]
    }


def test_today_is_a_valid_target_date(career_map: CareerMap) -> None:
    assert _goal(career_map, target_date=TODAY).target_date == TODAY


def test_a_goal_is_created_trimmed_and_last(career_map: CareerMap) -> None:
    first = _goal(career_map)
    second = _goal(career_map, specific="  Lead the triage rota  ", horizon="long")
    assert second.specific == "Lead the triage rota"
    assert second.position > first.position
    assert (second.status, second.progress, second.version) == (GoalStatus.NOT_STARTED, 0, 1)


def test_an_overdue_goal_keeps_its_date_when_edited_but_cannot_move_into_the_past(
    career_map: CareerMap,
) -> None:
    goal = _goal(career_map)
    Goal.objects.filter(pk=goal.pk).update(target_date=YESTERDAY)
    goal.refresh_from_db()
    saved = services.goal_update(
        career_map=career_map,
        goal=goal,
        version=goal.version,
        horizon="short",
        target_date=YESTERDAY,
        status="in_progress",
        progress=20,
        **SMART,
    )
    assert saved.progress == 20
    with pytest.raises(ValidationError, match="cannot motivate"):
        services.goal_update(
            career_map=career_map,
            goal=saved,
            version=saved.version,
            horizon="short",
            target_date=YESTERDAY - timedelta(days=3),
            status="in_progress",
            **SMART,
        )


def test_the_form_shows_every_missing_part_and_the_past_date_at_once(
    org: Org, career_map: CareerMap
) -> None:
    data = _post_data(measurable="", target_date=YESTERDAY.isoformat())
    response = client_for(org.employee.user).post(_url("goal-add", career_map), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Say how you will know you got there: a number, a date or a result you can point to."
        in html
    )
    assert "A target date in the past cannot motivate: pick a date from today on." in html
    assert 'aria-invalid="true"' in html
    assert not career_map.goals.exists()


# ---------------------------------------------------------------- achieving, progress, milestones


def _update(goal: Goal, **fields: Any) -> Goal:
    values = {
        "horizon": goal.horizon,
        "target_date": goal.target_date,
        "status": goal.status,
        "progress": goal.progress,
        **SMART,
        **fields,
    }
    return services.goal_update(
        career_map=goal.career_map, goal=goal, version=goal.version, **values
    )


def test_achieving_a_goal_records_when_and_fills_progress(career_map: CareerMap) -> None:
    goal = _update(_goal(career_map), status=GoalStatus.ACHIEVED, progress=40)
    assert goal.progress == 100
    assert goal.achieved_at is not None
    achieved_at = goal.achieved_at
    again = _update(goal, measurable="Signed offer")
    assert again.achieved_at == achieved_at  # saving again keeps the day it was achieved
    reopened = _update(again, status=GoalStatus.IN_PROGRESS, progress=80)
    assert (reopened.achieved_at, reopened.progress) == (None, 80)


def test_progress_follows_milestones_when_a_goal_has_some(career_map: CareerMap) -> None:
    goal = _goal(career_map)
    first = services.milestone_add(career_map=career_map, goal=goal, title="Step one", due=SOON)
    services.milestone_add(career_map=career_map, goal=goal, title="Step two")
    services.milestone_add(career_map=career_map, goal=goal, title="Step three")
    services.milestone_toggle(career_map=career_map, milestone=first)
    goal.refresh_from_db()
    assert (goal.progress, goal.status) == (33, GoalStatus.IN_PROGRESS)
    assert _update(goal, progress=90).progress == 33  # a typed progress does not override them


def test_the_progress_shown_is_what_the_explanation_says_even_for_rows_written_directly(
    org: Org, career_map: CareerMap
) -> None:
    """The demo once showed "40% · 1 of 2 milestones done" beside "the share of milestones"."""
    goal = _goal(career_map)
    Goal.objects.filter(pk=goal.pk).update(progress=40, status=GoalStatus.IN_PROGRESS)
    Milestone.objects.create(goal=goal, title="Enrol", done_at=timezone.now())
    Milestone.objects.create(goal=goal, title="Pass the exam")
    bare = _goal(career_map, specific="Read the handbook")
    Goal.objects.filter(pk=bare.pk).update(progress=40)
    page = client_for(org.employee.user).get(
        reverse("careermaps:goals", args=[career_map.public_id])
    )
    html = page.content.decode()
    assert "50% · 1 of 2 milestones done" in html
    assert "40% · 1 of 2" not in html
    assert 'aria-valuenow="50"' in html
    assert "In progress, 50%" in html  # the roadmap's description of the goal
    assert "share of its milestones that are done" in html
    # Without milestones the owner's own figure is the progress, as the explanation says.
    assert 'aria-valuenow="40"' in html
    exported = (
        client_for(org.employee.user)
        .get(reverse("careermaps:export", args=[career_map.public_id]))
        .json()
    )
    assert sorted(g["progress"] for g in exported["goals"]) == [40, 50]


def test_a_milestone_is_done_then_undone(career_map: CareerMap) -> None:
    goal = _goal(career_map)
    milestone = services.milestone_add(career_map=career_map, goal=goal, title="Step")
    assert services.milestone_toggle(career_map=career_map, milestone=milestone).done_at
    assert services.milestone_toggle(career_map=career_map, milestone=milestone).done_at is None
    goal.refresh_from_db()
    assert goal.progress == 0


def test_deleting_a_milestone_recomputes_progress(career_map: CareerMap) -> None:
    goal = _goal(career_map)
    done = services.milestone_add(career_map=career_map, goal=goal, title="Done")
    other = services.milestone_add(career_map=career_map, goal=goal, title="Open")
    services.milestone_toggle(career_map=career_map, milestone=done)
    services.milestone_delete(career_map=career_map, milestone=other)
    goal.refresh_from_db()
    assert goal.progress == 100


@pytest.mark.parametrize(
    ("due", "message"),
    [
        (YESTERDAY, "A due date in the past cannot be planned for"),
        (SOON + timedelta(days=1), "after the goal's target date"),
    ],
)
def test_a_milestone_due_date_must_fit_the_goal(
    career_map: CareerMap, due: date, message: str
) -> None:
    goal = _goal(career_map)
    with pytest.raises(ValidationError, match=message):
        services.milestone_add(career_map=career_map, goal=goal, title="Step", due=due)
    with pytest.raises(ValidationError, match="Name the milestone"):
        services.milestone_add(career_map=career_map, goal=goal, title=" ")


def test_a_milestone_of_another_map_cannot_be_toggled(org: Org, career_map: CareerMap) -> None:
    other_map = map_create(employee=org.other_employee)
    milestone = Milestone.objects.create(goal=_goal(other_map), title="Theirs")
    with pytest.raises(Milestone.DoesNotExist):
        services.milestone_toggle(career_map=career_map, milestone=milestone)


# ---------------------------------------------------------------- two tabs, one goal


def test_a_stale_save_is_refused_and_shows_the_current_goal(career_map: CareerMap) -> None:
    goal = _goal(career_map)
    first_tab = Goal.objects.get(pk=goal.pk)
    second_tab = Goal.objects.get(pk=goal.pk)
    _update(first_tab, measurable="Saved from the first tab")
    with pytest.raises(services.GoalConflict) as conflict:
        _update(second_tab, measurable="Saved from the second tab")
    assert conflict.value.current.measurable == "Saved from the first tab"
    goal.refresh_from_db()
    assert (goal.measurable, goal.version) == ("Saved from the first tab", 2)


def test_the_second_tab_is_told_and_keeps_its_changes(org: Org, career_map: CareerMap) -> None:
    goal = _goal(career_map)
    client = client_for(org.employee.user)
    url = _url("goal-edit", career_map, goal.public_id)
    first = client.post(url, _edit_data(goal, measurable="First tab measure"))
    assert first.status_code == 302
    second = client.post(url, _edit_data(goal, measurable="Second tab measure"), headers=HX)
    html = second.content.decode()
    assert "This goal changed since you opened it (in another tab or window)." in html
    assert "your changes are kept below so you can re-apply them" in html
    assert "First tab measure" in html  # the current version
    assert "Second tab measure" in html  # what this tab typed, ready to re-apply
    assert 'name="version" value="2"' in html
    goal.refresh_from_db()
    assert goal.measurable == "First tab measure"
    # Re-applying from the rebased form now succeeds.
    again = client.post(url, _edit_data(goal, measurable="Second tab measure"))
    assert again.status_code == 302
    goal.refresh_from_db()
    assert (goal.measurable, goal.version) == ("Second tab measure", 3)


def test_a_milestone_done_elsewhere_counts_as_a_change_to_a_not_started_goal(
    career_map: CareerMap,
) -> None:
    goal = _goal(career_map)
    milestone = services.milestone_add(career_map=career_map, goal=goal, title="Step")
    stale = Goal.objects.get(pk=goal.pk)
    services.milestone_toggle(career_map=career_map, milestone=milestone)
    with pytest.raises(services.GoalConflict):
        _update(stale, status=GoalStatus.NOT_STARTED)


# ---------------------------------------------------------------- the page and its fragments


def test_the_owner_sees_forms_smart_explained_and_the_roadmap(
    org: Org, career_map: CareerMap
) -> None:
    _goal(career_map)
    html = client_for(org.employee.user).get(_url("goals", career_map)).content.decode()
    assert "Add a SMART goal" in html
    assert "Clearly outline what you want to achieve in your career." in html
    assert "Set deadlines to keep yourself accountable and motivated." in html
    assert escape(str(services.HOW_PROGRESS_IS_COMPUTED)) in html
    assert 'role="img"' in html
    assert "Today " in html
    assert _url("goal-edit", career_map, career_map.goals.get().public_id) in html


def test_the_owner_adds_a_goal_with_a_plain_post(org: Org, career_map: CareerMap) -> None:
    response = client_for(org.employee.user).post(_url("goal-add", career_map), _post_data())
    goal = career_map.goals.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#goal-{goal.public_id}")
    assert goal.specific == SMART["specific"]


def test_adding_with_htmx_swaps_the_form_and_refreshes_list_and_roadmap(
    org: Org, career_map: CareerMap
) -> None:
    response = client_for(org.employee.user).post(
        _url("goal-add", career_map), _post_data(), headers=HX
    )
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<details id="goal-add"')
    assert 'id="goal-list" class="stack" hx-swap-oob="true"' in html
    assert re.search(r'id="goal-roadmap"[^>]*hx-swap-oob="true"', html)
    assert "Goal added" in html


def test_with_goals_the_add_form_is_fetched_when_its_disclosure_opens(
    org: Org, career_map: CareerMap
) -> None:
    client = client_for(org.employee.user)
    assert 'name="specific"' in client.get(_url("goals", career_map)).content.decode()  # first
    _goal(career_map)
    page = client.get(_url("goals", career_map)).content.decode()
    assert 'name="specific"' not in page
    assert 'hx-trigger="toggle once from:closest details"' in page
    assert f'href="{_url("goals", career_map)}?part=add#goal-add"' in page  # without JS
    fragment = client.get(_url("goals", career_map), {"part": "add"}, headers=HX)
    html = fragment.content.decode()
    assert html.lstrip().startswith('<details id="goal-add" class="disclosure goal-add" open>')
    assert 'name="specific"' in html
    assert "<html" not in html
    full = client.get(_url("goals", career_map), {"part": "add"}).content.decode()
    assert '<details id="goal-add" class="disclosure goal-add" open>' in full
    reader = client_for(org.manager.user).get(_url("goals", career_map), {"part": "add"})
    assert reader.status_code == 200
    assert 'name="specific"' not in reader.content.decode()


def test_an_invalid_htmx_add_returns_only_the_form_with_messages(
    org: Org, career_map: CareerMap
) -> None:
    response = client_for(org.employee.user).post(
        _url("goal-add", career_map), _post_data(specific=""), headers=HX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "hx-swap-oob" not in html
    assert escape(str(services.MISSING["specific"])) in html


def test_edit_form_then_save_with_htmx_returns_the_card(org: Org, career_map: CareerMap) -> None:
    goal = _goal(career_map)
    client = client_for(org.employee.user)
    url = _url("goal-edit", career_map, goal.public_id)
    form = client.get(url, headers=HX).content.decode()
    assert form.lstrip().startswith(f'<article id="goal-{goal.public_id}"')
    assert 'name="version" value="1"' in form
    saved = client.post(url, _edit_data(goal, status="achieved"), headers=HX).content.decode()
    assert saved.lstrip().startswith(f'<article id="goal-{goal.public_id}"')
    assert "Goal saved." in saved
    assert re.search(r'id="goal-celebrations"[^>]*hx-swap-oob="true"', saved)
    assert "Goal achieved" in saved


def test_the_edit_page_works_without_javascript(org: Org, career_map: CareerMap) -> None:
    goal = _goal(career_map)
    response = client_for(org.employee.user).get(_url("goal-edit", career_map, goal.public_id))
    html = response.content.decode()
    assert "<html" in html
    assert "Save goal" in html
    invalid = client_for(org.employee.user).post(
        _url("goal-edit", career_map, goal.public_id), _edit_data(goal, relevant="")
    )
    assert invalid.status_code == 200
    assert escape(str(services.MISSING["relevant"])) in invalid.content.decode()


def test_milestones_are_added_completed_and_celebrated(org: Org, career_map: CareerMap) -> None:
    goal = _goal(career_map)
    client = client_for(org.employee.user)
    added = client.post(
        _url("milestone-add", career_map, goal.public_id),
        {"title": "Finish the CRM course", "due": SOON.isoformat()},
        headers=HX,
    )
    assert "Milestone added." in added.content.decode()
    milestone = goal.milestones.get()
    done = client.post(_url("milestone-toggle", career_map, milestone.public_id), headers=HX)
    html = done.content.decode()
    assert "Milestone reached: Finish the CRM course. Well done!" in html
    assert re.search(r'id="goal-celebrations"[^>]*hx-swap-oob="true"', html)
    assert "Recently achieved" in html
    page = client.get(_url("goals", career_map)).content.decode()
    assert "Milestone reached" in page
    assert "1 of 1 milestone done" in page


def test_an_invalid_milestone_is_explained_beside_the_field(
    org: Org, career_map: CareerMap
) -> None:
    goal = _goal(career_map)
    client = client_for(org.employee.user)
    url = _url("milestone-add", career_map, goal.public_id)
    html = client.post(
        url, {"title": "", "due": YESTERDAY.isoformat()}, headers=HX
    ).content.decode()
    assert escape(str(services.MISSING["title"])) in html
    assert escape(str(services.PAST_DUE)) in html
    plain = client.post(url, {"title": "", "due": ""})
    assert plain.status_code == 200
    assert "<html" in plain.content.decode()
    assert not goal.milestones.exists()


def test_deleting_a_goal_and_a_milestone(org: Org, career_map: CareerMap) -> None:
    goal = _goal(career_map)
    milestone = services.milestone_add(career_map=career_map, goal=goal, title="Step")
    client = client_for(org.employee.user)
    response = client.post(_url("milestone-delete", career_map, milestone.public_id))
    assert response.status_code == 302
    assert not goal.milestones.exists()
    html = client.post(_url("goal-delete", career_map, goal.public_id), headers=HX).content.decode()
    assert html.lstrip().startswith('<div id="goal-list"')
    assert "No goals yet" in html
    assert not career_map.goals.exists()


def test_html_typed_into_a_goal_shows_as_text(org: Org, career_map: CareerMap) -> None:
    goal = _goal(career_map, specific="<script>alert(1)</script>", measurable="<b>bold</b>")
    Milestone.objects.create(goal=goal, title="<img src=x onerror=alert(2)>", due=SOON)
    html = client_for(org.manager.user).get(_url("goals", career_map)).content.decode()
    assert "<script>alert(1)" not in html
    assert "<b>bold</b>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_a_too_long_goal_is_refused_beside_the_field(org: Org, career_map: CareerMap) -> None:
    response = client_for(org.employee.user).post(
        _url("goal-add", career_map), _post_data(specific="x" * 401)
    )
    assert "at most 400 characters" in response.content.decode()
    assert not career_map.goals.exists()


# ---------------------------------------------------------------- who may do what


READERS = ["manager", "director", "hr"]


def _user(org: Org, persona: str) -> Any:
    return org.hr_user if persona == "hr" else getattr(org, persona).user


@pytest.mark.parametrize("persona", READERS)
def test_readers_see_goals_and_celebrations_without_any_control(
    org: Org, career_map: CareerMap, persona: str
) -> None:
    goal = _goal(career_map)
    milestone = services.milestone_add(career_map=career_map, goal=goal, title="Passed the exam")
    services.milestone_toggle(career_map=career_map, milestone=milestone)
    response = client_for(_user(org, persona)).get(_url("goals", career_map))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Recently achieved" in html
    assert "Passed the exam" in html
    assert "<form" not in html.split('id="main"', 1)[1]
    for url in (
        _url("goal-add", career_map),
        _url("goal-edit", career_map, goal.public_id),
        _url("milestone-add", career_map, goal.public_id),
        _url("milestone-toggle", career_map, milestone.public_id),
    ):
        assert url not in html
    assert "Mark done" not in html
    assert "Add a SMART goal" not in html


def _edit_requests(career_map: CareerMap, goal: Goal, milestone: Milestone) -> list[tuple]:
    return [
        ("post", _url("goal-add", career_map), _post_data()),
        ("get", _url("goal-edit", career_map, goal.public_id), {}),
        ("post", _url("goal-edit", career_map, goal.public_id), _edit_data(goal)),
        ("post", _url("goal-delete", career_map, goal.public_id), {}),
        ("post", _url("milestone-add", career_map, goal.public_id), {"title": "x"}),
        ("post", _url("milestone-toggle", career_map, milestone.public_id), {}),
        ("post", _url("milestone-delete", career_map, milestone.public_id), {}),
    ]


@pytest.mark.parametrize("persona", [*READERS, "teammate", "other_employee", "nobody"])
@pytest.mark.parametrize("htmx", [False, True])
def test_only_the_owner_edits_everyone_else_gets_404(
    org: Org, career_map: CareerMap, persona: str, htmx: bool
) -> None:
    goal = _goal(career_map)
    milestone = services.milestone_add(career_map=career_map, goal=goal, title="Step")
    user = org.nobody if persona == "nobody" else _user(org, persona)
    client = client_for(user)
    for method, url, data in _edit_requests(career_map, goal, milestone):
        response = getattr(client, method)(url, data, headers=HX if htmx else {})
        assert response.status_code == 404, f"{persona} {method} {url}"
    goal.refresh_from_db()
    milestone.refresh_from_db()
    assert (goal.version, milestone.done_at, career_map.goals.count()) == (1, None, 1)


@pytest.mark.parametrize("persona", ["teammate", "other_employee", "nobody"])
def test_outsiders_cannot_read_the_goals(org: Org, career_map: CareerMap, persona: str) -> None:
    user = org.nobody if persona == "nobody" else _user(org, persona)
    assert client_for(user).get(_url("goals", career_map)).status_code == 404


def test_a_goal_of_another_map_is_404_through_my_own_map(org: Org, career_map: CareerMap) -> None:
    theirs = _goal(map_create(employee=org.other_employee))
    client = client_for(org.employee.user)
    assert client.get(_url("goal-edit", career_map, theirs.public_id)).status_code == 404
    assert client.post(_url("goal-delete", career_map, theirs.public_id)).status_code == 404
    assert Goal.objects.filter(pk=theirs.pk).exists()


def test_a_hidden_map_is_404_for_the_manager(org: Org, career_map: CareerMap) -> None:
    CareerMap.objects.filter(pk=career_map.pk).update(visible_to_manager=False)
    assert client_for(org.manager.user).get(_url("goals", career_map)).status_code == 404


# ---------------------------------------------------------------- the roadmap


def test_the_roadmap_spans_the_map_and_marks_today(career_map: CareerMap) -> None:
    _goal(career_map, target_date=TODAY + timedelta(days=400))
    board = services.goal_board(career_map=career_map, today=TODAY)
    roadmap = board.roadmap
    assert roadmap.start <= TODAY - timedelta(days=MARGIN_DAYS)
    assert roadmap.end > TODAY + timedelta(days=400)
    assert roadmap.plot_x0 < roadmap.today_x < roadmap.plot_x1
    assert 1 < len(roadmap.ticks) <= MAX_TICK_LABELS + 1
    assert all(a.x < b.x for a, b in zip(roadmap.ticks, roadmap.ticks[1:], strict=False))


def test_overdue_items_are_flagged_with_text_not_only_colour(
    org: Org, career_map: CareerMap
) -> None:
    goal = _goal(career_map)
    Goal.objects.filter(pk=goal.pk).update(target_date=TODAY - timedelta(days=10))
    Milestone.objects.create(goal=goal, title="Late step", due=TODAY - timedelta(days=20))
    DevelopmentAction.objects.create(
        career_map=career_map,
        kind="education",
        title="Late course",
        due=YESTERDAY,
        status=ActionStatus.PLANNED,
    )
    board = services.goal_board(career_map=career_map, today=TODAY)
    assert {row.state for row in board.roadmap.goal_rows} == {"overdue"}
    assert "overdue" in {row.state for row in board.roadmap.action_rows}
    assert {dot.state for row in board.roadmap.goal_rows for dot in row.dots} == {"overdue"}
    assert board.roadmap.overdue == 3
    html = client_for(org.employee.user).get(_url("goals", career_map)).content.decode()
    assert "roadmap__row--overdue" in html
    assert "! overdue" in html
    assert "Overdue by 10 days" in html
    assert "3 overdue" in html


def test_done_and_achieved_items_are_not_overdue(career_map: CareerMap) -> None:
    goal = _goal(career_map)
    Goal.objects.filter(pk=goal.pk).update(
        target_date=YESTERDAY, status=GoalStatus.ACHIEVED, achieved_at=timezone.now()
    )
    DevelopmentAction.objects.create(
        career_map=career_map,
        kind="education",
        title="Done",
        due=YESTERDAY,
        status=ActionStatus.DONE,
    )
    board = services.goal_board(career_map=career_map, today=TODAY)
    assert board.roadmap.overdue == 0
    assert [row.state for row in board.roadmap.goal_rows] == ["achieved"]


def test_the_roadmap_labels_every_item_and_lists_them_in_a_table(
    org: Org, career_map: CareerMap
) -> None:
    goal = _goal(career_map)
    Milestone.objects.create(goal=goal, title="First step", due=SOON)
    DevelopmentAction.objects.create(
        career_map=career_map, kind="education", title="A course", due=SOON
    )
    html = client_for(org.employee.user).get(_url("goals", career_map)).content.decode()
    svg = html.split('<svg class="roadmap__svg"', 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in svg
    assert "<title>Goal: Become a product support specialist." in svg
    assert "<title>Milestone: First step." in svg
    assert "Educational development: A course." in svg
    assert 'style="' not in html
    table = html.split("The roadmap as a table", 1)[1]
    assert "Milestone: First step" in table


def test_fifty_goals_each_get_their_own_row(career_map: CareerMap) -> None:
    _grow(career_map, 50)
    roadmap = services.goal_board(career_map=career_map, today=TODAY).roadmap
    ys = [row.y for row in roadmap.goal_rows]
    assert len(ys) == len(set(ys)) >= 50
    assert len(roadmap.action_rows) >= 50
    assert roadmap.height > ys[-1]


# ---------------------------------------------------------------- query counts


def _count(client: Any, method: str, url: str, data: dict | None = None, **headers: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {}, headers=headers)
    assert response.status_code in (200, 302), response.status_code
    return len(queries)


def _fragment_counts(org: Org, career_map: CareerMap) -> dict[str, int]:
    client = client_for(org.employee.user)
    goal = career_map.goals.first()
    # A fresh not-started goal, so marking its milestone done takes the same path each time.
    milestone = Milestone.objects.create(goal=_goal(career_map), title="Fresh step")
    return {
        "page": _count(client, "get", _url("goals", career_map)),
        "manager page": _count(client_for(org.manager.user), "get", _url("goals", career_map)),
        "edit form": _count(client, "get", _url("goal-edit", career_map, goal.public_id), **HX),
        "add form": _count(client, "get", _url("goals", career_map), {"part": "add"}, **HX),
        "save": _count(
            client,
            "post",
            _url("goal-edit", career_map, goal.public_id),
            _edit_data(Goal.objects.get(pk=goal.pk)),
            **HX,
        ),
        "toggle": _count(
            client, "post", _url("milestone-toggle", career_map, milestone.public_id), **HX
        ),
        "add milestone": _count(
            client,
            "post",
            _url("milestone-add", career_map, goal.public_id),
            {"title": "More"},
            **HX,
        ),
        "add goal": _count(client, "post", _url("goal-add", career_map), _post_data(), **HX),
    }


def test_the_tab_and_each_fragment_cost_the_same_queries_for_5_or_50_goals(
    org: Org, career_map: CareerMap
) -> None:
    _grow(career_map, 5)
    small = _fragment_counts(org, career_map)
    _grow(career_map, 45)
    assert career_map.goals.count() >= 50
    assert _fragment_counts(org, career_map) == small


def test_deleting_costs_the_same_queries_for_5_or_50_goals(org: Org, career_map: CareerMap) -> None:
    client = client_for(org.employee.user)

    def delete_one() -> int:
        goal = career_map.goals.last()
        return _count(client, "post", _url("goal-delete", career_map, goal.public_id), **HX)

    _grow(career_map, 6)
    small = delete_one()
    _grow(career_map, 45)
    assert delete_one() == small


def test_smart_parts_that_say_nothing_get_a_gentle_prompt(career_map: CareerMap) -> None:
    goal = _goal(career_map, achievable="ok", relevant="My career.")
    assert [part for part, _ in services.smart_prompts(goal)] == ["achievable", "relevant"]
    assert services.smart_prompts(_goal(career_map)) == []  # every part says something
    assert services.is_thin("Yes it is!")
    assert not services.is_thin("I already lead the weekly triage")


def test_only_the_owner_sees_the_prompt_and_the_goal_is_kept(
    org: Org, career_map: CareerMap
) -> None:
    response = client_for(org.employee.user).post(
        reverse("careermaps:goal-add", args=[career_map.public_id]), _post_data(achievable="ok")
    )
    assert response.status_code in (200, 302)
    goal = Goal.objects.get(career_map=career_map)  # saved as written: a prompt, not an error
    assert goal.achievable == "ok"
    url = reverse("careermaps:goals", args=[career_map.public_id])
    mine = client_for(org.employee.user).get(url).content.decode()
    assert "Worth saying more" in mine
    assert "What makes this realistic for you" in mine
    managers = client_for(org.manager.user).get(url).content.decode()
    assert "Worth saying more" not in managers


def test_blank_milestone_forms_rendered_once_read_as_each_rendered_alone() -> None:
    """The goals tab renders the first blank milestone form and gives the others its markup
    with their own ids: the same markup as rendering each one, in English and German."""
    from django.utils import translation

    from apps.careermaps.forms.goals import MilestoneForm

    today = timezone.localdate()
    goals = [Goal(specific=f"Goal {n}") for n in range(3)]
    for language in ("en-gb", "de"):
        with translation.override(language):
            alone = [MilestoneForm(goal=goal, today=today).field_groups() for goal in goals]
            stamped = [MilestoneForm(goal=goal, today=today) for goal in goals]
            MilestoneForm.render_blank(stamped)
            assert [form.field_groups() for form in stamped] == alone
            ids = [f'id="ms-{goal.public_id.hex[:8]}-title"' for goal in goals]
            assert all(id_ in html for id_, html in zip(ids, alone, strict=True))
    bound = [MilestoneForm({"title": ""}, goal=goal, today=today) for goal in goals]
    MilestoneForm.render_blank(bound)
    assert all(form.rendered is None for form in bound)  # a bound form shows its own errors
