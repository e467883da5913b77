"""The Self-assessment tab: skill self-ratings, about me, the SWOT board, the career assessment."""

from __future__ import annotations

import importlib
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.careermaps import quiz
from apps.careermaps.models import AssessmentResult, CareerMap, Quadrant, SwotItem
from apps.careermaps.services import assessment as services
from apps.careermaps.services.maps import map_create
from apps.employees.models import Employee, RatingSource, SkillRating, SkillRatingHistory
from apps.employees.services import rating_set
from apps.roles.models import JobFamily
from apps.skills.models import ProficiencyLevel, Skill
from tests.conftest import Org, client_for
from tests.factories import RoleFactory, RoleRequirementFactory, SkillFactory

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
EVIL = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
SCALE = importlib.import_module("apps.skills.migrations.0002_proficiency_scale").LEVELS
INTERMEDIATE = SCALE[3][2]  # the behavioural descriptor of level 3


@pytest.fixture(autouse=True)
def _scale(db: None) -> None:
    # A transactional test elsewhere may have flushed the migration's rows.
    for level, name, descriptor in SCALE:
        ProficiencyLevel.objects.update_or_create(
            level=level, defaults={"name": name, "descriptor": descriptor}
        )


@pytest.fixture
def career_map(org: Org) -> CareerMap:
    return map_create(employee=org.employee)


@pytest.fixture
def owner(org: Org) -> Client:
    return client_for(org.employee.user)


def url(name: str, career_map: CareerMap, *args: Any) -> str:
    return reverse(f"careermaps:{name}", args=[career_map.public_id, *args])


def answers(value: int = 3, **overrides: int) -> dict[str, int]:
    given = {question.key: value for question in quiz.QUESTIONS}
    given.update(overrides)
    return given


def keys_of(dimension: str) -> list[str]:
    return [q.key for q in quiz.QUESTIONS if q.dimension == dimension]


def take(
    career_map: CareerMap, given: dict[str, int], *, keep: bool = True, days_ago: int = 0
) -> AssessmentResult:
    result = services.assessment_take(career_map=career_map, answers=given, keep=keep)
    AssessmentResult.objects.filter(pk=result.pk).update(
        taken_at=timezone.now() - timedelta(days=days_ago)
    )
    result.refresh_from_db()
    return result


