"""Mentor matching: offers, the ranking of mentors, and the request / accept / end flow.

The org of the personas (tests/conftest.py)::

    director ── manager ── employee
             │          └─ teammate
    other_manager ── other_employee

The ranking scenario (``mentors`` below): the employee targets a role needing A 4, B 4, C 3 and
stands at A 1 (manager's rating; they rated themselves 2), B 2, C 0: all three are gaps.

    mentor          offers  their levels           leads (theirs - mine, at least 0)  score covered
    manager         A, B    A 5, B 4 (mgr; self 5)  4 + 2                                6     2
    other_employee  A, C    A 3, C 3                2 + 3                                5     2
    other_manager   B, C    B 2, C 5                0 + 5                                5     1
    teammate        A       A 2                     1                                    1     1
    director        A       A 5                     offer closed: never listed
    nina (no offer) -       A 5                     not a mentor: never listed
    dave            D       D 5                     mentors none of the skills asked about
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.careermaps.models import CareerMap, NetworkContact
from apps.careermaps.services.maps import map_create
from apps.employees.models import Employee, SkillRating
from apps.mentoring import services
from apps.mentoring.models import MentorOffer, Mentorship, MentorshipStatus
from apps.roles.models import RoleRequirement
from apps.skills.models import Skill
from tests.conftest import Org, client_for
from tests.factories import RoleFactory, SkillFactory, make_employee

pytestmark = pytest.mark.django_db


def rate(
    employee: Employee, skill: Skill, self_level: int | None, manager_level: int | None = None
) -> None:
    SkillRating.objects.update_or_create(
        employee=employee,
        skill=skill,
        defaults={"self_level": self_level, "manager_level": manager_level},
    )


def offer(employee: Employee, *skills: Skill, is_open: bool = True) -> MentorOffer:
    mentor_offer, _ = MentorOffer.objects.update_or_create(
        employee=employee, defaults={"is_open": is_open}
    )
    mentor_offer.skills.set(skills)
    return mentor_offer


@pytest.fixture
def mentors(org: Org) -> dict[str, Any]:
    a, b, c, d = (SkillFactory(name=name) for name in ("A", "B", "C", "D"))
    role = RoleFactory(title="Product Support Specialist")
    for skill, level in ((a, 4), (b, 4), (c, 3)):
        RoleRequirement.objects.create(role=role, skill=skill, required_level=level)
    career_map = map_create(employee=org.employee)
    career_map.target_role = role
    career_map.save()
    rate(org.employee, a, 2, 1)
    rate(org.employee, b, 2)

    offer(org.manager, a, b)
    rate(org.manager, a, 5)
    rate(org.manager, b, 5, 4)
    offer(org.other_employee, a, c)
    rate(org.other_employee, a, 3)
    rate(org.other_employee, c, 3)
    offer(org.other_manager, b, c)
    rate(org.other_manager, b, 2)
    rate(org.other_manager, c, 5)
    offer(org.teammate, a)
    rate(org.teammate, a, 2)
    offer(org.director, a, is_open=False)
    rate(org.director, a, 5)
    nina = make_employee(name="Nina Nooffer", manager=org.other_manager)
    rate(nina, a, 5)
    dave = make_employee(name="Dave Dskill", manager=org.other_manager)
    offer(dave, d)
    rate(dave, d, 5)
    return {"a": a, "b": b, "c": c, "d": d, "role": role, "map": career_map}


def ranking(matches: list[services.MentorMatch]) -> list[tuple[str, int, int]]:
    return [(match.name, match.score, match.covered) for match in matches]


# --------------------------------------------------------------------------- the ranking


def test_mentors_are_ranked_by_their_lead_in_my_gap_skills(org: Org, mentors):
    page = client_for(org.employee.user).get(reverse("mentoring:index"))
    assert page.status_code == 200
    assert sorted(page.context["chosen"]) == sorted(
        [mentors["a"].pk, mentors["b"].pk, mentors["c"].pk]
    )
    matches = [match for match, _ in page.context["matches"]]
    assert ranking(matches) == [
        ("Manager", 6, 2),
        ("Other Employee", 5, 2),
        ("Other Manager", 5, 1),
        ("Teammate", 1, 1),
    ]
    other_manager = matches[2]
    assert [(s.name, s.mentor_level, s.my_level, s.lead) for s in other_manager.skills] == [
        ("C", 5, 0, 5),
        ("B", 2, 2, 0),
    ]
    assert other_manager.working == "(5 - 0) + (2 - 2 → 0) = 5"
    html = page.content.decode()
    assert "How the ranking works" in html
    assert "Their lead in that skill" in html
    for hidden in ("Director", "Nina Nooffer", "Dave Dskill"):
        assert hidden not in html


def test_excluding_my_reporting_line_drops_my_managers(org: Org, mentors):
    a, b, c = mentors["a"], mentors["b"], mentors["c"]
    page = client_for(org.employee.user).get(
        reverse("mentoring:index"),
        {
            "searched": "1",
            "skills": [a.pk, b.pk, c.pk],
            "exclude_line": "on",
        },
    )
    matches = [match for match, _ in page.context["matches"]]
    assert ranking(matches) == [
        ("Other Employee", 5, 2),
        ("Other Manager", 5, 1),
        ("Teammate", 1, 1),
    ]
    assert "outside your reporting line" in page.content.decode()


def test_excluding_my_reporting_line_drops_the_people_under_me(org: Org, mentors):
    c = mentors["c"]
    offer(org.employee, c)
    rate(org.employee, c, 4)
    offer(org.director, c)
    rate(org.director, c, 2)
    everyone = services.rank_mentors(mentee=org.manager, skill_ids=[c.pk])
    assert ranking(everyone) == [
        ("Other Manager", 5, 1),
        ("Employee", 4, 1),
        ("Other Employee", 3, 1),
        ("Director", 2, 1),
    ]
    outside = services.rank_mentors(
        mentee=org.manager, skill_ids=[c.pk], exclude_reporting_line=True
    )
    assert ranking(outside) == [("Other Manager", 5, 1), ("Other Employee", 3, 1)]


def test_a_mentor_not_ahead_of_me_is_listed_last_with_a_score_of_0(org: Org, mentors):
    b = mentors["b"]
    rate(org.employee, b, 5)  # now ahead of every B mentor
    matches = services.rank_mentors(mentee=org.employee, skill_ids=[b.pk])
    assert ranking(matches) == [("Manager", 0, 0), ("Other Manager", 0, 0)]


def test_without_gaps_i_pick_the_skills_myself(org: Org, mentors):
    CareerMap.objects.filter(employee=org.employee).update(target_role=None)
    client = client_for(org.employee.user)
    page = client.get(reverse("mentoring:index"))
    assert page.context["chosen"] == []
    assert "Choose at least one skill" in page.content.decode()
    page = client.get(reverse("mentoring:index"), {"searched": "1", "more": [mentors["a"].pk]})
    matches = [match for match, _ in page.context["matches"]]
    assert ranking(matches) == [("Manager", 4, 1), ("Other Employee", 2, 1), ("Teammate", 1, 1)]


def test_the_ranking_shows_no_talent_data_only_name_role_department_and_levels(org, mentors):
    html = client_for(org.employee.user).get(reverse("mentoring:index")).content.decode()
    assert "Customer Support" in html  # the department
    assert "manager@example.com" not in html
    assert "other_employee@example.com" not in html


def test_htmx_search_answers_with_the_ranking_only(org: Org, mentors):
    page = client_for(org.employee.user).get(
        reverse("mentoring:index"),
        {"searched": "1", "skills": [mentors["a"].pk]},
        headers={"HX-Request": "true"},
    )
    assert b"<html" not in page.content
    assert b"Ask Manager" in page.content


# --------------------------------------------------------------------------- offering


def test_an_open_offer_needs_at_least_one_skill(org: Org, mentors):
    client = client_for(org.employee.user)
    response = client.post(reverse("mentoring:offer"), {"is_open": "on", "note": "Tuesdays"})
    assert response.status_code == 200
    assert "Name at least one skill you can mentor" in response.content.decode()
    assert not MentorOffer.objects.filter(employee=org.employee).exists()
    response = client.post(
        reverse("mentoring:offer"),
        {"is_open": "on", "skills": [mentors["b"].pk], "note": "Tuesdays"},
    )
    assert response["Location"] == reverse("mentoring:index")
    saved = MentorOffer.objects.get(employee=org.employee)
    assert (saved.is_open, saved.note, list(saved.skills.all())) == (
        True,
        "Tuesdays",
        [mentors["b"]],
    )
    client.post(reverse("mentoring:offer"), {"note": "Back in May", "version": 1})  # closed
    saved.refresh_from_db()
    assert (saved.is_open, saved.skills.count()) == (False, 0)


def test_an_offer_saved_in_another_tab_is_not_overwritten(org: Org, mentors):
    client = client_for(org.employee.user)
    offer = reverse("mentoring:offer")
    first = {"is_open": "on", "skills": [mentors["b"].pk], "note": "Tuesdays", "version": 0}
    assert client.post(offer, first).status_code == 302
    # A second tab, opened before the offer existed, closes it with another note.
    html = client.post(offer, {"note": "Back in May", "version": 0}).content.decode()
    assert "Your mentor offer changed since you opened this page" in html
    table = html.split("stale-version__table")[1].split("</table>")[0]
    assert "Tuesdays" in table
    assert "Back in May" in table
    saved = MentorOffer.objects.get(employee=org.employee)
    assert (saved.is_open, saved.note, saved.skills.count()) == (True, "Tuesdays", 1)


# --------------------------------------------------------------------------- requesting


def _ask(org: Org, mentor: Employee, skills: list[Skill], message: str = "Help with C?") -> Any:
    return client_for(org.employee.user).post(
        reverse("mentoring:request", args=[mentor.public_id]),
        {"focus_skills": [s.pk for s in skills], "message": message},
    )


def test_i_ask_a_mentor_with_a_message_and_focus_skills(org: Org, mentors):
    response = _ask(org, org.other_employee, [mentors["c"]], "Could you help me <b>grow</b>?")
    mentorship = Mentorship.objects.get()
    assert response["Location"] == reverse("mentoring:detail", args=[mentorship.public_id])
    assert (mentorship.mentor, mentorship.mentee, mentorship.status) == (
        org.other_employee,
        org.employee,
        MentorshipStatus.REQUESTED,
    )
    assert list(mentorship.focus_skills.all()) == [mentors["c"]]
    page = client_for(org.other_employee.user).get(response["Location"])
    assert "Could you help me &lt;b&gt;grow&lt;/b&gt;?" in page.content.decode()


def test_the_request_page_prefills_the_skills_from_the_ranking(org: Org, mentors):
    url = reverse("mentoring:request", args=[org.other_employee.public_id])
    page = client_for(org.employee.user).get(f"{url}?skill={mentors['c'].pk}")
    form = page.context["form"]
    assert form["focus_skills"].value() == [mentors["c"].pk]
    assert "C (their level 3, yours 0)" in page.content.decode()


@pytest.mark.parametrize(
    ("skills", "message", "field", "error"),
    [
        ([], "Hi", "focus_skills", "Choose at least one skill to focus on."),
        (["a"], "   ", "message", "Say in a few words what you would like help with."),
        (["b"], "Hi", "focus_skills", "Choose among the skills this mentor offers."),
    ],
)
def test_a_request_needs_focus_skills_they_offer_and_a_message(
    org: Org, mentors, skills, message, field, error
):
    response = _ask(org, org.other_employee, [mentors[s] for s in skills], message)
    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors[field])
    assert not Mentorship.objects.exists()


def test_the_service_names_the_skills_a_mentor_offers(org: Org, mentors):
    with pytest.raises(ValidationError) as error:
        services.mentorship_request(
            mentee=org.employee,
            mentor=org.other_employee,
            message="Hi",
            focus_skills=[mentors["b"]],
        )
    assert error.value.message_dict["focus_skills"] == [
        "Other Employee does not mentor B. They mentor: A, C."
    ]


def test_i_cannot_ask_myself_a_closed_mentor_or_the_same_mentor_twice(org: Org, mentors):
    offer(org.employee, mentors["a"])
    response = _ask(org, org.employee, [mentors["a"]])
    assert "You cannot be your own mentor" in response.content.decode()
    response = _ask(org, org.director, [mentors["a"]])
    assert "Director is not taking new mentees at the moment." in response.content.decode()
    _ask(org, org.other_employee, [mentors["c"]])
    response = _ask(org, org.other_employee, [mentors["a"]])
    assert (
        "You have already asked Other Employee: wait for their answer before asking again."
        in response.content.decode()
    )
    mentorship = Mentorship.objects.get()
    services.mentorship_accept(mentorship=mentorship, mentor=org.other_employee)
    response = _ask(org, org.other_employee, [mentors["a"]])
    assert "Other Employee is already your mentor." in response.content.decode()
    assert Mentorship.objects.count() == 1


def test_someone_who_never_offered_to_mentor_has_no_request_page(org: Org, mentors):
    nina = Employee.objects.get(full_name="Nina Nooffer")
    client = client_for(org.employee.user)
    assert client.get(reverse("mentoring:request", args=[nina.public_id])).status_code == 404


# --------------------------------------------------------------------------- answering


@pytest.fixture
def request_(org: Org, mentors) -> Mentorship:
    return services.mentorship_request(
        mentee=org.employee,
        mentor=org.other_employee,
        message="Help with A and C?",
        focus_skills=[mentors["c"], mentors["a"]],
    )


def test_the_mentor_sees_the_request_and_accepts_with_the_default_follow_up(org, request_):
    mentor = client_for(org.other_employee.user)
    index = mentor.get(reverse("mentoring:index"))
    assert index.context["mine"].incoming == [request_]
    response = mentor.post(reverse("mentoring:accept", args=[request_.public_id]))
    assert response["Location"] == reverse("mentoring:detail", args=[request_.public_id])
    request_.refresh_from_db()
    today = timezone.localdate()
    assert (request_.status, request_.follow_up) == (
        MentorshipStatus.ACCEPTED,
        today + timedelta(days=30),
    )
    assert request_.responded_at is not None


def test_accepting_adds_the_mentor_to_my_network_once(org: Org, request_):
    follow_up = timezone.localdate() + timedelta(days=10)
    mentor = client_for(org.other_employee.user)
    mentor.post(
        reverse("mentoring:accept", args=[request_.public_id]), {"follow_up": follow_up.isoformat()}
    )
    contact = NetworkContact.objects.get(career_map__employee=org.employee)
    assert (contact.name, contact.organisation, contact.how_they_help, contact.next_follow_up) == (
        "Other Employee",
        "Engineering",
        "Mentor: A, C",
        follow_up,
    )
    # Ended, asked again and accepted again: still one contact.
    services.mentorship_end(mentorship=request_, by=org.employee)
    again = services.mentorship_request(
        mentee=org.employee,
        mentor=org.other_employee,
        message="Again?",
        focus_skills=list(Skill.objects.filter(name="A")),
    )
    mentor.post(reverse("mentoring:accept", args=[again.public_id]))
    assert NetworkContact.objects.filter(career_map__employee=org.employee).count() == 1


def test_accepting_starts_the_mentees_map_when_they_have_none(org: Org, mentors):
    CareerMap.objects.filter(employee=org.employee).delete()
    mentorship = services.mentorship_request(
        mentee=org.employee, mentor=org.other_employee, message="Hi", focus_skills=[mentors["c"]]
    )
    services.mentorship_accept(mentorship=mentorship, mentor=org.other_employee)
    career_map = CareerMap.objects.get(employee=org.employee)
    assert list(career_map.contacts.values_list("name", flat=True)) == ["Other Employee"]


def test_a_follow_up_in_the_past_is_refused_beside_the_field(org: Org, request_):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client_for(org.other_employee.user).post(
        reverse("mentoring:accept", args=[request_.public_id]), {"follow_up": yesterday}
    )
    assert response.status_code == 200
    assert response.context["accept_form"].errors["follow_up"] == [
        "Choose a follow-up date from today onwards."
    ]
    request_.refresh_from_db()
    assert request_.status == MentorshipStatus.REQUESTED
    assert not NetworkContact.objects.exists()


def test_only_the_mentor_answers_and_only_once(org: Org, request_):
    mentee = client_for(org.employee.user)
    assert mentee.post(reverse("mentoring:accept", args=[request_.public_id])).status_code == 404
    assert mentee.post(reverse("mentoring:decline", args=[request_.public_id])).status_code == 404
    mentor = client_for(org.other_employee.user)
    mentor.post(reverse("mentoring:decline", args=[request_.public_id]))
    request_.refresh_from_db()
    assert request_.status == MentorshipStatus.DECLINED
    page = mentor.post(reverse("mentoring:accept", args=[request_.public_id]), follow=True)
    assert "This request has already been answered: it is declined." in page.content.decode()
    request_.refresh_from_db()
    assert request_.status == MentorshipStatus.DECLINED
    assert not NetworkContact.objects.exists()


def test_after_a_decline_i_may_ask_again(org: Org, mentors, request_):
    services.mentorship_decline(mentorship=request_, mentor=org.other_employee)
    response = _ask(org, org.other_employee, [mentors["a"]])
    assert response.status_code == 302
    assert Mentorship.objects.filter(status=MentorshipStatus.REQUESTED).count() == 1


def test_either_person_ends_a_mentorship(org: Org, request_):
    services.mentorship_accept(mentorship=request_, mentor=org.other_employee)
    page = client_for(org.other_employee.user).post(
        reverse("mentoring:end", args=[request_.public_id]), follow=True
    )
    assert "Mentorship ended." in page.content.decode()
    request_.refresh_from_db()
    assert (request_.status, request_.ended_at is not None) == (MentorshipStatus.ENDED, True)
    page = client_for(org.employee.user).post(
        reverse("mentoring:end", args=[request_.public_id]), follow=True
    )
    assert "This mentorship has already ended." in page.content.decode()


def test_the_mentee_withdraws_a_request_and_the_mentor_declines_instead(org: Org, request_):
    page = client_for(org.other_employee.user).post(
        reverse("mentoring:end", args=[request_.public_id]), follow=True
    )
    assert "Decline the request instead." in page.content.decode()
    client_for(org.employee.user).post(reverse("mentoring:end", args=[request_.public_id]))
    request_.refresh_from_db()
    assert request_.status == MentorshipStatus.ENDED


def test_a_mentorship_is_visible_only_to_its_mentor_and_mentee(org: Org, request_):
    url = reverse("mentoring:detail", args=[request_.public_id])
    assert client_for(org.employee.user).get(url).status_code == 200
    assert client_for(org.other_employee.user).get(url).status_code == 200
    for outsider in (org.manager.user, org.other_manager.user, org.teammate.user, org.hr_user):
        assert client_for(outsider).get(url).status_code == 404


# --------------------------------------------------------------------------- on both maps


def test_an_accepted_mentorship_shows_on_both_maps(org: Org, request_):
    mentor_map = map_create(employee=org.other_employee)
    mentee_map = CareerMap.objects.get(employee=org.employee)
    with CaptureQueriesContext(connection) as queries:
        assert services.mentorships_for_map(mentee_map) == []
    assert len(queries) == 1  # the mentorship table alone: most maps have none
    services.mentorship_accept(
        mentorship=request_,
        mentor=org.other_employee,
        follow_up=timezone.localdate() + timedelta(days=7),
    )
    with CaptureQueriesContext(connection) as queries:
        on_mentee = services.mentorships_for_map(mentee_map)
    assert len(queries) == 3  # the mentorships, the other people, the focus skills
    on_mentor = services.mentorships_for_map(mentor_map)
    assert [(m.other, m.owner_is_mentor) for m in on_mentee] == [(org.other_employee, False)]
    assert [(m.other, m.owner_is_mentor) for m in on_mentor] == [(org.employee, True)]
    html = render_to_string("mentoring/_on_map.html", {"mentorships": on_mentee, "is_owner": True})
    follow_up = timezone.localdate() + timedelta(days=7)
    assert "Other Employee" in html
    assert "Focus: A, C" in html
    assert f"Next follow-up <strong>{follow_up:%-d %b %Y}</strong>" in html
    services.mentorship_end(mentorship=request_, by=org.employee)
    assert services.mentorships_for_map(mentee_map) == []


# --------------------------------------------------------------------------- query counts


def _mentor_pool(size: int, skills: list[Skill], mentee: Employee) -> None:
    manager = make_employee(name=f"Pool lead {size}")
    for n in range(size):
        person = make_employee(name=f"Mentor {size}-{n:02}", manager=manager)
        offer(person, *skills[n % 2 :])
        for level, skill in enumerate(skills, start=1):
            rate(person, skill, 1 + (n + level) % 5)
        if n % 5 == 0:  # some requests each way
            Mentorship.objects.create(mentor=person, mentee=mentee, message="Hi").focus_skills.set(
                skills
            )
        elif n % 5 == 1:
            Mentorship.objects.create(mentor=mentee, mentee=person, message="Hi").focus_skills.set(
                skills
            )


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_mentoring_pages_cost_the_same_queries_with_5_or_50_mentors(org: Org, mentors):
    skills = [mentors["a"], mentors["b"], mentors["c"]]
    client = client_for(org.employee.user)
    index = reverse("mentoring:index")
    excluded = f"{index}?searched=1&skills={skills[0].pk}&exclude_line=on"
    request_page = reverse("mentoring:request", args=[org.other_employee.public_id])
    _mentor_pool(5, skills, org.employee)
    small = [_count(client, url) for url in (index, excluded, request_page)]
    _mentor_pool(45, skills, org.employee)
    assert [_count(client, url) for url in (index, excluded, request_page)] == small
    assert len(services.rank_mentors(mentee=org.employee, skill_ids=[s.pk for s in skills])) == 25


def test_the_maps_show_a_mentorships_focus_and_follow_up(org: Org) -> None:
    mentee_map = map_create(employee=org.employee)
    mentor_map = map_create(employee=org.teammate)
    mentorship = Mentorship.objects.create(
        mentor=org.teammate, mentee=org.employee, status="accepted", follow_up=date(2031, 3, 4)
    )
    mentorship.focus_skills.add(SkillFactory(name="Debugging"))
    for career_map, user in ((mentee_map, org.employee.user), (mentor_map, org.teammate.user)):
        page = client_for(user).get(reverse("careermaps:overview", args=[career_map.public_id]))
        assert b"Debugging" in page.content
        assert b"4 Mar 2031" in page.content
