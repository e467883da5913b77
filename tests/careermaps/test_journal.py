"""The Journal tab: writing reflections, sharing them, privacy, when the next one is due."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.careermaps.models import Cadence, CareerMap, Reflection
from apps.careermaps.services.journal import (
    TREND_POINTS,
    confidence_trend,
    reflection_create,
    reflection_due,
    reflection_share_set,
)
from apps.careermaps.services.maps import map_create
from careermap.fields import LONG
from tests.conftest import Org, client_for

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
PRIVATE_TEXT = "Secretly applying to another company"
SHARED_TEXT = "Finished the product training course"


@pytest.fixture
def career_map(org: Org) -> CareerMap:
    return map_create(employee=org.employee)


def _reflect(
    career_map: CareerMap,
    *,
    shared: bool = False,
    days_ago: int = 0,
    progress: str = "Made progress",
    confidence: int = 3,
    adjust: str = "",
) -> Reflection:
    return Reflection.objects.create(
        career_map=career_map,
        progress=progress,
        confidence=confidence,
        adjust=adjust,
        shared_with_manager=shared,
        created_at=timezone.now() - timedelta(days=days_ago),
    )


def _url(name: str, career_map: CareerMap, *args: Any) -> str:
    return reverse(f"careermaps:{name}", args=[career_map.public_id, *args])


def _answers(**overrides: Any) -> dict[str, Any]:
    return {
        "progress": "Closed 40 tickets with the new workflow",
        "went_well": "Feedback",
        "adjust": "Ask for a mentor",
        "confidence": "4",
        **overrides,
    }


# ---------------------------------------------------------------- services


def test_a_new_reflection_is_private_and_trimmed(career_map: CareerMap) -> None:
    reflection = reflection_create(
        career_map=career_map,
        progress="  Did the course  ",
        went_well="",
        adjust="Less overtime",
        confidence=4,
    )
    reflection.refresh_from_db()
    assert reflection.progress == "Did the course"
    assert reflection.adjust == "Less overtime"
    assert reflection.shared_with_manager is False


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"progress": "   ", "confidence": 3}, "progress"),
        ({"progress": "ok", "confidence": 0}, "confidence"),
        ({"progress": "ok", "confidence": 6}, "confidence"),
        ({"progress": "x" * (LONG + 1), "confidence": 3}, "progress"),
        ({"progress": "ok", "adjust": "x" * (LONG + 1), "confidence": 3}, "adjust"),
    ],
)
def test_an_invalid_reflection_is_refused_and_nothing_is_saved(
    career_map: CareerMap, fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        reflection_create(career_map=career_map, **fields)
    assert field in error.value.message_dict
    assert not Reflection.objects.exists()


def test_sharing_sets_the_wanted_state(career_map: CareerMap) -> None:
    reflection = _reflect(career_map)
    reflection_share_set(career_map=career_map, reflection=reflection, shared=True)
    assert Reflection.objects.get().shared_with_manager is True
    reflection_share_set(career_map=career_map, reflection=reflection, shared=True)
    assert Reflection.objects.get().shared_with_manager is True
    reflection_share_set(career_map=career_map, reflection=reflection, shared=False)
    assert Reflection.objects.get().shared_with_manager is False


def test_sharing_refuses_a_reflection_of_another_map(org: Org, career_map: CareerMap) -> None:
    other = _reflect(map_create(employee=org.teammate))
    with pytest.raises(ValueError, match="another map"):
        reflection_share_set(career_map=career_map, reflection=other, shared=True)
    assert Reflection.objects.get().shared_with_manager is False


MAP_STARTED = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
LAST_REFLECTION = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("cadence", "due_on"),
    [
        (Cadence.WEEKLY, date(2026, 12, 1)),
        (Cadence.FORTNIGHTLY, date(2026, 12, 8)),
        (Cadence.MONTHLY, date(2026, 12, 24)),
        (Cadence.QUARTERLY, date(2027, 2, 23)),
    ],
)
def test_the_next_reflection_is_due_one_cadence_after_the_last(
    career_map: CareerMap, cadence: str, due_on: date
) -> None:
    career_map.reflection_cadence = cadence
    due = reflection_due(career_map, LAST_REFLECTION, today=date(2026, 11, 25))
    assert due.on == due_on
    assert due.days == (due_on - date(2026, 11, 25)).days
    assert due.overdue_by == 0


def test_with_no_reflection_yet_the_first_is_due_after_the_map_began(
    career_map: CareerMap,
) -> None:
    career_map.created_at = MAP_STARTED
    career_map.reflection_cadence = Cadence.WEEKLY
    due = reflection_due(career_map, None, today=date(2026, 11, 11))
    assert due.on == date(2026, 11, 8)
    assert due.days == -3
    assert due.overdue_by == 3


def test_with_reminders_off_nothing_is_due(career_map: CareerMap) -> None:
    career_map.reflection_cadence = Cadence.OFF
    due = reflection_due(career_map, LAST_REFLECTION, today=date(2026, 11, 25))
    assert due.is_off
    assert due.on is None
    assert due.overdue_by == 0


def test_the_trend_runs_oldest_to_newest_and_keeps_the_latest_points(
    career_map: CareerMap,
) -> None:
    entries = [_reflect(career_map, days_ago=n, confidence=1 + n % 5) for n in range(30)]
    trend = confidence_trend(entries)  # newest first, as the page lists them
    assert len(trend.points) == TREND_POINTS
    assert trend.points[-1].reflection == entries[0]
    assert [p.x for p in trend.points] == sorted(p.x for p in trend.points)
    highest = next(p for p in trend.points if p.reflection.confidence == 5)
    lowest = next(p for p in trend.points if p.reflection.confidence == 1)
    assert highest.y < lowest.y  # SVG y grows downwards
    assert trend.description.startswith(f"Confidence over {TREND_POINTS} reflections")


# ---------------------------------------------------------------- the page, for the owner


def test_the_owner_sees_the_guided_prompts_and_confidence_scale(
    org: Org, career_map: CareerMap
) -> None:
    response = client_for(org.employee.user).get(_url("journal", career_map))
    assert response.status_code == 200
    html = response.content.decode()
    assert "What progress have you made since your last reflection?" in html
    assert "What would you adjust or do differently next time?" in html
    for label in ("1 Not at all", "2 Not very", "3 Somewhat", "4 Fairly", "5 Very confident"):
        assert label in html
    assert html.count('type="radio" name="confidence"') == 5
    assert "No reflections yet" in html


def test_the_last_what_to_adjust_is_shown_as_a_reminder(org: Org, career_map: CareerMap) -> None:
    _reflect(career_map, days_ago=40, adjust="Old idea")
    _reflect(career_map, days_ago=10, adjust="Book time with my mentor")
    html = client_for(org.employee.user).get(_url("journal", career_map)).content.decode()
    assert "you planned to adjust" in html
    assert "Book time with my mentor" in html.split("Write a reflection")[1].split("<form")[0]


def test_the_owner_sees_when_the_next_reflection_is_due(org: Org, career_map: CareerMap) -> None:
    reflection = _reflect(career_map, days_ago=1)
    due = timezone.localdate(reflection.created_at) + timedelta(days=30)
    html = client_for(org.employee.user).get(_url("journal", career_map)).content.decode()
    assert f'Next reflection due <strong class="nowrap">{due:%-d %b %Y}</strong>' in html
    assert "(in 29 days)" in html
    assert "every month" in html


def test_an_overdue_reflection_is_highlighted(org: Org, career_map: CareerMap) -> None:
    _reflect(career_map, days_ago=33)
    html = client_for(org.employee.user).get(_url("journal", career_map)).content.decode()
    assert re.search(r'badge--danger">overdue by 3 days<', html)


def test_with_reminders_off_no_due_date_is_shown(org: Org, career_map: CareerMap) -> None:
    CareerMap.objects.filter(pk=career_map.pk).update(reflection_cadence=Cadence.OFF)
    html = client_for(org.employee.user).get(_url("journal", career_map)).content.decode()
    assert "Reflection reminders are off" in html
    assert "Next reflection due" not in html


def test_the_owner_sees_every_entry_with_its_privacy(org: Org, career_map: CareerMap) -> None:
    _reflect(career_map, progress=PRIVATE_TEXT)
    _reflect(career_map, progress=SHARED_TEXT, shared=True)
    html = client_for(org.employee.user).get(_url("journal", career_map)).content.decode()
    assert PRIVATE_TEXT in html
    assert SHARED_TEXT in html
    assert html.count('badge--neutral">Private<') == 1
    assert html.count(">Shared with manager<") == 1
    assert 'role="img" aria-label="Confidence over 2 reflections' in html


# ---------------------------------------------------------------- writing


def test_a_plain_post_saves_a_private_reflection_and_goes_back(
    org: Org, career_map: CareerMap
) -> None:
    client = client_for(org.employee.user)
    response = client.post(_url("reflection-add", career_map), _answers())
    assert response.status_code == 302
    assert response["Location"] == _url("journal", career_map) + "#entries"
    reflection = Reflection.objects.get()
    assert (reflection.progress, reflection.confidence) == (_answers()["progress"], 4)
    assert reflection.shared_with_manager is False
    page = client.get(response["Location"]).content.decode()
    assert "Reflection saved" in page
    assert 'badge--neutral">Private<' in page


def test_an_htmx_post_answers_with_the_journal_fragment(org: Org, career_map: CareerMap) -> None:
    response = client_for(org.employee.user).post(
        _url("reflection-add", career_map), _answers(), headers=HX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="journal"')
    assert "Reflection saved" in html
    assert "Closed 40 tickets" in html
    assert "Ask for a mentor" in html  # now the reminder for the next one


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"progress": ""}, "progress", "Write a line or two about your progress"),
        ({"progress": "   "}, "progress", "Write a line or two about your progress"),
        ({"confidence": ""}, "confidence", "Choose how confident you feel, from 1 to 5."),
        ({"confidence": "9"}, "confidence", "Select a valid choice"),
        ({"went_well": "x" * (LONG + 1)}, "went_well", "at most 4000 characters"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_an_invalid_reflection_shows_the_message_beside_the_field(
    org: Org,
    career_map: CareerMap,
    overrides: dict[str, str],
    field: str,
    message: str,
    htmx: bool,
) -> None:
    response = client_for(org.employee.user).post(
        _url("reflection-add", career_map), _answers(**overrides), headers=HX if htmx else {}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert ("<html" in html) is not htmx
    error = re.search(rf'<ul class="field__error" id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert error is not None
    assert message in error.group(1)
    assert not Reflection.objects.exists()
    if field != "progress":
        assert _answers()["progress"] in html  # what was typed is kept


def test_html_typed_into_a_reflection_is_shown_as_text(org: Org, career_map: CareerMap) -> None:
    client = client_for(org.employee.user)
    client.post(
        _url("reflection-add", career_map),
        _answers(progress="<script>alert(1)</script>", adjust="<b>bold</b>"),
    )
    html = client.get(_url("journal", career_map)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html


# ---------------------------------------------------------------- sharing


def test_sharing_and_unsharing_with_plain_posts(org: Org, career_map: CareerMap) -> None:
    reflection = _reflect(career_map)
    client = client_for(org.employee.user)
    url = _url("reflection-share", career_map, reflection.public_id)
    response = client.post(url, {"shared": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#reflection-{reflection.public_id}")
    assert Reflection.objects.get().shared_with_manager is True
    client.post(url, {"shared": "1"})  # a repeated click keeps what was asked for
    assert Reflection.objects.get().shared_with_manager is True
    client.post(url, {"shared": "0"})
    assert Reflection.objects.get().shared_with_manager is False


def test_a_share_post_without_a_wanted_state_toggles(org: Org, career_map: CareerMap) -> None:
    reflection = _reflect(career_map)
    client = client_for(org.employee.user)
    url = _url("reflection-share", career_map, reflection.public_id)
    client.post(url)
    assert Reflection.objects.get().shared_with_manager is True
    client.post(url)
    assert Reflection.objects.get().shared_with_manager is False


def test_sharing_with_htmx_swaps_only_the_entry(org: Org, career_map: CareerMap) -> None:
    reflection = _reflect(career_map, progress=SHARED_TEXT)
    response = client_for(org.employee.user).post(
        _url("reflection-share", career_map, reflection.public_id), {"shared": "1"}, headers=HX
    )
    assert response.status_code == 200
    html = response.content.decode()
    entry_id = f'id="reflection-{reflection.public_id}"'
    assert html.lstrip().startswith(f'<article class="card reflection" {entry_id}')
    assert ">Shared with manager<" in html
    assert "Make private" in html
    assert SHARED_TEXT in html


@pytest.mark.parametrize("persona", ["manager", "director", "hr", "teammate", "other_employee"])
def test_only_the_owner_writes(org: Org, career_map: CareerMap, persona: str) -> None:
    reflection = _reflect(career_map)
    user = org.hr_user if persona == "hr" else getattr(org, persona).user
    client = client_for(user)
    add = client.post(_url("reflection-add", career_map), _answers())
    share = client.post(
        _url("reflection-share", career_map, reflection.public_id), {"shared": "1"}, headers=HX
    )
    assert (add.status_code, share.status_code) == (404, 404)
    assert Reflection.objects.get().shared_with_manager is False
    assert Reflection.objects.count() == 1


def test_a_reflection_of_another_map_cannot_be_shared_through_mine(
    org: Org, career_map: CareerMap
) -> None:
    theirs = _reflect(map_create(employee=org.teammate))
    response = client_for(org.employee.user).post(
        _url("reflection-share", career_map, theirs.public_id), {"shared": "1"}
    )
    assert response.status_code == 404
    assert Reflection.objects.get().shared_with_manager is False


# ---------------------------------------------------------------- privacy


@pytest.fixture
def mixed_journal(career_map: CareerMap) -> dict[str, Reflection]:
    return {
        "private_old": _reflect(
            career_map,
            progress=f"{PRIVATE_TEXT} (old)",
            days_ago=97,
            adjust="Private adjustment",
            confidence=1,
        ),
        "shared": _reflect(
            career_map,
            progress=SHARED_TEXT,
            shared=True,
            days_ago=64,
            adjust="Shared adjustment",
            confidence=4,
        ),
        "private_new": _reflect(career_map, progress=PRIVATE_TEXT, days_ago=2, confidence=2),
    }


@pytest.mark.parametrize("persona", ["manager", "director", "hr"])
def test_readers_see_only_shared_reflections_and_no_trace_of_private_ones(
    org: Org, career_map: CareerMap, mixed_journal: dict[str, Reflection], persona: str
) -> None:
    user = org.hr_user if persona == "hr" else getattr(org, persona).user
    response = client_for(user).get(_url("journal", career_map))
    assert response.status_code == 200
    html = response.content.decode()
    assert SHARED_TEXT in html
    assert "Shared adjustment" in html
    assert PRIVATE_TEXT not in html
    assert "Private adjustment" not in html
    for key in ("private_old", "private_new"):
        private = mixed_journal[key]
        assert str(private.public_id) not in html
        assert f"{private.created_at:%-d %b %Y}" not in html
    assert not re.search(r"\d+\s+private", html, re.I)
    assert "Next reflection due" not in html  # derived from private activity
    assert "overdue" not in html
    assert "Confidence over 1 reflection, oldest to newest, out of 5: 4." in html
    assert "Write a reflection" not in html
    assert "Share with my manager" not in html
    assert "Make private" not in html
    assert 'name="confidence"' not in html


def test_a_reader_with_nothing_shared_sees_an_empty_journal(
    org: Org, career_map: CareerMap
) -> None:
    _reflect(career_map, progress=PRIVATE_TEXT)
    html = client_for(org.manager.user).get(_url("journal", career_map)).content.decode()
    assert "No shared reflections" in html
    assert PRIVATE_TEXT not in html
    assert "Confidence trend" not in html


@pytest.mark.parametrize("persona", ["teammate", "other_employee"])
def test_others_do_not_find_the_journal(org: Org, career_map: CareerMap, persona: str) -> None:
    _reflect(career_map, shared=True)
    response = client_for(getattr(org, persona).user).get(_url("journal", career_map))
    assert response.status_code == 404


def test_a_manager_loses_the_journal_when_the_map_is_hidden_from_managers(
    org: Org, career_map: CareerMap
) -> None:
    _reflect(career_map, shared=True)
    CareerMap.objects.filter(pk=career_map.pk).update(visible_to_manager=False)
    assert client_for(org.manager.user).get(_url("journal", career_map)).status_code == 404


# ---------------------------------------------------------------- query counts


def _count(callable_: Any) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as queries:
        response = callable_()
    return len(queries), response


def _fill(career_map: CareerMap, total: int) -> None:
    Reflection.objects.filter(career_map=career_map).delete()
    Reflection.objects.bulk_create(
        Reflection(
            career_map=career_map,
            progress=f"entry {n}",
            adjust=f"adjust {n}",
            confidence=1 + n % 5,
            shared_with_manager=n % 2 == 0,
            created_at=timezone.now() - timedelta(days=n),
        )
        for n in range(total)
    )


@pytest.mark.parametrize("persona", ["employee", "manager", "hr"])
def test_the_page_runs_a_fixed_number_of_queries(
    org: Org, career_map: CareerMap, persona: str
) -> None:
    user = org.hr_user if persona == "hr" else getattr(org, persona).user
    client = client_for(user)
    counts = []
    for total in (5, 50):
        _fill(career_map, total)
        count, response = _count(lambda: client.get(_url("journal", career_map)))
        assert response.status_code == 200
        assert response.content.count(b'class="card reflection"') == (
            total if persona == "employee" else (total + 1) // 2
        )
        counts.append(count)
    assert counts[0] == counts[1], counts


def test_the_fragments_run_a_fixed_number_of_queries(org: Org, career_map: CareerMap) -> None:
    client = client_for(org.employee.user)
    add_counts, share_counts = [], []
    for total in (5, 50):
        _fill(career_map, total)
        count, response = _count(
            lambda: client.post(_url("reflection-add", career_map), _answers(), headers=HX)
        )
        assert response.status_code == 200
        add_counts.append(count)
        entry = Reflection.objects.filter(career_map=career_map).last()
        assert entry is not None
        count, response = _count(
            lambda entry=entry: client.post(
                _url("reflection-share", career_map, entry.public_id), {"shared": "1"}, headers=HX
            )
        )
        assert response.status_code == 200
        share_counts.append(count)
    assert add_counts[0] == add_counts[1], add_counts
    assert share_counts[0] == share_counts[1], share_counts