def text_of(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# ---------------------------------------------------------------- scoring (pure)


def test_the_assessment_has_24_statements_two_per_dimension() -> None:
    assert len(quiz.QUESTIONS) == 24
    assert len({q.key for q in quiz.QUESTIONS}) == 24
    for dimension in quiz.DIMENSIONS:
        assert len(keys_of(dimension.key)) == 2
    assert [d.letter for d in quiz.DIMENSIONS if d.kind == quiz.INTEREST] == list("RIASEC")


def test_scores_are_hand_computable() -> None:
    a1, a2 = keys_of("achievement")
    s1, s2 = keys_of("social")
    e1, e2 = keys_of("enterprising")
    c1, c2 = keys_of("conventional")
    given = answers(3, **{a1: 5, a2: 4, s1: 5, s2: 5, e1: 1, e2: 2, c1: 4, c2: 3})
    scores = quiz.score(given)
    # achievement: (5 + 4 - 2) / 8 = 87.5 -> 88 (half up); social: (10 - 2) / 8 = 100
    # enterprising: (1 + 2 - 2) / 8 = 12.5 -> 13; conventional: (4 + 3 - 2) / 8 = 62.5 -> 63
    assert scores["achievement"] == 88
    assert scores["social"] == 100
    assert scores["enterprising"] == 13
    assert scores["conventional"] == 63
    assert scores["realistic"] == 50  # every other answer is 3: half-way
    assert quiz.score(answers(1)) == dict.fromkeys(scores, 0)
    assert quiz.score(answers(5)) == dict.fromkeys(scores, 100)


def test_top_values_and_the_interest_code_rank_by_score_ties_in_listed_order() -> None:
    s1, s2 = keys_of("social")
    c1, c2 = keys_of("conventional")
    e1, _ = keys_of("enterprising")
    r1, _ = keys_of("realistic")
    sup1, sup2 = keys_of("support")
    given = answers(2, **{s1: 5, s2: 5, c1: 4, c2: 4, e1: 4, r1: 4, sup1: 5, sup2: 4})
    shown = quiz.profile(quiz.score(given))
    # S 100, C 75, then R and E tie at 50: R is listed first.
    assert shown.code == "SCR"
    assert [row.dimension.key for row in shown.top_values] == [
        "support",
        "achievement",
        "independence",
    ]


def test_unanswered_lists_missing_and_out_of_range_answers() -> None:
    given = answers(3)
    del given["q04"]
    given["q10"] = 6
    assert [q.number for q in quiz.unanswered(given)] == [4, 10]
    with pytest.raises(ValueError, match="q04"):
        quiz.score(given)


def test_deltas_compare_with_the_previous_result() -> None:
    shown = quiz.profile(
        {"social": 75, "realistic": 25, "achievement": 50},
        {"social": 50, "realistic": 50, "achievement": 50},
    )
    by_key = {row.dimension.key: row for row in [*shown.values, *shown.interests]}
    assert (by_key["social"].delta, by_key["social"].delta_text) == (25, "+25")
    assert by_key["realistic"].delta_text == "\u221225"
    assert by_key["realistic"].delta_words == "down 25 points"
    assert by_key["achievement"].delta_text == "no change"
    assert [row.dimension.key for row in shown.changes] == ["realistic", "social"]


def test_bars_round_to_the_meter_steps() -> None:
    row = quiz.DimensionScore(quiz.BY_KEY["social"], 63, 12)
    assert (row.bar, row.previous_bar) == (65, 10)


def test_suggestions_match_job_families_by_the_words_they_use() -> None:
    s1, s2 = keys_of("social")
    shown = quiz.profile(quiz.score(answers(3, **{s1: 5, s2: 5})))
    families = [
        JobFamily(name="Customer Support", description="Helping customers by phone."),
        JobFamily(name="Finance", description="Looking after our money."),
    ]
    social = quiz.suggestions(shown, families)[0]
    assert social.dimension.key == "social"
    assert social.families == ["Customer Support"]


# ---------------------------------------------------------------- services


def test_about_update_saves_trimmed_texts(career_map: CareerMap) -> None:
    services.about_update(
        career_map=career_map,
        version=career_map.version,
        strengths="  Calm  ",
        weaknesses="SQL",
        values="Honesty",
        interests="Data",
        aspiration="Lead a team",
    )
    career_map.refresh_from_db()
    assert (career_map.strengths, career_map.aspiration) == ("Calm", "Lead a team")


def test_about_update_refuses_too_long_texts_and_saves_nothing(career_map: CareerMap) -> None:
    with pytest.raises(ValidationError) as error:
        services.about_update(
            career_map=career_map,
            version=career_map.version,
            strengths="ok",
            weaknesses="x" * 1001,
            values="",
            interests="",
            aspiration="",
        )
    assert "weaknesses" in error.value.message_dict
    career_map.refresh_from_db()
    assert career_map.strengths == ""


def test_a_self_rating_keeps_history_and_who_rated(org: Org, career_map: CareerMap) -> None:
    skill = SkillFactory()
    services.self_rating_set(
        career_map=career_map, skill_id=skill.pk, level=2, rated_by=org.employee.user
    )
    services.self_rating_set(
        career_map=career_map, skill_id=skill.pk, level=3, rated_by=org.employee.user
    )
    rating = SkillRating.objects.get(employee=org.employee, skill=skill)
    assert rating.self_level == 3
    history = SkillRatingHistory.objects.filter(employee=org.employee, skill=skill)
    assert sorted(history.values_list("level", flat=True)) == [2, 3]
    assert set(history.values_list("source", "rated_by")) == {
        (RatingSource.SELF, org.employee.user.pk)
    }


def test_a_self_rating_refuses_unknown_skills_and_levels(org: Org, career_map: CareerMap) -> None:
    with pytest.raises(ValidationError, match="not in the catalogue"):
        services.self_rating_set(
            career_map=career_map, skill_id=987654, level=2, rated_by=org.employee.user
        )
    with pytest.raises(ValidationError, match="0 \\(None\\) to 5"):
        services.self_rating_set(
            career_map=career_map, skill_id=SkillFactory().pk, level=6, rated_by=org.employee.user
        )
    assert not SkillRating.objects.exists()


def test_swot_items_are_added_edited_and_removed(career_map: CareerMap) -> None:
    item = services.swot_item_add(career_map=career_map, quadrant="O", text="  New team  ")
    assert (item.quadrant, item.text) == ("O", "New team")
    services.swot_item_update(
        career_map=career_map, item=item, version=item.version, text="A new team"
    )
    item.refresh_from_db()
    assert item.text == "A new team"
    services.swot_item_delete(career_map=career_map, item=item)
    assert not career_map.swot_items.exists()


@pytest.mark.parametrize(
    ("quadrant", "text", "field"),
    [
        ("S", "   ", "text"),
        ("S", "", "text"),
        ("X", "fine", "quadrant"),
        ("S", "x" * 401, "text"),
    ],
)
def test_swot_items_need_text_and_a_quadrant(
    career_map: CareerMap, quadrant: str, text: str, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.swot_item_add(career_map=career_map, quadrant=quadrant, text=text)
    assert field in error.value.message_dict
    assert not career_map.swot_items.exists()


def test_a_swot_item_of_another_map_is_refused(org: Org, career_map: CareerMap) -> None:
    other = map_create(employee=org.teammate)
    item = services.swot_item_add(career_map=other, quadrant="S", text="Theirs")
    with pytest.raises(ValueError, match="another map"):
        services.swot_item_update(
            career_map=career_map, item=item, version=item.version, text="Mine now"
        )


def test_taking_the_assessment_saves_answers_and_scores(career_map: CareerMap) -> None:
    result = services.assessment_take(career_map=career_map, answers=answers(4), keep=True)
    assert result.answers == answers(4)
    assert result.scores == dict.fromkeys(quiz.BY_KEY, 75)
    assert result.kept_on_map


def test_an_incomplete_assessment_is_refused_and_nothing_saved(career_map: CareerMap) -> None:
    given = answers(4)
    del given["q07"], given["q19"]
    with pytest.raises(ValidationError, match="Still to answer: 7, 19"):
        services.assessment_take(career_map=career_map, answers=given, keep=True)
    assert not AssessmentResult.objects.exists()


def test_the_kept_result_is_compared_with_the_kept_one_before(career_map: CareerMap) -> None:
    take(career_map, answers(2), days_ago=30)
    take(career_map, answers(5), days_ago=20, keep=False)  # not on the map: never compared
    latest = take(career_map, answers(4), days_ago=1)
    take(career_map, answers(1), keep=False)
    shown = services.kept_result(career_map)
    assert shown is not None
    assert shown.result == latest
    assert shown.profile.values[0].previous == 25
    assert shown.profile.values[0].delta == 50


# ---------------------------------------------------------------- the tab


def test_the_owner_rates_a_skill_with_the_descriptors_shown(
    owner: Client, career_map: CareerMap
) -> None:
    skill = SkillFactory(name="Negotiation")
    page = text_of(owner.get(url("assessment", career_map)))
    assert INTERMEDIATE in page
    assert 'type="radio" name="level" value="3"' in page
    assert "Negotiation" in page
    response = owner.post(url("rating-set", career_map), {"skill": skill.pk, "level": 3})
    assert response.status_code == 302
    assert response["Location"].endswith("/assessment/#ratings")
    page = text_of(owner.get(url("assessment", career_map)))
    assert "3 · Intermediate" in page


def test_the_skill_picker_suggests_the_current_and_target_roles_first(
    org: Org, owner: Client, career_map: CareerMap
) -> None:
    current, target = RoleFactory(), RoleFactory()
    RoleRequirementFactory(role=current, skill=SkillFactory(name="Zeta from current"))
    RoleRequirementFactory(role=target, skill=SkillFactory(name="Yotta from target"))
    SkillFactory(name="Alpha elsewhere")
    Employee.objects.filter(pk=org.employee.pk).update(current_role=current)
    CareerMap.objects.filter(pk=career_map.pk).update(target_role=target)
    page = text_of(owner.get(url("assessment", career_map)))
    select = page[page.index('name="skill"') : page.index("</select>")]
    roles = select.index("Skills of your current and target roles")
    assert roles < select.index("Yotta from target") < select.index("Zeta from current")
    assert select.index("Zeta from current") < select.index("Alpha elsewhere")
    assert "Not rated yet from your roles:" in page


def test_htmx_rating_answers_with_the_ratings_fragment(
    owner: Client, career_map: CareerMap
) -> None:
    skill = SkillFactory(name="Presenting")
    response = owner.post(
        url("rating-set", career_map), {"skill": skill.pk, "level": 4}, headers=HX
    )
    page = text_of(response)
    assert response.status_code == 200
    assert page.lstrip().startswith('<section class="card" id="ratings"')
    assert "Saved: Presenting at 4 · Advanced." in page
    assert "<html" not in page


@pytest.mark.parametrize(
    ("level", "skill", "message"),
    [
        ("9", "real", "Choose a level from 0 (None) to 5 (Expert)."),
        ("-1", "real", "Choose a level from 0 (None) to 5 (Expert)."),
        ("", "real", "Choose a level from 0 (None) to 5 (Expert)."),
        ("3", "424242", "That skill is not in the catalogue: choose one from the list."),
        ("3", "", "Choose a skill to rate."),
    ],
)
def test_a_bad_rating_gets_a_clear_message_and_saves_nothing(
    owner: Client, career_map: CareerMap, level: str, skill: str, message: str
) -> None:
    real = SkillFactory()
    data = {"skill": real.pk if skill == "real" else skill, "level": level}
    for headers in ({}, HX):
        response = owner.post(url("rating-set", career_map), data, headers=headers)
        assert response.status_code == 200
        assert message in text_of(response)
    assert not SkillRating.objects.exists()


def test_my_managers_rating_is_shown_beside_mine(
    org: Org, owner: Client, career_map: CareerMap
) -> None:
    skill = SkillFactory(name="Written communication")
    rating_set(
        employee=org.employee,
        skill=skill,
        level=2,
        source=RatingSource.SELF,
        rated_by=org.employee.user,
    )
    rating_set(
        employee=org.employee,
        skill=skill,
        level=3,
        source=RatingSource.MANAGER,
        rated_by=org.manager.user,
    )
    page = text_of(owner.get(url("assessment", career_map)))
    row = page[page.index('<th scope="row">Written communication') :]
    row = row[: row.index("</tr>")]
    assert "2 · Novice" in row
    assert "3 · Intermediate" in row
    assert "by Manager" in row
    assert INTERMEDIATE in row


def test_about_me_is_edited_in_place(owner: Client, career_map: CareerMap) -> None:
    view = text_of(owner.get(url("assessment", career_map) + "?part=about", headers=HX))
    assert view.lstrip().startswith('<section class="card" id="about"')
    assert "<form" not in view
    edit = text_of(owner.get(url("assessment", career_map) + "?edit=about&part=about", headers=HX))
    assert 'name="strengths"' in edit
    assert 'maxlength="1000"' in edit
    data = {
        "version": career_map.version,
        "strengths": "Calm",
        "weaknesses": "SQL",
        "values": "Honesty",
        "interests": "Data",
        "aspiration": "Lead a support team",
    }
    saved = text_of(owner.post(url("about-edit", career_map), data, headers=HX))
    assert "Lead a support team" in saved
    assert "<form" not in saved
    assert "Saved." in saved


def test_about_me_works_without_javascript(owner: Client, career_map: CareerMap) -> None:
    page = text_of(owner.get(url("assessment", career_map) + "?edit=about"))
    assert 'name="aspiration"' in page
    data = {
        "version": career_map.version,
        "strengths": "Calm",
        "weaknesses": "",
        "values": "",
        "interests": "",
        "aspiration": "Lead",
    }
    response = owner.post(url("about-edit", career_map), data)
    assert response.status_code == 302
    assert response["Location"].endswith("#about")
    career_map.refresh_from_db()
    assert career_map.aspiration == "Lead"


def test_about_me_over_the_limit_is_refused_beside_the_field(
    owner: Client, career_map: CareerMap
) -> None:
    data = {
        "version": career_map.version,
        "strengths": "x" * 1001,
        "weaknesses": "",
        "values": "",
        "interests": "",
        "aspiration": "Changed",
    }
    for headers in ({}, HX):
        response = owner.post(url("about-edit", career_map), data, headers=headers)
        assert response.status_code == 200
        page = text_of(response)
        assert "at most 1000 characters" in page
        assert 'id="about-strengths_error"' in page
    career_map.refresh_from_db()
    assert career_map.aspiration == ""


def test_swot_items_are_added_to_each_quadrant(owner: Client, career_map: CareerMap) -> None:
    for quadrant in Quadrant.values:
        response = owner.post(
            url("swot-add", career_map),
            {"quadrant": quadrant, "text": f"Item {quadrant}"},
            headers=HX,
        )
        page = text_of(response)
        assert page.lstrip().startswith(f'<div class="swot__quadrant swot__quadrant--{quadrant}"')
        assert f"Item {quadrant}" in page
    assert sorted(career_map.swot_items.values_list("quadrant", flat=True)) == sorted("SWOT")
    response = owner.post(url("swot-add", career_map), {"quadrant": "T", "text": "Plain"})
    assert response.status_code == 302
    assert response["Location"].endswith("#swot-T")


def test_an_empty_swot_item_is_refused_with_a_message(owner: Client, career_map: CareerMap) -> None:
    for headers in ({}, HX):
        response = owner.post(
            url("swot-add", career_map), {"quadrant": "W", "text": "   "}, headers=headers
        )
        assert response.status_code == 200
        page = text_of(response)
        assert "Write something for this item: it cannot be empty." in page
        assert 'id="swot-W-text_error"' in page
    assert not career_map.swot_items.exists()


def test_a_swot_item_is_edited_inline(owner: Client, career_map: CareerMap) -> None:
    item = services.swot_item_add(career_map=career_map, quadrant="S", text="Calm")
    edit_url = url("swot-edit", career_map, item.public_id)
    form = text_of(owner.get(edit_url, headers=HX))
    assert form.lstrip().startswith(
        f'<li class="swot__item swot__item--editing" id="swot-item-{item.public_id}"'
    )
    assert 'value="Calm"' in form
    saved = text_of(owner.post(edit_url, {"text": "Calm under pressure", "version": 1}, headers=HX))
    assert saved.lstrip().startswith(f'<li class="swot__item" id="swot-item-{item.public_id}"')
    assert "Calm under pressure" in saved
    empty = text_of(owner.post(edit_url, {"text": "", "version": 2}, headers=HX))
    assert "it cannot be empty" in empty
    item.refresh_from_db()
    assert item.text == "Calm under pressure"


def test_a_swot_item_is_edited_without_javascript(owner: Client, career_map: CareerMap) -> None:
    item = services.swot_item_add(career_map=career_map, quadrant="S", text="Calm")
    edit_url = url("swot-edit", career_map, item.public_id)
    page = text_of(owner.get(edit_url))
    assert "<html" in page
    assert f'action="{edit_url}"' in page
    response = owner.post(edit_url, {"text": "Calmer", "version": 1})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "Calmer"


def test_a_swot_item_is_removed_after_a_confirm_step(owner: Client, career_map: CareerMap) -> None:
    item = services.swot_item_add(career_map=career_map, quadrant="T", text="Budget cuts")
    page = text_of(owner.get(url("assessment", career_map)))
    assert '<details class="swot__confirm">' in page
    assert "Yes, remove" in page
    response = owner.post(url("swot-delete", career_map, item.public_id), headers=HX)
    fragment = text_of(response)
    assert fragment.lstrip().startswith('<div class="swot__quadrant swot__quadrant--T"')
    assert "Nothing here yet." in fragment
    assert not SwotItem.objects.filter(pk=item.pk).exists()


def test_html_typed_anywhere_is_shown_as_text(
    org: Org, owner: Client, career_map: CareerMap
) -> None:
    services.swot_item_add(career_map=career_map, quadrant="S", text=EVIL)
    services.about_update(
        career_map=career_map,
        version=career_map.version,
        strengths=EVIL,
        weaknesses="",
        values="",
        interests="",
        aspiration="",
    )
    for client in (owner, client_for(org.manager.user)):
        page = client.get(url("assessment", career_map)).content.decode()
        assert EVIL not in page
        assert page.count(ESCAPED) >= 2


def test_readers_see_the_tab_without_any_form(org: Org, career_map: CareerMap) -> None:
    skill = SkillFactory(name="Negotiation")
    services.self_rating_set(
        career_map=career_map, skill_id=skill.pk, level=3, rated_by=org.employee.user
    )
    services.swot_item_add(career_map=career_map, quadrant="O", text="New team")
    services.about_update(
        career_map=career_map,
        version=career_map.version,
        strengths="Calm",
        weaknesses="",
        values="",
        interests="",
        aspiration="Lead",
    )
    take(career_map, answers(4))
    for user in (org.manager.user, org.director.user, org.hr_user):
        response = client_for(user).get(url("assessment", career_map))
        page = text_of(response)
        assert response.status_code == 200
        assert "<form" not in page.split("<main", 1)[1].split("</main>")[0]
        for shown in (
            "Negotiation",
            "3 · Intermediate",
            "New team",
            "Calm",
            "Lead",
            "Interest code",
        ):
            assert shown in page
        for control in ("rating-set", "swot-add", "/quiz/", "edit=about", "Yes, remove"):
            assert control not in page


def test_every_url_of_the_tab_is_404_to_outsiders(org: Org, career_map: CareerMap) -> None:
    item = services.swot_item_add(career_map=career_map, quadrant="S", text="Calm")
    result = take(career_map, answers(3))
    reads = [
        url("assessment", career_map),
        url("assessment", career_map) + "?part=ratings",
        url("assessment", career_map) + "?part=swot",
    ]
    writes = [
        url("about-edit", career_map),
        url("rating-set", career_map),
        url("swot-add", career_map),
        url("swot-edit", career_map, item.public_id),
        url("swot-delete", career_map, item.public_id),
        url("quiz", career_map),
    ]
    owner_pages = [
        url("swot-edit", career_map, item.public_id),
        url("quiz", career_map),
        url("quiz", career_map) + f"?result={result.public_id}",
    ]
    outsiders = [org.teammate.user, org.other_employee.user, org.nobody]
    readers = [org.manager.user, org.director.user, org.hr_user]
    for user in outsiders:
        client = client_for(user)
        for target in reads + owner_pages:
            for headers in ({}, HX):
                assert client.get(target, headers=headers).status_code == 404, (user, target)
    for user in outsiders + readers:
        client = client_for(user)
        for target in writes:
            response = client.post(
                target, {"quadrant": "S", "text": "x", "skill": "1", "level": "1"}, headers=HX
            )
            assert response.status_code == 404, (user, target)
        for target in owner_pages:
            assert client.get(target).status_code == 404, (user, target)
    assert career_map.swot_items.count() == 1


def test_a_manager_cannot_read_a_hidden_map(org: Org, career_map: CareerMap) -> None:
    CareerMap.objects.filter(pk=career_map.pk).update(visible_to_manager=False)
    assert client_for(org.manager.user).get(url("assessment", career_map)).status_code == 404
    assert client_for(org.hr_user).get(url("assessment", career_map)).status_code == 200


def test_an_item_of_another_map_is_404_even_to_an_owner(
    org: Org, owner: Client, career_map: CareerMap
) -> None:
    other = map_create(employee=org.teammate)
    theirs = services.swot_item_add(career_map=other, quadrant="S", text="Theirs")
    assert owner.get(url("swot-edit", career_map, theirs.public_id)).status_code == 404
    response = owner.post(url("swot-delete", career_map, theirs.public_id))
    assert response.status_code == 404
    assert SwotItem.objects.filter(pk=theirs.pk).exists()


# ---------------------------------------------------------------- the career assessment


def test_the_quiz_asks_every_statement_on_the_agree_scale(
    owner: Client, career_map: CareerMap
) -> None:
    page = text_of(owner.get(url("quiz", career_map)))
    for question in quiz.QUESTIONS:
        assert question.text.replace("'", "&#x27;") in page
    assert page.count('type="radio"') == 24 * 5
    assert "Strongly agree" in page
    assert "Keep this result on my map" in page


def test_unanswered_statements_are_listed_and_answers_kept(
    owner: Client, career_map: CareerMap
) -> None:
    data: dict[str, Any] = answers(4)
    del data["q03"], data["q17"]
    data["keep"] = "on"
    response = owner.post(url("quiz", career_map), data)
    page = text_of(response)
    assert response.status_code == 200
    assert "Please answer every statement. Still to answer: 3, 17." in page
    assert '<a href="#id_q03_0">3. ' in page
    assert 'id="id_q03_error"' in page
    assert re.search(r'name="q01" value="4"[^>]* checked', page)
    assert not re.search(r'name="q03" value="\d"[^>]* checked', page)
    assert not AssessmentResult.objects.exists()


def test_a_completed_quiz_is_scored_saved_and_shown(owner: Client, career_map: CareerMap) -> None:
    s1, s2 = keys_of("social")
    data: dict[str, Any] = answers(2, **{s1: 5, s2: 5})
    data["keep"] = "on"
    response = owner.post(url("quiz", career_map), data)
    result = AssessmentResult.objects.get(career_map=career_map)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?result={result.public_id}")
    assert result.scores["social"] == 100
    assert result.kept_on_map
    page = text_of(owner.get(response["Location"]))
    assert "This result is kept on your map" in page
    assert 'class="result__code">SRI<' in page  # S 100; R, I, A... tie at 25: listed order
    tab = text_of(owner.get(url("assessment", career_map)))
    assert "Retake the assessment" in tab
    assert 'class="result__code">SRI<' in tab


def test_a_result_not_kept_stays_off_the_map(
    org: Org, owner: Client, career_map: CareerMap
) -> None:
    response = owner.post(url("quiz", career_map), answers(4))
    assert response.status_code == 302
    result = AssessmentResult.objects.get()
    assert not result.kept_on_map
    assert "only you can see it" in text_of(owner.get(response["Location"]))
    for client in (owner, client_for(org.manager.user)):
        assert "Interest code" not in text_of(client.get(url("assessment", career_map)))


def test_a_retake_shows_what_changed(owner: Client, career_map: CareerMap) -> None:
    take(career_map, answers(3), days_ago=60)
    s1, s2 = keys_of("social")
    r1, r2 = keys_of("realistic")
    take(career_map, answers(3, **{s1: 5, s2: 4, r1: 1, r2: 2}))
    page = text_of(owner.get(url("assessment", career_map)))
    assert "compared with the earlier result" in page
    assert "Social down" not in page
    assert "Social up 38 points" in page  # 50 -> 88
    assert "Realistic down 37 points" in page  # 50 -> 13 (12.5 rounds half up)
    assert 'class="delta delta--up" aria-hidden="true">+38<' in page
    assert "meter__fill--90" in page
    assert "meter__fill--50" in page
    assert "result__bar--before" in page


def test_a_result_of_another_map_is_404(org: Org, owner: Client, career_map: CareerMap) -> None:
    other = map_create(employee=org.teammate)
    theirs = take(other, answers(3))
    for result in (str(theirs.public_id), "not-a-uuid"):
        assert owner.get(url("quiz", career_map) + f"?result={result}").status_code == 404


# ---------------------------------------------------------------- query counts


def _count(
    client: Client,
    method: str,
    target: str,
    data: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(target, data or {}, headers=headers or {})
    assert response.status_code in (200, 302), target
    return len(queries)


def _grow(org: Org, career_map: CareerMap, size: int) -> None:
    role = RoleFactory()
    Employee.objects.filter(pk=org.employee.pk).update(current_role=role)
    for n in range(size):
        skill = SkillFactory()
        RoleRequirementFactory(role=role, skill=skill)
        rating_set(
            employee=org.employee,
            skill=skill,
            level=n % 6,
            source=RatingSource.SELF,
            rated_by=org.employee.user,
        )
        rating_set(
            employee=org.employee,
            skill=skill,
            level=(n + 1) % 6,
            source=RatingSource.MANAGER,
            rated_by=org.manager.user,
        )
        SwotItem.objects.create(career_map=career_map, quadrant="SWOT"[n % 4], text=f"Item {n}")
        JobFamily.objects.create(name=f"Family {size}-{n} support", description="Helping")
    take(career_map, answers(2), days_ago=size)
    take(career_map, answers(4), days_ago=0)


def _requests(career_map: CareerMap, skill: Skill, item: SwotItem) -> list[tuple[Any, ...]]:
    tab = url("assessment", career_map)
    return [
        ("get", tab, None, None),
        ("get", tab + "?part=ratings", None, HX),
        ("get", tab + "?part=swot", None, HX),
        ("get", tab + "?edit=about&part=about", None, HX),
        ("get", tab + "?part=results", None, HX),
        ("post", url("rating-set", career_map), {"skill": skill.pk, "level": 2}, HX),
        ("post", url("swot-add", career_map), {"quadrant": "O", "text": "More"}, HX),
        ("get", url("swot-edit", career_map, item.public_id), None, HX),
        ("post", url("swot-edit", career_map, item.public_id), {"text": "Ed", "version": 1}, HX),
        ("get", url("quiz", career_map), None, None),
    ]


@pytest.mark.parametrize("reader", ["owner", "manager"])
def test_the_tab_and_its_fragments_cost_fixed_queries(
    org: Org, career_map: CareerMap, reader: str
) -> None:
    client = client_for(org.employee.user if reader == "owner" else org.manager.user)
    skill = SkillFactory()
    # Rated once already, so both rounds measure the same path (an update, not a first insert).
    rating_set(
        employee=org.employee,
        skill=skill,
        level=1,
        source=RatingSource.SELF,
        rated_by=org.employee.user,
    )
    item = SwotItem.objects.create(career_map=career_map, quadrant="S", text="Anchor")
    requests = _requests(career_map, skill, item)
    if reader == "manager":
        requests = [r for r in requests if r[0] == "get" and "/assessment/" in r[1]]
    _grow(org, career_map, 5)
    small = [_count(client, *request) for request in requests]
    _grow(org, career_map, 45)
    assert career_map.swot_items.count() > 50
    assert SkillRating.objects.filter(employee=org.employee).count() >= 50
    large = [_count(client, *request) for request in requests]
    assert large == small
    assert max(small) <= 18  # the rating save: 4 of them are the test's savepoints
