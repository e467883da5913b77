"""Opportunities: readiness ranking from the gap engine, interest, filling and its effects on
the role, the map and the succession pipeline, and who is told."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from apps.careermaps.models import ActionStatus, CareerMap
from apps.employees import gaps
from apps.notifications.models import Kind, Notification
from apps.opportunities import fit, services
from apps.opportunities.models import (
    InterestStatus,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Placement,
)
from apps.succession.models import Readiness, SuccessionPlan, SuccessorCandidate
from apps.succession.services.plans import candidate_add, plan_create
from tests.conftest import Org
from tests.factories import RoleTransitionFactory, make_employee
from tests.opportunities.helpers import World, give_target, make_world, needs, post, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org: Org) -> World:
    world = make_world()
    rate(org.employee, world.python, 3)
    rate(org.employee, world.sql, 1)
    rate(org.teammate, world.python, 1)
    return world


def _poster(org: Org) -> Any:
    return org.manager.user


def _notices(user: Any) -> list[str]:
    return list(
        Notification.objects.filter(user=user, kind=Kind.OPPORTUNITY).values_list(
            "title", flat=True
        )
    )


def test_it_ranks_open_opportunities_by_the_gap_engines_readiness(org: Org, world: World) -> None:
    opening = post(_poster(org), kind=OpportunityKind.OPEN_ROLE, title="Analyst", role=world.role)
    easy = post(_poster(org), title="Easy", skills=needs((world.python, 2)))
    hard = post(_poster(org), title="Hard", skills=needs((world.sql, 5)))
    fits = fit.fits_for_employee(org.employee, Opportunity.objects.all())
    assert [f.key for f in fits] == [easy.pk, opening.pk, hard.pk]
    by_key = {f.key: f for f in fits}
    # The open role's readiness is exactly the gap engine's for its role.
    assert by_key[opening.pk].readiness == gaps.readiness_for(org.employee, world.role)
    assert by_key[easy.pk].readiness == 100.0
    assert by_key[hard.pk].readiness == 20.0  # level 1 of 5


def test_the_detail_gaps_explain_the_same_figure(org: Org, world: World) -> None:
    project = post(_poster(org), skills=needs((world.python, 4), (world.sql, 2)))
    rows = fit.gaps_for(org.employee, project)
    assert [(row.skill_name, row.gap) for row in rows] == [("Python", 1), ("SQL", 1)]
    listed = fit.fits_for_employee(org.employee, Opportunity.objects.all())[0]
    assert gaps.explain(rows)["readiness"] == listed.readiness == 66.7


def test_it_flags_opportunities_towards_the_target_role(org: Org, world: World) -> None:
    give_target(org.employee, world.target)
    on_target = post(_poster(org), title="SQL gig", skills=needs((world.sql, 2)))
    unrelated = post(_poster(org), title="Python gig", skills=needs((world.python, 2)))
    leads_there = post(
        _poster(org), kind=OpportunityKind.OPEN_ROLE, title="Analyst", role=world.role
    )
    RoleTransitionFactory(from_role=world.role, to_role=world.target)
    toward = {
        f.key: f.toward_target
        for f in fit.fits_for_employee(org.employee, Opportunity.objects.all())
    }
    assert toward == {on_target.pk: True, unrelated.pk: False, leads_there.pk: True}


def test_drafts_need_nothing_but_an_open_post_needs_skills_or_a_role(org: Org) -> None:
    draft = post(_poster(org), status=OpportunityStatus.DRAFT)
    assert draft.status == OpportunityStatus.DRAFT
    with pytest.raises(ValidationError) as refused:
        post(_poster(org))
    assert "skills" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        post(_poster(org), kind=OpportunityKind.OPEN_ROLE, status=OpportunityStatus.DRAFT)
    assert "role" in refused.value.message_dict


def test_the_manager_is_told_only_when_the_employee_chooses(
    org: Org, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    project = post(_poster(org), skills=needs((world.python, 2)))
    with django_capture_on_commit_callbacks(execute=True):
        services.interest_express(opportunity=project, employee=org.teammate)
    assert _notices(org.manager.user) == []
    with django_capture_on_commit_callbacks(execute=True):
        services.interest_express(opportunity=project, employee=org.employee, tell_manager=True)
    assert _notices(org.manager.user) == ["Employee is interested in “A project”"]


def test_withdrawing_and_coming_back(org: Org, world: World) -> None:
    project = post(_poster(org), skills=needs((world.python, 2)))
    interest = services.interest_express(opportunity=project, employee=org.employee, note="Hi")
    services.interest_withdraw(interest=interest)
    assert fit.fits_for_interested(project) == []
    again = services.interest_express(opportunity=project, employee=org.employee)
    assert again.pk == interest.pk
    assert again.status == InterestStatus.INTERESTED


def test_no_interest_in_a_draft_or_a_closed_opportunity(org: Org, world: World) -> None:
    draft = post(_poster(org), status=OpportunityStatus.DRAFT)
    with pytest.raises(ValidationError):
        services.interest_express(opportunity=draft, employee=org.employee)
    project = post(_poster(org), skills=needs((world.python, 2)))
    services.opportunity_close(opportunity=project)
    project.refresh_from_db()
    with pytest.raises(ValidationError):
        services.interest_express(opportunity=project, employee=org.employee)


def test_the_poster_sees_interested_people_ranked_by_fit(org: Org, world: World) -> None:
    give_target(org.teammate, world.role)
    opening = post(_poster(org), kind=OpportunityKind.OPEN_ROLE, title="Analyst", role=world.role)
    services.interest_express(opportunity=opening, employee=org.teammate)
    services.interest_express(opportunity=opening, employee=org.employee)
    ranked = fit.fits_for_interested(opening)
    by_person = {f.key: f for f in ranked}
    assert by_person[org.teammate.pk].toward_target is True
    assert (
        by_person[org.teammate.pk].score == by_person[org.teammate.pk].readiness + fit.TARGET_POINTS
    )
    assert by_person[org.employee.pk].score == by_person[org.employee.pk].readiness


def test_filling_an_open_role_moves_the_person_and_updates_map_and_succession(
    org: Org, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    hr = org.hr_user
    old_role = org.employee.current_role
    give_target(org.employee, world.role)
    leaver = make_employee(name="Former Analyst", current_role=None)
    seat = plan_create(actor=hr, role=world.role, incumbent=leaver)
    slate = candidate_add(actor=hr, plan=seat, employee=org.employee, readiness=Readiness.READY_NOW)
    opening = post(hr, kind=OpportunityKind.OPEN_ROLE, title="Analyst", role=world.role)
    chosen = services.interest_express(opportunity=opening, employee=org.employee)
    services.interest_express(opportunity=opening, employee=org.teammate)

    with django_capture_on_commit_callbacks(execute=True):
        placement = services.opportunity_fill(actor=hr, opportunity=opening, interest=chosen)

    org.employee.refresh_from_db()
    assert org.employee.current_role == world.role
    assert (placement.from_role, placement.to_role) == (old_role, world.role)
    assert Placement.objects.get(employee=org.employee) == placement
    action = CareerMap.objects.get(employee=org.employee).actions.get()
    assert action.title == "Target role reached: started as Data Analyst"
    assert action.status == ActionStatus.DONE
    assert not SuccessorCandidate.objects.filter(pk=slate.pk).exists()
    assert SuccessionPlan.objects.get(pk=seat.pk).incumbent == org.employee
    opening.refresh_from_db()
    assert opening.status == OpportunityStatus.FILLED
    assert opening.filled_by == org.employee
    assert _notices(org.employee.user) == ["You have been selected for “Analyst”"]
    assert _notices(org.teammate.user) == ["“Analyst” has been filled"]


def test_filling_a_gig_records_it_on_the_map_and_keeps_the_role(org: Org, world: World) -> None:
    role_before = org.employee.current_role_id
    gig = post(
        _poster(org),
        kind=OpportunityKind.GIG,
        title="Dashboard gig",
        skills=needs((world.python, 2)),
        time_commitment="A day a week",
    )
    chosen = services.interest_express(opportunity=gig, employee=org.employee)
    services.opportunity_fill(actor=_poster(org), opportunity=gig, interest=chosen)
    org.employee.refresh_from_db()
    assert org.employee.current_role_id == role_before
    action = CareerMap.objects.get(employee=org.employee).actions.get()
    assert (action.title, action.status, action.kind) == ("Dashboard gig", "in_progress", "project")


def test_a_withdrawn_person_cannot_be_chosen_and_filled_cannot_be_filled_again(
    org: Org, world: World
) -> None:
    gig = post(_poster(org), skills=needs((world.python, 2)))
    gone = services.interest_express(opportunity=gig, employee=org.teammate)
    services.interest_withdraw(interest=gone)
    with pytest.raises(ValidationError):
        services.opportunity_fill(actor=_poster(org), opportunity=gig, interest=gone)
    chosen = services.interest_express(opportunity=gig, employee=org.employee)
    services.opportunity_fill(actor=_poster(org), opportunity=gig, interest=chosen)
    with pytest.raises(ValidationError):
        services.opportunity_fill(actor=_poster(org), opportunity=gig, interest=chosen)


def test_closing_tells_everyone_still_interested(
    org: Org, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    gig = post(_poster(org), title="Gig", skills=needs((world.python, 2)))
    services.interest_express(opportunity=gig, employee=org.employee)
    gone = services.interest_express(opportunity=gig, employee=org.teammate)
    services.interest_withdraw(interest=gone)
    with django_capture_on_commit_callbacks(execute=True):
        services.opportunity_close(opportunity=gig)
    assert _notices(org.employee.user) == ["“Gig” has closed"]
    assert _notices(org.teammate.user) == []
